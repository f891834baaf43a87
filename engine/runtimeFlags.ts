/**
 * Runtime settings of an offline engine command. The Pulumi SDK captures a stack trace for every resource
 * (its source position) and every promise it tracks (`debuggablePromise`), and formats each through source
 * maps when they are on: about a quarter of a plan's time, for stacks nobody reads. Commands turn stack
 * capture off unless asked; a failure then says how to get its stack.
 */

/** Set to 1 to keep stack traces (and so the SDK's per-resource captures): for debugging a failure. */
export const STACK_TRACES_ENV = "PLATFORM_STACK_TRACES";

/** Whether stack traces were kept for this process. */
export function stackTracesKept(env: NodeJS.ProcessEnv = process.env): boolean {
    return env[STACK_TRACES_ENV] === "1";
}

/** Applies the engine's runtime settings to this process; call first thing in a command. */
export function applyRuntimeFlags(env: NodeJS.ProcessEnv = process.env): void {
    if (stackTracesKept(env)) return;
    Error.stackTraceLimit = 0;
    process.setSourceMapsEnabled(false);
}
