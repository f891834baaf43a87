// npm run bench -- [--sizes 10,100,1000] [--stack prod] [--no-source-maps] [--keep]
//
// Plans the real program offline with generated tenancy layouts of each size (PLATFORM_TENANCY_DIR), and a
// bare program that registers as many plain resources under the same mock runtime and policy pack, each in a
// child process of its own (the Pulumi runtime is global), and prints resources, seconds and resources per
// second, with where the full plan's time went, and the cost of each added resource between sizes.
// Targets: full plan within 1.5x the bare program at every size; the largest size within 12x the time of the
// one ten times smaller; policies under 20% of the plan.
// --no-source-maps: both programs run with Node's source maps off (tsx turns them on, and the Pulumi SDK
// captures a stack trace for every resource and promise): what the engine would gain by turning them off.
// Node flags pass through NODE_OPTIONS, e.g. NODE_OPTIONS=--max-semi-space-size=64 npm run bench.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseSettings, readConventionsFile } from "../config/load";
import { TENANCY_DIR_ENV, tenantCapacity } from "../config/tenancy";
import { nodeArgs } from "../engine/node";
import { PlanTimings, planStack } from "../engine/plan";
import { readStackConfig } from "../engine/stackConfig";
import { bareProgram, generateLayout } from "./benchLayout";

const ROOT = path.resolve(__dirname, "..");

/** What one worker measured. */
interface Measure {
    readonly resources: number;
    /** Seconds of planStack: program (its modules' loading included), policies, plan file. */
    readonly plan: number;
    readonly timings: Required<PlanTimings>;
    readonly mandatory: number;
    /** Project namespaces the plan declares (platform:tenancy:Project components). */
    readonly projects: number;
}

/** Worker: plans, and writes what it measured as JSON. */
async function worker(stack: string, out: string, program: string | undefined, sourceMaps: boolean): Promise<void> {
    if (!sourceMaps) process.setSourceMapsEnabled(false);
    const started = performance.now();
    const timings: PlanTimings = {};
    const plan = await planStack({ stack, program, timings });
    const measure: Measure = {
        resources: plan.resources.length,
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

const USAGE = "usage: npm run bench -- [--sizes 10,100,1000] [--stack prod] [--no-source-maps] [--keep]";
const KNOWN = new Set(["--sizes", "--stack", "--no-source-maps", "--keep", "--worker", "--out", "--program"]);

async function main(argv: string[]): Promise<void> {
    const unknown = argv.filter((a, i) => a.startsWith("--") && !KNOWN.has(a) && !(i > 0 && ["--sizes", "--stack", "--out", "--program"].includes(argv[i - 1])));
    if (unknown.length > 0 || argv.includes("-h")) {
        process.stderr.write(`${unknown.length > 0 ? `unknown option ${unknown[0]}\n` : ""}${USAGE}\n`);
        process.exit(2);
    }
    const stack = flag(argv, "stack") ?? "prod";
    const sourceMaps = !argv.includes("--no-source-maps");
    if (argv.includes("--worker")) return worker(stack, flag(argv, "out")!, flag(argv, "program"), sourceMaps);

    const sizes = (flag(argv, "sizes") ?? "10,100,1000").split(",").map(Number);
    const { config, secretKeys } = readStackConfig(ROOT, stack);
    const settings = parseSettings({ stack, config, conventions: readConventionsFile(), secretKeys });
    const cluster = settings.clusters.find((c) => c.network !== "ops")?.network ?? settings.clusters[0].network;
    const capacity = tenantCapacity(settings)[cluster];
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "bench-"));
    const pulumiModule = require.resolve("@pulumi/pulumi", { paths: [ROOT] });
    const modes = [...(sourceMaps ? [] : ["--no-source-maps"])];
    process.stdout.write(`npm run bench: stack ${stack}, projects on ${cluster}; ${os.cpus().length} x ${os.cpus()[0]?.model ?? "CPU"}, Node ${process.version}` +
        `${sourceMaps ? "" : ", source maps off"}${process.env.NODE_OPTIONS ? `, NODE_OPTIONS=${process.env.NODE_OPTIONS}` : ""}\n`);

    const rows: { size: number; full: Measure; bare: Measure }[] = [];
    for (const size of sizes) {
        const dir = path.join(work, `layout-${size}`);
        const layout = generateLayout(dir, size, cluster, capacity);
        process.stderr.write(`${size} projects (${layout.workspaces} workspaces, ${layout.users} users): planning the program...\n`);
        const full = runWorker(["--stack", stack, ...modes], { [TENANCY_DIR_ENV]: dir }, path.join(work, `full-${size}.json`));
        if (full.projects !== size) throw new Error(`the ${stack} stack declared ${full.projects} of the ${size} generated projects: is declareTenancy (stacks/tenancy.ts) wired into stacks/${stack}.ts?`);
        const program = path.join(work, `bare-${size}.ts`);
        fs.writeFileSync(program, bareProgram(full.resources - 1, pulumiModule)); // the stack resource is the one more
        process.stderr.write(`${size} projects: planning the bare program (${full.resources} resources)...\n`);
        const bare = runWorker(["--stack", stack, "--program", program, ...modes], {}, path.join(work, `bare-${size}.json`));
        rows.push({ size, full, bare });
    }

    const header = "| projects | resources | full plan s | resources/s | program s | policies s | policies % | bare s | bare resources/s | full / bare |";
    const lines = [header, header.replace(/[^|]/g, "-")];
    for (const { size, full, bare } of rows) {
        lines.push(
            `| ${size} | ${full.resources} | ${fmt(full.plan)} | ${fmt(full.resources / full.plan, 0)} | ${fmt(full.timings.program)} | ${fmt(full.timings.policies)} | ` +
                `${fmt((100 * full.timings.policies) / full.plan, 1)} | ${fmt(bare.plan)} | ${fmt(bare.resources / bare.plan, 0)} | ${fmt(full.plan / bare.plan)} |`,
        );
    }
    // what each resource added between two sizes costs: the fixed cost of the rest of the stack drops out
    const marginal = rows.slice(1).map((b, i) => {
        const a = rows[i];
        const added = b.full.resources - a.full.resources;
        const ms = (x: Measure, y: Measure, pick: (m: Measure) => number) => (1000 * (pick(y) - pick(x))) / added;
        const full = ms(a.full, b.full, (m) => m.plan);
        const bare = ms(a.bare, b.bare, (m) => m.plan);
        return `per resource added from ${a.size} to ${b.size} projects: full ${fmt(full)} ms, bare ${fmt(bare)} ms (${fmt(full / bare)}x); its policies ${fmt(ms(a.full, b.full, (m) => m.timings.policies))} ms`;
    });
    process.stdout.write(`${lines.join("\n")}\n\n${marginal.map((l) => `${l}\n`).join("")}\n`);

    const verdicts: string[] = [];
    for (const { size, full, bare } of rows) {
        const ratio = full.plan / bare.plan;
        verdicts.push(`${ratio <= 1.5 ? "meets" : "MISSES"} full <= 1.5 x bare at ${size}: ${fmt(ratio)}x`);
        const share = full.timings.policies / full.plan;
        verdicts.push(`${share < 0.2 ? "meets" : "MISSES"} policies < 20% at ${size}: ${fmt(100 * share, 1)}%`);
        if (full.mandatory > 0) verdicts.push(`NOTE ${full.mandatory} mandatory violation(s) at ${size} (see npm run plan)`);
    }
    for (const { size, full } of rows) {
        const smaller = rows.find((r) => r.size * 10 === size);
        if (smaller) verdicts.push(`${full.plan / smaller.full.plan <= 12 ? "meets" : "MISSES"} ${size} within 12 x ${smaller.size}: ${fmt(full.plan / smaller.full.plan)}x`);
    }
    process.stdout.write(`${verdicts.join("\n")}\n`);
    process.stdout.write("Times are planStack's (program with its modules' loading, policies, plan file), each in a fresh process.\n");
    if (!argv.includes("--keep")) fs.rmSync(work, { recursive: true, force: true });
    else process.stdout.write(`layouts and programs kept in ${work}\n`);
}

main(process.argv.slice(2)).then(
    () => process.exit(0),
    (err) => {
        process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
        process.exit(3);
    },
);
