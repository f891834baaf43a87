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

/** A pool's taints: CI pools carry the dedicated taint; others none. */
export function poolTaints(role: PoolRole): { key: string; value: string; effect: string }[] {
    return role === "ci" ? [{ ...CI_TAINT }] : [];
}
