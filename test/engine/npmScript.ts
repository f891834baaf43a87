import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/** The project root, where package.json defines the scripts. */
export const ROOT = path.resolve(__dirname, "../..");

/** What a command did. */
export interface Run {
    readonly code: number | null;
    readonly stdout: string;
    readonly stderr: string;
}

/**
 * A child-process test's timeout: only there to end a hung command, never a measure of speed (a test must
 * pass on a machine at load 8, only slower). The suite's default (jest.config.js) is the same.
 */
export const CLI_TIMEOUT = 600_000;

/** Runs `npm run -s <script> -- ...args` in the project root, feeding `input` to standard input. */
export function npmRun(script: string, args: readonly string[], input = ""): Promise<Run> {
    return new Promise((resolve, reject) => {
        const child = spawn("npm", ["run", "-s", script, "--", ...args], { cwd: ROOT, stdio: ["pipe", "pipe", "pipe"] });
        let stdout = "";
        let stderr = "";
        child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
        child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
        child.on("error", reject);
        child.on("close", (code) => resolve({ code, stdout, stderr }));
        child.stdin.end(input);
    });
}

/** A fresh temporary folder with `files` (name -> content) written in it; returns the folder. */
export function tmpFiles(files: Record<string, string>): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "engine-cli-"));
    for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), content);
    return dir;
}
