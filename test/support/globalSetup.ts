/**
 * Jest's global setup: makes the plans most test files read (test/support/planCache.ts: the stacks, prod with
 * --tree, the idc example) before the first file runs, two at a time on this two-core machine. When jest is
 * given a file or pattern to run, it plans nothing here: the files that need a plan make it when they ask (and
 * it is cached for the next run).
 */
import * as fs from "fs";
import { CACHE_DIR, CACHE_ENV, STANDARD, cachedPlan, pruneCache } from "./planCache";
import { RENDER_CACHE_DIR, pruneRenderCache } from "./renderCache";

interface GlobalConfig {
    readonly nonFlagArgs?: readonly string[];
    readonly testPathPatterns?: { readonly patterns?: readonly string[] } | readonly string[];
}

export default async function globalSetup(config: GlobalConfig): Promise<void> {
    if (process.env[CACHE_ENV] === "0") for (const dir of [CACHE_DIR, RENDER_CACHE_DIR]) fs.rmSync(dir, { recursive: true, force: true });
    pruneCache();
    pruneRenderCache();
    // the transpile cache of engine/ts.cjs gains a file per edit: drop what has not been written for a week
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    (require("../../engine/tsCache.cjs") as { pruneTranspileCache: () => number }).pruneTranspileCache();
    if ((config.nonFlagArgs ?? []).length > 0) return;
    const started = Date.now();
    process.stderr.write("\nplanning the stacks the tests read (cached by source hash)...\n");
    // prod first (nonprod and idc read its plan); two children at a time (planCache.ts)
    await Promise.all([
        cachedPlan(STANDARD.prod).then(() => Promise.all([cachedPlan(STANDARD.nonprod), cachedPlan(STANDARD.idc)])),
        cachedPlan(STANDARD.prodTree),
        cachedPlan(STANDARD.tenancyProd),
    ]);
    process.stderr.write(`plans ready in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}
