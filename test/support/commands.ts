import { reportError } from "../../engine/cli/exit";

/** What a command printed and returned. */
export interface CommandRun {
    readonly code: number;
    readonly stdout: string;
    readonly stderr: string;
}

/** An engine command's function (planCommand, checkCommand): argv and its streams in, the exit code out. */
type Command = (argv: readonly string[], io: { stdout(t: string): void; stderr(t: string): void; stdin?(): string }) => Promise<number>;

/**
 * Runs an engine command in this process as its `require.main` block runs it in a child process
 * (engine/cli/*.ts): the command's exit code, or an error reported by reportError (engine/cli/exit.ts) and its
 * code. For cases that test what the command decides, not how a process starts: each command keeps tests that
 * run it as a child process (test/engine/plan.test.ts, test/engine/checkCli.test.ts, test/policies/workloadsCli.test.ts).
 */
export async function runInProcess(command: Command, argv: readonly string[], input?: string): Promise<CommandRun> {
    let stdout = "";
    let stderr = "";
    const io = { stdout: (t: string) => void (stdout += t), stderr: (t: string) => void (stderr += t), ...(input === undefined ? {} : { stdin: () => input }) };
    const code = await command(argv, io).catch((err: unknown) => reportError(err, io.stderr, io.stdout));
    return { code, stdout, stderr };
}

/** What a command prints (standard error, standard output) and exits with for the error `fn` throws; fails when it throws none. */
export async function exitOf(fn: () => unknown): Promise<{ code: number; printed: string; out: string; err: unknown }> {
    let err: unknown;
    try {
        await fn();
    } catch (e) {
        err = e;
    }
    if (err === undefined) throw new Error("expected an error");
    let printed = "";
    let out = "";
    const code = reportError(
        err,
        (t) => (printed += t),
        (t) => (out += t),
    );
    return { code, printed, out, err };
}
