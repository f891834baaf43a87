import { Violation } from "./analyze";
import { PlanFile, PlanResource } from "./planFile";

const STACK_TYPE = "pulumi:pulumi:Stack";

/**
 * The number of resources a plan declares: every registration but the stack itself, which Pulumi creates for
 * any program. The one count every output of the engine prints (tree, summary, verdict, bench).
 */
export function resourceCount(plan: Pick<PlanFile, "resources">): number {
    return plan.resources.filter((r) => r.type !== STACK_TYPE).length;
}

/** The header line of a plan's printout. */
function headline(plan: PlanFile): string {
    return `Stack ${plan.stack} (project ${plan.project}): ${resourceCount(plan)} resources`;
}

/** Resource counts by type (custom resources only: components are counted in the component table). */
function typeTable(plan: PlanFile): string[] {
    const byType = new Map<string, number>();
    for (const r of plan.resources) if (r.type !== STACK_TYPE && r.custom) byType.set(r.type, (byType.get(r.type) ?? 0) + 1);
    const lines = ["Resources by type:"];
    for (const [type, n] of [...byType].sort((a, b) => a[0].localeCompare(b[0]))) lines.push(`  ${String(n).padStart(4)}  ${type}`);
    return lines;
}

/** How many names a summary line lists before it says how many more there are. */
const NAMES_SHOWN = 4;

/**
 * What `npm run plan` prints by default: the count, then the top-level components by type (the components
 * and every resource under them, how many components, their names), then the counts by resource type.
 * `--tree` prints {@link formatTree} instead.
 */
export function formatSummary(plan: PlanFile): string {
    const stack = plan.resources.find((r) => r.type === STACK_TYPE);
    const children = new Map<string, PlanResource[]>();
    for (const r of plan.resources) {
        if (r === stack) continue;
        const parent = r.parent ?? "";
        children.set(parent, [...(children.get(parent) ?? []), r]);
    }
    const size = (r: PlanResource): number => 1 + (children.get(r.urn) ?? []).reduce((n, c) => n + size(c), 0);
    const roots = [...(stack ? (children.get(stack.urn) ?? []) : []), ...(children.get("") ?? [])];
    const byType = new Map<string, PlanResource[]>();
    for (const r of roots) byType.set(r.type, [...(byType.get(r.type) ?? []), r]);
    const lines = [headline(plan), "By component (each count: the components and every resource under them):"];
    for (const [type, rs] of [...byType].sort((a, b) => a[0].localeCompare(b[0]))) {
        const names = rs.map((r) => r.name).sort();
        const shown = names.length > NAMES_SHOWN ? `${names.slice(0, NAMES_SHOWN).join(", ")} and ${names.length - NAMES_SHOWN} more` : names.join(", ");
        lines.push(`  ${String(rs.reduce((n, r) => n + size(r), 0)).padStart(4)}  ${type} x${rs.length}: ${shown}`);
    }
    lines.push("", ...typeTable(plan), "", "(npm run plan -- --tree prints every resource under its component, with its protection and secret inputs)");
    return lines.join("\n");
}

/**
 * The last line of every plan: stack, resources, violations, and what the exit code means, so a person
 * (or a CI log reader) needs no other line to know the outcome.
 */
export function formatVerdict(plan: PlanFile): string {
    const mandatoryCount = plan.policies.violations.filter((v) => v.enforcementLevel === "mandatory").length;
    const advisoryCount = plan.policies.violations.filter((v) => v.enforcementLevel === "advisory").length;
    const outcome =
        mandatoryCount > 0
            ? "exit 1: a mandatory policy is violated, pulumi preview/up with the pack would refuse this change"
            : `exit 0: no mandatory violation${advisoryCount > 0 ? " (advisory ones are reported, not enforced)" : ""}`;
    return `Plan of ${plan.stack}: ${resourceCount(plan)} resources, ${mandatoryCount} mandatory and ${advisoryCount} advisory violation(s); ${outcome}`;
}

/** The resource tree of a plan grouped by component, with counts, as `npm run plan` prints it. */
export function formatTree(plan: PlanFile): string {
    const children = new Map<string, PlanResource[]>();
    const stack = plan.resources.find((r) => r.type === STACK_TYPE);
    for (const r of plan.resources) {
        if (r === stack) continue;
        const parent = r.parent ?? "";
        children.set(parent, [...(children.get(parent) ?? []), r]);
    }
    const count = (urn: string): number => (children.get(urn) ?? []).reduce((n, c) => n + 1 + count(c.urn), 0);
    const lines: string[] = [];
    const visit = (r: PlanResource, depth: number) => {
        const pad = "  ".repeat(depth);
        const kids = children.get(r.urn) ?? [];
        const flags = [r.protect ? "protected" : "", r.secretInputs.length > 0 ? `secret: ${r.secretInputs.join(", ")}` : ""].filter(Boolean);
        const suffix = kids.length > 0 ? ` (${count(r.urn)} resources)` : "";
        lines.push(`${pad}${r.type} ${r.name}${suffix}${flags.length ? `  [${flags.join("; ")}]` : ""}`);
        for (const k of kids) visit(k, depth + 1);
    };
    const roots = [...(stack ? (children.get(stack.urn) ?? []) : []), ...(children.get("") ?? [])];
    lines.unshift(headline(plan));
    for (const r of roots) visit(r, 1);
    lines.push("", ...typeTable(plan));
    return lines.join("\n");
}

/** The policy results: a count line, each violation with its level, policy, resource and message, then what app teams' exemptions kept out. */
export function formatViolations(pack: string, violations: readonly Violation[], exemptions: readonly { policy: string; urn: string }[] = []): string {
    const mandatoryCount = violations.filter((v) => v.enforcementLevel === "mandatory").length;
    const lines = [`Policies (${pack}): ${mandatoryCount} mandatory, ${violations.length - mandatoryCount} advisory violation(s)`];
    for (const v of violations) {
        lines.push(`  [${v.enforcementLevel}] ${v.policy}  ${v.urn}`);
        for (const line of v.message.split("\n")) lines.push(`      ${line}`);
    }
    if (exemptions.length > 0) {
        lines.push(`  exempted by app teams' exemptions (teamExemptions of the policy configuration): ${exemptions.length}`);
        for (const e of exemptions) lines.push(`  [exempted] ${e.policy}  ${e.urn}`);
    }
    return lines.join("\n");
}
