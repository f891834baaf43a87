import { kubernetesType, manifestResource, parseManifests } from "../../engine/manifests";
import { UsageError } from "../../engine/stackConfig";

/** The UsageError `fn` throws (fails the test if it throws nothing or something else). */
function usageError(fn: () => unknown): UsageError {
    try {
        fn();
    } catch (err) {
        if (err instanceof UsageError) return err;
        throw err;
    }
    throw new Error("expected a UsageError, but nothing was thrown");
}

const configMap = (name: string, namespace?: string) =>
    `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n${namespace ? `  namespace: ${namespace}\n` : ""}data:\n  key: value\n`;

describe("kubernetesType", () => {
    test.each([
        ["v1", "Service", "kubernetes:core/v1:Service"],
        ["v1", "ConfigMap", "kubernetes:core/v1:ConfigMap"],
        ["apps/v1", "Deployment", "kubernetes:apps/v1:Deployment"],
        ["apps/v1", "StatefulSet", "kubernetes:apps/v1:StatefulSet"],
        ["networking.k8s.io/v1", "NetworkPolicy", "kubernetes:networking.k8s.io/v1:NetworkPolicy"],
        ["storage.k8s.io/v1", "StorageClass", "kubernetes:storage.k8s.io/v1:StorageClass"],
        ["cluster.kubesphere.io/v1alpha1", "Cluster", "kubernetes:cluster.kubesphere.io/v1alpha1:Cluster"],
    ])("%s %s -> %s", (apiVersion, kind, type) => {
        expect(kubernetesType(apiVersion, kind)).toBe(type);
    });
});

describe("parseManifests", () => {
    test("multi-document YAML: one object per document, numbered from 1", () => {
        const text = [
            configMap("settings", "shop"),
            "---",
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  replicas: 2\n",
        ].join("\n");
        expect(parseManifests(text, "app.yaml")).toEqual([
            {
                source: "app.yaml",
                document: 1,
                kind: "ConfigMap",
                apiVersion: "v1",
                namespace: "shop",
                name: "settings",
                object: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "settings", namespace: "shop" }, data: { key: "value" } },
            },
            {
                source: "app.yaml",
                document: 2,
                kind: "Deployment",
                apiVersion: "apps/v1",
                namespace: "shop",
                name: "web",
                object: { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web", namespace: "shop" }, spec: { replicas: 2 } },
            },
        ]);
    });

    test("empty and comment-only documents are skipped, but still counted", () => {
        const text = `---\n${configMap("a")}---\n---\n# only a comment\n---\n${configMap("b")}---\n`;
        expect(parseManifests(text, "helm").map((o) => [o.document, o.name])).toEqual([
            [1, "a"],
            [4, "b"],
        ]);
    });

    test.each(["", "\n", "# nothing here\n", "---\n---\n"])("no object at all in %j", (text) => {
        expect(parseManifests(text, "empty.yaml")).toEqual([]);
    });

    test("kind: List is flattened into its items", () => {
        const text = [
            "apiVersion: v1",
            "kind: List",
            "items:",
            "- apiVersion: v1",
            "  kind: Service",
            "  metadata: { name: web, namespace: shop }",
            "- apiVersion: apps/v1",
            "  kind: Deployment",
            "  metadata: { name: web }",
            "",
        ].join("\n");
        expect(parseManifests(text, "list.yaml").map((o) => [o.document, o.kind, o.apiVersion, o.namespace, o.name])).toEqual([
            [1, "Service", "v1", "shop", "web"],
            [1, "Deployment", "apps/v1", undefined, "web"],
        ]);
        expect(parseManifests("apiVersion: v1\nkind: List\nitems: []\n", "list.yaml")).toEqual([]);
    });

    test("generateName stands in for a name", () => {
        expect(parseManifests("apiVersion: batch/v1\nkind: Job\nmetadata:\n  generateName: migrate-\n", "job.yaml")[0].name).toBe("migrate-");
    });

    test.each([
        [
            "an unclosed flow sequence in the second document",
            `${configMap("a")}---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: [b}\n`,
            /^m\.yaml: document 2, line 10: invalid YAML: Flow sequence in block collection/,
        ],
        ["a duplicate key", "apiVersion: v1\nkind: ConfigMap\nkind: Secret\nmetadata: {name: a}\n", /^m\.yaml: document 1, line 3: invalid YAML: Map keys must be unique/],
        ["a tab as indentation", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n\tname: a\n", /^m\.yaml: document 1, line 4: invalid YAML: Tabs are not allowed as indentation/],
    ])("invalid YAML (%s) is a UsageError naming file, document and line", (_, text, message) => {
        const err = usageError(() => parseManifests(text, "m.yaml"));
        expect(err.message).toMatch(message);
        expect(err.message).not.toContain("\n");
        expect(err.isUsageError).toBe(true);
    });

    test.each([
        ["no kind", "apiVersion: v1\nmetadata: {name: a}\n", "m.yaml: document 1: missing kind"],
        ["no apiVersion", "kind: ConfigMap\nmetadata: {name: a}\n", "m.yaml: document 1: missing apiVersion"],
        ["no name", "apiVersion: v1\nkind: ConfigMap\nmetadata: {namespace: shop}\n", "m.yaml: document 1: missing metadata.name"],
        ["no metadata", "apiVersion: v1\nkind: ConfigMap\n", "m.yaml: document 1: missing metadata.name"],
        ["nothing", "data: {}\n", "m.yaml: document 1: missing apiVersion, kind, metadata.name"],
        ["a kind that is not text", "apiVersion: v1\nkind: 5\nmetadata: {name: a}\n", "m.yaml: document 1: missing kind"],
        ["a List item without kind", "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  metadata: {name: a}\n", "m.yaml: document 1, items[0]: missing kind"],
        ["the third document without a name", `${configMap("a")}---\n${configMap("b")}---\napiVersion: v1\nkind: Secret\n`, "m.yaml: document 3: missing metadata.name"],
        ["a scalar document", "just text\n", "m.yaml: document 1: expected a Kubernetes object (a map with apiVersion and kind)"],
        ["a sequence document", "- a\n- b\n", "m.yaml: document 1: expected a Kubernetes object (a map with apiVersion and kind)"],
        ["a List item that is a number", "apiVersion: v1\nkind: List\nitems: [3]\n", "m.yaml: document 1, items[0]: expected a Kubernetes object (a map with apiVersion and kind)"],
    ])("%s is a UsageError", (_, text, message) => {
        expect(usageError(() => parseManifests(text, "m.yaml")).message).toBe(message);
    });
});

describe("manifestResource", () => {
    test("a namespaced object: typed like the provider, named namespace/name, inputs and outputs the object", () => {
        const [svc] = parseManifests("apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec:\n  externalIPs: [203.0.113.7]\n", "svc.yaml");
        expect(manifestResource(svc, 4)).toEqual({
            urn: "urn:pulumi:manifests::check::kubernetes:core/v1:Service::shop/web#4",
            type: "kubernetes:core/v1:Service",
            name: "shop/web",
            protect: false,
            ignoreChanges: [],
            additionalSecretOutputs: [],
            deleteBeforeReplace: false,
            dependencies: [],
            propertyDependencies: {},
            inputs: svc.object,
            outputs: svc.object,
        });
    });

    test("a cluster-scoped object is named by its name alone", () => {
        const [sc] = parseManifests("apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata: {name: nas-extreme}\n", "sc.yaml");
        expect(manifestResource(sc, 0)).toMatchObject({ urn: "urn:pulumi:manifests::check::kubernetes:storage.k8s.io/v1:StorageClass::nas-extreme#0", name: "nas-extreme" });
    });
});
