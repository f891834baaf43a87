// npm run check's inputs beyond YAML (in-process): field types Kubernetes would refuse (exit 2, each with its file,
// document, line, key path, expected type, what is there and the fix), and objects of a kind no policy checks
// (listed as not checked, in the output and the --json report, learnt from the policies themselves).
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { checkCommand } from "../../engine/cli/check";
import { reportError } from "../../engine/cli/exit";
import { API_REMOVALS, checkedGroupVersions, foundKind, modelOf, quantityFix, schemaProblems, servedApiProblem } from "../../engine/manifestSchema";
import { kubernetesType } from "../../engine/manifests";
import { platformPack } from "../../engine/pack";
import { policyCoverage } from "../../engine/policyCoverage";
import { applyPolicyConfigFile, resolvePolicyConfig } from "../../engine/policyConfig";
import { POD_BEARING_TYPES } from "../../policies/kubernetes";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "check-inputs-"));
const write = (name: string, content: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, content);
    return file;
};

/** What `npm run check` prints and exits with. */
async function check(argv: string[]): Promise<{ code: number; out: string; printed: string }> {
    let out = "";
    let printed = "";
    const io = { stdout: (t: string) => (out += t), stderr: (t: string) => (printed += t) };
    try {
        return { code: await checkCommand(argv, io), out, printed };
    } catch (err) {
        const code = reportError(err, (t) => (printed += t));
        return { code, out, printed };
    }
}

const DEPLOYMENT = [
    "apiVersion: apps/v1",
    "kind: Deployment",
    "metadata:",
    "  name: web",
    "  namespace: shop",
    "  labels:",
    "    app: web",
    "    tier: 3",
    "spec:",
    '  replicas: "3"',
    "  selector:",
    "    matchLabels: { app: web }",
    "  template:",
    "    metadata:",
    "      labels: { app: web }",
    "    spec:",
    "      containers:",
    "      - name: web",
    "        image: harbor.ops.kube-platform.internal/shop/web:1.2.3",
    "        ports:",
    '        - containerPort: "80"',
    "",
].join("\n");

describe("field types, against Kubernetes' own schemas (kubernetes-models)", () => {
    test("the four a user meets: exit 2, one line each, with file, document, line, path, expected, found and fix", async () => {
        const containersAsMap = DEPLOYMENT.replace("      - name: web\n        image", "        name: web\n        image").replace("        ports:\n        - containerPort: \"80\"\n", "");
        const a = write("types.yaml", DEPLOYMENT);
        const b = write("containers.yaml", `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: c, namespace: shop }\n---\n${containersAsMap.replace("tier: 3", "tier: web").replace('"3"', "3")}`);
        const { code, out, printed } = await check([a, b]);
        expect([code, out]).toEqual([2, ""]);
        expect(printed.split("\n")).toEqual([
            `${a}: document 1, line 8: Deployment shop/web: metadata.labels.tier: expected a text value; found the number 3. Fix: quote it (tier: "3"): a number or true/false unquoted is not text in YAML`,
            `${a}: document 1, line 10: Deployment shop/web: spec.replicas: expected a whole number; found the text "3". Fix: write the number without quotes (replicas: 3)`,
            `${a}: document 1, line 21: Deployment shop/web: spec.template.spec.containers[0].ports[0].containerPort: expected a whole number; found the text "80". Fix: write the number without quotes (containerPort: 80)`,
            `${b}: document 2, line 21: Deployment shop/web: spec.template.spec.containers: expected a list; found a mapping (keys name, image). Fix: write it as a list: each entry on its own line starting with "- " (one entry is a list of one)`,
            "",
        ]);
    });

    test.each([
        ["an enum, in the wrong case", { apiVersion: "v1", kind: "Service", metadata: { name: "s" }, spec: { type: "nodePort" } }, "spec.type", 'one of "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"', 'the text "nodePort"', 'write "NodePort" (the values are case-sensitive)'],
        ["an int-or-string", { apiVersion: "v1", kind: "Service", metadata: { name: "s" }, spec: { ports: [{ port: 80, targetPort: true }] } }, "spec.ports.0.targetPort", "a whole number or a text value (an int-or-string: a port number or name, a count or a percentage)", "the boolean true", 'give a whole number (8080) or a text value ("http", "25%")'],
        ["a quantity", { apiVersion: "v1", kind: "Pod", metadata: { name: "p" }, spec: { containers: [{ name: "c", resources: { limits: { cpu: [1] } } }] } }, "spec.containers.0.resources.limits.cpu", "a quantity (a number, or a text value such as 500m, 1.5 or 2Gi)", "a list (1 entry)", "give one quantity (500m, 1, 2Gi)"],
        ["a required field", { apiVersion: "batch/v1", kind: "Job", metadata: { name: "j" }, spec: { template: { spec: { containers: [{ image: "x" }] } } } }, "spec.template.spec.containers.0.name", "name (a required field)", "nothing (the field is missing)", "add spec.template.spec.containers[0].name"],
        ["a ConfigMap's data value", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" }, data: { PORT: 8080 } }, "data.PORT", "a text value", "the number 8080", 'quote it (PORT: "8080"): a number or true/false unquoted is not text in YAML'],
        ["a boolean written as text", { apiVersion: "apps/v1", kind: "DaemonSet", metadata: { name: "d" }, spec: { selector: {}, template: { spec: { hostNetwork: "true", containers: [] } } } }, "spec.template.spec.hostNetwork", "true or false", 'the text "true"', "write true without quotes"],
        ["a mapping written as a list", { apiVersion: "apps/v1", kind: "StatefulSet", metadata: { name: "s" }, spec: { selector: [{ app: "x" }], template: {} } }, "spec.selector", "a mapping", "a list (1 entry)", 'write it as a mapping of keys to values, without "- "'],
    ])("%s", (_, object, at, expected, found, fix) => {
        expect(schemaProblems(object)).toEqual([{ path: at.split(".").map((p) => (/^\d+$/.test(p) ? Number(p) : p)), expected, found, fix }]);
    });

    test("null is unset, as Kubernetes reads it (Helm renders creationTimestamp: null); a custom resource has no schema here", () => {
        const deployment = { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "w", creationTimestamp: null }, spec: { replicas: null, selector: {}, template: { spec: { securityContext: null, containers: [] } } } };
        expect(schemaProblems(deployment)).toEqual([]);
        expect(schemaProblems({ apiVersion: "helm.toolkit.fluxcd.io/v2", kind: "HelmRelease", metadata: { name: "h" }, spec: { interval: 5 } })).toBeUndefined();
        expect(schemaProblems({ apiVersion: "apps/v1beta1", kind: "Deployment", metadata: { name: "h" } })).toBeUndefined();
        expect(schemaProblems({ apiVersion: "constructor", kind: "toString", metadata: { name: "h" } })).toBeUndefined();
    });

    test("every pod-bearing kind the workload policies check, and the Service, PVC and StorageClass, has its upstream schema", () => {
        for (const type of [...POD_BEARING_TYPES, "kubernetes:core/v1:Service", "kubernetes:core/v1:PersistentVolumeClaim", "kubernetes:storage.k8s.io/v1:StorageClass"]) {
            const [, groupVersion, kind] = type.split(":");
            const apiVersion = groupVersion.replace(/^core\//, "");
            expect(checkedGroupVersions()).toContain(apiVersion);
            expect([type, modelOf(apiVersion, kind)?.kind]).toEqual([type, kind]);
        }
    });

    test("a List item: its items[n] and line", async () => {
        const list = `apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: { name: a, namespace: shop }\n- apiVersion: v1\n  kind: Service\n  metadata: { name: b, namespace: shop }\n  spec:\n    ports:\n    - port: "443"\n`;
        const f = write("list.yaml", list);
        const { code, printed } = await check([f]);
        expect(code).toBe(2);
        expect(printed).toBe(`${f}: document 1, items[1], line 12: Service shop/b: spec.ports[0].port: expected a whole number; found the text "443". Fix: write the number without quotes (port: 443)\n`);
    });

    test.each([
        [undefined, "nothing (the field is missing)"],
        [null, "null"],
        [{}, "a mapping (no keys)"],
        [[1, 2], "a list (2 entries)"],
        ["x".repeat(100), `the text "${"x".repeat(56)}...`],
    ])("found %j: %s", (value, text) => {
        expect(foundKind(value)).toBe(text);
    });
});

describe("an API Kubernetes 1.33 does not serve (a removed beta version, a kind in the wrong group or case)", () => {
    const PRIVILEGED_V1BETA1 = [
        "apiVersion: apps/v1beta1",
        "kind: Deployment",
        "metadata:",
        "  name: web",
        "  namespace: shop",
        "spec:",
        "  template:",
        "    spec:",
        "      containers:",
        "      - name: web",
        "        image: nginx:latest",
        "        securityContext: { privileged: true }",
        "",
    ].join("\n");

    test("a privileged apps/v1beta1 Deployment: exit 2, not a clean check that lists it as not checked", async () => {
        const f = write("v1beta1.yaml", PRIVILEGED_V1BETA1);
        const { code, out, printed } = await check([f]);
        expect([code, out]).toEqual([2, ""]);
        expect(printed).toBe(`${f}: document 1, line 1: Deployment shop/web: apiVersion: apps/v1beta1 Deployment: Kubernetes 1.33 serves no such API (removed in 1.16); write apiVersion: apps/v1\n`);
    });

    test("every object's problem in one run, beside a served one; a custom resource is not held to it", async () => {
        const served = "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: c, namespace: shop }\n";
        const cron = "apiVersion: batch/v1beta1\nkind: CronJob\nmetadata: { name: nightly, namespace: shop }\nspec: {}\n";
        const lower = "apiVersion: apps/v1\nkind: deployment\nmetadata: { name: api, namespace: shop }\n";
        const crd = "apiVersion: helm.toolkit.fluxcd.io/v2beta1\nkind: HelmRelease\nmetadata: { name: podinfo, namespace: shop }\n";
        const f = write("several.yaml", [served, cron, lower, crd].join("---\n"));
        const { code, printed } = await check([f]);
        expect(code).toBe(2);
        expect(printed.split("\n")).toEqual([
            `${f}: document 2, line 5: CronJob shop/nightly: apiVersion: batch/v1beta1 CronJob: Kubernetes 1.33 serves no such API (removed in 1.25); write apiVersion: batch/v1`,
            `${f}: document 3, line 11: deployment shop/api: kind: apps/v1 deployment: Kubernetes 1.33 serves no such API; write kind: Deployment (a kind is case-sensitive)`,
            "",
        ]);
    });

    test.each([
        ["apps/v1beta2", "DaemonSet", "apps/v1beta2 DaemonSet: Kubernetes 1.33 serves no such API (removed in 1.16); write apiVersion: apps/v1"],
        ["extensions/v1beta1", "Ingress", "extensions/v1beta1 Ingress: Kubernetes 1.33 serves no such API (removed in 1.22); write apiVersion: networking.k8s.io/v1"],
        ["extensions/v1beta1", "NetworkPolicy", "extensions/v1beta1 NetworkPolicy: Kubernetes 1.33 serves no such API (removed in 1.16); write apiVersion: networking.k8s.io/v1"],
        ["rbac.authorization.k8s.io/v1beta1", "ClusterRole", "rbac.authorization.k8s.io/v1beta1 ClusterRole: Kubernetes 1.33 serves no such API (removed in 1.22); write apiVersion: rbac.authorization.k8s.io/v1"],
        ["policy/v1beta1", "PodDisruptionBudget", "policy/v1beta1 PodDisruptionBudget: Kubernetes 1.33 serves no such API (removed in 1.25); write apiVersion: policy/v1"],
        ["autoscaling/v2beta2", "HorizontalPodAutoscaler", "autoscaling/v2beta2 HorizontalPodAutoscaler: Kubernetes 1.33 serves no such API (removed in 1.26); write apiVersion: autoscaling/v2"],
        ["storage.k8s.io/v1beta1", "CSIStorageCapacity", "storage.k8s.io/v1beta1 CSIStorageCapacity: Kubernetes 1.33 serves no such API (removed in 1.27); write apiVersion: storage.k8s.io/v1"],
        ["flowcontrol.apiserver.k8s.io/v1beta3", "FlowSchema", "flowcontrol.apiserver.k8s.io/v1beta3 FlowSchema: Kubernetes 1.33 serves no such API (removed in 1.32); write apiVersion: flowcontrol.apiserver.k8s.io/v1"],
        ["events.k8s.io/v1beta1", "Event", "events.k8s.io/v1beta1 Event: Kubernetes 1.33 serves no such API (removed in 1.25); write apiVersion: events.k8s.io/v1"],
        [
            "policy/v1beta1",
            "PodSecurityPolicy",
            "policy/v1beta1 PodSecurityPolicy: Kubernetes 1.33 serves no such API (removed in 1.25); no API replaces it: enforce the Pod Security Standards with Pod Security Admission instead (the namespace label pod-security.kubernetes.io/enforce: baseline or restricted) and remove the object",
        ],
        ["apps/v1", "CronJob", "apps/v1 CronJob: Kubernetes 1.33 serves no such API; write apiVersion: batch/v1"],
        ["apps/v1beta1", "deployment", "apps/v1beta1 deployment: Kubernetes 1.33 serves no such API (removed in 1.16); write apiVersion: apps/v1 and kind: Deployment (a kind is case-sensitive)"],
        ["apps/v1", "Deploymnet", "apps/v1 Deploymnet: Kubernetes 1.33 serves no such API; write kind: Deployment"],
        ["v1beta1", "Pod", "v1beta1 Pod: Kubernetes 1.33 serves no such API; write apiVersion: v1"],
        [
            "apps/v1",
            "Widget",
            "apps/v1 Widget: Kubernetes 1.33 serves no such API (apps/v1 serves ControllerRevision, DaemonSet, Deployment, ReplicaSet, StatefulSet); correct the kind, or write the apiVersion that serves it (kubectl api-resources lists what a cluster serves)",
        ],
    ])("%s %s: what to write instead", (apiVersion, kind, message) => {
        expect(servedApiProblem(apiVersion, kind)?.message).toBe(message);
    });

    test("what is served comes from the package's GA group-versions: each checked kind is served, a custom resource is not judged", () => {
        for (const apiVersion of checkedGroupVersions()) expect([apiVersion, /^(.+\/)?v\d+$/.test(apiVersion)]).toEqual([apiVersion, true]);
        for (const type of POD_BEARING_TYPES) {
            const [, groupVersion, kind] = type.split(":");
            expect([type, servedApiProblem(groupVersion.replace(/^core\//, ""), kind)]).toEqual([type, undefined]);
        }
        expect(servedApiProblem("networking.k8s.io/v1", "ServiceCIDR")).toBeUndefined(); // GA in 1.33
        expect(servedApiProblem("helm.toolkit.fluxcd.io/v2", "HelmRelease")).toBeUndefined();
        expect(servedApiProblem("iam.kubesphere.io/v1beta1", "User")).toBeUndefined();
    });

    test("each removal of the migration guide's table is of a group-version the package knows, and none is served", () => {
        for (const [release, apiVersion, kinds] of API_REMOVALS) {
            expect([apiVersion, release]).toEqual([apiVersion, expect.stringMatching(/^1\.(1[6-9]|2\d|3[0-3])$/)]);
            for (const kind of kinds) expect([apiVersion, kind, servedApiProblem(apiVersion, kind)?.message]).toEqual([apiVersion, kind, expect.stringContaining(`(removed in ${release})`)]);
        }
    });
});

describe("YAML a user meets: a key written twice, a chart's template", () => {
    test("both in one run, exit 2, each naming its file, document and lines", async () => {
        const twice = write("twice.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  LOG_LEVEL: info\n  LOG_LEVEL: debug\n");
        const template = write("deployment.yaml", 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ include "web.fullname" . }}\n');
        const { code, out, printed } = await check([twice, template]);
        expect([code, out]).toEqual([2, ""]);
        expect(printed.split("\n")).toEqual([
            `${twice}: document 1, line 7: invalid YAML: the key data.LOG_LEVEL a second time in one mapping (first at line 6); keep one of the two (YAML allows each key once per mapping)`,
            `${template}: document 1, line 4: an unrendered Helm template ({{ include "web.fullname" . }}), not a Kubernetes manifest; render the chart first and check its output: helm template RELEASE CHART -n NS | npm run check -- -`,
            "",
        ]);
    });
});

describe("objects of a kind no policy checks are listed as not checked", () => {
    const HELM_RELEASE = "apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: podinfo\n  namespace: shop\nspec:\n  interval: 5m\n";
    const SERVICE = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  type: ClusterIP\n  ports: [{ port: 80 }]\n";

    test("a Flux HelmRelease beside a Service: exit 0, the HelmRelease listed, in the output and the --json report", async () => {
        const f = write("flux.yaml", `${SERVICE}---\n${HELM_RELEASE}`);
        const report = path.join(dir, "flux.json");
        const { code, out, printed } = await check([f, "--json", report]);
        expect([code, printed]).toEqual([0, ""]);
        expect(out.split("\n").slice(1)).toEqual([
            `  not checked ${f} document 2, HelmRelease shop/podinfo: no policy checks its kind (helm.toolkit.fluxcd.io/v2 HelmRelease); only the policies on every object ran on it (nothing-in-default-namespace)`,
            "",
        ]);
        expect(JSON.parse(fs.readFileSync(report, "utf8"))).toEqual({
            violations: [],
            notChecked: [
                { source: f, document: 2, apiVersion: "helm.toolkit.fluxcd.io/v2", resource: { kind: "HelmRelease", namespace: "shop", name: "podinfo" }, policiesOnEveryObject: ["nothing-in-default-namespace"] },
            ],
        });
    });

    test("the kinds each policy checks come from the policies: a Deployment's are the workload policies, a HelmRelease's none", async () => {
        const pack = platformPack();
        const config = await applyPolicyConfigFile(pack, undefined);
        const objects = [
            ["apps/v1", "Deployment"],
            ["v1", "Service"],
            ["storage.k8s.io/v1", "StorageClass"],
            ["helm.toolkit.fluxcd.io/v2", "HelmRelease"],
            ["v1", "ConfigMap"],
        ].map(([apiVersion, kind]) => ({ type: kubernetesType(apiVersion, kind), props: { apiVersion, kind, metadata: { name: "x", namespace: "shop" }, spec: {} } }));
        const [deployment, service, storageClass, release, configMap] = await policyCoverage(pack, config, objects);
        expect(deployment.checkedBy).toEqual(expect.arrayContaining(["container-resources", "image-from-harbor", "pod-no-privileged"]));
        expect(deployment.checkedBy).not.toContain("no-bare-pods");
        expect(service.checkedBy).toEqual(expect.arrayContaining(["service-no-external-ips"]));
        expect(storageClass.checkedBy).toEqual(["nas-storageclass-conventions"]);
        for (const c of [release, configMap]) expect(c).toEqual({ checkedBy: [], everyObject: ["nothing-in-default-namespace"] });
        // a disabled policy checks nothing
        const disabled = resolvePolicyConfig(pack, { "nas-storageclass-conventions": "disabled" });
        expect((await policyCoverage(pack, disabled, [objects[2]]))[0].checkedBy).toEqual([]);
    });

    test("a policy that looks at its type only, one on every object, and one that says it is not applicable", async () => {
        const pack = {
            name: "p",
            version: "1.0.0",
            enforcementLevel: "mandatory" as const,
            policies: [
                { name: "only-widgets", description: "", validateResource: (args: { type: string; props: Record<string, unknown> }) => void (args.type === "kubernetes:example.com/v1:Widget" && args.props.spec) },
                { name: "every-object", description: "", validateResource: (args: { props: Record<string, unknown> }) => void Object.keys(args.props) },
                { name: "not-applicable", description: "", validateResource: (args: { notApplicable(r: string): never }) => args.notApplicable("no") },
            ],
        };
        const config = resolvePolicyConfig(pack as never, {});
        const widget = { type: "kubernetes:example.com/v1:Widget", props: { metadata: { name: "w" } } };
        const gadget = { type: "kubernetes:example.com/v1:Gadget", props: { metadata: { name: "g" } } };
        expect(await policyCoverage(pack as never, config, [widget, gadget, widget])).toEqual([
            { checkedBy: ["only-widgets"], everyObject: ["every-object"] },
            { checkedBy: [], everyObject: ["every-object"] },
            { checkedBy: ["only-widgets"], everyObject: ["every-object"] },
        ]);
    });
});

describe("a resource quantity written as no quantity", () => {
    test("256MB for memory: the quantity meant (256Mi), never a bare number, which would be bytes", () => {
        const pod = { apiVersion: "v1", kind: "Pod", metadata: { name: "p" }, spec: { containers: [{ name: "c", image: "x", resources: { limits: { memory: "256MB", cpu: "1 core" } } }] } };
        expect(schemaProblems(pod)).toEqual([
            {
                path: ["spec", "containers", 0, "resources", "limits", "memory"],
                expected: "a Kubernetes quantity: a number with an optional suffix, binary Ki, Mi, Gi, Ti or decimal k, M, G, T, or m for thousandths (256Mi, 2Gi, 500m, 1.5)",
                found: 'the text "256MB"',
                fix: "write memory: 256Mi (binary units end in i; Kubernetes reads no B, and a bare number is bytes or cores)",
            },
            expect.objectContaining({ path: ["spec", "containers", 0, "resources", "limits", "cpu"], fix: "write a quantity such as 256Mi or 500m (a bare number is bytes for memory and cores for cpu)" }),
        ]);
    });

    test.each([
        ["2GB", "write memory: 2Gi"],
        ["512 mi", "write memory: 512Mi"],
        ["1kB", "write memory: 1Ki"],
    ])("%s", (value, fix) => expect(quantityFix("memory", value)).toMatch(new RegExp(`^${fix} `)));
});
