import { Violation } from "./analyze";
import { PlanFile, PlanResource } from "./planFile";

/** The resource tree of a plan grouped by component, with counts, as `npm run plan` prints it. */
export function formatTree(plan: PlanFile): string {
    const children = new Map<string, PlanResource[]>();
    const stack = plan.resources.find((r) => r.type === "pulumi:pulumi:Stack");
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
    const total = plan.resources.filter((r) => r !== stack).length;
    lines.unshift(`Stack ${plan.stack} (project ${plan.project}): ${total} resources`);
    for (const r of roots) visit(r, 1);

    const byType = new Map<string, number>();
    for (const r of plan.resources) if (r !== stack && r.custom) byType.set(r.type, (byType.get(r.type) ?? 0) + 1);
    lines.push("", "Resources by type:");
    for (const [type, n] of [...byType].sort((a, b) => a[0].localeCompare(b[0]))) lines.push(`  ${String(n).padStart(4)}  ${type}`);
    return lines.join("\n");
}

/** The policy results: a count line, then each violation with its level, policy, resource and message. */
export function formatViolations(pack: string, violations: readonly Violation[]): string {
    const mandatoryCount = violations.filter((v) => v.enforcementLevel === "mandatory").length;
    const lines = [`Policies (${pack}): ${mandatoryCount} mandatory, ${violations.length - mandatoryCount} advisory violation(s)`];
    for (const v of violations) {
        lines.push(`  [${v.enforcementLevel}] ${v.policy}  ${v.urn}`);
        for (const line of v.message.split("\n")) lines.push(`      ${line}`);
    }
    return lines.join("\n");
}
