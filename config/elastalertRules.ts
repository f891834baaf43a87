/**
 * ElastAlert 2 rules kept in the repository (`config/elastalert-rules/*.yaml`): read, checked against the
 * shape ElastAlert 2 requires of each rule type (its own schema.yaml and RulesLoader), and returned for the
 * chart's `rules` values. Every problem of every file is reported together, each naming the file and key.
 */
import * as fs from "fs";
import * as path from "path";
import { z } from "zod";
import { Problem, SettingsError, describeValue, foldMisspeltKeys, formatPath, valueAt } from "./problems";
import { YamlError, parseYaml, yamlProblem } from "./yaml";
import { closestMatch } from "./spelling";
import { ALERTER_OPTIONS, ELASTALERT_VERSION, OPTION_HINTS, PLATFORM_GLOBAL_OPTIONS, REMOVED_ALERTERS } from "./elastalertAlerters";

/** Where the rules live, relative to the project root (for messages). */
export const RULES_DIR = "config/elastalert-rules";
const RULES_PATH = path.join(__dirname, "elastalert-rules");

/** A validated rule: its file, the key it has in the chart's `rules` (the file's base name), and its body. */
export interface ElastAlertRule {
    readonly file: string;
    readonly key: string;
    readonly name: string;
    readonly body: Readonly<Record<string, unknown>>;
}

/** A time span as ElastAlert reads it (`{minutes: 15}`). */
const timespan = z
    .strictObject({ weeks: z.number().min(0), days: z.number().min(0), hours: z.number().min(0), minutes: z.number().min(0), seconds: z.number().min(0), milliseconds: z.number().min(0) })
    .partial()
    .refine((t) => Object.values(t).some((v) => (v ?? 0) > 0), { message: "a time span longer than zero, such as {minutes: 15}" });
const field = z.string().min(1);
/**
 * A field, or a list of them. A name with " - " in it is a list's entries run into the scalar above them
 * (`query_key: a` then `  - b` reads as the text "a - b" in YAML): a field no document has.
 */
const fields = z.union([field, z.array(field).min(1)]).superRefine((value, ctx) => {
    if (typeof value !== "string" || !/\s-\s/.test(value)) return;
    ctx.addIssue({
        code: "custom",
        message: "a field name or a list of field names (no document has a field with \" - \" in its name)",
        params: { fix: `write the fields as a list: [${value.split(/\s+-\s+/).join(", ")}] (a "- " line under "key: value" continues the value's text, it does not start a list)` },
    });
});
const positiveInt = z.int().min(1);

/** The alerters ElastAlert 2.31.0 ships (RulesLoader.alerts_mapping; config/elastalertAlerters.ts). */
export const ALERTERS: readonly string[] = Object.keys(ALERTER_OPTIONS);

/** Keys every rule has; other ElastAlert options pass through unchecked. */
const commonSchema = z.looseObject({
    name: z.string().min(1),
    type: z.enum(["any", "blacklist", "whitelist", "change", "frequency", "spike", "flatline", "new_term", "cardinality", "metric_aggregation", "percentage_match", "spike_aggregation"]),
    index: z.string().min(1),
    // each name, and the options its alerter requires, are checked by alerterProblems
    alert: z.array(z.string().min(1)).min(1),
    filter: z.array(z.record(z.string(), z.unknown())).optional(),
    query_key: fields.optional(),
    realert: timespan.optional(),
    buffer_time: timespan.optional(),
    query_delay: timespan.optional(),
    description: z.string().optional(),
});
/** The rule types ElastAlert 2 ships (RulesLoader.rules_mapping). */
export type RuleType = z.infer<typeof commonSchema>["type"];

const aggType = z.enum(["min", "max", "avg", "sum", "cardinality", "value_count", "percentiles"]);
const spikeType = z.enum(["up", "down", "both"]);

/** The keys each rule type requires (and the types of its optional keys), as in ElastAlert 2's schema.yaml. */
const TYPE_SCHEMAS: Readonly<Record<RuleType, z.ZodType>> = {
    any: z.looseObject({}),
    blacklist: z.looseObject({ compare_key: fields, blacklist: z.array(z.string()).min(1) }),
    whitelist: z.looseObject({ compare_key: fields, whitelist: z.array(z.string()).min(1), ignore_null: z.boolean() }),
    change: z.looseObject({ query_key: fields, compare_key: fields, ignore_null: z.boolean(), timeframe: timespan.optional() }),
    frequency: z.looseObject({ num_events: positiveInt, timeframe: timespan }),
    spike: z.looseObject({ spike_height: z.number().positive(), spike_type: spikeType, timeframe: timespan, threshold_ref: positiveInt.optional(), threshold_cur: positiveInt.optional() }),
    flatline: z.looseObject({ threshold: positiveInt, timeframe: timespan }),
    new_term: z.looseObject({ fields: z.array(z.union([field, z.array(field)])).min(1).optional() }),
    cardinality: z.looseObject({ cardinality_field: field, timeframe: timespan, max_cardinality: positiveInt.optional(), min_cardinality: z.int().min(0).optional() }),
    metric_aggregation: z.looseObject({ metric_agg_key: field, metric_agg_type: aggType }),
    percentage_match: z.looseObject({ match_bucket_filter: z.array(z.record(z.string(), z.unknown())).min(1) }),
    spike_aggregation: z.looseObject({ spike_height: z.number().positive(), spike_type: spikeType, timeframe: timespan, metric_agg_type: aggType.optional() }),
};

const TIME_SPAN = "a time span such as {minutes: 15}";
const FIELDS = "a field name or a list of field names";
const AT_LEAST_ONE = "a whole number, at least 1";

/** What each key holds, in the words of a problem report. */
const EXPECTED: Readonly<Record<string, string>> = {
    name: "a rule name, unique among the rules",
    index: "an index pattern such as filebeat-*",
    alert: "a list of alerters such as [post2]",
    filter: "a list of Elasticsearch query clauses",
    query_key: FIELDS,
    compare_key: FIELDS,
    timeframe: TIME_SPAN,
    realert: TIME_SPAN,
    buffer_time: TIME_SPAN,
    query_delay: TIME_SPAN,
    num_events: AT_LEAST_ONE,
    threshold: AT_LEAST_ONE,
    threshold_ref: AT_LEAST_ONE,
    threshold_cur: AT_LEAST_ONE,
    max_cardinality: AT_LEAST_ONE,
    spike_height: "a positive number (current window / reference window)",
    ignore_null: "true or false",
    blacklist: "a list of values",
    whitelist: "a list of values",
    cardinality_field: "a field name",
    metric_agg_key: "a field name",
    match_bucket_filter: "a list of Elasticsearch query clauses",
    fields: "a list of field names",
    description: "a text",
};

/**
 * Zod's issues as problems of a rule file: the key, what it holds, what was found. An issue of a key whose
 * sub-key has its own issue is left out (the sub-key's says more). `type` names the rule type that requires
 * a missing key.
 */
const NUMBER_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"];

/** The figure a time span's value written as text means: "1" and "one" are 1; undefined for anything else. */
export function spanFigure(found: unknown): number | undefined {
    if (typeof found !== "string") return undefined;
    const text = found.trim().toLowerCase();
    if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
    const word = NUMBER_WORDS.indexOf(text);
    return word > 0 ? word : undefined;
}

function ruleProblems(error: z.ZodError, raw: unknown, file: string, type?: string): Problem[] {
    // an unknown key's issue sits on its parent's path, but is about the key below it
    const depth = (i: z.core.$ZodIssue) => i.path.length + (i.code === "unrecognized_keys" ? 1 : 0);
    const issues = error.issues.filter((i) => !error.issues.some((o) => o !== i && depth(o) > depth(i) && i.path.every((p, n) => o.path[n] === p)));
    return issues.flatMap((issue): Problem[] => {
        const at = issue.path as PropertyKey[];
        const key = formatPath(at) || "(top level)";
        if (issue.code === "unrecognized_keys") {
            return issue.keys.map((extra) => ({
                file,
                key: formatPath([...at, extra]),
                expected: "one of a time span's keys: weeks, days, hours, minutes, seconds, milliseconds",
                found: `an unknown key ${JSON.stringify(extra)}`,
                fix: "correct its spelling",
            }));
        }
        const found = valueAt(raw, at);
        // inside a time span (timeframe.minutes), the unit's number, not the span again
        const inSpan = at.length === 2 && EXPECTED[String(at[0])] === TIME_SPAN;
        const expected =
            issue.code === "invalid_value"
                ? `one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`
                : inSpan
                  ? `a number of ${String(at[1])} above 0 (the ${String(at[0])}'s span)`
                  : (EXPECTED[String(at[0])] ?? issue.message);
        if (found === undefined) {
            const required = type ? `, which a ${type} rule requires` : ", which every rule requires";
            return [{ file, key, expected: `${expected}${required}`, found: describeValue(found), fix: `add ${key}${type ? ` (see ElastAlert 2's ${type} rule type)` : ""}` }];
        }
        // a custom issue carries its own words and fix (a list run into a value's text)
        const own = issue.code === "custom" ? (issue as { params?: { fix?: string } }).params?.fix : undefined;
        if (own) return [{ file, key, expected: issue.message, found: describeValue(found), fix: own }];
        const figure = inSpan ? spanFigure(found) : undefined;
        const fix =
            issue.code === "invalid_value" ? `set ${key} to one of the expected values` : figure !== undefined ? `write ${key}: ${figure} (a number, without quotes)` : `set ${key} to ${expected}`;
        return [{ file, key, expected, found: describeValue(found), fix }];
    });
}

/**
 * Credentials never belong in a rule: rules are in git and the chart renders them into a ConfigMap. The
 * webhook comes from `platform:alertWebhookUrl` through ElastAlert's own configuration.
 */
const CREDENTIAL_KEY = /(_url$|password|token|secret|api_?key|access_key)/;
const NOT_CREDENTIALS = new Set(["kibana_url", "kibana_discover_app_url"]);
/** The required options of ElastAlert's alerters that are credentials though their names do not say so (opsgenie_key). */
const ALERTER_CREDENTIALS = new Set(Object.values(ALERTER_OPTIONS).flatMap((o) => o.credentials));
const isCredential = (key: string) => (CREDENTIAL_KEY.test(key) && !NOT_CREDENTIALS.has(key)) || ALERTER_CREDENTIALS.has(key);

const POST2 = "post2, which posts to the platform's notification webhook (platform:alertWebhookUrl)";
const ALERTER_LIST = `one of ElastAlert ${ELASTALERT_VERSION}'s alerters: "post2" (the platform's notification webhook, platform:alertWebhookUrl), ${Object.keys(ALERTER_OPTIONS)
    .filter((n) => n !== "post2")
    .map((n) => JSON.stringify(n))
    .join(", ")}`;

/**
 * The rule's alerters against ElastAlert 2.31.0's: an unknown name (ElastAlert would import it as a module and
 * fail), and each required option of a known one that neither the rule nor ElastAlert's configuration
 * ({@link PLATFORM_GLOBAL_OPTIONS}) gives: ElastAlert refuses to load such a rule. A required credential cannot
 * be in the rule, so an alerter that needs one the platform does not supply is the problem of its `alert` entry.
 */
function alerterProblems(file: string, rule: Record<string, unknown>): Problem[] {
    const alert = rule.alert;
    if (!Array.isArray(alert)) return [];
    const problems: Problem[] = [];
    const given = new Set([...Object.keys(rule), ...PLATFORM_GLOBAL_OPTIONS]);
    const reported = new Set<string>();
    alert.forEach((name: unknown, i) => {
        if (typeof name !== "string" || name === "") return;
        const key = `alert[${i}]`;
        const options = Object.prototype.hasOwnProperty.call(ALERTER_OPTIONS, name) ? ALERTER_OPTIONS[name] : undefined;
        if (!options) {
            const removed = Object.prototype.hasOwnProperty.call(REMOVED_ALERTERS, name) ? REMOVED_ALERTERS[name] : undefined;
            const meant = removed ? undefined : closestMatch(name, Object.keys(ALERTER_OPTIONS));
            const found = removed
                ? `${JSON.stringify(name)}, an alerter ElastAlert removed in ${removed.removedIn} (the chart runs ${ELASTALERT_VERSION})`
                : `${JSON.stringify(name)}, which ElastAlert ${ELASTALERT_VERSION} does not have (it would try to import it as a Python module and refuse the rule)`;
            // a name to use instead, unless it too needs a credential the platform does not supply
            const instead = (other: string) => {
                const needs = ALERTER_OPTIONS[other].credentials.filter((c) => !PLATFORM_GLOBAL_OPTIONS.includes(c));
                return needs.length === 0 ? `${other}, or ${POST2}` : `${POST2}; ${other} needs ${needs.join(" and ")}, which a rule may not hold and the platform does not supply`;
            };
            const fix = removed ? `use ${instead(removed.use)}` : meant ? `did you mean ${meant}? Use ${instead(meant)}` : `use ${POST2}`;
            problems.push({ file, key, expected: ALERTER_LIST, found, fix });
            return;
        }
        const missing = options.required.filter((o) => !given.has(o) && !reported.has(o));
        const credentials = missing.filter((o) => options.credentials.includes(o));
        if (credentials.length > 0) {
            credentials.forEach((o) => reported.add(o));
            const them = credentials.length === 1 ? credentials[0] : credentials.join(" and ");
            problems.push({
                file,
                key,
                expected: `an alerter whose required options the rule or the platform gives (ElastAlert ${ELASTALERT_VERSION} refuses to load a rule without them), such as ${POST2}`,
                found: `${JSON.stringify(name)}, which requires ${them}: ${credentials.length === 1 ? "a credential or webhook URL" : "credentials or webhook URLs"}, which a rule may not hold (rules are in git and in a ConfigMap) and the platform does not supply (it supplies only post2's http_post2_url)`,
                fix: `alert through post2 instead (alert: [post2]): the platform's notification webhook (platform:alertWebhookUrl) receives every rule's alerts`,
            });
        }
        // an alerter that cannot be used at all: its other missing options do not matter
        for (const o of credentials.length > 0 ? [] : missing) {
            reported.add(o);
            const hint = OPTION_HINTS[o];
            problems.push({
                file,
                key: o,
                expected: `${hint?.expected ?? `the ${name} alerter's ${o}`}, which the ${name} alerter (${key}) requires: ElastAlert ${ELASTALERT_VERSION} refuses to load the rule without it`,
                found: describeValue(undefined),
                fix: hint?.fix ?? `add ${o} (see ElastAlert 2's ${name} alerter), or alert through post2`,
            });
        }
    });
    return problems;
}

/** Checks one rule file's text. Returns the rule, or the problems that keep it from loading. */
export function parseElastAlertRule(file: string, text: string): { rule?: ElastAlertRule; problems: Problem[] } {
    const key = path.basename(file).replace(/\.ya?ml$/, "");
    let raw: unknown;
    try {
        raw = parseYaml(text, file);
    } catch (err) {
        if (!(err instanceof YamlError)) throw err;
        return { problems: [yamlProblem(err, "a YAML document", "fix the YAML syntax")] };
    }
    if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
        return { problems: [{ file, key: "(file)", expected: "a map of rule options (name, type, index, alert, ...)", found: raw === null || raw === undefined ? "an empty file" : describeValue(raw), fix: "write the rule as a YAML map, or remove the file" }] };
    }
    const problems: Problem[] = [];
    if (!/^[A-Za-z0-9][-._A-Za-z0-9]*$/.test(key)) {
        problems.push({ file, key: "(file name)", expected: "a name of letters, digits, '-', '_' and '.' (it becomes a ConfigMap key)", found: JSON.stringify(key), fix: "rename the file" });
    }
    for (const k of Object.keys(raw)) {
        if (isCredential(k)) {
            problems.push({
                file,
                key: k,
                expected: "no credentials or webhook URLs in a rule (rules are in git and in a ConfigMap)",
                found: `a value for ${k}`,
                fix: "remove it: alerts reach the notification webhook from platform:alertWebhookUrl, which ElastAlert's configuration carries",
            });
        }
    }
    // ElastAlert ignores a key it does not know: a known option misspelt (reelert) would be lost without a word
    const type0 = (raw as { type?: unknown }).type;
    const typeShape = typeof type0 === "string" ? (TYPE_SCHEMAS[type0 as RuleType] as unknown as { shape?: Record<string, unknown> } | undefined)?.shape : undefined;
    const known = [...Object.keys(commonSchema.shape), ...Object.keys(typeShape ?? {})];
    for (const k of Object.keys(raw).filter((k) => !known.includes(k))) {
        const near = closestMatch(k, known.filter((n) => !(n in raw)));
        if (near) problems.push({ file, key: k, expected: `a rule option ElastAlert reads (${near}, most likely: it ignores a key it does not know)`, found: `an unknown key ${JSON.stringify(k)}`, fix: `rename ${JSON.stringify(k)} to ${near}` });
    }
    const common = commonSchema.safeParse(raw);
    if (!common.success) problems.push(...ruleProblems(common.error, raw, file));
    problems.push(...alerterProblems(file, raw as Record<string, unknown>));
    const type = (raw as { type?: unknown }).type;
    const typeSchema = typeof type === "string" ? TYPE_SCHEMAS[type as RuleType] : undefined;
    if (typeSchema) {
        const specific = typeSchema.safeParse(raw);
        if (!specific.success) {
            const reported = new Set(problems.map((p) => p.key));
            // a common key the type also constrains (query_key of a change rule) is reported once
            problems.push(...ruleProblems(specific.error, raw, file, type as string).filter((p) => !reported.has(p.key)));
        }
    }
    // a required key misspelt is one problem: the unknown key, naming the one it means
    if (problems.length > 0) return { problems: foldMisspeltKeys(problems) };
    const body = raw as Record<string, unknown>;
    return { rule: { file, key, name: String(body.name), body }, problems: [] };
}

/** Checks every rule file; throws one {@link SettingsError} listing every problem, duplicate names included. */
export function parseElastAlertRules(files: readonly { readonly file: string; readonly text: string }[]): ElastAlertRule[] {
    const problems: Problem[] = [];
    const rules: ElastAlertRule[] = [];
    for (const f of files) {
        const result = parseElastAlertRule(f.file, f.text);
        problems.push(...result.problems);
        if (result.rule) rules.push(result.rule);
    }
    const seen = new Map<string, string>();
    for (const r of rules) {
        const first = seen.get(r.name);
        if (first) problems.push({ file: r.file, key: "name", expected: "a name no other rule has (ElastAlert refuses duplicates)", found: `${JSON.stringify(r.name)}, also the name in ${first}`, fix: "rename one of the two rules" });
        else seen.set(r.name, r.file);
    }
    if (problems.length > 0) throw new SettingsError(problems);
    return rules;
}

/** Reads and checks `config/elastalert-rules/*.yaml` (or `dir`), in file-name order. */
export function loadElastAlertRules(dir: string = RULES_PATH, display: string = RULES_DIR): ElastAlertRule[] {
    const names = fs.readdirSync(dir).filter((n) => /\.ya?ml$/.test(n)).sort();
    return parseElastAlertRules(names.map((n) => ({ file: `${display}/${n}`, text: fs.readFileSync(path.join(dir, n), "utf8") })));
}
