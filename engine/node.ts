import * as path from "path";

/**
 * How the engine runs the project's TypeScript in a child process: plain Node with engine/ts.cjs (swc, cached
 * on disk), no ESM loader. The one place that says so; tests and scripts start their children the same way.
 */
export const TS_REGISTER = path.join(__dirname, "ts.cjs");

/**
 * V8 flags of every engine command (package.json's scripts pass the same; a test holds them equal). A plan
 * allocates a lot of short-lived objects (the SDK's promises and wire values for every resource): a larger
 * young generation (64 MiB semi-spaces instead of 16) scavenges less often and promotes less, 0.87x the time
 * of a 1,000-project plan.
 */
export const NODE_FLAGS = ["--max-semi-space-size=64"] as const;

/** Node's arguments to run a TypeScript file (then its own arguments). */
export function nodeArgs(script: string, ...args: string[]): string[] {
    return [...NODE_FLAGS, "-r", TS_REGISTER, script, ...args];
}
