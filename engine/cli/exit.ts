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

/** Prints an error the way its kind deserves and returns the exit code. */
export function reportError(err: unknown, write: (text: string) => void = (t) => process.stderr.write(t)): number {
    if (isSettingsError(err)) {
        write(`${(err as Error).message}\n`);
        return EXIT.usage;
    }
    if (typeof err === "object" && err !== null && (err as { isUsageError?: boolean }).isUsageError) {
        write(`${(err as Error).message}\n`);
        return EXIT.usage;
    }
    const e = err as Error;
    const hint = stackTracesKept() ? "" : `\n(stack traces are off for speed: run again with ${STACK_TRACES_ENV}=1 to see where it failed)`;
    write(`error: ${e?.stack ?? String(err)}${hint}\n`);
    return EXIT.failure;
}
