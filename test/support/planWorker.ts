// The test suite's plan cache runs this in a child process (one Pulumi runtime per process):
//   node -r engine/ts.cjs test/support/planWorker.ts OUT_DIR [--program FILE] -- <npm run plan arguments>
// It runs the real `npm run plan` command (engine/cli/plan.ts) with the plan file going to OUT_DIR/plan.json,
// and keeps what the command printed and returned (run.json) and the resources as the policy analyzer saw
// them (analyzed.json: wire form, the fakes' secret values inside Pulumi's secret envelopes; test use only).
// What it printed is all the command's process would print: the command's output and anything else written to
// the process's standard output and error meanwhile (a warning of Node's or the SDK's), in order.
import * as fs from "fs";
import * as path from "path";
import { planCommand } from "../../engine/cli/plan";
import { reportError } from "../../engine/cli/exit";
import { applyRuntimeFlags } from "../../engine/runtimeFlags";

/** What a worker leaves in run.json. */
export interface WorkerRun {
    readonly code: number;
    readonly stdout: string;
    readonly stderr: string;
}

async function main(argv: string[]): Promise<void> {
    const [out, ...rest] = argv;
    const dash = rest.indexOf("--");
    const own = dash >= 0 ? rest.slice(0, dash) : [];
    const args = dash >= 0 ? rest.slice(dash + 1) : rest;
    const program = own[0] === "--program" ? own[1] : undefined;
    fs.mkdirSync(out, { recursive: true });
    let stdout = "";
    let stderr = "";
    const io = { stdout: (t: string) => void (stdout += t), stderr: (t: string) => void (stderr += t) };
    // the process's own streams, as the command's child process would print them
    const writes = [process.stdout.write, process.stderr.write];
    const capture = (into: (t: string) => void) =>
        ((chunk: string | Uint8Array, ...rest: unknown[]) => {
            into(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
            const done = rest.find((r) => typeof r === "function") as (() => void) | undefined;
            done?.();
            return true;
        }) as typeof process.stdout.write;
    process.stdout.write = capture(io.stdout);
    process.stderr.write = capture(io.stderr);
    let code: number;
    try {
        code = await planCommand([...args, "--json", path.join(out, "plan.json")], io, {
            program,
            onPlanned: (detailed) => fs.writeFileSync(path.join(out, "analyzed.json"), JSON.stringify(detailed.analyzed)),
        });
    } catch (err) {
        code = reportError(err, io.stderr, io.stdout);
    } finally {
        [process.stdout.write, process.stderr.write] = writes;
    }
    const run: WorkerRun = { code, stdout, stderr };
    fs.writeFileSync(path.join(out, "run.json"), JSON.stringify(run));
}

applyRuntimeFlags();
main(process.argv.slice(2)).then(
    () => process.exit(0),
    (err) => {
        process.stderr.write(`plan worker failed: ${(err as Error).stack ?? String(err)}\n`);
        process.exit(3);
    },
);
