import { PlanDiff, formatDiffMarkdown } from "./diff";
import { PlanFile } from "./planFile";
import { topologyMermaid } from "./topology";
import { changeDeployTime, formatSeconds, planDeployTime } from "./deployTime";

/** One stack's part of the merge-request report. */
export interface StackReport {
    readonly diff: PlanDiff;
    /** The plan of the merge request's head, for its policy results and topology. */
    readonly head: PlanFile;
}

/** The dangerous changes of a diff. */
export function dangerousChanges(diff: PlanDiff) {
    return diff.changes.filter((c) => c.danger);
}

/** The label (or `[ack-dangerous]` marker in the description) a merge request carries to acknowledge dangerous changes. */
export const ACK_LABEL = "dangerous-change-acknowledged";
/** The marker in a merge request's description that acknowledges its dangerous changes, where labels cannot be set. */
export const ACK_MARKER = "[ack-dangerous]";
/** What acknowledged a merge request's dangerous changes: its label, or the marker in its description. */
export type Acknowledgement = "label" | "marker";

/** How to acknowledge: both ways, as a reviewer can use either. */
export const ACK_HINT = `the label \`${ACK_LABEL}\` or the marker \`${ACK_MARKER}\` in its description`;

/**
 * The merge-request note: per stack the summary, the dangerous changes and whether they are acknowledged,
 * the policy results, the changes grouped by component, and the topology in Mermaid. No secret value
 * appears: plans hold none, and the diff shows secret inputs by path only.
 */
export function mergeRequestReport(stacks: readonly StackReport[], opts: { acknowledged: boolean; by?: Acknowledgement }): string {
    const out: string[] = ["## Platform plan", ""];
    for (const { diff, head } of stacks) {
        out.push(formatDiffMarkdown(diff), "");
        // what this change costs to apply, beside a deploy from scratch
        const change = changeDeployTime(head, diff.changes);
        if (change.criticalPathSeconds > 0) {
            const scratch = head.deploy ?? planDeployTime(head);
            out.push(
                `**Deploy estimate of this change:** ${formatSeconds(change.criticalPathSeconds)} on its critical path (what it creates or replaces; ` +
                    `${formatSeconds(change.totalSeconds)} in all), against ${formatSeconds(scratch.criticalPathSeconds)} from scratch.`,
                "",
            );
        }
        const danger = dangerousChanges(diff);
        if (danger.length > 0) {
            out.push(
                opts.acknowledged
                    ? `**Dangerous changes (acknowledged with ${opts.by === "marker" ? `the marker \`${ACK_MARKER}\` in the description` : `the label \`${ACK_LABEL}\``}):**`
                    : `**Dangerous changes: this merge request is blocked until it carries ${ACK_HINT}.**`,
                "",
            );
            for (const c of danger) out.push(`- \`${c.kind}\` \`${c.type}\` **${c.name}**: ${c.danger}`);
            out.push("");
        }
        const violations = head.policies.violations;
        const mandatory = violations.filter((v) => v.enforcementLevel === "mandatory").length;
        out.push(`**Policies** (${head.policies.pack}): ${mandatory} mandatory, ${violations.length - mandatory} advisory`, "");
        for (const v of violations) out.push(`- \`${v.enforcementLevel}\` \`${v.policy}\` ${v.message.split("\n").slice(-1)[0]}`);
        if (violations.length > 0) out.push("");
        // an exemption is never silent: what app teams' exemptions (policies/config.json) kept out
        const exempted = head.policies.exemptions ?? [];
        if (exempted.length > 0) {
            out.push(`**Exempted** by app teams' exemptions (\`teamExemptions\` in policies/config.json): ${exempted.length}`, "");
            for (const e of exempted) out.push(`- \`${e.policy}\` ${e.urn.split("::").pop()}`);
            out.push("");
        }
        out.push(`<details><summary>Topology of ${head.stack}</summary>`, "", topologyMermaid(head, diff), "", "</details>", "");
    }
    return out.join("\n").trimEnd() + "\n";
}

/** True when a gate on the report must fail: a dangerous change that nobody acknowledged. */
export function gateFails(stacks: readonly StackReport[], opts: { acknowledged: boolean }): boolean {
    return !opts.acknowledged && stacks.some((s) => dangerousChanges(s.diff).length > 0);
}
