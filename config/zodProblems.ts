import type { z } from "zod";
import { Problem, describeValue, formatPath, valueAt } from "./problems";
import { closestMatch } from "./spelling";

/** Turning zod's issues into the settings report's problems: file, key, expected, found, fix. */

function withArticle(noun: string): string {
    return /^[aeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`;
}

/** zod's type names in the settings' words. */
const TYPE_WORDS: Readonly<Record<string, string>> = {
    int: "a whole number",
    number: "a number",
    string: "a text value",
    boolean: "true or false",
    object: "a mapping (key: value)",
    record: "a map of names to entries",
    map: "a mapping (key: value)",
    array: "a list",
    tuple: "a list",
    null: "nothing (null)",
};
const typeWords = (expected: string) => TYPE_WORDS[expected] ?? withArticle(expected);

/** What a size bound means for the kind of value it bounds, and how to meet it at `key`. */
function bound(origin: string, limit: number | bigint, inclusive: boolean, side: "min" | "max", key: string): { expected: string; fix: string } {
    const n = Number(limit);
    if (origin === "string") return side === "min" ? { expected: `at least ${n} character(s)`, fix: `give ${key} ${n} character(s) or more` } : { expected: `at most ${n} character(s)`, fix: `shorten ${key} to ${n} character(s) or fewer` };
    if (origin === "array" || origin === "set") {
        const entries = `${n} entr${n === 1 ? "y" : "ies"}`;
        return side === "min" ? { expected: `at least ${entries}`, fix: `list ${n} or more in ${key}` } : { expected: `at most ${entries}`, fix: `list ${n} or fewer in ${key}` };
    }
    if (side === "min") return inclusive ? { expected: `a number of at least ${n}`, fix: `set ${key} to ${n} or more` } : { expected: `a number greater than ${n}`, fix: `set ${key} to more than ${n}` };
    return inclusive ? { expected: `a number of at most ${n}`, fix: `set ${key} to ${n} or less` } : { expected: `a number less than ${n}`, fix: `set ${key} to less than ${n}` };
}

/** YAML 1.1's words for true and false, which YAML 1.2 (as the settings are read) takes as text. */
const YAML11_BOOLEANS: Readonly<Record<string, boolean>> = { yes: true, no: false, on: true, off: false, y: true, n: false, true: true, false: false };

/**
 * A fix with the value it takes, where the value found says what was meant: `"200Mbps"` for a number is 200, `"150%"`
 * for a ratio is 1.5, `"no"` for true or false is false, a lone text for a list is a list of it. `{key}` is the key.
 */
export function concreteFix(expected: string, found: unknown): string | undefined {
    if ((expected === "number" || expected === "int") && typeof found === "string") {
        const percent = /^\s*(-?\d+(?:\.\d+)?)\s*%\s*$/.exec(found);
        if (percent) return `write the ratio as a number: ${Number(percent[1]) / 100} for ${found.trim()}`;
        const withUnit = /^\s*(-?\d+(?:\.\d+)?)\s*([A-Za-z]+)\s*$/.exec(found);
        if (withUnit) return `write the number alone, without quotes or a unit: {key}: ${withUnit[1]}`;
        if (/^\s*-?\d+(?:\.\d+)?\s*$/.test(found)) return `write the number without quotes: {key}: ${found.trim()}`;
    }
    if (expected === "boolean" && typeof found === "string" && found.toLowerCase() in YAML11_BOOLEANS) {
        return `write ${YAML11_BOOLEANS[found.toLowerCase()]} (the settings are YAML 1.2, which reads ${found} as text: true and false are its only booleans)`;
    }
    if (expected === "array" && typeof found === "string") return `write it as a list: {key}: [${found}]`;
    return undefined;
}

/** A zod message of its own (not one the schema set): zod's default words, which the report does not show. */
const isZodDefault = (message: string) => /^(Invalid|Too (small|big)|Expected|Unrecognized)\b/.test(message);

function joinKey(base: string, at: readonly PropertyKey[]): string {
    const rest = formatPath(at);
    if (base === "") return rest === "" ? "(top level)" : rest;
    if (rest === "") return base;
    return rest.startsWith("[") ? `${base}${rest}` : `${base}.${rest}`;
}

const WRAPPERS = new Set(["optional", "nullable", "default", "prefault", "readonly", "catch", "nonoptional"]);

/** The keys an object schema at `at` inside `schema` declares, when it is one plain object (no union on the way). */
export function knownKeysAt(schema: z.ZodType | undefined, at: readonly PropertyKey[]): string[] | undefined {
    interface Def { type: string; innerType?: unknown; in?: unknown; shape?: Record<string, unknown>; valueType?: unknown; element?: unknown }
    const defOf = (s: unknown) => (s as { _zod?: { def?: Def } } | undefined)?._zod?.def;
    let current: unknown = schema;
    const unwrap = () => {
        for (let d = defOf(current); d && (WRAPPERS.has(d.type) || d.type === "pipe"); d = defOf(current)) current = d.type === "pipe" ? d.in : d.innerType;
    };
    for (const part of at) {
        unwrap();
        const d = defOf(current);
        if (d?.type === "object" && typeof part === "string") current = d.shape?.[part];
        else if (d?.type === "record") current = d.valueType;
        else if (d?.type === "array") current = d.element;
        else return undefined;
    }
    unwrap();
    const d = defOf(current);
    if (d?.type === "object" && d.shape) return Object.keys(d.shape);
    // a record over an enum (clusterRoles: { ops: ..., prod: ... }): its keys are the enum's values
    const keyDef = d?.type === "record" ? (defOf((d as { keyType?: unknown }).keyType) as { type?: string; entries?: Record<string, string> } | undefined) : undefined;
    return keyDef?.type === "enum" && keyDef.entries ? Object.values(keyDef.entries) : undefined;
}

/**
 * Turns zod issues into problems that name the file, the key, what was expected and what was found.
 * `base` is the key of the value that was parsed (`platform:zones`), or "" for a whole file; with the `schema`
 * that was parsed, an unknown key is told the keys that are known there and the one it is likely a misspelling of.
 */
export function zodProblems(error: z.ZodError, raw: unknown, file: string, base: string, schema?: z.ZodType): Problem[] {
    const problems: Problem[] = [];
    for (const issue of error.issues) {
        const at = issue.path as PropertyKey[];
        const key = joinKey(base, at);
        const found = valueAt(raw, at);
        switch (issue.code) {
            case "unrecognized_keys": {
                const known = knownKeysAt(schema, at);
                const present = found !== null && typeof found === "object" ? (found as Record<string, unknown>) : {};
                for (const extra of issue.keys) {
                    const near = known && closestMatch(extra, known);
                    const fix = near === undefined ? "correct its spelling or remove it" : Object.hasOwn(present, near) ? `remove it (${near} is set beside it)` : `rename ${JSON.stringify(extra)} to ${near}, or remove it`;
                    problems.push({
                        file,
                        key: joinKey(base, [...at, extra]),
                        expected: known ? `a known key (${known.join(", ")})` : "a known key (see Pulumi.yaml and config/schema.ts)",
                        found: `an unknown key ${JSON.stringify(extra)}`,
                        fix,
                    });
                }
                break;
            }
            case "invalid_type": {
                // a number too large for JSON (1e400) arrives as Infinity
                const infinite = typeof found === "number" && !Number.isFinite(found);
                // the schema's own words where it has them
                const ownWords = !infinite && !isZodDefault(issue.message);
                const words = infinite ? "a number small enough to hold (finite)" : ownWords ? issue.message : typeWords(issue.expected);
                // a YAML file with nothing in it (or only comments) reads as null
                const emptyFile = base === "" && at.length === 0 && found === null;
                const concrete = concreteFix(issue.expected, found);
                problems.push({
                    file,
                    key,
                    expected: words,
                    found: emptyFile ? "nothing: the file is empty (or holds only comments)" : describeValue(found),
                    fix: concrete
                        ? `${concrete.replace("{key}", key)}`
                        : found === undefined
                            ? `add ${key}`
                            : base === "" && at.length === 0
                              ? `make ${file} ${words}`
                              : issue.expected === "string" && (typeof found === "number" || typeof found === "boolean")
                                ? ownWords
                                  ? `write it in quotes (YAML reads ${String(found)} unquoted as a ${typeof found}), and in full: ${words}`
                                  : `write ${key} in quotes, "${String(found)}", if that is the value (YAML reads ${String(found)} unquoted as a ${typeof found})`
                                : `set ${key} to ${words}`,
                });
                break;
            }
            case "too_small":
            case "too_big": {
                const i = issue as unknown as { origin: string; minimum?: number | bigint; maximum?: number | bigint; inclusive?: boolean };
                const b = bound(i.origin, (issue.code === "too_small" ? i.minimum : i.maximum) ?? 0, i.inclusive ?? true, issue.code === "too_small" ? "min" : "max", key);
                const custom = !isZodDefault(issue.message);
                problems.push({ file, key, expected: custom ? issue.message : b.expected, found: describeValue(found), fix: b.fix });
                break;
            }
            case "invalid_format": {
                const i = issue as unknown as { format: string; pattern?: string };
                const custom = !isZodDefault(issue.message);
                const expected = custom ? issue.message : i.format === "regex" ? `text matching ${i.pattern ?? "the pattern"}` : withArticle(`${i.format} (text)`);
                const fix = (issue as { params?: { fix?: string } }).params?.fix;
                problems.push({ file, key, expected, found: describeValue(found), fix: fix ?? `set ${key} to ${expected}` });
                break;
            }
            case "invalid_value": {
                const texts = issue.values.filter((v): v is string => typeof v === "string");
                const spelt = typeof found === "string" ? closestMatch(found, texts) : undefined;
                // values that differ only in their figures (PL4 and PL0) differ in meaning, not in spelling
                const near = spelt !== undefined && typeof found === "string" && spelt.replace(/\d/g, "") === found.replace(/\d/g, "") && spelt.toLowerCase() !== found.toLowerCase() ? undefined : spelt;
                problems.push({
                    file,
                    key,
                    expected: `one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`,
                    found: describeValue(found),
                    fix: near ? `did you mean ${JSON.stringify(near)}? Set ${key} to it` : `set ${key} to one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`,
                });
                break;
            }
            case "invalid_key":
                problems.push({
                    file,
                    key,
                    expected: `a key that is one of the allowed names (${issue.issues.map((i) => i.message).join("; ")})`,
                    found: describeValue(at[at.length - 1]),
                    fix: "rename or remove the key",
                });
                break;
            default: {
                const fix = (issue as { params?: { fix?: string } }).params?.fix;
                problems.push({
                    file,
                    key,
                    expected: isZodDefault(issue.message) ? `a valid value (${issue.code.replace(/_/g, " ")})` : issue.message,
                    found: describeValue(found),
                    fix: fix ?? `change ${key} to match what is expected`,
                });
            }
        }
    }
    return problems;
}
