import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { loadPlatformInputs } from "../config/inputs";
import { isSettingsError } from "../config/problems";
import { AnalyzedResource, Violation, analyze } from "./analyze";
import { UsageError } from "./cli/exit";
import { platformPack } from "./pack";
import { ResolvedPackConfig, applyPolicyConfigFile, configurePack } from "./policyConfig";
import { PlanFile, buildPlan, readPlan } from "./planFile";
import { RecordedResource } from "./recorder";
import { nodeArgs } from "./node";
import { PROJECT_DIR, runProgram } from "./run";

/** Options of {@link planStack}. */
export interface PlanOptions {
    readonly stack: string;
    /** Plans of other stacks, to answer StackReferences from; a referenced stack not given is planned first. */
    readonly references?: readonly PlanFile[];
    readonly projectDir?: string;
    readonly program?: string;
    /** Progress lines (planning a referenced stack takes a while). */
    readonly progress?: (line: string) => void;
    /** The pack's configuration file (`pulumi preview --policy-pack-config` format); defaults apply without one. */
    readonly policyConfig?: string;
    /** Filled in with where the time went, when given (`npm run bench`). */
    readonly timings?: PlanTimings;
}

/** Where a plan's time went, in milliseconds. */
export interface PlanTimings {
    /** Running the program under the mock runtime (loading its modules included), and referenced stacks' plans. */
    program?: number;
    /** The policy pack over the recorded resources (its configuration included). */
    policies?: number;
    /** Building the plan file (redaction, sorting, the deploy-time estimate). */
    planFile?: number;
}

/** A recorded resource as the policy analyzer takes it. */
export function toAnalyzed(r: RecordedResource): AnalyzedResource {
    return {
        urn: r.urn,
        type: r.type,
        name: r.name,
        parent: r.parent,
        provider: r.provider,
        protect: r.protect,
        ignoreChanges: r.ignoreChanges,
        additionalSecretOutputs: r.additionalSecretOutputs,
        deleteBeforeReplace: r.deleteBeforeReplace,
        dependencies: r.dependencies,
        propertyDependencies: r.propertyDependencies,
        inputs: r.wireInputs,
        outputs: r.custom ? r.wireState : r.wireInputs,
    };
}

/** The top-level output names that hold a secret, from a plan's secret output paths. */
export function secretOutputNames(plan: PlanFile): string[] {
    return [...new Set(plan.secretOutputs.map((p) => p.split(/[.[]/)[0]))].sort();
}

/** The program that reads and checks the stack's inputs and declares nothing (config/inputsProgram.ts). */
const INPUTS_ONLY_PROGRAM = path.join(__dirname, "..", "config", "inputsProgram.ts");

/** A plan with the resources exactly as the policy analyzer saw them (wire form, secrets enveloped). */
export interface DetailedPlan {
    readonly plan: PlanFile;
    readonly analyzed: AnalyzedResource[];
}

/**
 * Plans a stack offline: runs the program under the mock runtime, runs the policy pack over what it
 * registered, and returns the plan. One call per process (the Pulumi runtime is global).
 */
export async function planStack(opts: PlanOptions): Promise<PlanFile> {
    return (await planStackDetailed(opts)).plan;
}

/** {@link planStack}, also returning what the analyzer saw (the compliant fixture of policy tests). */
export async function planStackDetailed(opts: PlanOptions): Promise<DetailedPlan> {
    const projectDir = opts.projectDir ?? PROJECT_DIR;
    const started = performance.now();
    const pack = platformPack();
    // the policy configuration is checked before the program: with a problem there, only the program's inputs are
    // read (nothing is declared), and their problems come in the same report
    let config: ResolvedPackConfig;
    try {
        config = await applyPolicyConfigFile(pack, opts.policyConfig);
    } catch (err) {
        if (!(err instanceof UsageError)) throw err;
        let inputs = "";
        try {
            await runProgram({ stack: opts.stack, projectDir, program: INPUTS_ONLY_PROGRAM, resolveStackReference: async () => ({ outputs: {}, secretOutputNames: [] }) });
        } catch (inputsErr) {
            if (!isSettingsError(inputsErr)) throw inputsErr;
            inputs = `${inputsErr.message}\n`;
        }
        throw new UsageError(`${inputs}${err.message}`);
    }
    const run = await runProgram({
        stack: opts.stack,
        projectDir,
        program: opts.program,
        resolveStackReference: async (name) => {
            const stack = name.split("/").pop()!;
            const ref = opts.references?.find((p) => p.stack === stack) ?? (await planInChildProcess(stack, projectDir, opts.progress));
            return { outputs: ref.outputs, secretOutputNames: secretOutputNames(ref) };
        },
    }).catch((err: unknown) => {
        // the project or stack file does not read: the program never ran, so its other inputs are checked here, and
        // their problems join the report (the layout's quotas wait for the settings)
        if (!isSettingsError(err) || !err.problems.every((p) => p.file === "Pulumi.yaml" || p.file === `Pulumi.${opts.stack}.yaml`)) throw err;
        loadPlatformInputs({ settings: () => { throw err; }, environment: opts.stack === "prod" ? "prod" : "nonprod" });
        throw err;
    });
    const ran = performance.now();
    const resources = run.monitor.recorded.map(toAnalyzed);
    const violations = await analyze(pack, resources);
    // what app teams' exemptions keep out is named in the plan (a second analysis without them, only when there are any)
    const exemptions = (await teamExempted(pack, config, resources, violations)).map((v) => ({ policy: v.policy, urn: v.urn }));
    const analyzed = performance.now();
    const plan = buildPlan(run.project, run.stack, run.monitor.recorded, pack, violations, exemptions);
    if (opts.timings) Object.assign(opts.timings, { program: ran - started, policies: analyzed - ran, planFile: performance.now() - analyzed });
    return { plan, analyzed: resources };
}

/**
 * Plans another stack in a child process (a fresh Pulumi runtime) and reads its plan file; `references` answer
 * that stack's own StackReferences (else it plans them first, in turn).
 */
export async function planInChildProcess(stack: string, projectDir: string, progress?: (line: string) => void, references: readonly PlanFile[] = []): Promise<PlanFile> {
    progress?.(`planning stack ${stack} first, for its outputs (StackReference)...`);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-"));
    const file = path.join(dir, `${stack}.json`);
    const cli = path.join(__dirname, "cli", "plan.ts");
    const referenceArgs = references.flatMap((ref, i) => {
        const refFile = path.join(dir, `reference-${i}.json`);
        fs.writeFileSync(refFile, JSON.stringify(ref));
        return ["--reference", refFile];
    });
    try {
        await new Promise<void>((resolve, reject) => {
            execFile(
                process.execPath,
                nodeArgs(cli, "--stack", stack, "--json", file, "--quiet", ...referenceArgs),
                { cwd: projectDir, maxBuffer: 64 * 1024 * 1024 },
                (err, _stdout, stderr) => {
                    // exit 1 (a mandatory violation in that stack) still yields its outputs
                    if (err && !fs.existsSync(file)) reject(new Error(`planning stack ${stack} failed:\n${stderr}`));
                    else resolve();
                },
            );
        });
        return readPlan(file);
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

/** The violations the configuration's `teamExemptions` keep out (none unless it lists some): the pack again without them. */
async function teamExempted(pack: ReturnType<typeof platformPack>, config: ResolvedPackConfig, resources: readonly AnalyzedResource[], violations: readonly Violation[]) {
    const withTeams = Object.entries(config).filter(([, c]) => Array.isArray(c.properties.teamExemptions) && (c.properties.teamExemptions as unknown[]).length > 0);
    if (withTeams.length === 0) return [];
    const kept = new Set(violations.map((v) => `${v.policy}\0${v.urn}`));
    const without = Object.fromEntries(Object.entries(config).map(([name, c]) => [name, "teamExemptions" in c.properties ? { ...c, properties: { ...c.properties, teamExemptions: [] } } : c]));
    await configurePack(pack, without);
    const all = await analyze(pack, resources);
    await configurePack(pack, config);
    return all.filter((v) => !kept.has(`${v.policy}\0${v.urn}`));
}
