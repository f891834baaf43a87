import * as pulumi from "@pulumi/pulumi";
import { closestMatch } from "./spelling";

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

    /** `problems` as found; a misspelt key's "unknown" and its "missing" are folded into one ({@link foldMisspeltKeys}). */
    constructor(problems: readonly Problem[]) {
        const folded = foldMisspeltKeys(problems);
        super(formatProblems(folded));
        this.name = "SettingsError";
        this.problems = folded;
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

const MISSING = "nothing (the key is missing)";
const UNKNOWN = /^an unknown key "((?:[^"\\]|\\.)*)"$/;

/**
 * A key written with a typo is an unknown key and, when the key it meant is required, a missing one too: one
 * mistake, reported once. An unknown key whose sibling (same file, same parent) is missing and close in spelling
 * (config/spelling.ts) becomes one problem naming both; other problems are kept as they are, in their order.
 */
export function foldMisspeltKeys(problems: readonly Problem[]): Problem[] {
    const missing = new Map<string, number>();
    problems.forEach((p, i) => {
        if (p.found === MISSING) missing.set(`${p.file}\u0000${p.key}`, i);
    });
    if (missing.size === 0) return [...problems];
    const dropped = new Set<number>();
    const out = problems.map((p) => {
        const m = UNKNOWN.exec(p.found);
        if (!m) return p;
        const extra = JSON.parse(`"${m[1]}"`) as string;
        if (!p.key.endsWith(extra)) return p;
        const parent = p.key.slice(0, p.key.length - extra.length);
        const siblings = [...missing.entries()]
            .filter(([k, i]) => !dropped.has(i) && k.startsWith(`${p.file}\u0000${parent}`))
            .map(([k]) => k.slice(p.file.length + 1 + parent.length))
            .filter((name) => name !== "" && !/[.[]/.test(name));
        // a misspelling, or the key with a word added or left out (hostname for host, maxSize for max)
        const meant = closestMatch(extra, siblings) ?? siblings.find((s) => s.length >= 3 && (extra.toLowerCase().startsWith(s.toLowerCase()) || s.toLowerCase().startsWith(extra.toLowerCase())));
        if (meant === undefined) return p;
        const meantAt = missing.get(`${p.file}\u0000${parent}${meant}`)!;
        dropped.add(meantAt);
        const what = problems[meantAt].expected;
        const fix = extra.trim() === meant ? `remove the ${extra !== extra.trimEnd() ? "trailing" : "leading"} space: ${JSON.stringify(extra)} -> ${meant}` : `rename ${JSON.stringify(extra)} to ${meant}`;
        return { ...p, expected: `the key ${meant}: ${what} (missing here; ${JSON.stringify(extra)} looks like a misspelling of it)`, fix };
    });
    return out.filter((_, i) => !dropped.has(i));
}

/** A short, single-line rendering of a found value for a problem report. */
export function describeValue(value: unknown): string {
    if (value === undefined) return "nothing (the key is missing)";
    if (typeof value === "string") return JSON.stringify(value);
    if (typeof value === "number" && !Number.isFinite(value)) return `${String(value)} (a number too large to hold)`;
    const text = JSON.stringify(value);
    return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/** The value at a path of keys and indexes in a parsed document; undefined where the path stops. */
export function valueAt(root: unknown, at: readonly PropertyKey[]): unknown {
    let v: unknown = root;
    for (const part of at) {
        if (v === null || typeof v !== "object") return undefined;
        v = (v as Record<PropertyKey, unknown>)[part];
    }
    return v;
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
