/**
 * A cluster's capacity, in one place: the loader checks the tenancy layout against it, the cluster components
 * export it, and the quota policy recomputes it from the node pools a stack declares. Pure.
 */
import { Allocatable, Shape, poolsAllocatable } from "./nodes";
import { PoolRole } from "./schema";

/** A cluster's kind (`platform:clusters.<network>.kind`). */
export type ClusterKind = "ack" | "selfManaged";

/**
 * Pool roles tenants' pods can land on, so their quotas must fit, by cluster kind. On ACK general pools only:
 * CI pools are tainted for build agents, and stateful pools, whose pods get Terway exclusive ENIs (where Terway
 * enforces no NetworkPolicy: terway docs/exclusive-eni-node-pool.md), are tainted for what must run there
 * (components/cluster/nodeLabels.ts). On a self-managed cluster (Calico enforces policies on every node) the
 * stateful pools count too.
 */
export const TENANT_POOL_ROLES: Readonly<Record<ClusterKind, readonly PoolRole[]>> = { ack: ["general"], selfManaged: ["general", "stateful"] };

/** What capacity needs of a pool. */
export interface CapacityPool {
    readonly role: PoolRole;
    readonly shape: Shape;
    readonly desiredSize?: number;
    readonly autoscaling?: { readonly min: number };
}

/** Nodes a pool is guaranteed to have: its fixed size, or its autoscaling minimum. */
export function guaranteedNodes(pool: Pick<CapacityPool, "desiredSize" | "autoscaling">): number {
    return pool.desiredSize ?? pool.autoscaling?.min ?? 0;
}

/** A cluster's allocatable capacity: all pools, and the share tenants can use ({@link TENANT_POOL_ROLES}). */
export interface ClusterCapacity {
    readonly total: Allocatable;
    /** What tenants' quotas must fit in. */
    readonly tenant: Allocatable;
}

/** Capacity from pool sizes times their shape, after the system reserve (config/nodes.ts). */
export function clusterCapacity(kind: ClusterKind, pools: readonly CapacityPool[]): ClusterCapacity {
    const sized = (ps: readonly CapacityPool[]) => poolsAllocatable(ps.map((p) => ({ nodes: guaranteedNodes(p), shape: p.shape })));
    return { total: sized(pools), tenant: sized(pools.filter((p) => TENANT_POOL_ROLES[kind].includes(p.role))) };
}
