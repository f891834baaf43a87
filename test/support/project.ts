import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { nodeArgs } from "../../engine/node";

export const ROOT = path.resolve(__dirname, "..", "..");
const SOURCES = ["index.ts", "Pulumi.yaml", "Pulumi.prod.yaml", "Pulumi.nonprod.yaml", "package.json", "tsconfig.json", "config", "components", "stacks", "policies", "engine"];

/** A throwaway copy of the project (sources and settings; node_modules linked) that a test may break. */
export function copyProject(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "platform-"));
    for (const entry of SOURCES) fs.cpSync(path.join(ROOT, entry), path.join(dir, entry), { recursive: true });
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"));
    return dir;
}

/** Runs one of the engine's commands (engine/cli/<name>.ts) in `dir` and returns what it printed. */
export function runCli(dir: string, command: string, args: string[], input?: string, env: Record<string, string> = {}): { code: number; stdout: string; stderr: string } {
    const result = spawnSync(process.execPath, nodeArgs(path.join(dir, "engine", "cli", `${command}.ts`), ...args), {
        cwd: dir,
        encoding: "utf8",
        input,
        env: { ...process.env, ...env },
    });
    return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** The content of a file of the project with text replaced; fails loudly when the text is not there. */
export function edited(file: string, from: string, to: string): string {
    const text = fs.readFileSync(path.join(ROOT, file), "utf8");
    if (!text.includes(from)) throw new Error(`${file} does not contain ${JSON.stringify(from)}`);
    return text.replace(from, to);
}

/** Replaces text in a file of a copied project; fails loudly when the text is not there. */
export function edit(dir: string, file: string, from: string, to: string): void {
    const full = path.join(dir, file);
    const text = fs.readFileSync(full, "utf8");
    if (!text.includes(from)) throw new Error(`${file} does not contain ${JSON.stringify(from)}`);
    fs.writeFileSync(full, text.replace(from, to));
}
