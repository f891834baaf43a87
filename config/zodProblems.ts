import type { z } from "zod";
import { Problem, describeValue, formatPath } from "./problems";

/** Turning zod's issues into the settings report's problems: file, key, expected, found, fix. */

function valueAt(root: unknown, at: readonly PropertyKey[]): unknown {
    let v: unknown = root;
    for (const part of at) {
        if (v === null || typeof v !== "object") return undefined;
        v = (v as Record<PropertyKey, unknown>)[part];
    }
    return v;
}

function withArticle(noun: string): string {
    return /^[aeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`;
}

function joinKey(base: string, at: readonly PropertyKey[]): string {
    const rest = formatPath(at);
    if (base === "") return rest === "" ? "(top level)" : rest;
    if (rest === "") return base;
    return rest.startsWith("[") ? `${base}${rest}` : `${base}.${rest}`;
}

/**
 * Turns zod issues into problems that name the file, the key, what was expected and what was found.
 * `base` is the key of the value that was parsed (`platform:zones`), or "" for a whole file.
 */
export function zodProblems(error: z.ZodError, raw: unknown, file: string, base: string): Problem[] {
    const problems: Problem[] = [];
    for (const issue of error.issues) {
        const at = issue.path as PropertyKey[];
        const key = joinKey(base, at);
        const found = valueAt(raw, at);
        switch (issue.code) {
            case "unrecognized_keys":
                for (const extra of issue.keys) {
                    problems.push({
                        file,
                        key: joinKey(base, [...at, extra]),
                        expected: "a known key (see Pulumi.yaml and config/schema.ts)",
                        found: `an unknown key ${JSON.stringify(extra)}`,
                        fix: "correct its spelling or remove it",
                    });
                }
                break;
            case "invalid_type":
                problems.push({
                    file,
                    key,
                    expected: found === undefined ? `a value (${issue.expected})` : withArticle(issue.expected),
                    found: describeValue(found),
                    fix: found === undefined ? `add ${key}` : `set ${key} to ${withArticle(issue.expected)}`,
                });
                break;
            case "invalid_value":
                problems.push({
                    file,
                    key,
                    expected: `one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`,
                    found: describeValue(found),
                    fix: `set ${key} to one of the expected values`,
                });
                break;
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
                    expected: issue.message,
                    found: describeValue(found),
                    fix: fix ?? `change ${key} to match what is expected`,
                });
            }
        }
    }
    return problems;
}
