import { isSettingsError } from "../../config/problems";
import { STACK_TRACES_ENV, stackTracesKept } from "../runtimeFlags";

/** Exit codes of every engine command. */
export const EXIT = {
    /** No mandatory policy violated. */
    ok: 0,
    /** A mandatory policy is violated. */
    violations: 1,
    /** Invalid settings, input or usage: the message says what to fix. */
    usage: 2,
    /** The program or the engine failed: a bug, reported with its stack. */
    failure: 3,
} as const;

/**
 * The one usage error of every command: a flag, an argument or a file given on the command line that is wrong
 * (unknown option, missing file, a plan file or manifest that is not one, an invalid policy configuration).
 * Exit 2, its message printed without a stack trace. Settings problems are a SettingsError (config/problems.ts).
 */
export class UsageError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "UsageError";
    }
}

/**
 * `--help` (or `-h`) given: not an error, but it ends the command before it runs. {@link reportError} prints the
 * usage to standard output and returns exit 0.
 */
export class HelpRequested extends Error {
    constructor(public readonly usage: string) {
        super(usage);
        this.name = "HelpRequested";
    }
}

/**
 * Prints an error the way its kind deserves and returns the exit code: `write` is standard error, `out` standard
 * output (where the usage asked for with --help goes).
 */
export function reportError(
    err: unknown,
    write: (text: string) => void = (t) => process.stderr.write(t),
    out: (text: string) => void = (t) => process.stdout.write(t),
): number {
    if (err instanceof HelpRequested) {
        out(`${err.usage}\n`);
        return EXIT.ok;
    }
    if (isSettingsError(err) || err instanceof UsageError) {
        write(`${(err as Error).message}\n`);
        return EXIT.usage;
    }
    const e = err as Error;
    const hint = stackTracesKept() ? "" : `\n(stack traces are off for speed: run again with ${STACK_TRACES_ENV}=1 to see where it failed)`;
    write(`error: ${e?.stack ?? String(err)}${hint}\n`);
    return EXIT.failure;
}
