import * as fs from "fs";
import * as path from "path";
import { inheritedAliases } from "./aliases";
import { PlanFile } from "./planFile";
import { PROJECT_DIR } from "./run";

/**
 * The checked-in record of a stack's URNs (stacks/urns/<stack>.txt, one URN a line, sorted). Any rename or
 * re-parent changes a URN, which in a real stack is a delete plus a create: the record makes it visible in
 * review, and the tests fail on a URN that vanished without an alias pointing back at it.
 */
export function urnRecordPath(stack: string, projectDir: string = PROJECT_DIR): string {
    return path.join(projectDir, "stacks", "urns", `${stack}.txt`);
}

/** The record's text for a plan. */
export function urnRecordText(plan: PlanFile): string {
    return `${plan.resources.map((r) => r.urn).sort().join("\n")}\n`;
}

/** Reads a stack's record (empty when there is none yet). */
export function readUrnRecord(stack: string, projectDir?: string): string[] {
    const file = urnRecordPath(stack, projectDir);
    return fs.existsSync(file) ? fs.readFileSync(file, "utf8").split("\n").filter(Boolean) : [];
}

/** How a plan differs from its record. */
export interface UrnRecordCheck {
    /** URNs the plan has and the record does not: new resources (or renames). */
    readonly added: string[];
    /** URNs gone from the plan that no resource names as an alias: a delete, or a rename that loses the resource. */
    readonly removedWithoutAlias: string[];
    /** URNs gone from the plan that a resource keeps through an alias. */
    readonly renamedWithAlias: { readonly from: string; readonly to: string }[];
}

/** `urn:pulumi:<stack>::<project>::<qualified type>::<name>`, split. */
/** Compares a plan with its recorded URNs. */
export function checkUrnRecord(plan: PlanFile, recorded: readonly string[]): UrnRecordCheck {
    const current = new Set(plan.resources.map((r) => r.urn));
    const record = new Set(recorded);
    const aliasOf = new Map<string, string>();
    for (const [urn, aliases] of inheritedAliases(plan.resources)) for (const a of aliases) aliasOf.set(a, urn);
    const gone = recorded.filter((u) => !current.has(u));
    return {
        added: [...current].filter((u) => !record.has(u)).sort(),
        removedWithoutAlias: gone.filter((u) => !aliasOf.has(u)),
        renamedWithAlias: gone.filter((u) => aliasOf.has(u)).map((from) => ({ from, to: aliasOf.get(from)! })),
    };
}

/** A reader's explanation of a failed check, with what to do. */
export function explainUrnRecord(stack: string, check: UrnRecordCheck): string {
    const lines: string[] = [];
    if (check.removedWithoutAlias.length > 0) {
        lines.push(`stack ${stack}: resources gone from the plan with no alias pointing at them (a real update deletes them):`);
        for (const u of check.removedWithoutAlias) lines.push(`  - ${u}`);
        lines.push("  If this is a rename or a re-parent, add `aliases: [{ name: <old name>, parent: <old parent> }]` to the resource.");
        lines.push("  If the deletion is intended, run `npm run urns:update` and commit stacks/urns/ so reviewers see it.");
    }
    if (check.added.length > 0 || check.renamedWithAlias.length > 0) {
        lines.push(`stack ${stack}: the URN record is out of date (${check.added.length} new, ${check.renamedWithAlias.length} renamed with an alias): run \`npm run urns:update\`.`);
    }
    return lines.join("\n");
}
