import { EXCLUSIVE_ENI_LABEL, NODE_LABELS, STATEFUL_TAINT } from "../components/cluster/nodeLabels";
import { loadTenancySettings } from "../config/tenancy";
import { reservedNamespaces } from "../config/tenancyRules";
import { workloadPolicy } from "./kubernetes";

/** Where tenants' pods may not land: the exclusive-ENI (stateful) nodes of ACK clusters. */

type Toleration = { key?: string; operator?: string; value?: string; effect?: string };
type Requirement = { key?: string; operator?: string; values?: string[] };

/** Whether a toleration lets a pod onto nodes with `taint` (the scheduler's rule: Exists with no key tolerates every taint). */
export function tolerates(t: Toleration, taint: { key: string; value: string; effect: string }): boolean {
    if (t.effect && t.effect !== taint.effect) return false;
    if ((t.operator ?? "Equal") === "Exists") return !t.key || t.key === taint.key;
    return t.key === taint.key && t.value === taint.value;
}

/** The node labels that mark exclusive-ENI nodes: Terway's, and the platform's stateful role. */
const EXCLUSIVE_NODE_LABELS: readonly { key: string; value: string }[] = [EXCLUSIVE_ENI_LABEL, { key: NODE_LABELS.role, value: STATEFUL_TAINT.value }];

/** Whether a node requirement asks for exclusive-ENI nodes. */
function selectsExclusive(r: Requirement): boolean {
    return EXCLUSIVE_NODE_LABELS.some((l) => r.key === l.key && (r.operator === "Exists" || (r.operator === "In" && (r.values ?? []).includes(l.value))));
}

let reserved: ReturnType<typeof reservedNamespaces> | undefined;

/**
 * Tenants stay off exclusive-ENI nodes: Terway enforces no NetworkPolicy for pods on exclusive ENIs, so a
 * tenant pod there would run outside its project's default-deny policies. Stateful pools are tainted
 * (STATEFUL_TAINT); a workload outside the platform's namespaces that tolerates the taint or selects those
 * nodes is a violation unless exempted, with its reason, in the pack's configuration.
 */
export const tenantOffExclusiveEni = workloadPolicy({
    name: "tenant-off-exclusive-eni",
    description: "Tenant workloads do not run on Terway exclusive-ENI (stateful) nodes, where their project's network policies are not enforced, unless exempted with a reason.",
    enforcementLevel: "mandatory",
    check: (w, _config, report) => {
        reserved ??= reservedNamespaces(loadTenancySettings());
        const r = reserved;
        if (r.names.has(w.namespace) || r.prefixes.some((p) => w.namespace.startsWith(p))) return;
        (w.pod.tolerations ?? []).forEach((t, i) => {
            if (!tolerates(t, STATEFUL_TAINT)) return;
            report({
                field: `${w.podPath}.tolerations[${i}]`,
                expected: `no toleration of ${STATEFUL_TAINT.key}=${STATEFUL_TAINT.value}:${STATEFUL_TAINT.effect} (exclusive-ENI nodes enforce no NetworkPolicy)`,
                found: JSON.stringify(t),
                fix: "remove the toleration (an operator: Exists without a key tolerates every taint); if the workload must run there, request an exemption with its reason",
            });
        });
        const selector = (w.pod.nodeSelector ?? {}) as Record<string, string>;
        for (const l of EXCLUSIVE_NODE_LABELS.filter((x) => selector[x.key] === x.value)) {
            report({ field: `${w.podPath}.nodeSelector`, expected: "no selection of exclusive-ENI nodes", found: `${l.key}: ${l.value}`, fix: "select general nodes, or request an exemption with its reason" });
        }
        const terms = (w.pod.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? []) as { matchExpressions?: Requirement[] }[];
        terms.forEach((term, i) => {
            for (const e of (term.matchExpressions ?? []).filter(selectsExclusive)) {
                report({
                    field: `${w.podPath}.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[${i}]`,
                    expected: "no requirement of exclusive-ENI nodes",
                    found: JSON.stringify(e),
                    fix: "select general nodes, or request an exemption with its reason",
                });
            }
        });
    },
});

