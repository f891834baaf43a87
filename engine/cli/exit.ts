import { isSettingsError } from "../../config/problems";

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
export function reportError(err: unknown): number {
    if (isSettingsError(err)) {
        process.stderr.write(`${(err as Error).message}\n`);
        return EXIT.usage;
    }
    if (typeof err === "object" && err !== null && (err as { isUsageError?: boolean }).isUsageError) {
        process.stderr.write(`${(err as Error).message}\n`);
        return EXIT.usage;
    }
    const e = err as Error;
    process.stderr.write(`error: ${e?.stack ?? String(err)}\n`);
    return EXIT.failure;
}
