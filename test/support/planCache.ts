/**
 * The test suite's plans, each made once: a plan of a stack configuration is the real `npm run plan` in a child
 * process (test/support/planWorker.ts), kept under node_modules/.cache/platform-plans/<key>/ with what the
 * command printed and the resources as the policy analyzer saw them. The key is a hash of everything a plan
 * reads: the program's sources and settings (every file of the folders the program and the engine live in),
 * the lockfile, the tenancy layout's content, the program file, and the referenced plan's key. A change to
 * any of them is a new key, so a cached plan is never stale; an unchanged tree plans nothing again.
 *
 * A configuration may add arguments of `npm run plan` (e.g. --tree) and replace files of the project (e.g. a
 * stack file or a stack's module a test edits): those are planned in a throwaway copy of the project with the
 * files replaced, the copy's own worker, as the command runs in a project a test has edited. The arguments and
 * the files' content are part of the key. What the worker keeps is what the command printed, standard output
 * and standard error, as a child process of `npm run plan` would print them.
 *
 * Jest's global setup (test/support/globalSetup.ts) makes the standard plans before the first test file, two at
 * a time; a file that asks for another configuration (onboarding's layouts, an edited project) plans it then. Entries are written
 * to a temporary folder and renamed into place, so two workers asking for the same plan never read half of one.
 * PLATFORM_TEST_PLAN_CACHE=0 empties the cache first (the global setup does it), for a run from scratch.
 */
import { spawn } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { AnalyzedResource } from "../../engine/analyze";
import { nodeArgs } from "../../engine/node";
import { PlanFile, readPlan } from "../../engine/planFile";
import { TENANCY_DIR_ENV } from "../../config/tenancy";
import type { WorkerRun } from "./planWorker";
import { copyProject } from "./project";

export const ROOT = path.resolve(__dirname, "..", "..");
export const CACHE_DIR = path.join(ROOT, "node_modules", ".cache", "platform-plans");
/** Set to 0 to plan everything again (the cache is emptied by the global setup). */
export const CACHE_ENV = "PLATFORM_TEST_PLAN_CACHE";
/** How many entries the global setup keeps (the newest). */
const KEEP_ENTRIES = 24;

/** What the program, the engine and their settings are made of: any change here changes every key. */
const SOURCES = ["index.ts", "Pulumi.yaml", "Pulumi.prod.yaml", "Pulumi.nonprod.yaml", "Pulumi.idc.yaml", "package.json", "package-lock.json", "config", "components", "stacks", "policies", "engine", "test/support/planWorker.ts"];
const DEFAULT_LAYOUT = path.join(ROOT, "config", "tenancy");

/** One stack configuration to plan. */
export interface PlanSpec {
    readonly stack: "prod" | "nonprod" | "idc";
    /** A program other than index.ts (absolute path). */
    readonly program?: string;
    /** The tenancy layout folder (PLATFORM_TENANCY_DIR); config/tenancy by default. */
    readonly layoutDir?: string;
    /** The plan whose outputs answer the StackReference (nonprod reads prod's). */
    readonly reference?: PlanSpec;
    /** More arguments of `npm run plan` (e.g. --tree, --quiet); --stack, --reference and --json are the cache's. */
    readonly args?: readonly string[];
    /** Files of the project replaced (path relative to the project -> content): planned in a copy of the project. */
    readonly files?: Readonly<Record<string, string>>;
}

/** A cached plan: the plan file, what the command printed and returned, and what the analyzer saw. */
export interface CachedPlan {
    readonly plan: PlanFile;
    /** Path of the plan file (for commands that read one, e.g. --reference). */
    readonly planFile: string;
    readonly run: WorkerRun;
    /** A fresh copy of the analyzed resources on every call: tests mutate them. */
    analyzed(): AnalyzedResource[];
}

/** The configurations most tests share, planned by the global setup. */
export const STANDARD = {
    prod: { stack: "prod" },
    nonprod: { stack: "nonprod", reference: { stack: "prod" } },
    /** A stack's clusters with the tenancy layout and nothing else (test/tenancy/fixtures/program.ts). */
    tenancyProd: { stack: "prod", program: path.join(ROOT, "test", "tenancy", "fixtures", "program.ts") },
    /** `npm run plan -- --stack prod --tree` (test/engine/plan.test.ts). */
    prodTree: { stack: "prod", args: ["--tree"] },
    /** The README's example stack (Pulumi.idc.yaml), against prod's plan (test/stacks/selfManaged.test.ts). */
    idc: { stack: "idc", reference: { stack: "prod" } },
} as const satisfies Record<string, PlanSpec>;

function filesUnder(entry: string): string[] {
    const full = path.join(ROOT, entry);
    if (!fs.existsSync(full)) return [];
    if (fs.statSync(full).isFile()) return [entry];
    return fs
        .readdirSync(full, { recursive: true, withFileTypes: true })
        .filter((d) => d.isFile() && !path.join(d.parentPath, d.name).includes(`${path.sep}node_modules${path.sep}`))
        .map((d) => path.relative(ROOT, path.join(d.parentPath, d.name)));
}

function hashFiles(hash: crypto.Hash, base: string, files: readonly string[]): void {
    for (const f of [...files].sort()) hash.update(`${f}\0`).update(fs.readFileSync(path.join(base, f))).update("\0");
}

let sourcesDigest: string | undefined;
/** The digest of the program's and the engine's sources, computed once per process. */
export function sourcesHash(): string {
    if (sourcesDigest) return sourcesDigest;
    const hash = crypto.createHash("sha256").update(process.version);
    hashFiles(hash, ROOT, SOURCES.flatMap(filesUnder));
    return (sourcesDigest = hash.digest("hex"));
}

function layoutHash(dir: string): string {
    const hash = crypto.createHash("sha256");
    const files = fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => path.relative(dir, path.join(d.parentPath, d.name)));
    hashFiles(hash, dir, files);
    return hash.digest("hex");
}

/** The cache key of a configuration: equal keys, equal plans. */
export function planKey(spec: PlanSpec): string {
    const hash = crypto.createHash("sha256").update(sourcesHash()).update(`\0${spec.stack}\0`);
    hash.update(layoutHash(spec.layoutDir ?? DEFAULT_LAYOUT));
    if (spec.program) hash.update(`\0${path.relative(ROOT, spec.program)}\0`).update(fs.readFileSync(spec.program));
    if (spec.reference) hash.update(`\0ref ${planKey(spec.reference)}`);
    if (spec.args) hash.update(`\0args ${JSON.stringify(spec.args)}`);
    for (const [file, content] of Object.entries(spec.files ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))) hash.update(`\0file ${file}\0`).update(content);
    return `${spec.stack}-${hash.digest("hex").slice(0, 24)}`;
}

const inFlight = new Map<string, Promise<CachedPlan>>();

/** Children planning at once, per process: two cores. */
const MAX_CHILDREN = 2;
let running = 0;
const waiting: (() => void)[] = [];
async function limited<T>(work: () => Promise<T>): Promise<T> {
    if (running >= MAX_CHILDREN) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
        return await work();
    } finally {
        running--;
        waiting.shift()?.();
    }
}

/** The plan of a configuration, from the cache or planned now (its reference first). */
export function cachedPlan(spec: PlanSpec): Promise<CachedPlan> {
    const key = planKey(spec);
    let pending = inFlight.get(key);
    if (!pending) {
        pending = load(key, spec);
        inFlight.set(key, pending);
    }
    return pending;
}

function entry(dir: string): CachedPlan {
    const planFile = path.join(dir, "plan.json");
    const run = JSON.parse(fs.readFileSync(path.join(dir, "run.json"), "utf8")) as WorkerRun;
    if (!fs.existsSync(planFile)) throw new Error(`the cached plan in ${dir} has no plan file; the command exited ${run.code}:\n${run.stderr}`);
    return {
        plan: readPlan(planFile),
        planFile,
        run,
        analyzed: () => JSON.parse(fs.readFileSync(path.join(dir, "analyzed.json"), "utf8")) as AnalyzedResource[],
    };
}

async function load(key: string, spec: PlanSpec): Promise<CachedPlan> {
    const dir = path.join(CACHE_DIR, key);
    if (fs.existsSync(path.join(dir, "run.json"))) {
        fs.utimesSync(dir, new Date(), new Date()); // recently used: pruned last
        return entry(dir);
    }
    const reference = spec.reference ? await cachedPlan(spec.reference) : undefined;
    fs.mkdirSync(CACHE_DIR, { recursive: true });
    const tmp = fs.mkdtempSync(path.join(CACHE_DIR, `.${key}-`));
    const args = ["--stack", spec.stack, ...(reference ? ["--reference", reference.planFile] : []), ...(spec.args ?? [])];
    // an edited project: a copy with the files replaced, planned by the copy's own worker (its engine, its settings)
    const project = spec.files ? editedCopy(spec.files) : ROOT;
    const worker = path.join(project, "test", "support", "planWorker.ts");
    const env = { ...process.env, [TENANCY_DIR_ENV]: spec.layoutDir ?? DEFAULT_LAYOUT };
    const { code, stderr } = await limited(() => new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
        const child = spawn(process.execPath, nodeArgs(worker, tmp, ...(spec.program ? ["--program", spec.program] : []), "--", ...args), { cwd: project, env, stdio: ["ignore", "ignore", "pipe"] });
        let err = "";
        child.stderr.setEncoding("utf8").on("data", (d: string) => (err += d));
        child.on("error", reject);
        child.on("close", (c) => resolve({ code: c, stderr: err }));
    }));
    if (project !== ROOT) fs.rmSync(project, { recursive: true, force: true, maxRetries: 2 });
    if (code !== 0 || !fs.existsSync(path.join(tmp, "run.json"))) {
        fs.rmSync(tmp, { recursive: true, force: true });
        throw new Error(`planning ${key} failed (worker exit ${code}):\n${stderr}`);
    }
    try {
        fs.renameSync(tmp, dir);
    } catch {
        // another worker put the same plan in place first: use that one
        fs.rmSync(tmp, { recursive: true, force: true });
    }
    return entry(dir);
}

/** A copy of the project (test/support/project.ts copyProject) with its worker and `files` written over it. */
function editedCopy(files: Readonly<Record<string, string>>): string {
    const dir = copyProject();
    fs.cpSync(path.join(ROOT, "Pulumi.idc.yaml"), path.join(dir, "Pulumi.idc.yaml"));
    fs.mkdirSync(path.join(dir, "test", "support"), { recursive: true });
    fs.copyFileSync(path.join(__dirname, "planWorker.ts"), path.join(dir, "test", "support", "planWorker.ts"));
    for (const [file, content] of Object.entries(files)) {
        const full = path.join(dir, file);
        if (!fs.existsSync(full)) throw new Error(`the plan's edited file ${file} is not a file of the project`);
        fs.writeFileSync(full, content);
    }
    return dir;
}

/** Drops all but the newest entries, and half-written ones. */
export function pruneCache(keep = KEEP_ENTRIES): void {
    if (!fs.existsSync(CACHE_DIR)) return;
    const entries = fs.readdirSync(CACHE_DIR).map((name) => ({ name, at: fs.statSync(path.join(CACHE_DIR, name)).mtimeMs }));
    const stale = entries.filter((e) => e.name.startsWith("."));
    const kept = entries.filter((e) => !e.name.startsWith(".")).sort((a, b) => b.at - a.at);
    for (const e of [...stale, ...kept.slice(keep)]) fs.rmSync(path.join(CACHE_DIR, e.name), { recursive: true, force: true });
}
