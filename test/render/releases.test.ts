// What a plan's releases become for `helm template`: placeholders of the same form for secrets and unknowns.
import { AnalyzedResource } from "../../engine/analyze";
import { RenderInputError, releasesOf, withPlaceholders } from "../../engine/render/releases";
import { UNKNOWN_VALUE, secretEnvelope } from "../../engine/serialized";

describe("withPlaceholders", () => {
    test.each<[string, unknown, (v: unknown) => void, string[]]>([
        ["a secret string: as long as it", { a: secretEnvelope("s3cr3t-value-16c") }, (v) => expect((v as { a: string }).a).toMatch(/^placeholder[0-9a-f]{5}$/), ["values.a"]],
        ["a short secret: at least 8 characters", { a: secretEnvelope("pw") }, (v) => expect((v as { a: string }).a).toHaveLength(8), ["values.a"]],
        ["a secret number and boolean keep their type", { n: secretEnvelope(5432), b: secretEnvelope(true) }, (v) => expect(v).toEqual({ n: 1, b: true }), ["values.n", "values.b"]],
        ["a secret object keeps its shape", { o: secretEnvelope({ user: "admin", port: 1 }) }, (v) => expect(Object.keys((v as { o: object }).o)).toEqual(["user", "port"]), ["values.o"]],
        ["an unknown value", { id: UNKNOWN_VALUE, list: [UNKNOWN_VALUE] }, (v) => expect((v as { id: string }).id).toHaveLength(24), ["values.id", "values.list[0]"]],
        ["plain values stay", { a: "x", n: 3, l: [1, "y"], nested: { b: false } }, (v) => expect(v).toEqual({ a: "x", n: 3, l: [1, "y"], nested: { b: false } }), []],
    ])("%s", (_, wire, check, paths) => {
        const got: string[] = [];
        const out = withPlaceholders(wire, "values", got);
        check(out);
        expect(got).toEqual(paths);
        expect(JSON.stringify(out)).not.toMatch(/s3cr3t|admin|"pw"/);
    });
});

describe("releasesOf", () => {
    const base = { protect: false, ignoreChanges: [], additionalSecretOutputs: [], deleteBeforeReplace: false, dependencies: [], propertyDependencies: {}, outputs: {} };
    const cluster = "urn:pulumi:prod::platform::platform:cluster:AckCluster::ops";
    const provider: AnalyzedResource = { ...base, urn: `${cluster}$pulumi:providers:kubernetes::ops-k8s`, type: "pulumi:providers:kubernetes", name: "ops-k8s", parent: cluster, inputs: {} };
    const ack: AnalyzedResource = { ...base, urn: "urn:ack", type: "alicloud:cs/managedKubernetes:ManagedKubernetes", name: "ops-ack", parent: cluster, inputs: { version: "1.33.3-aliyun.1" } };
    const release = (inputs: Record<string, unknown>): AnalyzedResource => ({ ...base, urn: "urn:rel", type: "kubernetes:helm.sh/v3:Release", name: "ops-release", provider: provider.urn, inputs });

    test("a platform chart's release: its archive, cluster, Kubernetes version and values", () => {
        const [r] = releasesOf([provider, ack, release({ chart: "filebeat", version: "8.5.1", name: "filebeat", namespace: "logging", values: { a: 1 } })]);
        expect(r).toMatchObject({ id: "ops/logging/filebeat", cluster: "ops", archive: "filebeat-8.5.1.tgz", kubeVersion: "1.33.3", values: { a: 1 }, placeholders: [] });
    });

    test("secret leaves of the values are placeholders at their paths; every other key is rendered (ks-core's jwtSecret)", () => {
        const values = { multicluster: { role: "host" }, authentication: { issuer: { jwtSecret: secretEnvelope("jwt-fake-value") } } };
        const [r] = releasesOf([provider, ack, release({ chart: "ks-core", version: "1.1.4", name: "ks-core", namespace: "kubesphere-system", values })]);
        expect(r.values.multicluster).toEqual({ role: "host" });
        expect(JSON.stringify(r.values)).not.toContain("jwt-fake-value");
        expect(r.placeholders).toEqual(["values.authentication.issuer.jwtSecret"]);
    });

    test.each([
        ["a chart that is not the platform's", { chart: "nginx", version: "1.0.0", values: {} }, "release ops-release: chart nginx 1.0.0 is not one of the platform's charts"],
        ["a platform chart at another version", { chart: "filebeat", version: "8.5.0", values: {} }, "release ops-release: chart filebeat 8.5.0 is not one of the platform's charts"],
        ["whole-secret values", { chart: "filebeat", version: "8.5.1", values: secretEnvelope({ a: 1 }) }, "release ops-release: its values (chart filebeat) are secret as a whole: mark only the secret leaves"],
        ["whole-secret values of a chart that names its secret paths", { chart: "ks-core", version: "1.1.4", values: secretEnvelope({ a: 1 }) }, "release ops-release: its values (chart ks-core) are secret as a whole"],
    ])("%s is an error", (_, inputs, message) => {
        expect(() => releasesOf([provider, release(inputs)])).toThrow(RenderInputError);
        expect(() => releasesOf([provider, release(inputs)])).toThrow(message);
    });
});

describe("what KubeSphere's controllers install for the program's objects", () => {
    const base = { protect: false, ignoreChanges: [], additionalSecretOutputs: [], deleteBeforeReplace: false, dependencies: [], propertyDependencies: {}, outputs: {} };
    const opsCluster = "urn:pulumi:prod::platform::platform:cluster:AckCluster::ops";
    const prodCluster = "urn:pulumi:prod::platform::platform:cluster:AckCluster::prod";
    const provider: AnalyzedResource = { ...base, urn: `${opsCluster}$pulumi:providers:kubernetes::ops-k8s`, type: "pulumi:providers:kubernetes", name: "ops-k8s", parent: opsCluster, inputs: {} };
    const prodAck: AnalyzedResource = { ...base, urn: "urn:ack-prod", type: "alicloud:cs/managedKubernetes:ManagedKubernetes", name: "prod-ack", parent: prodCluster, inputs: { version: "1.33.3-aliyun.1" } };
    const config = "global:\n  imageRegistry: harbor.example/dockerhub\nauthentication:\n  adminPassword: $2a$10$" + "h".repeat(53) + "\nmulticluster:\n  hostClusterName: ops\n";
    const cluster: AnalyzedResource = {
        ...base,
        urn: "urn:cluster-prod",
        type: "kubernetes:cluster.kubesphere.io/v1alpha1:Cluster",
        name: "prod-cluster",
        provider: provider.urn,
        inputs: { metadata: { name: "prod" }, spec: { connection: { type: "direct", kubeconfig: secretEnvelope("a2M=") }, config: secretEnvelope(Buffer.from(config).toString("base64")) } },
    };

    test("a member's Cluster: ks-core on the member, from its config with what the host forces, its secrets placeholders", () => {
        const [r] = releasesOf([provider, prodAck, cluster]);
        expect(r).toMatchObject({ id: "prod/kubesphere-system/ks-core", installedBy: "cluster-controller", cluster: "prod", archive: "ks-core-1.1.4.tgz", kubeVersion: "1.33.3", resource: "prod-cluster" });
        expect(r.values).toMatchObject({ global: { imageRegistry: "harbor.example/dockerhub" }, role: "member", multicluster: { role: "member" }, upgrade: { enabled: false } });
        // multicluster is replaced whole: the config's hostClusterName is dropped, as helper.go drops it
        expect((r.values.multicluster as object)).toEqual({ role: "member" });
        expect(JSON.stringify(r.values)).not.toContain("h".repeat(53));
        expect([...r.placeholders].sort()).toEqual(["values.authentication.adminPassword", "values.authentication.issuer.jwtSecret"]);
    });

    test("an InstallPlan of an extension that is not the platform's is an error", () => {
        const plan: AnalyzedResource = { ...base, urn: "urn:plan", type: "kubernetes:kubesphere.io/v1alpha1:InstallPlan", name: "ops-x-plan", provider: provider.urn, inputs: { spec: { extension: { name: "whizard-logging", version: "1.0.0" }, config: "" } } };
        expect(() => releasesOf([provider, plan])).toThrow("InstallPlan ops-x-plan: extension whizard-logging 1.0.0 is not one of the platform's (components/federation/extensions.ts)");
    });
});
