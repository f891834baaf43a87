// npm run bench -- [--sizes 10,100,1000] [--stack prod] [--keep]
//
// Plans the real program offline with generated tenancy layouts of each size (PLATFORM_TENANCY_DIR), and two
// baselines under the same mock runtime, policy pack and runtime flags (engine/node.ts, engine/runtimeFlags.ts),
// each in a child process of its own (the Pulumi runtime is global):
//   bare    a program that registers as many plain resources (no parent, no provider, one input);
//   replay  a program that registers exactly the full plan's registrations (types, names, parents, providers,
//           inputs) and does nothing else: what the SDK costs for these resources, the floor of optimising
//           the program itself (shared/PERFORMANCE.md, Scale).
// Prints resources, seconds, where the full plan's time went, each ratio against its target and whether it
// holds, and the cost of each added resource between sizes. Targets: the full plan within 1.5x the bare
// program (and within 1.5x the replay) at every size; policies under 20% of the plan at every size; the
// largest size within 12x the time of the one ten times smaller.
// Node flags pass through NODE_OPTIONS, e.g. NODE_OPTIONS=--cpu-prof npm run bench.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseSettings, readConventionsFile } from "../config/load";
import { TENANCY_DIR_ENV, tenantCapacity } from "../config/tenancy";
import { resourceCount } from "../engine/format";
import { nodeArgs } from "../engine/node";
import { PlanTimings, planStack } from "../engine/plan";
import { writePlan } from "../engine/planFile";
import { applyRuntimeFlags } from "../engine/runtimeFlags";
import { readStackConfig } from "../engine/stackConfig";
import { bareProgram, generateLayout, replayProgram } from "./benchLayout";

const ROOT = path.resolve(__dirname, "..");

/** What one worker measured. */
interface Measure {
    /** Resources declared, the stack not counted (engine/format.ts resourceCount). */
    readonly resources: number;
    /** Seconds of planStack: program (its modules' loading included), policies, plan file. */
    readonly plan: number;
    readonly timings: Required<PlanTimings>;
    readonly mandatory: number;
    /** Project namespaces the plan declares (platform:tenancy:Project components). */
    readonly projects: number;
}

/** Worker: plans as `npm run plan` does, and writes what it measured as JSON (and the plan, when asked). */
async function worker(stack: string, out: string, program: string | undefined, planOut: string | undefined): Promise<void> {
    applyRuntimeFlags();
    const started = performance.now();
    const timings: PlanTimings = {};
    const plan = await planStack({ stack, program, timings });
    if (planOut) writePlan(planOut, plan);
    const measure: Measure = {
        resources: resourceCount(plan),
        plan: (performance.now() - started) / 1000,
        timings: { program: timings.program! / 1000, policies: timings.policies! / 1000, planFile: timings.planFile! / 1000 },
        mandatory: plan.policies.violations.filter((v) => v.enforcementLevel === "mandatory").length,
        projects: plan.resources.filter((r) => r.type === "platform:tenancy:Project").length,
    };
    fs.writeFileSync(out, JSON.stringify(measure));
}

function runWorker(args: string[], env: NodeJS.ProcessEnv, out: string): Measure {
    const result = spawnSync(process.execPath, nodeArgs(__filename, "--worker", ...args, "--out", out), {
        cwd: ROOT,
        env: { ...process.env, ...env },
        encoding: "utf8",
        maxBuffer: 256 * 1024 * 1024,
    });
    if (!fs.existsSync(out)) throw new Error(`bench worker ${args.join(" ")} failed (exit ${result.status}):\n${result.stderr}`);
    return JSON.parse(fs.readFileSync(out, "utf8")) as Measure;
}

function flag(argv: string[], name: string): string | undefined {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
}

const fmt = (n: number, digits = 2) => n.toFixed(digits);

const USAGE = "usage: npm run bench -- [--sizes 10,100,1000] [--stack prod] [--keep]";
const VALUED = ["--sizes", "--stack", "--out", "--program", "--plan-out"];
const KNOWN = new Set([...VALUED, "--keep", "--worker"]);
const TARGET_RATIO = 1.5;
const TARGET_POLICY_SHARE = 0.2;

async function main(argv: string[]): Promise<void> {
    const unknown = argv.filter((a, i) => a.startsWith("--") && !KNOWN.has(a) && !(i > 0 && VALUED.includes(argv[i - 1])));
    if (unknown.length > 0 || argv.includes("-h")) {
        process.stderr.write(`${unknown.length > 0 ? `unknown option ${unknown[0]}\n` : ""}${USAGE}\n`);
        process.exit(2);
    }
    const stack = flag(argv, "stack") ?? "prod";
    if (argv.includes("--worker")) return worker(stack, flag(argv, "out")!, flag(argv, "program"), flag(argv, "plan-out"));

    const sizes = (flag(argv, "sizes") ?? "10,100,1000").split(",").map(Number);
    const { config, secretKeys } = readStackConfig(ROOT, stack);
    const settings = parseSettings({ stack, config, conventions: readConventionsFile(), secretKeys });
    const cluster = settings.clusters.find((c) => c.network !== "ops")?.network ?? settings.clusters[0].network;
    const capacity = tenantCapacity(settings)[cluster];
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "bench-"));
    const pulumiModule = require.resolve("@pulumi/pulumi", { paths: [ROOT] });
    process.stdout.write(`npm run bench: stack ${stack}, projects on ${cluster}; ${os.cpus().length} x ${os.cpus()[0]?.model ?? "CPU"}, Node ${process.version}` +
        `${process.env.NODE_OPTIONS ? `, NODE_OPTIONS=${process.env.NODE_OPTIONS}` : ""}\n`);

    const rows: { size: number; full: Measure; bare: Measure; replay: Measure }[] = [];
    for (const size of sizes) {
        const dir = path.join(work, `layout-${size}`);
        const layout = generateLayout(dir, size, cluster, capacity);
        const planFile = path.join(work, `full-${size}.plan.json`);
        process.stderr.write(`${size} projects (${layout.workspaces} workspaces, ${layout.users} users): planning the program...\n`);
        const full = runWorker(["--stack", stack, "--plan-out", planFile], { [TENANCY_DIR_ENV]: dir }, path.join(work, `full-${size}.json`));
        if (full.projects !== size) throw new Error(`the ${stack} stack declared ${full.projects} of the ${size} generated projects: is declareTenancy (stacks/tenancy.ts) wired into stacks/${stack}.ts?`);
        const bareFile = path.join(work, `bare-${size}.ts`);
        fs.writeFileSync(bareFile, bareProgram(full.resources, pulumiModule));
        process.stderr.write(`${size} projects: planning the bare program (${full.resources} plain resources)...\n`);
        const bare = runWorker(["--stack", stack, "--program", bareFile], {}, path.join(work, `bare-${size}.json`));
        const replayFile = path.join(work, `replay-${size}.ts`);
        fs.writeFileSync(replayFile, replayProgram(planFile, pulumiModule));
        process.stderr.write(`${size} projects: replaying the full plan's ${full.resources} registrations...\n`);
        const replay = runWorker(["--stack", stack, "--program", replayFile], {}, path.join(work, `replay-${size}.json`));
        if (replay.resources !== full.resources) throw new Error(`the replay registered ${replay.resources} resources, the full plan ${full.resources}`);
        rows.push({ size, full, bare, replay });
    }

    const header = "| projects | resources | full plan s | program s | policies s | policies % | bare s | full / bare | replay s | full / replay |";
    const lines = [header, header.replace(/[^|]/g, "-")];
    for (const { size, full, bare, replay } of rows) {
        lines.push(
            `| ${size} | ${full.resources} | ${fmt(full.plan)} | ${fmt(full.timings.program)} | ${fmt(full.timings.policies)} | ` +
                `${fmt((100 * full.timings.policies) / full.plan, 1)} | ${fmt(bare.plan)} | ${fmt(full.plan / bare.plan)} | ${fmt(replay.plan)} | ${fmt(full.plan / replay.plan)} |`,
        );
    }
    // what each resource added between two sizes costs: the fixed cost of the rest of the stack drops out
    const marginal = rows.slice(1).map((b, i) => {
        const a = rows[i];
        const added = b.full.resources - a.full.resources;
        const ms = (pick: (r: (typeof rows)[number]) => number) => (1000 * (pick(b) - pick(a))) / added;
        const full = ms((r) => r.full.plan);
        const bare = ms((r) => r.bare.plan);
        const replay = ms((r) => r.replay.plan);
        return `per resource added from ${a.size} to ${b.size} projects: full ${fmt(full)} ms, bare ${fmt(bare)} ms (${fmt(full / bare)}x), replay ${fmt(replay)} ms (${fmt(full / replay)}x); its policies ${fmt(ms((r) => r.full.timings.policies))} ms`;
    });
    process.stdout.write(`${lines.join("\n")}\n\n${marginal.map((l) => `${l}\n`).join("")}\n`);

    const verdict = (holds: boolean, text: string) => `${holds ? "meets " : "MISSES"} ${text}`;
    const verdicts: string[] = [];
    for (const { size, full, bare, replay } of rows) {
        verdicts.push(verdict(full.plan / bare.plan <= TARGET_RATIO, `full <= ${TARGET_RATIO} x bare at ${size}: ${fmt(full.plan / bare.plan)}x`));
        verdicts.push(verdict(full.plan / replay.plan <= TARGET_RATIO, `full <= ${TARGET_RATIO} x replay at ${size}: ${fmt(full.plan / replay.plan)}x`));
        const share = full.timings.policies / full.plan;
        verdicts.push(verdict(share < TARGET_POLICY_SHARE, `policies < ${100 * TARGET_POLICY_SHARE}% at ${size}: ${fmt(100 * share, 1)}%`));
        if (full.mandatory > 0) verdicts.push(`NOTE   ${full.mandatory} mandatory violation(s) at ${size} (see npm run plan)`);
    }
    for (const { size, full } of rows) {
        const smaller = rows.find((r) => r.size * 10 === size);
        if (smaller) verdicts.push(verdict(full.plan / smaller.full.plan <= 12, `${size} within 12 x ${smaller.size}: ${fmt(full.plan / smaller.full.plan)}x`));
    }
    process.stdout.write(`${verdicts.join("\n")}\n`);
    process.stdout.write("Times are planStack's (program with its modules' loading, policies, plan file), each in a fresh process with the engine's runtime flags.\n");
    if (!argv.includes("--keep")) fs.rmSync(work, { recursive: true, force: true });
    else process.stdout.write(`layouts, programs and plans kept in ${work}\n`);
}

main(process.argv.slice(2)).then(
    () => process.exit(0),
    (err) => {
        process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
        process.exit(3);
    },
);
