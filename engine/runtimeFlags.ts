/**
 * Runtime settings of an offline engine command. The Pulumi SDK captures a stack trace for every resource
 * (its source position: `Resource.callsites` lifts `Error.stackTraceLimit` to Infinity around its own
 * `new Error().stack`) and for every promise it tracks (`debuggablePromise` keeps one string per promise),
 * and TypeScript, loaded for closure serialization, raises the limit to 100. Formatting those stacks, and
 * collecting the strings kept, was a third of a large plan's time, for stacks nobody reads: the offline
 * plan records no source positions. Commands format no stack unless asked; a failure says how to get one.
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
    // what `error.stack` reads is this function's result, whatever the limit says: the error's own line only
    Error.prepareStackTrace = (err: Error) => Error.prototype.toString.call(err);
    process.setSourceMapsEnabled(false);
}
