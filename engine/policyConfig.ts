import * as fs from "fs";
import * as path from "path";
import * as analyzerproto from "@pulumi/pulumi/proto/analyzer_pb";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import { EnforcementLevel } from "@pulumi/policy";
import { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import { Problem, describeValue } from "../config/problems";
import { closestMatch } from "../config/spelling";
import { Pack } from "./analyze";
import { validateSchema } from "./jsonSchema";
import { UsageError } from "./cli/exit";
import { Exemption, KIND_PATTERN, droppedDefaults, exemptionLabel } from "../policies/exemptions";
import { POD_SPEC_PATHS, type RuledPolicy } from "../policies/kubernetes";
import { REGISTRY_HOST_PATTERN } from "../policies/workloads";
import { builtInKinds } from "./manifestSchema";

/**
 * The pack's configuration, as `pulumi preview --policy-pack-config FILE` applies it: a JSON file
 * `{ "<policy>": "<level>" | { "enforcementLevel"?: "<level>", "<knob>": value, ... }, "all"?: "<level>" }`.
 * Every policy starts from its own level and its knobs' schema defaults; `all` then sets every level; each
 * policy's entry then sets its level and knobs (a knob replaces its default whole). The result is validated
 * against each policy's configSchema and handed to the pack through @pulumi/policy's own `configure` handler.
 */

/** One policy's resolved configuration: what the `configure` RPC carries. */
export interface ResolvedPolicyConfig {
    readonly enforcementLevel: EnforcementLevel;
    readonly properties: Record<string, unknown>;
}

/** Every policy of a pack, resolved. */
export type ResolvedPackConfig = Record<string, ResolvedPolicyConfig>;

const LEVELS: readonly EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];
const PROTO_LEVELS: Record<EnforcementLevel, number> = {
    advisory: analyzerproto.EnforcementLevel.ADVISORY,
    mandatory: analyzerproto.EnforcementLevel.MANDATORY,
    remediate: analyzerproto.EnforcementLevel.REMEDIATE,
    disabled: analyzerproto.EnforcementLevel.DISABLED,
};

/** For a policy configuration that is not there: a file of that folder whose name is close, else the repository's own. */
function missingConfigFix(file: string, name: string): string {
    const dir = path.dirname(file);
    let near: string | undefined;
    try {
        near = closestMatch(path.basename(file), fs.readdirSync(dir).filter((f) => f.endsWith(".json")));
    } catch {
        // no such folder either: the repository's file is the suggestion
    }
    if (near) return `did you mean ${path.join(path.dirname(name), near)}?`;
    return `give the repository's policies/config.json, or leave --policy-config out to use it`;
}

/** What `--policy-config` names, for a message about a file that is not there. */
const POLICY_CONFIG_WHAT = "the policy pack's configuration, pulumi preview --policy-pack-config format";

/**
 * Reads a policy-pack config file; an unreadable file or invalid JSON is a usage error naming it as `name` (the
 * path as the user gave it; the repository's file by its path in the project).
 */
export function readPolicyConfigFile(file: string, name = file): unknown {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === "ENOENT") throw new UsageError(`--policy-config: ${name}: no such file (${POLICY_CONFIG_WHAT}); ${missingConfigFix(file, name)}`);
        if (code === "EISDIR") throw new UsageError(`--policy-config: ${name}: a folder, not a file (${POLICY_CONFIG_WHAT})`);
        throw new UsageError(`--policy-config: ${name}: cannot read it (${code ?? (err as Error).message})`);
    }
    // a byte-order mark, as some editors save one, is no part of the JSON
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (text.trim() === "") return {};
    try {
        return JSON.parse(text) as unknown;
    } catch (err) {
        const yamlLike = /^\s*[A-Za-z_"'-][^{[]*:/.test(text) && !/^\s*[{[]/.test(text);
        throw new UsageError(`${name}: ${jsonSyntaxProblem(text, (err as Error).message)}${yamlLike ? " (the policy configuration is JSON, as pulumi preview --policy-pack-config takes it: write it as { \"<policy>\": \"<level>\" })" : ""}`);
    }
}

/**
 * JSON.parse's message as `invalid JSON at line L, column C: <reason>`, without the excerpt of the text it may quote
 * (Node 20: `... in JSON at position N`; Node 22+: `... in JSON at position N (line L column C)`; an unexpected
 * token: `Unexpected token 'x', "<the text>" is not valid JSON`, without a position). The slips people make writing
 * JSON by hand (a trailing comma, a comment, single quotes, a key without quotes) are said in those words, at the
 * slip ({@link jsonSlip}); other errors keep JSON.parse's reason.
 */
export function jsonSyntaxProblem(text: string, message: string): string {
    const firstLine = message.split("\n")[0];
    const lineCol = /\(line (\d+) column (\d+)\)/.exec(firstLine);
    const position = /at position (\d+)/.exec(firstLine);
    let at: { line: number; col: number } | undefined;
    let offset: number | undefined;
    if (lineCol) {
        at = { line: Number(lineCol[1]), col: Number(lineCol[2]) };
        offset = position ? Number(position[1]) : offsetOf(text, at);
    } else if (position) {
        offset = Number(position[1]);
        at = lineColumnOf(text, offset);
    }
    const token = /^Unexpected token '(.+?)'(?:,|$)/.exec(firstLine)?.[1];
    const slip = jsonSlip(text);
    // the slip is the error's cause when JSON.parse stopped where the slip makes it stop
    if (slip && (offset !== undefined ? slip.stopsAt === offset : token !== undefined && text.startsWith(token, slip.stopsAt))) {
        const where = lineColumnOf(text, slip.at);
        return `invalid JSON at line ${where.line}, column ${where.col}: ${slip.reason}`;
    }
    let reason = firstLine
        .replace(/\s*\(line \d+ column \d+\)/, "")
        .replace(/\s*(in JSON )?at position \d+/, "")
        .replace(/, ".*"(\.\.\.)? is not valid JSON$/s, "")
        .replace(/^"(.*)"(\.\.\.)? is not valid JSON$/s, "not JSON")
        .trim();
    if (/^Unexpected token/.test(reason) && at === undefined) {
        // no position: the first occurrence of the token is the best guess of where
        const index = token === undefined ? -1 : text.indexOf(token);
        if (index >= 0 && index === text.lastIndexOf(token!)) at = lineColumnOf(text, index);
    }
    if (reason === "") reason = "not JSON";
    reason = reason.charAt(0).toLowerCase() + reason.slice(1);
    return at ? `invalid JSON at line ${at.line}, column ${at.col}: ${reason}` : `invalid JSON: ${reason}`;
}

/**
 * The first slip of hand-written JSON in a text, outside its double-quoted strings: where it is (`at`), where
 * JSON.parse stops because of it (`stopsAt`: the `}` or `]` after a trailing comma, else the slip itself) and what
 * it is, in words.
 */
function jsonSlip(text: string): { at: number; stopsAt: number; reason: string } | undefined {
    const open: string[] = [];
    // what JSON allows next: a key (after { or , in an object), a value (at the start, after :, [ or , in a list)
    let expect: "key" | "value" | "other" = "value";
    for (let i = 0; i < text.length; i++) {
        const c = text[i];
        if (/\s/.test(c)) continue;
        if (c === '"') {
            // past the string (a backslash escapes the next character)
            for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === "\\") i++;
            expect = "other";
            continue;
        }
        if (c === "/" && (text[i + 1] === "/" || text[i + 1] === "*")) {
            return { at: i, stopsAt: i, reason: `a ${text[i + 1] === "/" ? "//" : "/* */"} comment: JSON allows no comments; remove it` };
        }
        if (c === "'") {
            return { at: i, stopsAt: i, reason: `single quotes: JSON writes ${expect === "key" ? "keys" : "texts"} in double quotes ("...", not '...')` };
        }
        if (c === ",") {
            let j = i + 1;
            while (j < text.length && /\s/.test(text[j])) j++;
            if (text[j] === "}" || text[j] === "]") {
                return { at: i, stopsAt: j, reason: `a trailing comma before '${text[j]}': JSON allows no comma after the last entry of ${text[j] === "}" ? "an object" : "a list"}; remove it` };
            }
            expect = open[open.length - 1] === "{" ? "key" : "value";
            continue;
        }
        if (c === "{" || c === "[") {
            open.push(c);
            expect = c === "{" ? "key" : "value";
            continue;
        }
        if (c === "}" || c === "]") {
            open.pop();
            expect = "other";
            continue;
        }
        if (c === ":") {
            expect = "value";
            continue;
        }
        if (expect === "key" && /[A-Za-z_$]/.test(c)) {
            return { at: i, stopsAt: i, reason: 'a key without quotes: JSON writes keys in double quotes ({ "<policy>": "<level>" })' };
        }
        // a word at the top level is no slip of JSON but another format (YAML): readPolicyConfigFile says so
        if (expect === "value" && open.length > 0 && /[A-Za-z_$]/.test(c)) {
            const word = /^[A-Za-z_$][\w$-]*/.exec(text.slice(i))![0];
            if (!["true", "false", "null"].includes(word)) {
                const reason = /^none$/i.test(word)
                    ? `${word}: JSON writes null`
                    : /^(true|false|null)$/i.test(word)
                      ? `${word}: JSON writes true, false and null in lowercase`
                    : `a text without quotes: JSON writes texts in double quotes ("${/^[\w-]{1,40}$/.test(word) ? word : "..."}")`;
                return { at: i, stopsAt: i, reason };
            }
            i += word.length - 1;
        }
        expect = "other";
    }
    return undefined;
}

/** The 0-based offset of a 1-based line and column in a text. */
function offsetOf(text: string, at: { line: number; col: number }): number {
    let offset = 0;
    for (let line = 1; line < at.line; line++) offset = text.indexOf("\n", offset) + 1;
    return offset + at.col - 1;
}

/** The 1-based line and column of a 0-based offset in a text. */
function lineColumnOf(text: string, offset: number): { line: number; col: number } {
    const before = text.slice(0, offset);
    const line = before.split("\n").length;
    return { line, col: offset - (before.lastIndexOf("\n") + 1) + 1 };
}

function schemaDefaults(properties: Record<string, PolicyConfigJSONSchema> | undefined): Record<string, unknown> {
    return Object.fromEntries(Object.entries(properties ?? {}).flatMap(([key, schema]) => (schema.default === undefined ? [] : [[key, structuredClone(schema.default)]])));
}

/**
 * Resolves a policy-pack configuration (the parsed file; `{}` for none) over the pack's own levels and knob
 * defaults. Throws a usage error listing every problem: an unknown policy or knob, an invalid level, a knob
 * value its schema rejects.
 */
export function resolvePolicyConfig(pack: Pack, raw: unknown, file = "the policy configuration"): ResolvedPackConfig {
    const problems: Problem[] = [];
    const problem = (key: string, expected: string, found: string, fix: string) => problems.push({ file, key, expected, found, fix });
    const names = pack.policies.map((p) => p.name);
    const result: ResolvedPackConfig = Object.fromEntries(
        pack.policies.map((p) => [p.name, { enforcementLevel: p.enforcementLevel ?? pack.enforcementLevel, properties: schemaDefaults(p.configSchema?.properties) }]),
    );
    if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
        problem("(the file)", 'a JSON object: { "<policy>": "<level>" | { "enforcementLevel": ..., "<knob>": ... } }', describeValue(raw), "write the configuration as one JSON object");
        throw configError(problems);
    }
    const entries = Object.entries(raw as Record<string, unknown>);
    const levelOf = (key: string, value: unknown): EnforcementLevel | undefined => {
        if (value === undefined) return undefined;
        if (LEVELS.includes(value as EnforcementLevel)) return value as EnforcementLevel;
        const near = typeof value === "string" ? closestMatch(value, LEVELS) : undefined;
        problem(key, `an enforcement level: ${LEVELS.join(", ")}`, describeValue(value), near ? `did you mean "${near}"?` : value === "warn" || value === "warning" ? 'use "advisory" (reported, not blocking)' : "use one of the levels");
        return undefined;
    };
    const split = (key: string, value: unknown): { level?: EnforcementLevel; knobs: Record<string, unknown> } => {
        if (typeof value === "string") return { level: levelOf(key, value), knobs: {} };
        if (value !== null && typeof value === "object" && !Array.isArray(value)) {
            const { enforcementLevel, ...knobs } = value as Record<string, unknown>;
            return { level: levelOf(`${key}.enforcementLevel`, enforcementLevel), knobs };
        }
        problem(key, "an enforcement level, or an object of enforcementLevel and knobs", describeValue(value), `write "${key}": "advisory" or "${key}": { "enforcementLevel": "advisory" }`);
        return { knobs: {} };
    };

    const all = entries.find(([key]) => key === "all");
    if (all) {
        const { level, knobs } = split("all", all[1]);
        if (Object.keys(knobs).length > 0) problem(`all.${Object.keys(knobs)[0]}`, "only enforcementLevel (knobs belong to one policy)", describeValue(knobs), "move the knob under the policy it configures");
        if (level) for (const name of names) result[name] = { ...result[name], enforcementLevel: level };
    }
    // the knobs each policy's entry sets (a default is not checked against itself)
    const set = new Map<string, Record<string, unknown>>();
    for (const [key, value] of entries) {
        if (key === "all") continue;
        const policy = pack.policies.find((p) => p.name === key);
        if (!policy) {
            const near = closestMatch(key, names);
            problem(key, `a policy of ${pack.name} (${names.join(", ")})`, JSON.stringify(key), near ? `did you mean ${near}? (docs/policies.md lists the policies)` : "fix the policy's name; docs/policies.md lists them");
            continue;
        }
        const { level, knobs } = split(key, value);
        const known = policy.configSchema?.properties ?? {};
        for (const knob of Object.keys(knobs).filter((k) => !(k in known))) {
            const choices = Object.keys(known);
            const near = closestMatch(knob, choices);
            problem(`${key}.${knob}`, choices.length ? `a knob of ${key} (${choices.join(", ")})` : `no knob (${key} has none)`, describeValue(knobs[knob]), near ? `did you mean ${near}? Remove it or fix its name` : "remove it or fix its name");
            delete knobs[knob];
        }
        set.set(key, knobs);
        result[key] = { enforcementLevel: level ?? result[key].enforcementLevel, properties: { ...result[key].properties, ...knobs } };
    }
    for (const policy of pack.policies) {
        if (!policy.configSchema) continue;
        const schema: PolicyConfigJSONSchema = { type: "object", properties: policy.configSchema.properties, required: policy.configSchema.required };
        const invalid = validateSchema(result[policy.name].properties, schema);
        for (const e of invalid) {
            const words = e.pattern !== undefined && typeof e.found === "string" ? PATTERN_WORDS[e.pattern]?.(e.found) : undefined;
            problem(`${policy.name}.${e.path}`, words?.expected ?? exemptionExpected(e.path, e.found) ?? e.expected, describeValue(e.found), words?.fix ?? exemptionFix(policy.name, e.path, e.found) ?? "correct the value; docs/policies.md describes each knob");
        }
        // a kind of the right shape in the wrong case (Daemonset, DAEMONSET) matches no object either
        for (const knob of ["exemptions", "teamExemptions"]) {
            const list = set.get(policy.name)?.[knob];
            if (!Array.isArray(list)) continue;
            list.forEach((entry: unknown, i) => {
                const kind = (entry as { kind?: unknown } | null)?.kind;
                if (typeof kind !== "string" || !new RegExp(KIND_PATTERN, "u").test(kind) || WORKLOAD_KINDS.has(kind)) return;
                const meant = kindMeant(kind);
                if (meant === undefined || meant === kind) return;
                const words = PATTERN_WORDS[KIND_PATTERN](kind);
                problem(`${policy.name}.${knob}[${i}].kind`, words.expected, describeValue(kind), words.fix);
            });
        }
        const exemptions = set.get(policy.name)?.exemptions;
        const lost = Array.isArray(exemptions) ? droppedDefaults(defaultExemptionsOf(policy), exemptions) : [];
        if (lost.length > 0) {
            const count = defaultExemptionsOf(policy).length;
            problem(
                `${policy.name}.exemptions`,
                `every one of ${policy.name}'s ${count === 1 ? "default exemption" : `${count} default exemptions`} (policies/exemptions.ts): setting exemptions replaces the platform's list whole, and an app team's exemptions go in teamExemptions, beside it`,
                `a list without ${lost.length === count ? (count === 1 ? "it" : `any of them`) : `${lost.length} of them`}: ${lost.map(exemptionLabel).join(", ")}`,
                `move the app team's entries to "${policy.name}": { "teamExemptions": [ ... ] } and remove "exemptions" (a platform component's default is changed in policies/exemptions.ts, reviewed like code)`,
            );
        }
        // what the schema cannot say, once the values are of their schema (policies/kubernetes.ts knobRules)
        const rules = (policy as RuledPolicy).knobRules;
        if (invalid.length === 0 && rules) for (const r of rules(result[policy.name].properties)) problem(`${policy.name}.${r.knob}`, r.expected, r.found, r.fix);
    }
    if (problems.length > 0) throw configError(problems);
    return result;
}

/** The platform's default exemptions of a policy: its `exemptions` knob's schema default. */
function defaultExemptionsOf(policy: Pack["policies"][number]): readonly Exemption[] {
    const schema = policy.configSchema?.properties?.exemptions;
    const defaults = schema !== undefined && typeof schema === "object" ? schema.default : undefined;
    return Array.isArray(defaults) ? (defaults as Exemption[]) : [];
}

/** The kinds the workload policies check: an exemption's kind most often, known without loading every schema. */
const WORKLOAD_KINDS: ReadonlySet<string> = new Set(Object.keys(POD_SPEC_PATHS).map((t) => t.split(":").pop()!));

/**
 * A kind as written in another case or as kubectl's plural resource name (`deployment`, `Daemonset`, `daemonsets`):
 * the built-in kind meant (the kinds of Kubernetes 1.33's GA APIs, engine/manifestSchema.ts), if any.
 */
export function kindMeant(written: string): string | undefined {
    if (WORKLOAD_KINDS.has(written)) return written;
    const known = new Set([...WORKLOAD_KINDS, ...builtInKinds()]);
    const w = written.toLowerCase();
    const plural = (k: string) => (/(s|x|ch|sh)$/i.test(k) ? `${k}es` : /[^aeiou]y$/i.test(k) ? `${k.slice(0, -1)}ies` : `${k}s`).toLowerCase();
    return [...known].find((k) => k.toLowerCase() === w) ?? [...known].find((k) => plural(k) === w);
}

/** A value its knob's pattern refuses, in words: what the knob holds, and the value to write when one can be told. */
const PATTERN_WORDS: Readonly<Record<string, (found: string) => { expected: string; fix: string }>> = {
    [KIND_PATTERN]: (found) => {
        const meant = kindMeant(found);
        return {
            expected: 'a Kubernetes kind as the object\'s manifest writes it, in PascalCase ("Deployment", "DaemonSet"): it is compared with the object\'s kind exactly',
            fix: meant
                ? `write "kind": "${meant}" (${meant.toLowerCase() === found.toLowerCase() ? `a kind is case-sensitive: ${JSON.stringify(found)} matches no object` : `${JSON.stringify(found)} is kubectl's resource name, not the kind`})`
                : 'write the kind as the object\'s manifest has it (kind: DaemonSet), or leave "kind" out to exempt the named object of any kind',
        };
    },
    [REGISTRY_HOST_PATTERN]: (found) => {
        const scheme = /^[A-Za-z][-A-Za-z0-9+.]*:\/\//.exec(found)?.[0];
        const rest = found.slice(scheme?.length ?? 0);
        const slash = rest.indexOf("/");
        const host = (slash < 0 ? rest : rest.slice(0, slash)).replace(/^[^@]*@/, "");
        const pathPart = slash < 0 ? "" : rest.slice(slash);
        const drop = [scheme === undefined ? undefined : `the ${scheme}`, pathPart !== "" && pathPart !== "/" ? `the path ${pathPart}` : pathPart === "/" ? "the trailing /" : undefined].filter((d) => d !== undefined);
        const good = new RegExp(REGISTRY_HOST_PATTERN, "u").test(host);
        return {
            expected: "a registry host, and its port if any (host[:port], as an image reference begins: harbor.example.internal or harbor.example.internal:8443), without a scheme or a path",
            fix: good && drop.length > 0 ? `drop ${drop.join(" and ")}: "registryHost": "${host}"` : 'write the host name alone (and ":port" if Harbor has one), e.g. "registryHost": "harbor.ops.kube-platform.internal"',
        };
    },
};

/** What each key of an exemption holds, with an example: what a message says when one is missing or not a text. */
const EXEMPTION_KEYS: Readonly<Record<string, (who: string) => string>> = {
    reason: (who) => `the reason of the exemption (every ${who} says why, e.g. "reason": "log shipper reads /var/log")`,
    namespace: (who) => `the namespace of the object the exemption is for (every ${who} names it, e.g. "namespace": "logging")`,
    name: (who) => `the name of the object the exemption is for (every ${who} names it, e.g. "name": "fluent-bit")`,
    kind: () => `the kind of the object the exemption is for, when given (e.g. "kind": "DaemonSet")`,
};

/** For a key of an exemption that is missing: to add it, where, with an example. */
function exemptionFix(policy: string, at: string, found: unknown): string | undefined {
    const m = /^(exemptions|teamExemptions)\[(\d+)\]\.(\w+)$/.exec(at);
    if (!m || found !== undefined) return undefined;
    const example: Readonly<Record<string, string>> = { reason: '"why the object needs it"', namespace: '"shop"', name: '"web"', kind: '"Deployment"' };
    return `add "${m[3]}": ${example[m[3]] ?? '"..."'} to ${policy}.${m[1]}[${m[2]}]`;
}

/** For a key of an exemption (`teamExemptions[0].reason`) that is missing or not a text: what it is, with an example. */
function exemptionExpected(at: string, found: unknown): string | undefined {
    const m = /^(exemptions|teamExemptions)\[\d+\]\.(\w+)$/.exec(at);
    if (!m || !(m[2] in EXEMPTION_KEYS) || (found !== undefined && typeof found === "string")) return undefined;
    return EXEMPTION_KEYS[m[2]](m[1] === "teamExemptions" ? "team exemption" : "exemption");
}

function configError(problems: readonly Problem[]): UsageError {
    const lines = [`Invalid policy configuration (${problems.length === 1 ? "1 problem" : `${problems.length} problems`}):`];
    for (const p of problems) lines.push(`  ${p.file}: ${p.key}`, `    expected: ${p.expected}`, `    found:    ${p.found}`, `    fix:      ${p.fix}`);
    return new UsageError(lines.join("\n"));
}

type ConfigureHandler = (call: { request: analyzerproto.ConfigureAnalyzerRequest }, callback: (err: unknown) => void) => unknown;
interface GrpcServerClass {
    prototype: { addService(service: unknown, implementation: Record<string, unknown>): void };
}
const CAPTURED = Symbol("configure handler captured");
let configureHandler: ConfigureHandler | undefined;

/**
 * @pulumi/policy keeps the configuration in a variable of its server module that only its `configure` RPC
 * handler sets, and it registers that handler only inside `serve()`. So: call `serve()` with addService
 * intercepted, keep the handler, and abort before the server binds (no port, nothing printed, nothing to stop).
 * `serve()` runs once per process; the handler is kept for later calls.
 */
function captureConfigureHandler(pack: Pack): ConfigureHandler {
    if (configureHandler) return configureHandler;
    // Both internal to @pulumi/policy: its server module and the grpc-js it registers the handlers on.
    const serverPath = require.resolve("@pulumi/policy/server");
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const server = require(serverPath) as { serve(name: string, version: string, level: EnforcementLevel, args: { policies: Pack["policies"] }): void };
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const grpc = require(require.resolve("@grpc/grpc-js", { paths: [path.dirname(serverPath)] })) as { Server: GrpcServerClass };
    const addService = grpc.Server.prototype.addService;
    grpc.Server.prototype.addService = function (_service, implementation) {
        configureHandler = implementation.configure as ConfigureHandler;
        throw CAPTURED;
    };
    try {
        server.serve(pack.name, pack.version, pack.enforcementLevel, { policies: pack.policies });
    } catch (err) {
        if (err !== CAPTURED) throw err;
    } finally {
        grpc.Server.prototype.addService = addService;
    }
    if (!configureHandler) throw new Error("@pulumi/policy's serve() registered no configure handler");
    return configureHandler;
}

/** Hands a resolved configuration to the pack, through the pack's own `configure` RPC handler. */
export async function configurePack(pack: Pack, config: ResolvedPackConfig): Promise<void> {
    const handler = captureConfigureHandler(pack);
    const request = new analyzerproto.ConfigureAnalyzerRequest();
    for (const [name, c] of Object.entries(config)) {
        const policyConfig = new analyzerproto.PolicyConfig();
        policyConfig.setEnforcementlevel(PROTO_LEVELS[c.enforcementLevel] as analyzerproto.EnforcementLevel);
        policyConfig.setProperties(structproto.Struct.fromJavaScript(c.properties as Record<string, structproto.JavaScriptValue>));
        request.getPolicyconfigMap().set(name, policyConfig);
    }
    await new Promise<void>((resolve, reject) => void handler({ request }, (err) => (err ? reject(err) : resolve())));
}

/** Reads (when a file is given), resolves and applies the pack's configuration; without a file, the defaults. */
/**
 * The repository's policy configuration: app teams' exemptions and any level or knob the platform changes, in
 * `pulumi preview --policy-pack-config` form. The pipeline passes it to `pulumi preview` and `up`
 * (scripts/ci/pulumi.sh); the offline commands read it unless given another file.
 */
export const DEFAULT_POLICY_CONFIG = path.join(__dirname, "..", "policies", "config.json");

/** The configuration file a command reads: the one it was given, else the repository's when there is one. */
export function policyConfigFileOf(given?: string): string | undefined {
    return given ?? (fs.existsSync(DEFAULT_POLICY_CONFIG) ? DEFAULT_POLICY_CONFIG : undefined);
}

/** How messages name the configuration: as given, or the repository's by its path in the project. */
export function policyConfigName(given: string | undefined, file: string | undefined): string | undefined {
    return given ?? (file && path.relative(path.join(__dirname, ".."), file));
}

export async function applyPolicyConfigFile(pack: Pack, given?: string): Promise<ResolvedPackConfig> {
    const file = policyConfigFileOf(given);
    const name = policyConfigName(given, file);
    const config = resolvePolicyConfig(pack, file === undefined ? {} : readPolicyConfigFile(file, name), name);
    await configurePack(pack, config);
    return config;
}
