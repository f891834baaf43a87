import * as path from "path";

/**
 * How the engine runs the project's TypeScript in a child process: plain Node with engine/ts.cjs (swc, cached
 * on disk), no ESM loader. The one place that says so; tests and scripts start their children the same way.
 */
export const TS_REGISTER = path.join(__dirname, "ts.cjs");

/** Node's arguments to run a TypeScript file (then its own arguments). */
export function nodeArgs(script: string, ...args: string[]): string[] {
    return ["-r", TS_REGISTER, script, ...args];
}
