import * as YAML from "yaml";
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

test("the prod stack as declared has one host, no member release, labelled remote writes from one Prometheus stack per cluster", async () => {
    expect(await violationsOf(compliant, platformServicePolicies)).toEqual([]);
});

/** A copy of the stack with a second ks-core release on prod, a copy of the host's with its role edited. */
const withProdKsCore = (role: string) => {
    const rs = cloneResources(compliant);
    const host = named(rs, "ops-kubesphere-ks-core");
    const copy: AnalyzedResource = { ...JSON.parse(JSON.stringify(host)), name: "prod-ks-core", urn: host.urn.replace("::ops-kubesphere-ks-core", "::prod-ks-core") };
    const v = JSON.parse(JSON.stringify(plainValues(copy)));
    v.multicluster.role = role;
    setProp(copy, "values", v);
    return [...rs, copy];
};

describe("federation-one-host", () => {
    test("fails when a second cluster is a host", async () => {
        const vs = await violationsOf(withProdKsCore("host"), platformServicePolicies, "federation-one-host");
        expect(vs.map((v) => v.message.split("\n")[1]).sort()).toEqual([
            "ks-core release ops-kubesphere-ks-core: values.multicluster.role: expected one host in the federation; found host, as are prod-ks-core. Fix: keep one host, on the ops cluster; every other cluster is a member",
            "ks-core release prod-ks-core: values.multicluster.role: expected one host in the federation; found host, as are ops-kubesphere-ks-core. Fix: keep one host, on the ops cluster; every other cluster is a member",
        ]);
    });

    test("fails for a member release of the program: the host installs a member's ks-core, and upgrades over any release there", async () => {
        const vs = await violationsOf(withProdKsCore("member"), platformServicePolicies, "federation-one-host");
        expect(vs.map((v) => v.message.split("\n")[1])).toEqual([
            "ks-core release prod-ks-core: values.multicluster.role: expected no member release: the host installs ks-core on a member from its Cluster's spec.config, and upgrades over any release it finds; found member. " +
                "Fix: remove the release; put the member's values in its registration's chartConfig (components/federation/values.ts memberChartConfig)",
        ]);
    });
});

/** A copy of the stack with whizard-monitoring's InstallPlan edited: its config (and overrides) as values. */
const withPlan = (edit: (config: Record<string, any>, overrides: Record<string, Record<string, any>>) => void) => { // eslint-disable-line @typescript-eslint/no-explicit-any
    const rs = cloneResources(compliant);
    const plan = rs.find((r) => r.type === "kubernetes:kubesphere.io/v1alpha1:InstallPlan" && r.name === "ops-platform-monitoring-whizard-plan")!;
    const spec = JSON.parse(JSON.stringify(plan.inputs.spec));
    const config = YAML.parse(spec.config);
    const overrides = Object.fromEntries(Object.entries(spec.clusterScheduling.overrides as Record<string, string>).map(([c, t]) => [c, YAML.parse(t)]));
    edit(config, overrides);
    spec.config = YAML.stringify(config);
    spec.clusterScheduling.overrides = Object.fromEntries(Object.entries(overrides).map(([c, v]) => [c, YAML.stringify(v)]));
    setProp(plan, "spec", spec);
    return rs;
};
const spec = (v: Record<string, any>) => v["kube-prometheus-stack"].prometheus.prometheusSpec; // eslint-disable-line @typescript-eslint/no-explicit-any

describe("prometheus-remote-write", () => {
    test("fails without the cluster label, for every placed cluster", async () => {
        const vs = await violationsOf(withPlan((c) => { delete spec(c).externalLabels; }), platformServicePolicies, "prometheus-remote-write");
        expect(vs.map((v) => v.message.split("\n")[1])).toEqual(
            ["ops", "prod", "nonprod"].map(
                (c) =>
                    `InstallPlan ops-platform-monitoring-whizard-plan (cluster ${c}): spec.config${c === "ops" ? " (with the override of ops)" : ""}: kube-prometheus-stack.prometheus.prometheusSpec.externalLabels.cluster: ` +
                    'expected the cluster\'s name ("{{ .Values.global.clusterInfo.name }}"); found nothing. Fix: declare monitoring with PlatformMonitoring, which sets it',
            ),
        );
    });

    test("fails when two clusters share a label: a fixed label for all", async () => {
        const vs = await violationsOf(withPlan((c) => { spec(c).externalLabels.cluster = "ops"; }), platformServicePolicies, "prometheus-remote-write");
        expect(vs.map((v) => v.message.split("\n")[1].replace(/: spec.config.*externalLabels/, ": externalLabels"))).toEqual([
            'InstallPlan ops-platform-monitoring-whizard-plan (cluster prod): externalLabels.cluster: expected a label no other cluster uses; found "ops", also used by ops. Fix: label each cluster\'s series with its own name ("{{ .Values.global.clusterInfo.name }}")',
            'InstallPlan ops-platform-monitoring-whizard-plan (cluster nonprod): externalLabels.cluster: expected a label no other cluster uses; found "ops", also used by ops. Fix: label each cluster\'s series with its own name ("{{ .Values.global.clusterInfo.name }}")',
        ]);
    });

    test("an override is merged as the controller merges it: ops' override without a remote write keeps the config's", async () => {
        expect(await violationsOf(withPlan((_c, o) => { o.ops["kube-prometheus-stack"].prometheus = { prometheusSpec: { retention: "3d" } }; }), platformServicePolicies, "prometheus-remote-write")).toEqual([]);
        const vs = await violationsOf(withPlan((_c, o) => { o.ops["kube-prometheus-stack"].prometheus = { prometheusSpec: { remoteWrite: [] } }; }), platformServicePolicies, "prometheus-remote-write");
        expect(vs.map((v) => v.message.split("\n")[1])).toEqual([
            "InstallPlan ops-platform-monitoring-whizard-plan (cluster ops): spec.config (with the override of ops): kube-prometheus-stack.prometheus.prometheusSpec.remoteWrite: expected a remote write to Thanos Receive (…/api/v1/receive); found none. Fix: remote-write to Thanos Receive by its name in the platform's zone",
        ]);
    });

    test("fails when kube-prometheus-stack runs its own operator or Prometheus beside whizard-monitoring's", async () => {
        const vs = await violationsOf(withValues("ops-grafana-release", (v) => { delete v.prometheusOperator; delete v.prometheus; }, KPS), platformServicePolicies, "prometheus-remote-write");
        expect(vs.map((v) => v.message.split("\n")[1])).toEqual([
            "kube-prometheus-stack release ops-grafana-release: values.prometheusOperator.enabled, values.prometheus.enabled: expected false: each cluster's Prometheus stack is whizard-monitoring's agent, and a second prometheus-operator fights it over every Prometheus object; " +
                "found true (the chart's default). Fix: run Grafana only from this chart (components/monitoring/kubePrometheusValues.ts grafanaValues)",
        ]);
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
        const vs = await violationsOf(withValues("ops-kubesphere-ks-core", (v) => { delete v.authentication.adminPassword; }), platformServicePolicies, "no-chart-default-credentials");
        expect(vs.map((v) => v.message.split("\n")[1])).toEqual([
            "ks-core release ops-kubesphere-ks-core: values.authentication.adminPassword: expected not the chart's public default (KubeSphere's admin password (P@88w0rd)); found nothing: the chart's built-in default applies. Fix: generate it (@pulumi/random) and keep it secret",
        ]);
    });
});
