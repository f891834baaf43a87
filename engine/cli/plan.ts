// npm run plan -- [--stack STACK] [--json FILE] [--reference PLAN.json] [--policy-config FILE] [--tree] [--quiet]
import * as path from "path";
import { formatDeployTime } from "../deployTime";
import { formatSummary, formatTree, formatVerdict, formatViolations } from "../format";
import { DetailedPlan, planStackDetailed } from "../plan";
import { PlanFile, mandatory, readPlan, writePlan } from "../planFile";
import { PROJECT_DIR } from "../run";
import { applyRuntimeFlags } from "../runtimeFlags";
import { listStacks, stacksReadBy } from "../stackConfig";
import { parseArgs } from "./args";
import { EXIT, UsageError, reportError } from "./exit";
import { checkOutputFile } from "./outputFile";

/** `<idc|nonprod|prod>`: the stacks the project has (its Pulumi.<stack>.yaml files), for a usage line; STACK if none are read. */
export function stackChoice(projectDir = PROJECT_DIR): string {
    let stacks: string[] = [];
    try {
        stacks = listStacks(projectDir);
    } catch {
        // an unreadable project folder: the usage says it generically; planning reports the folder itself
    }
    return stacks.length > 0 ? `<${stacks.join("|")}>` : "STACK";
}

/** The usage, with the stacks the project has. */
export function planUsage(projectDir = PROJECT_DIR): string {
    return `usage: npm run plan -- [--stack ${stackChoice(projectDir)}] [--json FILE] [--reference PLAN.json] [--policy-config FILE] [--tree] [--quiet]
  --stack          the stack to plan, one with a Pulumi.<stack>.yaml file (default: nonprod)
  --json           write the plan file (the contract in the README) to FILE, creating its folder
  --reference      a plan of another stack to answer StackReferences from (else it is planned first)
  --policy-config  the pack's configuration (pulumi preview --policy-pack-config format); defaults otherwise
  --tree           print every resource under its component (default: a summary by component and type)
  --quiet          print only the policy violations and the verdict line (and errors)
exit: 0 no mandatory violation, 1 a mandatory violation, 2 invalid settings or usage, 3 a failure`;
}

/** Where the command writes: the process's streams, or a test's buffers. */
export interface CommandIO {
    stdout(text: string): void;
    stderr(text: string): void;
}

/** What only a caller in code can ask of the command (the test suite's plan cache). */
export interface PlanCommandExtras {
    /** Another program than index.ts (a test fixture). */
    readonly program?: string;
    /** Receives the plan with the resources as the analyzer saw them. */
    readonly onPlanned?: (detailed: DetailedPlan) => void;
}

/** `npm run plan` without the process: parses argv, plans, prints; returns the exit code (errors throw). */
export async function planCommand(argv: readonly string[], io: CommandIO, extras: PlanCommandExtras = {}): Promise<number> {
    const usage = planUsage();
    const { flags, positionals } = parseArgs(argv, ["stack", "json", "reference", "policy-config", "tree!", "quiet!"], usage);
    if (positionals.length > 0) throw new UsageError(`unexpected argument ${positionals[0]}\n${usage}`);
    const stack = typeof flags.stack === "string" ? flags.stack : "nonprod";
    // a plan file that cannot be written is said before the plan is made, not after it (a missing folder is created)
    if (typeof flags.json === "string") checkOutputFile("json", flags.json, `${stack}.json`);
    const quiet = flags.quiet === true;
    const references: PlanFile[] = typeof flags.reference === "string" ? [readReference(flags.reference, stack, (line) => io.stderr(`${line}\n`))] : [];
    const progress = (line: string) => quiet || io.stderr(`${line}\n`);

    progress(`planning stack ${stack} offline (mock runtime, policy pack)...`);
    const started = Date.now();
    const policyConfig = typeof flags["policy-config"] === "string" ? flags["policy-config"] : undefined;
    const detailed = await planStackDetailed({ stack, references, progress, policyConfig, program: extras.program });
    const { plan } = detailed;
    if (typeof flags.json === "string") writePlan(flags.json, plan);
    extras.onPlanned?.(detailed);
    const sections: string[] = [];
    if (!quiet) sections.push(flags.tree === true ? formatTree(plan) : formatSummary(plan));
    // violations are printed even with --quiet: they are what a quiet run is for
    if (!quiet || plan.policies.violations.length > 0) sections.push(formatViolations(plan.policies.pack, plan.policies.violations, plan.policies.exemptions));
    if (!quiet && plan.deploy) sections.push(formatDeployTime(plan.deploy));
    io.stdout(`${sections.map((s) => `${s}\n\n`).join("")}${formatVerdict(plan)}\n`);
    progress(`planned in ${((Date.now() - started) / 1000).toFixed(1)} s${typeof flags.json === "string" ? `; plan file ${flags.json}` : ""}`);
    return mandatory(plan.policies.violations).length > 0 ? EXIT.violations : EXIT.ok;
}

/**
 * A reference plan, or a usage error naming the flag and the file (not a stack trace). A plan of the planned stack
 * itself is a usage error (a stack does not answer its own StackReferences: it would be ignored and the stack it
 * reads planned instead); a plan of a stack the planned stack does not read is a `warning` line.
 */
export function readReference(file: string, stack: string, warn: (line: string) => void, projectDir = PROJECT_DIR): PlanFile {
    let ref: PlanFile;
    try {
        ref = readPlan(file);
    } catch (err) {
        if (err instanceof UsageError) throw new UsageError(`--reference: ${err.message}`);
        throw err;
    }
    const reads = stacksReadBy(projectDir, stack);
    const planOf = (other: string) => `npm run plan -- --stack ${other} --json ${path.join(path.dirname(file), `${other}.json`)}`;
    const readsText = (r: readonly string[]) => r.map((s) => `${s}'s`).join(" and ");
    if (ref.stack === stack) {
        let why: string;
        if (reads === undefined) why = `a stack does not answer its own StackReferences: give a plan of the stack ${stack} reads`;
        else if (reads.length === 0) why = `${stack} reads no other stack's outputs, so it needs no --reference`;
        else why = `${stack} reads ${readsText(reads)} outputs, so give a plan of ${reads.join(" or ")} (${planOf(reads[0])})`;
        throw new UsageError(`--reference ${file}: a plan of stack ${stack}; ${why}`);
    }
    if (reads !== undefined && !reads.includes(ref.stack)) {
        const needed = reads.length === 0 ? `${stack} reads no other stack's outputs` : `${stack} reads ${readsText(reads)} outputs`;
        warn(`warning: --reference ${file} is a plan of stack ${ref.stack}, which ${stack} does not read (${needed}); it is not used`);
    }
    return ref;
}

if (require.main === module) {
    applyRuntimeFlags();
    const io: CommandIO = { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) };
    planCommand(process.argv.slice(2), io).then(
        (code) => process.exit(code),
        (err) => process.exit(reportError(err)),
    );
}
