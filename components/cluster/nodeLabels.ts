import { PLATFORM_LABEL_PREFIX } from "../../config/clusterRules";
import { PoolRole } from "../../config/schema";
import { Environment } from "../../config/topology";

/** Terway's node label that puts a pool's pods on exclusive ENIs (Terway >= 1.11; read at node creation only). */
export const EXCLUSIVE_ENI_LABEL = { key: "k8s.aliyun.com/exclusive-mode-eni-type", value: "eniOnly" } as const;

/** Node label keys the platform sets on every pool. */
export const NODE_LABELS = {
    environment: `${PLATFORM_LABEL_PREFIX}environment`,
    role: `${PLATFORM_LABEL_PREFIX}role`,
    pool: `${PLATFORM_LABEL_PREFIX}pool`,
} as const;

/** The taint that keeps everything but build agents off CI pools. */
export const CI_TAINT = { key: `${PLATFORM_LABEL_PREFIX}dedicated`, value: "ci", effect: "NoSchedule" } as const;

/**
 * The taint of stateful pools: their pods get Terway exclusive ENIs, on which Terway enforces no NetworkPolicy,
 * so a tenant pod landing there would run outside its project's default-deny policies. Only what tolerates it
 * runs there (the `tenant-off-exclusive-eni` policy holds tenants to that, unless exempted with a reason).
 */
export const STATEFUL_TAINT = { key: `${PLATFORM_LABEL_PREFIX}dedicated`, value: "stateful", effect: "NoSchedule" } as const;

/** A pool's node labels: the platform's (environment, role, pool), Terway's for stateful pools, then the settings'. */
export function poolLabels(environment: Environment, role: PoolRole, pool: string, extra: Readonly<Record<string, string>>): { key: string; value: string }[] {
    const labels = [
        { key: NODE_LABELS.environment, value: environment },
        { key: NODE_LABELS.role, value: role },
        { key: NODE_LABELS.pool, value: pool },
        ...(role === "stateful" ? [{ ...EXCLUSIVE_ENI_LABEL }] : []),
    ];
    return [...labels, ...Object.entries(extra).map(([key, value]) => ({ key, value }))];
}

/** A pool's taints: CI and stateful pools carry their dedicated taint; general pools none. */
export function poolTaints(role: PoolRole): { key: string; value: string; effect: string }[] {
    if (role === "ci") return [{ ...CI_TAINT }];
    if (role === "stateful") return [{ ...STATEFUL_TAINT }];
    return [];
}
