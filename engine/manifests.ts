import { AnalyzedResource } from "./analyze";
import { firstTemplateAction, unrenderedTemplate, unrenderedTemplateMessage } from "./helmTemplate";
import { KubeYamlError, parseKubernetesYaml } from "./kubeYaml";
import { UsageError } from "./cli/exit";

/** A Kubernetes object read from a manifest, with where it came from. */
export interface ManifestObject {
    readonly source: string;
    /** 1-based document index in its source. */
    readonly document: number;
    /** Its index in the document's `kind: List` items, when it is one of them. */
    readonly item?: number;
    readonly kind: string;
    readonly apiVersion: string;
    readonly namespace?: string;
    readonly name: string;
    readonly object: Record<string, unknown>;
}

/** The Pulumi type token of a Kubernetes object: `apps/v1` Deployment -> `kubernetes:apps/v1:Deployment`. */
export function kubernetesType(apiVersion: string, kind: string): string {
    const groupVersion = apiVersion.includes("/") ? apiVersion : `core/${apiVersion}`;
    return `kubernetes:${groupVersion}:${kind}`;
}

/**
 * Kinds Kubernetes keeps at cluster scope (the built-in ones the platform meets, KubeSphere's and Calico's):
 * an object of another kind without `metadata.namespace` goes to the namespace `kubectl apply -n` or
 * `helm install -n` gives it. A CustomResourceDefinition in the same input says its own kind's scope.
 */
const CLUSTER_SCOPED = new Set([
    "Namespace", "Node", "PersistentVolume", "StorageClass", "CSIDriver", "CSINode", "VolumeAttachment", "PriorityClass", "RuntimeClass", "IngressClass",
    "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition", "APIService", "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration",
    "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding", "CertificateSigningRequest", "FlowSchema", "PriorityLevelConfiguration",
    // KubeSphere 4.1 (kubesphere/kubesphere config/ks-core/charts/ks-crds)
    "User", "GlobalRole", "GlobalRoleBinding", "WorkspaceTemplate", "Workspace", "WorkspaceRole", "WorkspaceRoleBinding", "Cluster", "RoleTemplate",
    "Category", "Extension", "ExtensionVersion", "InstallPlan", "Repository", "ResourceFilter", "ClusterRoleTemplate",
    // Calico (crd.projectcalico.org/v1, operator.tigera.io/v1)
    "IPPool", "BGPConfiguration", "BGPPeer", "FelixConfiguration", "GlobalNetworkPolicy", "GlobalNetworkSet", "HostEndpoint", "IPAMBlock", "IPAMConfig",
    "BlockAffinity", "ClusterInformation", "KubeControllersConfiguration", "IPReservation", "BGPFilter", "Tier", "Installation", "APIServer", "Goldmane",
    "Whisker", "ImageSet", "TigeraStatus", "GatewayAPI", "Istio", "ManagementClusterConnection",
]);

/** What {@link readManifests} read: the objects to check, and the documents it left out, with why. */
export interface ReadManifests {
    readonly objects: ManifestObject[];
    readonly skipped: readonly { readonly source: string; readonly document: number; readonly kind: string; readonly name: string; readonly reason: string }[];
}

/** Options of {@link readManifests}. */
export interface ReadOptions {
    /** The namespace of objects that name none (as `kubectl apply -n` and `helm template -n`); else `default`. */
    readonly namespace?: string;
}

/** The Helm hooks an install never creates: `helm test` runs them on demand. */
const TEST_HOOKS = new Set(["test", "test-success", "test-failure"]);

function helmTestHook(o: Record<string, unknown>): boolean {
    const annotations = ((o.metadata ?? {}) as { annotations?: Record<string, unknown> }).annotations ?? {};
    const hooks = String(annotations["helm.sh/hook"] ?? "").split(",").map((h) => h.trim());
    return hooks.some((h) => TEST_HOOKS.has(h));
}

/** The key js-yaml gives a mapping used as a key (`{{ x }}` is `{ {x: null}: null }`), which JSON cannot hold. */
const MAPPING_KEY = String({});

/** Whether a parsed value has a mapping as a key anywhere (without recursion: values nest to the depth limit). */
function hasMappingKey(value: unknown): boolean {
    const stack = [value];
    const seen = new Set<object>();
    while (stack.length > 0) {
        const v = stack.pop();
        if (v === null || typeof v !== "object" || seen.has(v)) continue;
        seen.add(v);
        if (!Array.isArray(v) && Object.prototype.hasOwnProperty.call(v, MAPPING_KEY)) return true;
        stack.push(...Object.values(v));
    }
    return false;
}

/**
 * Parses multi-document YAML (plain manifests or `helm template` output) as Kubernetes reads it
 * (engine/kubeYaml.ts: YAML 1.1 values, Helm's multi-line scalars). Empty documents are skipped, `kind: List`
 * is expanded, Helm `test` hooks are left out (and listed), and an object without a namespace is placed in
 * `opts.namespace` (else `default`) unless its kind is cluster-scoped. A YAML error or an object without
 * apiVersion, kind or name is a usage error naming the source, the document and the line (a key written twice:
 * each such key, with the lines of both); an unrendered Helm template (a chart's templates/*.yaml) is one usage
 * error saying to render it first.
 */
export function readManifests(text: string, source: string, opts: ReadOptions = {}): ReadManifests {
    let docs: unknown[];
    try {
        docs = parseKubernetesYaml(text);
    } catch (err) {
        if (!(err instanceof KubeYamlError)) throw err;
        const template = unrenderedTemplate(text, err.line);
        if (template) throw new UsageError(unrenderedTemplateMessage(source, template));
        const line = (e: KubeYamlError) => `${source}: document ${e.document}${e.line ? `, line ${e.line}` : ""}: invalid YAML: ${e.message}`;
        throw new UsageError([err, ...err.also].map(line).join("\n"));
    }
    const candidates: { document: number; item?: number; where: string; o: Record<string, unknown> }[] = [];
    // every document's problem, one line each, in one usage error
    const problems: string[] = [];
    docs.forEach((value, i) => {
        if (value === null || value === undefined) return;
        const check = (obj: unknown, where: string, item?: number): void => {
            if (obj === null || typeof obj !== "object" || Array.isArray(obj)) {
                problems.push(`${source}: ${where}: expected a Kubernetes object (a map with apiVersion and kind)`);
                return;
            }
            const o = obj as Record<string, unknown>;
            const meta = (o.metadata ?? {}) as Record<string, unknown>;
            const missing = ["apiVersion", "kind"].filter((k) => typeof o[k] !== "string");
            if (typeof meta.name !== "string" && typeof meta.generateName !== "string") missing.push("metadata.name");
            if (missing.length > 0) problems.push(`${source}: ${where}: missing ${missing.join(", ")}`);
            else candidates.push({ document: i + 1, item, where, o });
        };
        const v = value as Record<string, unknown>;
        if (v.kind === "List" && Array.isArray(v.items)) v.items.forEach((item, j) => check(item, `document ${i + 1}, items[${j}]`, j));
        else check(value, `document ${i + 1}`);
    });
    // a template can parse: an action alone (`replicas: {{ $n }}`) is a flow mapping whose key is a mapping, and
    // one whose actions are all quoted has objects named {{ ... }}
    const templated =
        docs.some(hasMappingKey) ||
        candidates.some(({ o }) => {
            const meta = (o.metadata ?? {}) as Record<string, unknown>;
            return [o.apiVersion, o.kind, meta.name, meta.generateName, meta.namespace].some((v) => typeof v === "string" && v.includes("{{"));
        });
    const action = templated ? firstTemplateAction(text) : undefined;
    if (action) throw new UsageError(unrenderedTemplateMessage(source, action));
    if (problems.length > 0) throw new UsageError(problems.join("\n"));
    // a CRD in the input tells its kind's scope
    const crdScopes = new Map<string, string>();
    for (const { o } of candidates) {
        if (o.kind !== "CustomResourceDefinition") continue;
        const spec = (o.spec ?? {}) as { names?: { kind?: string }; scope?: string };
        if (spec.names?.kind && spec.scope) crdScopes.set(spec.names.kind, spec.scope);
    }
    const clusterScoped = (o: Record<string, unknown>) => {
        const kind = String(o.kind);
        const scope = crdScopes.get(kind);
        if (scope) return scope === "Cluster";
        const group = String(o.apiVersion).split("/")[0];
        // quota.kubesphere.io's ResourceQuota is a workspace quota, cluster-scoped; core's is namespaced
        if (kind === "ResourceQuota") return group === "quota.kubesphere.io";
        return CLUSTER_SCOPED.has(kind);
    };
    const objects: ManifestObject[] = [];
    const skipped: ReadManifests["skipped"][number][] = [];
    for (const { document, item, o } of candidates) {
        const meta = (o.metadata ?? {}) as Record<string, unknown>;
        const name = String(meta.name ?? meta.generateName);
        if (helmTestHook(o)) {
            skipped.push({ source, document, kind: String(o.kind), name, reason: "a Helm test hook (helm.sh/hook: test): helm install never creates it, helm test does" });
            continue;
        }
        let namespace = typeof meta.namespace === "string" ? meta.namespace : undefined;
        let object = o;
        if (namespace === undefined && !clusterScoped(o)) {
            namespace = opts.namespace ?? "default";
            object = { ...o, metadata: { ...meta, namespace } };
        }
        objects.push({ source, document, ...(item === undefined ? {} : { item }), kind: String(o.kind), apiVersion: String(o.apiVersion), namespace, name, object });
    }
    return { objects, skipped };
}

/** The objects of {@link readManifests}. */
export function parseManifests(text: string, source: string, opts: ReadOptions = {}): ManifestObject[] {
    return readManifests(text, source, opts).objects;
}

/** A manifest object as the policy analyzer takes it: typed like the Pulumi Kubernetes provider types it. */
export function manifestResource(m: ManifestObject, index: number): AnalyzedResource {
    const type = kubernetesType(m.apiVersion, m.kind);
    const name = m.namespace ? `${m.namespace}/${m.name}` : m.name;
    return {
        urn: `urn:pulumi:manifests::check::${type}::${name}#${index}`,
        type,
        name,
        protect: false,
        ignoreChanges: [],
        additionalSecretOutputs: [],
        deleteBeforeReplace: false,
        dependencies: [],
        propertyDependencies: {},
        inputs: m.object,
        outputs: m.object,
    };
}
