/**
 * The plan-file contract (README, "### The plan file"; the types in engine/planTypes.ts) as a schema, checked when a
 * plan is read (engine/planFile.ts `readPlan`): a file with a missing section, a resource whose `inputs` is null
 * or a value of the wrong type is refused with the JSON path of each problem, instead of failing later in the diff
 * or the report. Keys the contract does not name are let through (a newer engine may write more).
 */
import { z } from "zod";
import { describeValue, formatPath } from "../config/problems";

const urn = z.string();
const urns = z.array(urn);
const map = z.record(z.string(), z.unknown());

const resourceSchema = z.object({
    urn,
    type: z.string(),
    name: z.string(),
    parent: urn.optional(),
    provider: z.string().optional(),
    custom: z.boolean(),
    dependencies: urns,
    propertyDependencies: z.record(z.string(), urns).optional(),
    protect: z.boolean(),
    inputs: map,
    secretInputs: z.array(z.string()),
    aliases: urns.optional(),
});

const violationSchema = z.object({
    policy: z.string(),
    enforcementLevel: z.enum(["advisory", "mandatory", "remediate", "disabled"]),
    urn: z.string(),
    message: z.string(),
});

const deploySchema = z.object({
    criticalPathSeconds: z.number(),
    totalSeconds: z.number(),
    criticalPath: z.array(z.object({ urn, seconds: z.number() })),
    clusterChains: z.record(z.string(), z.number()).optional(),
});

/** The plan file, as `npm run plan -- --json FILE` writes it. */
export const planFileSchema = z.object({
    stack: z.string(),
    project: z.string(),
    resources: z.array(resourceSchema),
    outputs: map,
    secretOutputs: z.array(z.string()),
    policies: z.object({
        pack: z.string(),
        violations: z.array(violationSchema),
        exemptions: z.array(z.object({ policy: z.string(), urn })).optional(),
    }),
    deploy: deploySchema.optional(),
});

/** JSON's words for what a key holds. */
const JSON_WORDS: Readonly<Record<string, string>> = {
    string: "a string",
    number: "a number",
    boolean: "true or false",
    object: "an object",
    record: "an object",
    array: "a list",
};

/** What a key of the contract holds, in the README's words, where a type alone says too little. */
function expectedAt(at: readonly PropertyKey[], type: string): string {
    const last = at[at.length - 1];
    const words = JSON_WORDS[type] ?? type;
    if (at.length === 1 && last === "resources") return "a list of resources";
    if (at.length === 1 && last === "policies") return "an object { pack, violations }";
    if (last === "inputs") return "an object (the resource's inputs; {} when it has none)";
    if (last === "outputs") return "an object (the stack's outputs; {} when there are none)";
    return words;
}

function valueAt(root: unknown, at: readonly PropertyKey[]): unknown {
    let v: unknown = root;
    for (const part of at) {
        if (v === null || typeof v !== "object") return undefined;
        v = (v as Record<PropertyKey, unknown>)[part];
    }
    return v;
}

function found(value: unknown): string {
    if (value === undefined) return "nothing (the key is missing)";
    if (value === null) return "null";
    if (Array.isArray(value)) return `a list (${describeValue(value)})`;
    if (typeof value === "object") return `an object (${describeValue(value)})`;
    return describeValue(value);
}

/** `resources[3].inputs`, with the resource's URN when it has one (the index alone is hard to find in a big file). */
function where(raw: unknown, at: readonly PropertyKey[]): string {
    const path = formatPath(at) || "(the whole file)";
    if (at[0] === "resources" && typeof at[1] === "number") {
        const u = valueAt(raw, ["resources", at[1], "urn"]);
        if (typeof u === "string") return `${path} (${u})`;
    }
    return path;
}

/** Each way `raw` breaks the contract, one line each: the JSON path, what it should hold, what it holds. */
export function planFileProblems(raw: unknown): string[] {
    const result = planFileSchema.safeParse(raw);
    if (result.success) return [];
    return result.error.issues.map((issue) => {
        const at = issue.path;
        const value = valueAt(raw, at);
        let expected: string;
        if (issue.code === "invalid_type") expected = expectedAt(at, issue.expected);
        else if (issue.code === "invalid_value") expected = `one of ${issue.values.map((v) => String(v)).join(", ")}`;
        else expected = issue.message;
        return `${where(raw, at)}: expected ${expected}, found ${found(value)}`;
    });
}
