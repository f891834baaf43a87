/**
 * The plan-file contract (README, "### The plan file"; the types in engine/planTypes.ts) as a schema, checked when a
 * plan is read (engine/planFile.ts `readPlan`): a file with a missing section, a resource whose `inputs` is null
 * or a value of the wrong type is refused with the JSON path of each problem, instead of failing later in the diff
 * or the report. Keys the contract does not name are let through (a newer engine may write more).
 */
import { z } from "zod";
import { describeValue, formatPath, valueAt } from "../config/problems";

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

/** One way a plan file breaks the contract. */
interface PlanFileIssue {
    readonly at: readonly PropertyKey[];
    readonly expected: string;
    readonly found: string;
}

function issuesOf(raw: unknown): PlanFileIssue[] {
    const result = planFileSchema.safeParse(raw);
    if (result.success) return [];
    return result.error.issues.map((issue) => {
        const at = issue.path;
        let expected: string;
        if (issue.code === "invalid_type") expected = expectedAt(at, issue.expected);
        else if (issue.code === "invalid_value") expected = `one of ${issue.values.map((v) => String(v)).join(", ")}`;
        else expected = issue.message;
        return { at, expected, found: found(valueAt(raw, at)) };
    });
}

/** What {@link planFileReport} finds: the lines of the problems, how many there are, and a hint when the file is an old one. */
export interface PlanFileReport {
    /** One line per problem; a problem repeated across resources folded into one line (`resources[*].inputs: ..., in 392 of 392 resources`). */
    readonly lines: string[];
    /** How many problems, before folding. */
    readonly count: number;
    /** Set when nearly every resource lacks the same keys: the file is of an older version of the contract. */
    readonly olderVersion?: string;
}

/** The share of resources missing the same key from which a file is taken for one of an older version. */
const NEARLY_EVERY = 0.9;

/**
 * Each way `raw` breaks the contract: the problems outside `resources` first (a missing section), then the
 * resources' problems, each kind once, with how many resources have it and the first of them.
 */
export function planFileReport(raw: unknown): PlanFileReport {
    const issues = issuesOf(raw);
    const resourceCount = Array.isArray((raw as { resources?: unknown } | null)?.resources) ? (raw as { resources: unknown[] }).resources.length : 0;
    const inResource = (i: PlanFileIssue) => i.at[0] === "resources" && typeof i.at[1] === "number";
    const lines = issues.filter((i) => !inResource(i)).map((i) => `${where(raw, i.at)}: expected ${i.expected}, found ${i.found}`);
    // the same problem at the same key of several resources: one line
    const groups = new Map<string, PlanFileIssue[]>();
    for (const i of issues.filter(inResource)) {
        const rest = formatPath(i.at.slice(2));
        const key = `resources[*]${rest === "" || rest.startsWith("[") ? rest : `.${rest}`}\0${i.expected}\0${i.found}`;
        groups.set(key, [...(groups.get(key) ?? []), i]);
    }
    const missingKeys: string[] = [];
    for (const [key, group] of groups) {
        const [pattern] = key.split("\0");
        const first = group[0];
        const resources = new Set(group.map((i) => i.at[1])).size;
        if (resources === 1) {
            lines.push(...group.map((i) => `${where(raw, i.at)}: expected ${i.expected}, found ${i.found}`));
            continue;
        }
        const firstUrn = valueAt(raw, ["resources", first.at[1], "urn"]);
        const firstName = typeof firstUrn === "string" ? firstUrn : formatPath(first.at.slice(0, 2));
        lines.push(`${pattern}: expected ${first.expected}, found ${first.found}, in ${resources} of ${resourceCount} resources (the first: ${firstName})`);
        if (first.at.length === 3 && valueAt(raw, first.at) === undefined && resources >= NEARLY_EVERY * resourceCount) missingKeys.push(String(first.at[2]));
    }
    const olderVersion =
        missingKeys.length > 0
            ? `nearly every resource lacks ${missingKeys.join(", ")}: the file was written by an older version of npm run plan: make it again`
            : undefined;
    return { lines, count: issues.length, olderVersion };
}

/** Each way `raw` breaks the contract, one line each (a problem repeated across resources folded): see {@link planFileReport}. */
export function planFileProblems(raw: unknown): string[] {
    return planFileReport(raw).lines;
}
