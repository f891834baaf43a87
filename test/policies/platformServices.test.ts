import { AnalyzedResource } from "../../engine/analyze";
import { platformServicePolicies } from "../../policies/platformServices";
import { cloneResources, declaredStack, named, setProp, violationsOf } from "../support/fixtures";

const KPS = "kube-prometheus-stack";
let compliant: AnalyzedResource[];
beforeAll(async () => {
    compliant = await declaredStack("prod");
});

// the releases' values as plain JSON (the declared ones are secret: wire envelopes)
const plainValues = (r: AnalyzedResource): Record<string, unknown> => {
    const v = r.outputs.values as Record<string, unknown>;
    return (v && "value" in v && Object.keys(v).length === 2 ? v.value : v) as Record<string, unknown>;
};
/** A copy of the stack with one release's values edited: the release of `chart` named `name`. */
const withValues = (name: string, edit: (v: Record<string, any>) => void, chart?: string) => { // eslint-disable-line @typescript-eslint/no-explicit-any
    const rs = cloneResources(compliant);
    const r = chart ? rs.find((x) => x.name === name && x.inputs.chart === chart)! : named(rs, name);
    const v = JSON.parse(JSON.stringify(plainValues(r)));
    edit(v);
    setProp(r, "values", v);
    return rs;
};

test("the prod stack as declared has one host, shared jwtSecret, labelled remote writes", async () => {
    expect(await violationsOf(compliant, platformServicePolicies)).toEqual([]);
});

describe("federation-one-host", () => {
    test("fails when a second cluster is a host", async () => {
        const vs = await violationsOf(withValues("prod-ks-core", (v) => { v.multicluster.role = "host"; }), platformServicePolicies, "federation-one-host");
        expect(vs.map((v) => v.message.split("\n")[1]).sort()).toEqual([
            "ks-core release ops-ks-core: values.multicluster.role: expected one host in the federation; found host, as are prod-ks-core. Fix: keep one host, on the ops cluster; every other cluster is a member",
            "ks-core release prod-ks-core: values.multicluster.role: expected one host in the federation; found host, as are ops-ks-core. Fix: keep one host, on the ops cluster; every other cluster is a member",
        ]);
    });

    test("fails when a member has another jwtSecret, without showing either", async () => {
        const vs = await violationsOf(withValues("prod-ks-core", (v) => { v.authentication.issuer.jwtSecret = "another-secret-0123456789abcdef"; }), platformServicePolicies, "federation-one-host");
        expect(vs).toHaveLength(1);
        expect(vs[0].message).toContain("values.authentication.issuer.jwtSecret: expected the host's jwtSecret (release ops-ks-core); found a different secret (value not shown)");
        expect(vs[0].message).not.toContain("another-secret");
    });
});

describe("prometheus-remote-write", () => {
    test("fails without the cluster label", async () => {
        const vs = await violationsOf(withValues("prod-release", (v) => { delete v.prometheus.prometheusSpec.externalLabels; }, KPS), platformServicePolicies, "prometheus-remote-write");
        expect(vs.map((v) => v.message.split("\n")[1])).toEqual([
            "kube-prometheus-stack release prod-release: values.prometheus.prometheusSpec.externalLabels.cluster: expected the cluster's name; found nothing. Fix: declare monitoring with ClusterMonitoring, which sets it",
        ]);
    });

    test("fails when two clusters share a label", async () => {
        const vs = await violationsOf(withValues("prod-release", (v) => { v.prometheus.prometheusSpec.externalLabels.cluster = "ops"; }, KPS), platformServicePolicies, "prometheus-remote-write");
        expect(vs).toHaveLength(1);
        expect(vs[0].message).toMatch(/externalLabels.cluster: expected a label no other cluster uses; found "ops", also used by (ops|prod)-release/);
    });

    test("fails without a remote write to Thanos Receive", async () => {
        const vs = await violationsOf(withValues("prod-release", (v) => { v.prometheus.prometheusSpec.remoteWrite = []; }, KPS), platformServicePolicies, "prometheus-remote-write");
        expect(vs).toHaveLength(1);
        expect(vs[0].message).toContain("values.prometheus.prometheusSpec.remoteWrite: expected a remote write to Thanos Receive (…/api/v1/receive); found none");
    });
});

test("the pack's registry host is the prod stack's Harbor host name", async () => {
    const { readStackConfig } = await import("../../engine/stackConfig");
    const { ROOT } = await import("../support/project");
    const { PLATFORM_DEFAULTS } = await import("../../policies/platformDefaults");
    const registry = JSON.parse(readStackConfig(ROOT, "prod").config["platform:registry"]) as { hostname: string };
    expect(PLATFORM_DEFAULTS.registryHost).toBe(registry.hostname);
});

describe("no-chart-default-credentials", () => {
    test("Harbor without its admin Secret, with the encryption key and the registry password at their defaults: one violation each, no value shown", async () => {
        const vs = await violationsOf(
            withValues("harbor-release", (v) => {
                delete v.existingSecretAdminPassword;
                delete v.existingSecretSecretKey;
                v.secretKey = "not-a-secure-key";
                delete v.registry.credentials.existingSecret;
            }),
            platformServicePolicies,
            "no-chart-default-credentials",
        );
        expect(vs.map((v) => v.message.split("\n")[1])).toEqual([
            "harbor release harbor-release: values.harborAdminPassword: expected not the chart's public default (Harbor's admin password); found nothing: the chart's built-in default applies. Fix: generate it (@pulumi/random) and keep it secret, or set existingSecretAdminPassword to read it from a Secret",
            "harbor release harbor-release: values.secretKey: expected not the chart's public default (Harbor's encryption key); found the chart's public default (value not shown). Fix: generate it (@pulumi/random) and keep it secret, or set existingSecretSecretKey to read it from a Secret",
            "harbor release harbor-release: values.registry.credentials.password: expected not the chart's public default (the registry's login for core and jobservice); found nothing: the chart's built-in default applies. Fix: generate it (@pulumi/random) and keep it secret, or set registry.credentials.existingSecret to read it from a Secret",
        ]);
        for (const v of vs) expect(v.message).not.toContain("not-a-secure-key");
    });

    test("Harbor's database password back at changeit", async () => {
        const vs = await violationsOf(withValues("harbor-release", (v) => { v.database.internal.password = "changeit"; }), platformServicePolicies, "no-chart-default-credentials");
        expect(vs.map((v) => v.message.split("\n")[1].split(": expected")[0])).toEqual(["harbor release harbor-release: values.database.internal.password"]);
    });

    test("a ks-core release without the admin password hash keeps KubeSphere's P@88w0rd", async () => {
        const vs = await violationsOf(withValues("prod-ks-core", (v) => { delete v.authentication.adminPassword; }), platformServicePolicies, "no-chart-default-credentials");
        expect(vs.map((v) => v.message.split("\n")[1])).toEqual([
            "ks-core release prod-ks-core: values.authentication.adminPassword: expected not the chart's public default (KubeSphere's admin password (P@88w0rd)); found nothing: the chart's built-in default applies. Fix: generate it (@pulumi/random) and keep it secret",
        ]);
    });
});
