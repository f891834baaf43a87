import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { Pack, Violation } from "./analyze";
import { UsageError } from "./cli/exit";
import { planDeployTime } from "./deployTime";
import { planFileReport } from "./planFileSchema";
import type { PlanFile, PlanResource } from "./planTypes";
import { RecordedResource } from "./recorder";
import { redact } from "./serialized";

/** The plan-file contract's types live in engine/planTypes.ts; re-exported for the modules that read and write plans. */
export type { PlanFile, PlanResource };

/** The plan of a run: redacted resources, redacted outputs, the pack's verdict. */
export function buildPlan(
    project: string,
    stack: string,
    recorded: readonly RecordedResource[],
    pack: Pack,
    violations: Violation[],
    exemptions: readonly { readonly policy: string; readonly urn: string }[] = [],
): PlanFile {
    const stackResource = recorded.find((r) => r.type === "pulumi:pulumi:Stack");
    const outputs = redact(stackResource?.wireState ?? {});
    const plan = {
        stack,
        project,
        // registration order follows promise timing; URN order is stable across runs and machines
        resources: [...recorded].sort((a, b) => a.urn.localeCompare(b.urn)).map((r) => {
            const inputs = redact(withProviderDigest(r.wireInputs));
            const propertyDependencies = Object.fromEntries(
                Object.entries(r.propertyDependencies)
                    .filter(([, urns]) => urns.length > 0)
                    .sort(([a], [b]) => a.localeCompare(b))
                    .map(([key, urns]) => [key, [...urns].sort()]),
            );
            return {
                urn: r.urn,
                type: r.type,
                name: r.name,
                ...(r.parent ? { parent: r.parent } : {}),
                ...(r.provider ? { provider: r.provider } : {}),
                custom: r.custom,
                dependencies: [...r.dependencies],
                ...(Object.keys(propertyDependencies).length > 0 ? { propertyDependencies } : {}),
                protect: r.protect,
                inputs: inputs.value as Record<string, unknown>,
                secretInputs: inputs.secretPaths,
                ...(r.aliases.length > 0 ? { aliases: [...r.aliases] } : {}),
            };
        }),
        outputs: outputs.value as Record<string, unknown>,
        secretOutputs: outputs.secretPaths,
        policies: { pack: `${pack.name}@${pack.version}`, violations, ...(exemptions.length > 0 ? { exemptions: [...exemptions] } : {}) },
    };
    return { ...plan, deploy: planDeployTime(plan) };
}

/**
 * A dynamic resource's `__provider` input is its provider's serialized code (tens of KiB): plans keep a
 * digest of it, so that a change of the provider's code still shows in a diff.
 */
function withProviderDigest(inputs: Record<string, unknown>): Record<string, unknown> {
    const code = inputs.__provider;
    if (typeof code !== "string") return inputs;
    return { ...inputs, __provider: `[dynamic provider code, sha256:${createHash("sha256").update(code).digest("hex").slice(0, 16)}]` };
}

/** How many of a plan file's problems a message lists. */
const LISTED_PROBLEMS = 20;

/**
 * Reads a plan file and checks it against the contract (engine/planFileSchema.ts). A file that is missing, not
 * JSON, not a plan or a plan with problems is a {@link UsageError} naming the file (and each problem's JSON path).
 */
export function readPlan(file: string): PlanFile {
    const make = "make one with npm run plan -- --json FILE";
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        throw new UsageError(code === "ENOENT" ? `${file}: no such plan file (${make})` : `${file}: cannot read the plan file (${(err as Error).message})`);
    }
    let parsed: unknown;
    try {
        parsed = JSON.parse(text);
    } catch (err) {
        throw new UsageError(`${file} is not a plan file: not JSON (${(err as Error).message.replace(/\s*\n\s*/g, " ").trim()}); ${make}`);
    }
    const p = parsed as Partial<PlanFile> | null;
    if (p === null || typeof p !== "object" || Array.isArray(p) || (typeof p.stack !== "string" && !Array.isArray(p.resources))) {
        throw new UsageError(`${file} is not a plan file (no "stack" or "resources"); ${make}`);
    }
    const report = planFileReport(parsed);
    if (report.count > 0) {
        const count = report.count === 1 ? "1 problem" : `${report.count} problems`;
        const listed = report.lines.slice(0, LISTED_PROBLEMS).map((line) => `  ${line}`);
        if (report.lines.length > LISTED_PROBLEMS) listed.push(`  ... and ${report.lines.length - LISTED_PROBLEMS} more`);
        if (report.olderVersion) {
            const stack = typeof p.stack === "string" ? p.stack : "<stack>";
            listed.push(`  ${report.olderVersion} (npm run plan -- --stack ${stack} --json ${file})`);
        }
        throw new UsageError([`${file} is not a valid plan file (${count}; the contract is in the README, "The plan file"; ${make}):`, ...listed].join("\n"));
    }
    return parsed as PlanFile;
}

/** Writes a plan file, creating its folder. */
export function writePlan(file: string, plan: PlanFile): void {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    fs.writeFileSync(file, `${JSON.stringify(plan, null, 2)}\n`);
}

/** Mandatory violations: the ones that block an update. */
export function mandatory(violations: readonly Violation[]): Violation[] {
    return violations.filter((v) => v.enforcementLevel === "mandatory");
}
