import { PoolSettings } from "../../config/load";
import { Allocatable, poolsAllocatable } from "../../config/nodes";

/** Nodes a pool is guaranteed to have: its fixed size, or its autoscaling minimum. */
export function guaranteedNodes(pool: Pick<PoolSettings, "desiredSize" | "autoscaling">): number {
    return pool.desiredSize ?? pool.autoscaling?.min ?? 0;
}

/** A cluster's allocatable capacity: all pools, and the share tenants can use (CI pools are tainted off). */
export interface ClusterCapacity {
    readonly total: Allocatable;
    /** general and stateful pools: what tenants' quotas must fit in. */
    readonly tenant: Allocatable;
}

/** Capacity from pool sizes times the standard shape, after the system reserve (config/nodes.ts). */
export function clusterCapacity(pools: readonly PoolSettings[]): ClusterCapacity {
    const sized = (ps: readonly PoolSettings[]) => poolsAllocatable(ps.map((p) => ({ nodes: guaranteedNodes(p), shape: p.shape })));
    return { total: sized(pools), tenant: sized(pools.filter((p) => p.role !== "ci")) };
}
