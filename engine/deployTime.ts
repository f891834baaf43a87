import type { DeployTime, PlanFile, PlanResource } from "./planTypes";

/** The deploy-time estimate's type lives in engine/planTypes.ts (with the plan file it is part of). */
export type { DeployTime };

/**
 * Typical creation time of each resource type in seconds (from ACK, CEN, NAS and Helm deployments of this
 * platform's size), for estimating a `pulumi up` from scratch. Types not listed take DEFAULT_SECONDS;
 * components and providers take none.
 */
export const CREATION_SECONDS: Readonly<Record<string, number>> = {
    "alicloud:cs/managedKubernetes:ManagedKubernetes": 720,
    "alicloud:cs/nodePool:NodePool": 360,
    "alicloud:cs/kubernetesAddon:KubernetesAddon": 90,
    "alicloud:cen/instance:Instance": 15,
    "alicloud:cen/transitRouter:TransitRouter": 120,
    "alicloud:cen/transitRouterVpcAttachment:TransitRouterVpcAttachment": 180,
    "alicloud:cen/transitRouterRouteTable:TransitRouterRouteTable": 20,
    "alicloud:cen/transitRouterRouteTableAssociation:TransitRouterRouteTableAssociation": 30,
    "alicloud:cen/transitRouterRouteTablePropagation:TransitRouterRouteTablePropagation": 30,
    "alicloud:vpc/network:Network": 10,
    "alicloud:vpc/switch:Switch": 10,
    "alicloud:vpc/natGateway:NatGateway": 60,
    "alicloud:ecs/eipAddress:EipAddress": 10,
    "alicloud:ecs/eipAssociation:EipAssociation": 10,
    "alicloud:vpc/snatEntry:SnatEntry": 10,
    "alicloud:vpc/routeEntry:RouteEntry": 15,
    "alicloud:nas/fileSystem:FileSystem": 60,
    "alicloud:nas/mountTarget:MountTarget": 60,
    "alicloud:oss/bucket:Bucket": 5,
    "alicloud:ecs/instance:Instance": 90,
    // KubeKey building a cluster (a remote command's default; see QUICK_COMMANDS)
    "command:remote:Command": 900,
    "kubernetes:helm.sh/v3:Release": 240,
    // waited for (pulumi.com/waitFor): a member's Cluster until the host has installed ks-core there; an
    // InstallPlan until its releases (and the agents it waits for) are installed, the host's executor Job per release
    "kubernetes:cluster.kubesphere.io/v1alpha1:Cluster": 300,
    "kubernetes:kubesphere.io/v1alpha1:InstallPlan": 420,
    // a PrivateZone's VPC binding, a CLB ACL and server certificate: seconds; an RSA 4096 key a few
    "alicloud:pvtz/zoneAttachment:ZoneAttachment": 15,
    "alicloud:slb/serverCertificate:ServerCertificate": 5,
    "tls:index/privateKey:PrivateKey": 2,
};
export const DEFAULT_SECONDS = 5;

/**
 * Remote commands of a self-managed cluster that are not a KubeKey run (components/cluster/
 * selfManagedCluster.ts): copying the node key and reading the kubeconfig back take seconds, preparing an IDC
 * host (KubeKey's packages, the CA) about two minutes.
 */
const QUICK_COMMANDS = /-(node-key|kubeconfig)$/;
const PREPARE_COMMAND = /-prepare-/;

/** Seconds a resource takes to create. */
export function creationSeconds(r: Pick<PlanResource, "type" | "custom"> & { readonly name?: string }): number {
    if (!r.custom || r.type.startsWith("pulumi:")) return 0;
    if (r.type === "command:remote:Command" && r.name && QUICK_COMMANDS.test(r.name)) return 10;
    if (r.type === "command:remote:Command" && r.name && PREPARE_COMMAND.test(r.name)) return 120;
    return CREATION_SECONDS[r.type] ?? DEFAULT_SECONDS;
}

const CLUSTER_TYPES = new Set(["platform:cluster:AckCluster", "platform:cluster:SelfManagedCluster"]);

/** The cluster component a resource belongs to: an ancestor, or the owner of the provider it uses. */
export function clusterOf(r: PlanResource, byUrn: ReadonlyMap<string, PlanResource>): string | undefined {
    for (let at: PlanResource | undefined = r; at; at = at.parent ? byUrn.get(at.parent) : undefined) {
        if (CLUSTER_TYPES.has(at.type)) return at.name;
        const provider: PlanResource | undefined = at.provider ? byUrn.get(at.provider) : undefined;
        if (provider && provider !== at) {
            const owner = clusterOf(provider, byUrn);
            if (owner) return owner;
        }
    }
    return undefined;
}

/** {@link deployTime} of a whole plan, with the chain of each cluster. */
export function planDeployTime(plan: Pick<PlanFile, "resources">): DeployTime {
    const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
    const clusters = [...new Set(plan.resources.map((r) => clusterOf(r, byUrn)).filter((c): c is string => !!c))].sort();
    const clusterChains = Object.fromEntries(
        clusters.map((c) => [c, deployTime(plan, (r) => [c, undefined].includes(clusterOf(r, byUrn))).criticalPathSeconds]),
    );
    return { ...deployTime(plan), clusterChains };
}

/**
 * The longest weighted chain of dependencies (a resource starts when everything it depends on is created; a
 * component's children wait for what the component depends on, through their own dependencies).
 */
export function deployTime(plan: Pick<PlanFile, "resources">, filter: (r: PlanResource) => boolean = () => true): DeployTime {
    // a chain only runs through resources the filter keeps: with a cluster's filter, its own chain
    const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
    const finish = new Map<string, { seconds: number; via?: string }>();
    const visiting = new Set<string>();
    const visit = (urn: string): number => {
        const known = finish.get(urn);
        if (known) return known.seconds;
        const r = byUrn.get(urn);
        if (!r || visiting.has(urn) || !filter(r)) return 0;
        visiting.add(urn);
        let start = 0;
        let via: string | undefined;
        // a resource also waits for its provider (a cluster's k8s provider waits for the cluster)
        for (const dep of r.provider ? [...r.dependencies, r.provider] : r.dependencies) {
            const f = visit(dep);
            if (f > start) [start, via] = [f, dep];
        }
        visiting.delete(urn);
        const seconds = start + creationSeconds(r);
        finish.set(urn, { seconds, via });
        return seconds;
    };
    let end: string | undefined;
    let longest = 0;
    for (const r of plan.resources.filter(filter)) {
        const f = visit(r.urn);
        if (f > longest) [longest, end] = [f, r.urn];
    }
    const path: { urn: string; seconds: number }[] = [];
    for (let at = end; at; at = finish.get(at)?.via) {
        const seconds = creationSeconds(byUrn.get(at)!);
        if (seconds > 0) path.unshift({ urn: at, seconds });
    }
    const totalSeconds = plan.resources.filter(filter).reduce((n, r) => n + creationSeconds(r), 0);
    return { criticalPathSeconds: longest, totalSeconds, criticalPath: path };
}

/** `1h 02m 05s`-style duration. */
export function formatSeconds(seconds: number): string {
    const h = Math.floor(seconds / 3600);
    const m = Math.floor((seconds % 3600) / 60);
    const s = seconds % 60;
    return h > 0 ? `${h}h ${String(m).padStart(2, "0")}m ${String(s).padStart(2, "0")}s` : `${m}m ${String(s).padStart(2, "0")}s`;
}

/** The deploy-time lines `npm run plan` prints. */
export function formatDeployTime(d: DeployTime): string {
    const lines = [
        `Deploy time from scratch (estimate): critical path ${formatSeconds(d.criticalPathSeconds)}, sum of all creations ${formatSeconds(d.totalSeconds)}`,
    ];
    for (const step of d.criticalPath) lines.push(`  ${formatSeconds(step.seconds).padStart(8)}  ${step.urn.split("::").slice(2).join("::")}`);
    const chains = Object.entries(d.clusterChains ?? {});
    if (chains.length > 0) {
        const longest = Math.max(...chains.map(([, s]) => s));
        lines.push(`  cluster chains: ${chains.map(([c, s]) => `${c} ${formatSeconds(s)}`).join(", ")}; critical path / longest cluster chain = ${(d.criticalPathSeconds / longest).toFixed(2)}`);
    }
    return lines.join("\n");
}

/**
 * The deploy estimate of a change: the longest chain through what it creates or replaces (a replacement is a
 * creation, for the time), the rest being there already; beside it, the plan's from-scratch figure.
 */
export function changeDeployTime(head: Pick<PlanFile, "resources">, changes: readonly { readonly urn: string; readonly kind: string }[]): DeployTime {
    const made = new Set(changes.filter((c) => c.kind === "create" || c.kind === "replace").map((c) => c.urn));
    return deployTime(head, (r) => made.has(r.urn));
}
