import * as pulumi from "@pulumi/pulumi";

/** One thing wrong with the settings: where it is, what was expected, what was found, how to fix it. */
export interface Problem {
    /** File the setting lives in, relative to the project root (`Pulumi.prod.yaml`, `config/platform.yaml`). */
    readonly file: string;
    /** Key path inside the file: `platform:networks.prod.serviceCidr`. */
    readonly key: string;
    readonly expected: string;
    readonly found: string;
    readonly fix: string;
}

/**
 * Raised when settings are invalid. It is a `RunError`, so a real `pulumi up` prints the report and exits
 * without a stack trace; the offline engine prints the same report and exits 2.
 */
export class SettingsError extends pulumi.RunError {
    public readonly problems: readonly Problem[];
    public readonly isSettingsError = true;

    constructor(problems: readonly Problem[]) {
        super(formatProblems(problems));
        this.name = "SettingsError";
        this.problems = problems;
    }
}

/** True for a {@link SettingsError}, also across copies of this module (jest module registries). */
export function isSettingsError(err: unknown): err is SettingsError {
    return typeof err === "object" && err !== null && (err as { isSettingsError?: unknown }).isSettingsError === true;
}

/** The report a user reads: every problem, each with file, key, expected, found and fix. */
export function formatProblems(problems: readonly Problem[]): string {
    const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
    const lines = [`Invalid settings (${count}):`];
    for (const p of problems) {
        lines.push(`  ${p.file}: ${p.key}`);
        lines.push(`    expected: ${p.expected}`);
        lines.push(`    found:    ${p.found}`);
        lines.push(`    fix:      ${p.fix}`);
    }
    return lines.join("\n");
}

/** A short, single-line rendering of a found value for a problem report. */
export function describeValue(value: unknown): string {
    if (value === undefined) return "nothing (the key is missing)";
    if (typeof value === "string") return JSON.stringify(value);
    if (typeof value === "number" && !Number.isFinite(value)) return `${String(value)} (a number too large to hold)`;
    const text = JSON.stringify(value);
    return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/** `a.b.c` from a path, with array indexes as `[n]`. */
export function formatPath(path: readonly PropertyKey[]): string {
    let out = "";
    for (const part of path) {
        if (typeof part === "number") out += `[${part}]`;
        else out += out === "" ? String(part) : `.${String(part)}`;
    }
    return out;
}
