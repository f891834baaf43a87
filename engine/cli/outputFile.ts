/**
 * A file a command writes its result to (`npm run plan -- --json FILE`, `npm run check -- --json FILE`): checked
 * before the command starts its work, so that a path it cannot write is a usage error naming the flag and the path
 * (exit 2), not a stack trace after the plan or the analysis, with the result lost. Both commands create a missing
 * folder (as `npm run plan` always has: scripts and tests write `out/<stack>.json` into a fresh checkout).
 */
import * as fs from "fs";
import * as path from "path";
import { UsageError } from "./exit";

/** What a path is on disk: missing, a folder or something else (a file). */
function kindOf(p: string): "missing" | "folder" | "file" {
    try {
        return fs.statSync(p).isDirectory() ? "folder" : "file";
    } catch (err) {
        // under a file (ENOTDIR) or a folder that cannot be read: what is in the way is found by walking up
        if ((err as NodeJS.ErrnoException).code !== undefined) return "missing";
        throw err;
    }
}

function writable(p: string): boolean {
    try {
        fs.accessSync(p, fs.constants.W_OK);
        return true;
    } catch {
        return false;
    }
}

/**
 * Why `file` cannot be written (the flag, the path as given, what is in the way and the fix), or undefined when it
 * can: its folder exists and is writable, or can be created (every missing folder on the way is created when the
 * file is written). `example` is the file name a suggested path ends with (`plan.json`).
 */
export function outputFileProblem(flag: string, file: string, example: string): string | undefined {
    const target = path.resolve(file);
    const at = `--${flag} ${file}`;
    if (file.trim() === "") return `${at}: an empty path; give the file to write, e.g. --${flag} out/${example}`;
    const kind = kindOf(target);
    if (kind === "folder" || (kind === "missing" && /[\\/]$/.test(file))) return `${at}: a folder${kind === "missing" ? "'s path" : ""}, not a file; give a file in it, e.g. --${flag} ${path.join(file, example)}`;
    if (kind === "file") return writable(target) ? undefined : `${at}: the file exists and cannot be written (permission denied); give another path, or make the file writable`;
    // the nearest folder on the way that exists (every one below it is created), named as the path gives it
    let parent = path.dirname(file);
    while (kindOf(path.resolve(parent)) === "missing" && path.dirname(parent) !== parent) parent = path.dirname(parent);
    if (kindOf(path.resolve(parent)) === "file") {
        const instead = path.join(path.dirname(parent), path.basename(file));
        return `${at}: ${parent} is a file, not a folder, so nothing can be written under it; give another path (e.g. --${flag} ${instead}), or move ${parent} away`;
    }
    if (!writable(path.resolve(parent))) return `${at}: cannot create the file in ${parent} (permission denied); give a path in a folder you can write to, e.g. --${flag} out/${example}`;
    return undefined;
}

/** Throws the usage error of {@link outputFileProblem}, if any: before the command does its work. */
export function checkOutputFile(flag: string, file: string, example: string): void {
    const problem = outputFileProblem(flag, file, example);
    if (problem !== undefined) throw new UsageError(problem);
}

/** Writes the file, creating its folder; a path that cannot be written after all is a usage error naming the flag. */
export function writeOutputFile(flag: string, file: string, text: string, example: string): void {
    try {
        fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
        fs.writeFileSync(file, text);
    } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === undefined) throw err;
        throw new UsageError(outputFileProblem(flag, file, example) ?? `--${flag} ${file}: cannot write it (${code}); give another path`);
    }
}
