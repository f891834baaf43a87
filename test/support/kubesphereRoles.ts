/**
 * Which roles exist on a cluster, from what KubeSphere itself creates (read from the rendered ks-core chart:
 * its BuiltinRoles with the labels they select, its GlobalRoles and iam ClusterRoles) and what the program
 * declares, and the bindings of a plan that refer to a role that would not exist. Rules from kubesphere v4.1.3:
 * - a namespace-scope BuiltinRole becomes an iam Role of its template's name in every namespace its
 *   `targetSelector` matches, once, when the namespace controller first sees the workspace label
 *   (pkg/controller/namespace/namespace_controller.go:88-156);
 * - a workspace-scope BuiltinRole becomes a WorkspaceRole `<workspace>-<name>` for every WorkspaceTemplate, on the
 *   host (pkg/controller/workspacetemplate/workspacetemplate_controller.go:214-267), and a WorkspaceRoleBinding must
 *   carry the workspace's label (pkg/models/iam/am/am.go:163-197);
 * - GlobalRoles and iam ClusterRoles come from the chart (templates/globalroles.yaml, clusterroles.yaml).
 * Kubernetes' own ClusterRoles (the RBAC bootstrap policy's user-facing roles) are listed as such.
 */
import type { PlanFile, PlanResource } from "../../engine/planFile";

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Kubernetes' default user-facing ClusterRoles (kubernetes plugin/pkg/auth/authorizer/rbac/bootstrappolicy/policy.go). */
export const KUBERNETES_CLUSTER_ROLES = ["cluster-admin", "admin", "edit", "view"] as const;

/** What KubeSphere creates on a cluster, from its rendered ks-core release. */
export interface KubeSphereRoles {
    /** Project roles: the Role's name and the namespace labels it needs. */
    readonly namespace: readonly { readonly name: string; readonly selector: Readonly<Record<string, string>> }[];
    /** Workspace roles: `<workspace>-<name>`. */
    readonly workspace: readonly string[];
    readonly global: readonly string[];
    readonly cluster: readonly string[];
}

/** The role table of one rendered ks-core release. */
export function kubesphereRoles(objects: readonly Obj[]): KubeSphereRoles {
    const builtin = objects.filter((o) => o.kind === "BuiltinRole");
    const scoped = (scope: string) => builtin.filter((b) => b.metadata?.labels?.["iam.kubesphere.io/scope"] === scope);
    return {
        namespace: scoped("namespace").map((b) => ({ name: String(b.role?.metadata?.name), selector: { ...(b.targetSelector?.matchLabels ?? {}) } })),
        workspace: scoped("workspace").map((b) => String(b.role?.metadata?.name)),
        global: objects.filter((o) => o.kind === "GlobalRole").map((o) => String(o.metadata.name)),
        cluster: objects.filter((o) => o.kind === "ClusterRole" && String(o.apiVersion).startsWith("iam.kubesphere.io/")).map((o) => String(o.metadata.name)),
    };
}

const IAM = "kubernetes:iam.kubesphere.io/v1beta1:";
const RBAC = "kubernetes:rbac.authorization.k8s.io/v1:";

/** The cluster a resource lives on: the component that owns its Kubernetes provider (its network). */
export function clusterOf(plan: PlanFile, r: PlanResource): string | undefined {
    const provider = plan.resources.find((p) => p.urn === r.provider);
    const owner = provider && plan.resources.find((c) => c.urn === provider.parent);
    return owner?.name;
}

/** Every binding of the plan whose role would not exist, as `<type> <name>: <why>`. `roles` by cluster. */
export function unresolvedBindings(plan: PlanFile, roles: Readonly<Record<string, KubeSphereRoles>>): string[] {
    const problems: string[] = [];
    const on = (cluster: string | undefined, type: string) => plan.resources.filter((r) => r.type === type && clusterOf(plan, r) === cluster);
    const named = (r: PlanResource) => String((r.inputs.metadata as Obj | undefined)?.name);
    for (const b of plan.resources.filter((r) => /(Role|ClusterRole|GlobalRole|WorkspaceRole)Binding$/.test(r.type))) {
        const cluster = clusterOf(plan, b);
        const ref = (b.inputs.roleRef ?? {}) as { kind?: string; name?: string };
        const meta = (b.inputs.metadata ?? {}) as Obj;
        const ks = cluster ? roles[cluster] : undefined;
        const where = `${b.type.split(":").pop()} ${meta.namespace ? `${meta.namespace}/` : ""}${meta.name} on ${cluster ?? "?"}`;
        const fail = (why: string) => problems.push(`${where}: ${ref.kind} ${ref.name} ${why}`);
        if (b.type === `${IAM}RoleBinding`) {
            const ns = on(cluster, "kubernetes:core/v1:Namespace").find((n) => named(n) === meta.namespace);
            const labels = ((ns?.inputs.metadata as Obj | undefined)?.labels ?? {}) as Record<string, string>;
            const declared = on(cluster, `${IAM}Role`).some((r) => named(r) === ref.name && (r.inputs.metadata as Obj).namespace === meta.namespace);
            const builtin = ks?.namespace.find((x) => x.name === ref.name);
            if (declared) continue;
            if (!ks) fail("cannot exist: no KubeSphere on the cluster");
            else if (!builtin) fail("is no project role KubeSphere creates");
            else if (!ns) fail(`needs namespace ${meta.namespace}, which the program does not declare there`);
            else if (!Object.entries(builtin.selector).every(([k, v]) => labels[k] === v)) fail(`is created only in namespaces labelled ${JSON.stringify(builtin.selector)}, and ${meta.namespace} is not`);
        } else if (b.type === `${IAM}WorkspaceRoleBinding`) {
            const workspace = meta.labels?.["kubesphere.io/workspace"] as string | undefined;
            const templates = on(cluster, "kubernetes:tenant.kubesphere.io/v1beta1:WorkspaceTemplate").map(named);
            if (!ks) fail("cannot exist: no KubeSphere on the cluster");
            else if (!workspace) fail("cannot be found: the binding has no kubesphere.io/workspace label");
            else if (!templates.includes(workspace)) fail(`needs WorkspaceTemplate ${workspace}, which the program does not declare there`);
            else if (!ks.workspace.some((r) => `${workspace}-${r}` === ref.name)) fail(`is no role KubeSphere creates for workspace ${workspace} (${ks.workspace.map((r) => `${workspace}-${r}`).join(", ")})`);
        } else if (b.type === `${IAM}GlobalRoleBinding`) {
            if (!ks?.global.includes(String(ref.name)) && !on(cluster, `${IAM}GlobalRole`).some((r) => named(r) === ref.name)) fail("is no GlobalRole of KubeSphere or the program");
        } else if (b.type === `${IAM}ClusterRoleBinding`) {
            if (!ks?.cluster.includes(String(ref.name)) && !on(cluster, `${IAM}ClusterRole`).some((r) => named(r) === ref.name)) fail("is no iam ClusterRole of KubeSphere or the program");
        } else if (b.type === `${RBAC}ClusterRoleBinding` || b.type === `${RBAC}RoleBinding`) {
            const declared =
                ref.kind === "ClusterRole"
                    ? on(cluster, `${RBAC}ClusterRole`).some((r) => named(r) === ref.name)
                    : on(cluster, `${RBAC}Role`).some((r) => named(r) === ref.name && (r.inputs.metadata as Obj).namespace === meta.namespace);
            if (!declared && !(ref.kind === "ClusterRole" && (KUBERNETES_CLUSTER_ROLES as readonly string[]).includes(String(ref.name)))) fail("is declared by neither the program nor Kubernetes");
        }
    }
    return problems;
}
