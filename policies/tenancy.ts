import { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { instanceShape } from "../config/nodes";
import { CapacityPool, clusterCapacity } from "../config/capacity";
import { POOL_ROLES, PoolRole } from "../config/schema";
import { NODE_LABELS } from "../components/cluster/nodeLabels";
import { WORKSPACE_LABEL } from "../components/tenancy/names";
import { loadTenancySettings } from "../config/tenancy";
import { QUOTA_KEYS, describeCpu, describeMemory, quantityValue } from "../config/tenancyQuantities";
import { SYSTEM_WORKSPACE } from "../config/tenancyRules";
import { tenantOffExclusiveEni } from "./exclusiveEni";
import { configured, ofType, violation } from "./support";
import type { PolicyGuidance } from "./guidanceTypes";

/**
 * Tenancy: every namespace belongs to a workspace and a tenant's namespace has its quota and limits, nothing
 * lands in `default`, and quotas fit (projects in their workspace's quota, workspaces in the cluster's
 * capacity). The layout's loader checks the same when a stack loads; these check what is actually declared.
 */

const NAMESPACE = "kubernetes:core/v1:Namespace";
const RESOURCE_QUOTA = "kubernetes:core/v1:ResourceQuota";
const LIMIT_RANGE = "kubernetes:core/v1:LimitRange";
const WORKSPACE_QUOTA = "kubernetes:quota.kubesphere.io/v1alpha2:ResourceQuota";
const K8S_PROVIDER = "pulumi:providers:kubernetes";
const NODE_POOL = "alicloud:cs/nodePool:NodePool";
const HELM_RELEASE = "kubernetes:helm.sh/v3:Release";

/** Kinds that always live in a namespace (`group:Kind`; `*` for every kind of the group): without one they land in the provider's default. */
const NAMESPACED = new Set([
    "core:Pod", "core:Service", "core:ConfigMap", "core:Secret", "core:ServiceAccount", "core:PersistentVolumeClaim", "core:ResourceQuota",
    "core:LimitRange", "core:Endpoints", "core:ReplicationController", "apps:*", "batch:*", "autoscaling:*", "policy:PodDisruptionBudget",
    "networking.k8s.io:NetworkPolicy", "networking.k8s.io:Ingress", "rbac.authorization.k8s.io:Role", "rbac.authorization.k8s.io:RoleBinding",
    "coordination.k8s.io:Lease", "discovery.k8s.io:EndpointSlice", "monitoring.coreos.com:ServiceMonitor", "monitoring.coreos.com:PodMonitor",
    "monitoring.coreos.com:PrometheusRule", "monitoring.coreos.com:Prometheus", "monitoring.coreos.com:Alertmanager", "iam.kubesphere.io:Role",
    "iam.kubesphere.io:RoleBinding",
]);

/** `kubernetes:apps/v1:Deployment` -> `{ group: "apps", kind: "Deployment" }`; undefined for non-Kubernetes types. */
function kubeKind(type: string): { group: string; kind: string } | undefined {
    const m = /^kubernetes:([^:]+):([^:]+)$/.exec(type);
    if (!m) return undefined;
    const parts = m[1].split("/");
    return { group: parts.length > 1 ? parts[0] : "core", kind: m[2] };
}

function isNamespaced(type: string): boolean {
    const k = kubeKind(type);
    return !!k && (NAMESPACED.has(`${k.group}:${k.kind}`) || NAMESPACED.has(`${k.group}:*`));
}

/** A declared object's labels, or undefined where they are not known yet. */
function labelsOf(r: { props: Record<string, unknown> }): Record<string, unknown> | undefined {
    const labels = (r.props.metadata as { labels?: unknown } | undefined)?.labels;
    return labels !== null && typeof labels === "object" ? (labels as Record<string, unknown>) : undefined;
}

const metaOf = (r: { props: Record<string, unknown> }) => (r.props.metadata ?? {}) as { name?: unknown; namespace?: unknown };

interface SystemWorkspacesConfig {
    systemWorkspaces: string[];
}

/** Every namespace is in a workspace; a tenant workspace's namespace has a ResourceQuota and a LimitRange. */
export const tenantNamespaceComplete: StackValidationPolicy = {
    name: "tenant-namespace-complete",
    description: "Every namespace belongs to a KubeSphere workspace, and a namespace of a tenant workspace has a ResourceQuota and a LimitRange.",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            systemWorkspaces: {
                type: "array",
                items: { type: "string" },
                description: `Workspaces of the platform's own namespaces, which need no quota (default: ${SYSTEM_WORKSPACE}).`,
            },
        },
    },
    validateStack: (args, reportViolation) => {
        const { systemWorkspaces } = configured<SystemWorkspacesConfig>(args, { systemWorkspaces: [SYSTEM_WORKSPACE] });
        // per cluster (provider) and namespace: the kinds declared in it
        const inside = new Map<string, Set<string>>();
        for (const r of [...ofType(args, RESOURCE_QUOTA), ...ofType(args, LIMIT_RANGE)]) {
            const ns = metaOf(r).namespace;
            if (typeof ns !== "string") continue;
            const key = `${r.provider?.urn ?? ""} ${ns}`;
            inside.set(key, (inside.get(key) ?? new Set()).add(r.type));
        }
        for (const ns of ofType(args, NAMESPACE)) {
            const name = metaOf(ns).name;
            const labels = labelsOf(ns);
            if (typeof name !== "string" || labels === undefined) continue; // not known during preview
            const workspace = labels[WORKSPACE_LABEL];
            if (typeof workspace !== "string" || workspace === "") {
                reportViolation(violation({
                    resource: `Namespace ${name}`,
                    field: `metadata.labels["${WORKSPACE_LABEL}"]`,
                    expected: "the workspace the namespace belongs to",
                    found: "no workspace label",
                    fix: `declare tenant namespaces through config/tenancy (they get the label); label platform namespaces ${SYSTEM_WORKSPACE}`,
                }), ns.urn);
                continue;
            }
            if (systemWorkspaces.includes(workspace)) continue;
            const kinds = inside.get(`${ns.provider?.urn ?? ""} ${name}`) ?? new Set();
            for (const [type, kind] of [[RESOURCE_QUOTA, "ResourceQuota"], [LIMIT_RANGE, "LimitRange"]] as const) {
                if (kinds.has(type)) continue;
                reportViolation(violation({
                    resource: `Namespace ${name} (workspace ${workspace})`,
                    field: kind,
                    expected: `a ${kind} in the namespace, on the same cluster`,
                    found: "none",
                    fix: "declare the project through config/tenancy (its Project component declares both)",
                }), ns.urn);
            }
        }
    },
};

/** Nothing is declared in the `default` namespace. */
export const nothingInDefaultNamespace: ResourceValidationPolicy = {
    name: "nothing-in-default-namespace",
    description: "Nothing is declared in the default namespace: every object belongs to a project or a platform namespace.",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
        // only Kubernetes objects live in namespaces (checked first: props are a proxy, costly to touch)
        if (!args.type.startsWith("kubernetes:")) return;
        // a read (`Secret.get`) has no inputs and declares nothing: the object exists already, where it is
        if (Object.keys(args.props).length === 0) return;
        const isRelease = args.type === HELM_RELEASE;
        if (!isRelease && !isNamespaced(args.type) && metaOf(args).namespace !== "default") return;
        const field = isRelease ? "namespace" : "metadata.namespace";
        const set = isRelease ? args.props.namespace : metaOf(args).namespace;
        let found: string | undefined;
        if (set === "default") found = "default";
        // a declared object without a namespace lands in its provider's default namespace: `default`, unless the
        // provider names another (a manifest without one, in `npm run check`, goes where kubectl -n sends it)
        else if (set === undefined && args.provider) {
            const fallback = args.provider.props.namespace;
            if (fallback === undefined || fallback === "default") found = "none set, so the provider's default: default";
        }
        if (found === undefined) return;
        const kind = kubeKind(args.type)?.kind ?? args.type;
        const name = isRelease ? String(args.props.name ?? args.name) : String((args.props.metadata as { name?: unknown } | undefined)?.name ?? args.name);
        reportViolation(violation({
            resource: `${kind} ${name}`,
            field,
            expected: "a project's or a platform namespace",
            found,
            fix: `set ${field} to the project it belongs to (config/tenancy/workspaces/ lists them)`,
        }));
    },
};

/** Tenant capacity of a cluster (config/capacity.ts: its tenant pools), as declared in the stack. */
interface ClusterCapacityFound {
    readonly network: string;
    readonly cpuCores: number;
    readonly memoryBytes: number;
}

function poolNodes(pool: PolicyResource): number | undefined {
    const size = pool.props.desiredSize;
    if (size !== undefined && size !== null) return typeof size === "number" ? size : Number.isFinite(Number(size)) ? Number(size) : undefined;
    const min = (pool.props.scalingConfig as { minSize?: unknown } | undefined)?.minSize;
    return typeof min === "number" ? min : undefined;
}

/** A declared node pool as capacity needs it: its role (the platform's node label), shape and guaranteed size; undefined when not known. */
function capacityPoolOf(pool: PolicyResource): CapacityPool | undefined {
    const labels = (pool.props.labels ?? []) as { key?: string; value?: string }[];
    const role = labels.find((l) => l.key === NODE_LABELS.role)?.value;
    const shape = instanceShape(String((pool.props.instanceTypes as unknown[] | undefined)?.[0]));
    const nodes = poolNodes(pool);
    if (!shape || nodes === undefined || !(POOL_ROLES as readonly string[]).includes(String(role))) return undefined;
    return { role: role as PoolRole, shape, desiredSize: nodes };
}

/** The capacity behind each Kubernetes provider of the stack: its cluster (clusterIdentifier) and that cluster's node pools. */
function capacityByProvider(resources: readonly PolicyResource[]): Map<string, ClusterCapacityFound> {
    const pools = new Map<string, PolicyResource[]>();
    for (const pool of resources.filter((r) => r.type === NODE_POOL)) {
        const cluster = pool.propertyDependencies.clusterId?.[0];
        if (cluster) pools.set(cluster.urn, [...(pools.get(cluster.urn) ?? []), pool]);
    }
    const out = new Map<string, ClusterCapacityFound>();
    for (const provider of resources.filter((r) => r.type === K8S_PROVIDER)) {
        const cluster = provider.propertyDependencies.clusterIdentifier?.[0];
        const clusterPools = cluster ? pools.get(cluster.urn) : undefined;
        if (!cluster || !clusterPools) continue;
        // the pools as the stack declares them, through the one capacity function the loader and components use
        const declared = clusterPools.map(capacityPoolOf).filter((p): p is CapacityPool => p !== undefined);
        if (declared.length < clusterPools.length) continue; // a pool's size or shape is not known yet
        const tenant = clusterCapacity("ack", declared).tenant;
        const network = (cluster.props.tags as Record<string, unknown> | undefined)?.network;
        out.set(provider.urn, { network: typeof network === "string" ? network : cluster.name, cpuCores: tenant.cpuMilli / 1000, memoryBytes: tenant.memoryMiB * 2 ** 20 });
    }
    return out;
}

interface QuotaFitConfig {
    overcommit: Record<string, { cpu: number; memory: number }>;
}

let overcommitDefaults: QuotaFitConfig["overcommit"] | undefined;
/** The overcommit ratios of config/tenancy/tenancy.yaml (or `$PLATFORM_TENANCY_DIR`). */
function defaultOvercommit(): QuotaFitConfig["overcommit"] {
    overcommitDefaults ??= loadTenancySettings().overcommit;
    return overcommitDefaults;
}

const hardOf = (q: unknown): Record<string, unknown> => (q !== null && typeof q === "object" ? (q as Record<string, unknown>) : {});

/**
 * On each cluster, the namespaces' ResourceQuotas of a workspace add up to no more than the workspace's quota,
 * and the workspaces' quotas (CPU and memory requests) to no more than the cluster's tenant capacity times the
 * overcommit ratio. The capacity is read from the stack itself: the cluster behind the namespace's provider
 * and its declared node pools (CI pools excluded). A cluster whose pools the stack does not declare is not
 * checked for capacity.
 */
export const tenantQuotasFit: StackValidationPolicy = {
    name: "tenant-quotas-fit",
    description: "On each cluster, projects' quotas fit their workspace's quota, and workspaces' quotas fit the cluster's tenant capacity times the overcommit ratio.",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            overcommit: {
                type: "object",
                description: "Per cluster (network name), the CPU and memory overcommit ratios (default: config/tenancy/tenancy.yaml).",
                additionalProperties: { type: "object", properties: { cpu: { type: "number" }, memory: { type: "number" } } },
            },
        },
    },
    validateStack: (args, reportViolation) => {
        const { overcommit } = configured<QuotaFitConfig>(args, { overcommit: defaultOvercommit() });
        const clusterOf = (r: PolicyResource) => r.provider?.urn ?? "";
        // namespace -> workspace, per cluster
        const workspaceOfNs = new Map<string, string>();
        for (const ns of ofType(args, NAMESPACE)) {
            const name = metaOf(ns).name;
            const workspace = labelsOf(ns)?.[WORKSPACE_LABEL];
            if (typeof name === "string" && typeof workspace === "string") workspaceOfNs.set(`${clusterOf(ns)} ${name}`, workspace);
        }
        // the namespaces' quotas per cluster and workspace
        const projectQuotas = new Map<string, { namespace: string; hard: Record<string, unknown> }[]>();
        for (const rq of ofType(args, RESOURCE_QUOTA)) {
            const ns = metaOf(rq).namespace;
            const workspace = typeof ns === "string" ? workspaceOfNs.get(`${clusterOf(rq)} ${ns}`) : undefined;
            if (workspace === undefined) continue;
            const key = `${clusterOf(rq)} ${workspace}`;
            projectQuotas.set(key, [...(projectQuotas.get(key) ?? []), { namespace: String(ns), hard: hardOf((rq.props.spec as { hard?: unknown } | undefined)?.hard) }]);
        }
        const capacity = capacityByProvider(args.resources);
        const workspaceTotals = new Map<string, { cpu: number; memory: number; parts: string[]; urn: string }>();

        for (const wq of ofType(args, WORKSPACE_QUOTA)) {
            const spec = (wq.props.spec ?? {}) as { selector?: Record<string, unknown>; quota?: { hard?: unknown } };
            const workspace = spec.selector?.[WORKSPACE_LABEL];
            if (typeof workspace !== "string") continue;
            const hard = hardOf(spec.quota?.hard);
            const projects = projectQuotas.get(`${clusterOf(wq)} ${workspace}`) ?? [];
            for (const [key, capText] of Object.entries(hard)) {
                const cap = quantityValue(capText);
                const show = QUOTA_KEYS[key];
                if (cap === undefined || !show) continue;
                let total = 0;
                for (const p of projects) {
                    if (!Object.hasOwn(p.hard, key)) {
                        reportViolation(violation({
                            resource: `ResourceQuota ${p.namespace}/${p.namespace} (workspace ${workspace})`,
                            field: `spec.hard["${key}"]`,
                            expected: `a cap on ${show.label}: the workspace quota caps them at ${show.describe(cap)}`,
                            found: "none (the namespace is unbounded)",
                            fix: `set the project's quota of ${key} in config/tenancy/workspaces/${workspace}.yaml`,
                        }), wq.urn);
                        continue;
                    }
                    const v = quantityValue(p.hard[key]);
                    if (v === undefined) continue; // unknown during preview
                    total += v;
                }
                if (total > cap * (1 + 1e-9)) {
                    reportViolation(violation({
                        resource: `workspace quota ${workspace} (${wq.name})`,
                        field: `spec.quota.hard["${key}"]`,
                        expected: `at least what its projects' quotas add up to`,
                        found: `projects of ${workspace} ask ${show.describe(total)} of ${show.label}; the workspace quota is ${show.describe(cap)}`,
                        fix: `raise the workspace's quota or lower its projects' in config/tenancy/workspaces/${workspace}.yaml`,
                    }), wq.urn);
                }
            }
            const cpu = quantityValue(hard["requests.cpu"]);
            const memory = quantityValue(hard["requests.memory"]);
            const sum = workspaceTotals.get(clusterOf(wq)) ?? { cpu: 0, memory: 0, parts: [], urn: wq.urn };
            sum.cpu += cpu ?? 0;
            sum.memory += memory ?? 0;
            sum.parts.push(workspace);
            workspaceTotals.set(clusterOf(wq), sum);
        }

        for (const [provider, sum] of workspaceTotals) {
            const cap = capacity.get(provider);
            if (!cap) continue;
            const ratio = overcommit[cap.network] ?? { cpu: 1, memory: 1 };
            const dims = [
                { label: "CPU requests", total: sum.cpu, allocatable: cap.cpuCores, ratio: ratio.cpu ?? 1, show: (v: number) => describeCpu(Math.round(v * 1000)) },
                { label: "memory requests", total: sum.memory, allocatable: cap.memoryBytes, ratio: ratio.memory ?? 1, show: (v: number) => describeMemory(v / 2 ** 20) },
            ];
            for (const d of dims) {
                const limit = d.allocatable * d.ratio;
                if (d.total <= limit * (1 + 1e-9)) continue;
                reportViolation(violation({
                    resource: `workspace quotas on cluster ${cap.network} (${[...sum.parts].sort().join(", ")})`,
                    field: `spec.quota.hard["requests.${d.label.startsWith("CPU") ? "cpu" : "memory"}"]`,
                    expected: `${d.label} within the tenant capacity: ${d.show(d.allocatable)} allocatable x overcommit ${d.ratio} = ${d.show(limit)}`,
                    found: `${d.show(d.total)} in total`,
                    fix: `lower workspace quotas on ${cap.network}, raise its overcommit in config/tenancy/tenancy.yaml, or add nodes to its pools`,
                }), provider);
            }
        }
    },
};

export const tenancyPolicies = [tenantNamespaceComplete, nothingInDefaultNamespace, tenantQuotasFit, tenantOffExclusiveEni];

/** The guidance of the tenancy policies, for policies/guidance.ts (`...TENANCY_POLICY_GUIDANCE`). */
export const TENANCY_POLICY_GUIDANCE: Readonly<Record<string, PolicyGuidance>> = {
    "tenant-namespace-complete": {
        why: "A namespace outside a workspace is invisible to KubeSphere's tenants and quotas; a tenant namespace without a ResourceQuota can take the whole cluster, and without a LimitRange its pods run without requests, which the quota then rejects.",
        comply: `Add projects to config/tenancy/workspaces/<workspace>.yaml: the Project component declares the namespace with its workspace label, quota and limits. Label platform namespaces \`${WORKSPACE_LABEL}: ${SYSTEM_WORKSPACE}\`.`,
    },
    "nothing-in-default-namespace": {
        why: "`default` belongs to no workspace, has no quota and no network policy: whatever lands there escapes tenancy.",
        comply: "Set metadata.namespace (a Helm release's namespace) to a project or platform namespace.",
    },
    "tenant-off-exclusive-eni": {
        why: "Terway enforces no NetworkPolicy for pods on exclusive ENIs: a tenant pod on a stateful pool runs outside its project's default-deny policies, and each pod takes one of the node's few ENIs.",
        comply: "Run tenant workloads on general pools (stateful pools are tainted); a workload that must run there gets an exemption with its reason in the pack's configuration.",
    },
    "tenant-quotas-fit": {
        why: "Quotas that add up to more than a workspace's, or a cluster's capacity times the agreed overcommit, promise teams resources the cluster cannot give.",
        comply: "Keep each workspace's projects within its quota and the workspaces within the cluster's capacity (config/tenancy); raise overcommit in config/tenancy/tenancy.yaml or add nodes when the platform agrees to.",
    },
};
