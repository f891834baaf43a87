import { kubernetesType, manifestResource, parseManifests, readManifests } from "../../engine/manifests";
import { UsageError } from "../../engine/cli/exit";

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
            [1, "Deployment", "apps/v1", "default", "web"], // no namespace: where kubectl apply puts it
        ]);
        expect(parseManifests(text, "list.yaml").map((o) => o.item)).toEqual([0, 1]);
        expect(parseManifests("apiVersion: v1\nkind: List\nitems: []\n", "list.yaml")).toEqual([]);
    });

    test("generateName stands in for a name", () => {
        expect(parseManifests("apiVersion: batch/v1\nkind: Job\nmetadata:\n  generateName: migrate-\n", "job.yaml")[0].name).toBe("migrate-");
    });

    test.each([
        [
            "an unclosed flow sequence in the second document",
            `${configMap("a")}---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: [b}\n`,
            /^m\.yaml: document 2, line 1\d: invalid YAML: missed comma between flow collection entries/,
        ],
        [
            "a duplicate key",
            "apiVersion: v1\nkind: ConfigMap\nkind: Secret\nmetadata: {name: a}\n",
            /^m\.yaml: document 1, line 3: invalid YAML: the key kind a second time in one mapping \(first at line 2\); keep one of the two/,
        ],
        ["a tab as indentation", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n\tname: a\n", /^m\.yaml: document 1, line 4: invalid YAML: tab characters must not be used in indentation/],
    ])("invalid YAML (%s) is a UsageError naming file, document and line", (_, text, message) => {
        const err = usageError(() => parseManifests(text, "m.yaml"));
        expect(err.message).toMatch(message);
        expect(err.message).not.toContain("\n");
        expect(err.name).toBe("UsageError");
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

describe("a key written twice: which key, at which lines, as settings files say it", () => {
    const message = (key: string, first: number) => `the key ${key} a second time in one mapping (first at line ${first}); keep one of the two (YAML allows each key once per mapping)`;

    test("a nested key in the second container: its path, not a same-named key of the first container", () => {
        const text = ["apiVersion: v1", "kind: Pod", "metadata:", "  name: p", "spec:", "  containers:", "  - name: a", "    image: x", "  - name: b", "    image: y", "    image: z", ""].join("\n");
        expect(usageError(() => parseManifests(text, "pod.yaml")).message).toBe(`pod.yaml: document 1, line 11: invalid YAML: ${message("spec.containers[1].image", 10)}`);
    });

    test("every key written twice in the file, one line each, in the order of the text", () => {
        const text = [configMap("a").replace("  name: a\n", "  name: a\n  name: b\n"), "---", "apiVersion: v1", "kind: Service", "metadata: {name: web}", "spec:", "  type: ClusterIP", "  type: NodePort", ""].join("\n");
        expect(usageError(() => parseManifests(text, "m.yaml")).message.split("\n")).toEqual([
            `m.yaml: document 1, line 5: invalid YAML: ${message("metadata.name", 4)}`,
            `m.yaml: document 2, line 15: invalid YAML: ${message("spec.type", 14)}`,
        ]);
    });

    test("a key that is not a name is quoted in its path; a flow mapping's key too", () => {
        const labels = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  labels:\n    app.kubernetes.io/name: a\n    app.kubernetes.io/name: b\n";
        expect(usageError(() => parseManifests(labels, "m.yaml")).message).toBe(`m.yaml: document 1, line 7: invalid YAML: ${message('metadata.labels["app.kubernetes.io/name"]', 6)}`);
        expect(usageError(() => parseManifests("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, name: b}\n", "m.yaml")).message).toBe(`m.yaml: document 1, line 3: invalid YAML: ${message("metadata.name", 3)}`);
    });
});

describe("an unrendered Helm template (a chart's templates/*.yaml) says to render it first", () => {
    const RENDER = "render the chart first and check its output: helm template RELEASE CHART -n NS | npm run check -- -";
    test.each([
        [
            "a template that starts with {{- if }}",
            '{{- if .Values.enabled }}\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ include "web.fullname" . }}\n{{- end }}\n',
            "document 1, line 1: an unrendered Helm template ({{- if .Values.enabled }})",
        ],
        [
            "an include where the labels go",
            'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  labels:\n    {{- include "web.labels" . | nindent 4 }}\n',
            'document 1, line 6: an unrendered Helm template ({{- include "web.labels" . | nindent 4 }})',
        ],
        [
            "a second document's action without a Helm name, which YAML reads as a mapping key",
            `${configMap("a")}---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: b\nspec:\n  replicas: {{ $n }}\n`,
            "document 2, line 13: an unrendered Helm template ({{ $n }})",
        ],
        [
            "an action without a Helm name where YAML stops",
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\ndata:\n  {{ $key }} {{ $value }}\n",
            "document 1, line 6: an unrendered Helm template ({{ $key }})",
        ],
        [
            "every action quoted: it parses, and the object is named {{ ... }}",
            'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: "{{ .Release.Name }}-config"\n',
            "document 1, line 4: an unrendered Helm template ({{ .Release.Name }})",
        ],
    ])("%s", (_, text, where) => {
        expect(usageError(() => parseManifests(text, "templates/web.yaml")).message).toBe(`templates/web.yaml: ${where}, not a Kubernetes manifest; ${RENDER}`);
    });

    test("rendered output whose values hold {{ ... }} (a Prometheus rule's annotation) reads as it is; a YAML error in it stays one", () => {
        const rule = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: rules\ndata:\n  summary: '{{ $labels.instance }} is down'\n  alert: |\n    {{ define \"x\" }}{{ end }}\n";
        expect(parseManifests(rule, "m.yaml")[0].object.data).toEqual({ summary: "{{ $labels.instance }} is down", alert: '{{ define "x" }}{{ end }}\n' });
        expect(usageError(() => parseManifests(`${rule}  broken: [\n`, "m.yaml")).message).toMatch(/^m\.yaml: document 1, line 10: invalid YAML: /);
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

describe("readManifests reads what Kubernetes reads", () => {
    const pod = (extra = "") => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p${extra}\nspec:\n  containers: [{ name: c, image: x }]\n`;

    test.each([
        ["0600", 384],
        ["0644", 420],
        ["0o600", 384],
        ["420", 420],
        ["0x1F", 31],
        ["'0600'", "0600"],
    ])("defaultMode: %s is %j (YAML 1.1, as sigs.k8s.io/yaml decodes it)", (written, read) => {
        const text = `apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nspec:\n  defaultMode: ${written}\n`;
        expect((parseManifests(text, "s.yaml")[0].object.spec as { defaultMode: unknown }).defaultMode).toBe(read);
    });

    test.each([["yes", true], ["on", true], ["Off", false], ["n", false], ["true", true], ['"yes"', "yes"]])("%s is %j", (written, read) => {
        const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\nflag: ${written}\n`;
        expect(parseManifests(text, "c.yaml")[0].object.flag).toBe(read);
    });

    test("a multi-line quoted scalar indented like its key, as Helm renders ks-core's annotations", () => {
        const text = ["apiVersion: iam.kubesphere.io/v1beta1", "kind: RoleTemplate", "metadata:", "  name: view", "  annotations:", `    rules: '{"a":"view",`, `    "b":"view"}'`, ""].join("\n");
        expect(parseManifests(text, "rt.yaml")[0].object.metadata).toEqual({ name: "view", annotations: { rules: '{"a":"view", "b":"view"}' } });
    });

    test("objects without a namespace go to --namespace (default: default); cluster-scoped kinds get none", () => {
        const text = [pod(), "---", "apiVersion: v1\nkind: Namespace\nmetadata: {name: logging}\n", "---", "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: r}\n", "---", pod("2").replace("name: p2", "name: p2\n  namespace: shop")].join("\n");
        expect(parseManifests(text, "m.yaml", { namespace: "logging" }).map((o) => [o.kind, o.namespace, (o.object.metadata as { namespace?: string }).namespace])).toEqual([
            ["Pod", "logging", "logging"],
            ["Namespace", undefined, undefined],
            ["ClusterRole", undefined, undefined],
            ["Pod", "shop", "shop"],
        ]);
        expect(parseManifests(pod(), "m.yaml")[0].namespace).toBe("default");
    });

    test("a CRD in the input tells its kind's scope; a workspace quota is cluster-scoped, a core ResourceQuota not", () => {
        const crd = "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: widgets.example.com}\nspec:\n  scope: Cluster\n  names: {kind: Widget}\n";
        const text = [crd, "---", "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n", "---", "apiVersion: quota.kubesphere.io/v1alpha2\nkind: ResourceQuota\nmetadata: {name: q}\n", "---", "apiVersion: v1\nkind: ResourceQuota\nmetadata: {name: q}\n"].join("\n");
        expect(parseManifests(text, "m.yaml", { namespace: "ns" }).map((o) => [o.kind, o.namespace])).toEqual([
            ["CustomResourceDefinition", undefined],
            ["Widget", undefined],
            ["ResourceQuota", undefined],
            ["ResourceQuota", "ns"],
        ]);
    });

    test("Helm test hooks are left out and listed with their document and why", () => {
        const hook = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: t\n  annotations:\n    helm.sh/hook: test\nspec: {containers: []}\n";
        const install = "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\n  annotations:\n    helm.sh/hook: pre-install,pre-upgrade\n";
        const read = readManifests([pod(), "---", hook, "---", install].join("\n"), "chart.yaml");
        expect(read.objects.map((o) => o.name)).toEqual(["p", "j"]);
        expect(read.skipped).toEqual([{ source: "chart.yaml", document: 2, kind: "Pod", name: "t", reason: "a Helm test hook (helm.sh/hook: test): helm install never creates it, helm test does" }]);
    });
});
