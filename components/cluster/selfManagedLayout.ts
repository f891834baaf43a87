/**
 * Which ECS instances a self-managed cluster has: names, roles and zones. Pure; the component declares one
 * instance per entry. Names are resource names, hostnames and Kubernetes node names at once: renaming one
 * replaces a node.
 */
import { ClusterSettings, PoolSettings } from "../../config/load";
import { Allocatable, poolsAllocatable } from "../../config/nodes";

/** One node of a self-managed cluster. */
export interface SelfManagedNode {
    /** `<cluster>-cp-<i>` or `<cluster>-<pool>-<i>`. */
    readonly name: string;
    readonly role: "control-plane" | "worker";
    /** The pool of a worker. */
    readonly pool?: PoolSettings;
    readonly zone: string;
    readonly instanceType: string;
}

/** The part of a cluster's settings the layout reads. */
export type LayoutSettings = Pick<ClusterSettings, "network" | "kind" | "pools" | "selfManaged">;

/**
 * The problems that stop a cluster's layout, each a sentence (empty when there are none): a self-managed
 * block, a fixed size per pool, a node vSwitch in every zone used, and pool names that leave `cp` to the
 * control planes.
 */
export function layoutProblems(cluster: LayoutSettings, zonesWithVswitch: readonly string[]): string[] {
    const problems: string[] = [];
    if (cluster.kind !== "selfManaged" || !cluster.selfManaged) problems.push(`the ${cluster.network} cluster is not kind selfManaged with a selfManaged block`);
    if (!cluster.pools.some((p) => p.role === "general")) problems.push("no general pool (the control planes take its instance type)");
    for (const pool of cluster.pools) {
        if (pool.name === "cp") problems.push('a pool is named "cp", the control planes\' name');
        if (pool.desiredSize === undefined) problems.push(`pool ${pool.name} has no desiredSize (self-managed pools do not autoscale)`);
        for (const zone of pool.zones.filter((z) => !zonesWithVswitch.includes(z))) problems.push(`pool ${pool.name} spans ${zone}, which has no node vSwitch`);
    }
    if (zonesWithVswitch.length === 0) problems.push("no node vSwitch");
    return problems;
}

/**
 * The nodes of a cluster: the control planes spread round-robin over `zones` (the network's zones, in order)
 * with the first general pool's instance type, then each pool's workers spread round-robin over its zones.
 */
export function selfManagedNodes(name: string, cluster: LayoutSettings, zones: readonly string[]): SelfManagedNode[] {
    const problems = layoutProblems(cluster, zones);
    if (problems.length > 0) throw new Error(`SelfManagedCluster ${name}: ${problems.join("; ")}`);
    const general = cluster.pools.find((p) => p.role === "general")!;
    const controlPlanes = Array.from({ length: cluster.selfManaged!.controlPlaneCount }, (_, i): SelfManagedNode => ({
        name: `${name}-cp-${i}`,
        role: "control-plane",
        zone: zones[i % zones.length],
        instanceType: general.instanceType,
    }));
    const workers = cluster.pools.flatMap((pool) =>
        Array.from({ length: pool.desiredSize ?? 0 }, (_, i): SelfManagedNode => ({
            name: `${name}-${pool.name}-${i}`,
            role: "worker",
            pool,
            zone: pool.zones[i % pool.zones.length],
            instanceType: pool.instanceType,
        })),
    );
    return [...controlPlanes, ...workers];
}

/** What the workers offer to pods (control planes are tainted off), after the system reserve. */
export function workersAllocatable(pools: readonly PoolSettings[]): Allocatable {
    return poolsAllocatable(pools.map((p) => ({ nodes: p.desiredSize ?? 0, shape: p.shape })));
}

/** A node of a self-managed cluster as the rest of the component sees it, on ECS or an IDC host. */
export interface NodeOfCluster {
    readonly name: string;
    readonly role: "control-plane" | "worker";
    /** The pool of a worker. */
    readonly pool?: PoolSettings;
}

/** An IDC's existing host, as a node: its settings' name, role and pool, and its address. */
export interface IdcNode extends NodeOfCluster {
    readonly address: string;
}

/**
 * The nodes of an IDC cluster, from its settings' hosts (control planes first, as KubeKey lists them). The
 * settings' rules (config/clusterRules.ts) hold the counts to controlPlaneCount and each pool's desiredSize.
 */
export function idcNodes(name: string, cluster: LayoutSettings): IdcNode[] {
    const hosts = cluster.selfManaged?.hosts ?? [];
    if (hosts.length === 0) throw new Error(`SelfManagedCluster ${name}: an IDC cluster (fabric ${cluster.selfManaged?.fabric}) needs its hosts in the settings`);
    const node = (h: (typeof hosts)[number]): IdcNode => {
        if (h.role === "control-plane") return { name: h.name, role: "control-plane", address: h.address };
        const pool = cluster.pools.find((p) => p.name === h.role);
        if (!pool) throw new Error(`SelfManagedCluster ${name}: host ${h.name} names pool ${h.role}, which the cluster does not have`);
        return { name: h.name, role: "worker", pool, address: h.address };
    };
    return [...hosts.filter((h) => h.role === "control-plane"), ...hosts.filter((h) => h.role !== "control-plane")].map(node);
}
