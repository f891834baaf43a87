import * as fs from "fs";
import { KUBERNETES_VERSIONS, chartsMinimum, kubernetesSemver, kubernetesVersionProblem } from "../../config/kubernetesVersion";
import { chartConstraints } from "../../scripts/kubernetes-versions";
import { PLATFORM_CHARTS } from "../../components/kubernetes/charts";
import { mutatedRaw } from "./stackSettings";
import { problemsOf } from "./settingsAssertions";

describe("the recorded figures are the sources'", () => {
    test("each pinned chart's kubeVersion, read from its archive, is the one recorded (regenerate with scripts/kubernetes-versions.ts)", () => {
        expect(KUBERNETES_VERSIONS.charts).toEqual(chartConstraints());
        expect(KUBERNETES_VERSIONS.charts.map((c) => c.version)).toEqual(Object.values(PLATFORM_CHARTS).map((c) => c.version));
    });

    test("KubeKey's table holds the default release and the versions the stacks name", () => {
        const v3110 = KUBERNETES_VERSIONS.kubekey["v3.1.10"];
        expect(v3110[0]).toBe("v1.19.0");
        expect(v3110[v3110.length - 1]).toBe("v1.33.1");
        expect(v3110).toContain("v1.32.5");
        expect(v3110).not.toContain("v1.32.9");
        const idc = fs.readFileSync("Pulumi.idc.yaml", "utf8");
        expect(idc).toMatch(/kubernetesVersion: v1\.32\.5/);
    });
});

describe("kubernetesSemver", () => {
    test.each([
        ["1.33.3-aliyun.1", [1, 33, 3]],
        ["v1.32.5", [1, 32, 5]],
        ["1.33", undefined],
        ["v1.32.5-rc.1", undefined],
    ])("%s", (text, expected) => expect(kubernetesSemver(text)).toEqual(expected));
});

describe("kubernetesVersionProblem", () => {
    const table = {
        kubekey: { "v3.1.10": ["v1.31.9", "v1.32.0", "v1.32.5", "v1.33.0", "v1.33.1"] },
        charts: [
            { chart: "harbor", version: "1.19.1" },
            { chart: "kube-prometheus-stack", version: "88.5.3", kubeVersion: ">=1.25.0-0" },
            { chart: "oci://registry-1.docker.io/bitnamicharts/thanos", version: "17.6.0", kubeVersion: ">=1.21.0-0" },
        ],
    };
    test("the highest chart minimum wins, named by its chart", () => {
        expect(chartsMinimum(table)).toEqual({ version: [1, 25, 0], chart: "kube-prometheus-stack 88.5.3", constraint: ">=1.25.0-0" });
    });

    test.each<[string, "ack" | "selfManaged", string | undefined, string | undefined]>([
        ["1.33.3-aliyun.1", "ack", undefined, undefined],
        ["1.25.0-aliyun.1", "ack", undefined, undefined],
        ["1.24.6-aliyun.1", "ack", undefined, "a version every platform chart installs on: 1.25.0 or later (kube-prometheus-stack 88.5.3 requires >=1.25.0-0; Helm refuses a lower cluster)"],
        ["v1.32.5", "selfManaged", "v3.1.10", undefined],
        ["v1.32.9", "selfManaged", "v3.1.10", "use v1.32.5, the latest v1.32 it has"],
        ["v1.34.1", "selfManaged", "v3.1.10", "use v1.33.1, or a KubeKey release that has v1.34.1"],
        // a KubeKey release not recorded: not judged here
        ["v1.34.1", "selfManaged", "v4.0.0", undefined],
        ["v1.24.0", "selfManaged", "v3.1.10", "a version every platform chart installs on: 1.25.0 or later"],
    ])("%s on %s (KubeKey %s)", (version, kind, kubekeyVersion, fragment) => {
        const problem = kubernetesVersionProblem(version, { kind, kubekeyVersion }, table);
        if (fragment === undefined) expect(problem).toBeUndefined();
        else expect(`${problem?.expected} | ${problem?.fix}`).toContain(fragment);
    });

    test("a chart constraint of another form is a failure of the table, not a silent pass", () => {
        expect(() => chartsMinimum({ kubekey: {}, charts: [{ chart: "x", version: "1", kubeVersion: "^1.25" }] })).toThrow("kubeVersion ^1.25 is not of the form >=X.Y.Z-0");
    });
});

describe("through the settings", () => {
    test("an ACK version below what kube-prometheus-stack installs on: one problem at the key", () => {
        const raw = mutatedRaw("prod", (c) => ((c["platform:clusters"] as Record<string, Record<string, unknown>>).ops.kubernetesVersion = "1.24.6-aliyun.1"));
        expect(problemsOf(raw)).toEqual([
            {
                file: "Pulumi.prod.yaml",
                key: "platform:clusters.ops.kubernetesVersion",
                expected: "a version every platform chart installs on: 1.25.0 or later (kube-prometheus-stack 88.5.3 requires >=1.25.0-0; Helm refuses a lower cluster)",
                found: '"1.24.6-aliyun.1"',
                fix: "choose a current ACK version (the console's version list, e.g. 1.33.3-aliyun.1)",
            },
        ]);
    });

    test("a version written as a number: the version's words, and to quote it", () => {
        const raw = mutatedRaw("prod", (c) => ((c["platform:clusters"] as Record<string, Record<string, unknown>>).ops.kubernetesVersion = 1.33));
        expect(problemsOf(raw)).toEqual([
            {
                file: "Pulumi.prod.yaml",
                key: "platform:clusters.ops.kubernetesVersion",
                expected: "a Kubernetes version, as text: 1.33.3-aliyun.1 on ACK, v1.32.5 self-managed",
                found: "1.33",
                fix: "write it in quotes (YAML reads 1.33 unquoted as a number), and in full: a Kubernetes version, as text: 1.33.3-aliyun.1 on ACK, v1.32.5 self-managed",
            },
        ]);
    });

    test("a version without its patch and suffix, quoted: the form ACK takes", () => {
        const raw = mutatedRaw("prod", (c) => ((c["platform:clusters"] as Record<string, Record<string, unknown>>).ops.kubernetesVersion = "1.33"));
        expect(problemsOf(raw)).toEqual([
            {
                file: "Pulumi.prod.yaml",
                key: "platform:clusters.ops.kubernetesVersion",
                expected: "an ACK version such as 1.33.3-aliyun.1",
                found: '"1.33"',
                fix: "write ACK's full version, e.g. 1.33.3-aliyun.1 (ACK's console lists the versions it offers when a cluster is created)",
            },
        ]);
    });

    test("an OIDC issuer over http: to write it with https", () => {
        const raw = mutatedRaw("prod", (c) => ((c["platform:identityProviders"] as Record<string, Record<string, unknown>>)["corp-sso"].issuer = "http://sso.example.com/realms/corp"));
        expect(problemsOf(raw)).toEqual([
            {
                file: "Pulumi.prod.yaml",
                key: "platform:identityProviders.corp-sso.issuer",
                expected: "the issuer's https URL (its discovery document is at /.well-known/openid-configuration)",
                found: '"http://sso.example.com/realms/corp"',
                fix: "write it with https:// (https://sso.example.com/realms/corp): KubeSphere reads the issuer's discovery document over TLS",
            },
        ]);
    });
});
