/**
 * The one YAML reader: every YAML file a user writes (stack and project files, platform conventions, the tenancy
 * layout, the registry configuration, ElastAlert rules) and every manifest `npm run check` reads goes through here,
 * with limits (size, nesting depth, aliases) and errors that say where: the file, the line and the column the
 * `yaml` package reports (for a quote that is never closed, where it opens, not the end of the file).
 *
 * Settings files are read with the `yaml` package ({@link parseYaml}); manifests are read as Kubernetes reads them
 * (engine/kubeYaml.ts, js-yaml with go-yaml's scalars), under the same limits: {@link checkYamlSize},
 * {@link MANIFEST_YAML_LIMITS} and {@link aliasExpansionProblem}.
 */
import * as fs from "fs";
import * as YAML from "yaml";

/** What a YAML input may hold before it is refused. */
export interface YamlLimits {
    /** Bytes of the text. */
    readonly maxBytes: number;
    /** Collections inside collections (a map in a list in a map is 3). */
    readonly maxDepth: number;
    /** The `yaml` package's `maxAliasCount`: how far aliases may multiply what is written (its resource-exhaustion guard). */
    readonly maxAliasCount: number;
}

const MIB = 1024 * 1024;

/** Settings files: small, hand-written. */
export const SETTINGS_YAML_LIMITS: YamlLimits = { maxBytes: 4 * MIB, maxDepth: 64, maxAliasCount: 100 };

/** Manifests (`helm template` output runs to several MiB; CRD schemas nest deep, js-yaml's own default depth is 100). */
export const MANIFEST_YAML_LIMITS: YamlLimits = { maxBytes: 64 * MIB, maxDepth: 100, maxAliasCount: 100 };

/** Where in a file: 1-based line and column. */
export interface YamlPosition {
    readonly line: number;
    readonly col: number;
}

/** YAML that cannot be read: the file, what is wrong and, when known, where. */
export class YamlError extends Error {
    constructor(
        public readonly file: string,
        public readonly reason: string,
        public readonly at?: YamlPosition,
        /** How to fix it, where the kind of error says more than "fix the YAML syntax" (a tab, a key twice, a size). */
        public readonly fix?: string,
    ) {
        super(`${file}${at ? `: line ${at.line}, column ${at.col}` : ""}: ${reason}`);
        this.name = "YamlError";
    }

    /** The problem's key in a settings report: `(line 6, column 4)`, or `(file)` when there is no position. */
    get where(): string {
        return this.at ? `(line ${this.at.line}, column ${this.at.col})` : "(file)";
    }
}

function sizeText(bytes: number): string {
    return bytes >= MIB ? `${(bytes / MIB).toFixed(1)} MiB` : `${Math.ceil(bytes / 1024)} KiB`;
}

function tooLarge(file: string, bytes: number, limits: YamlLimits): YamlError {
    return new YamlError(file, `the file is ${sizeText(bytes)}, more than the ${sizeText(limits.maxBytes)} a YAML file may be here`, undefined, `keep it under ${sizeText(limits.maxBytes)}: remove what makes it large (a pasted file or log, a repeated block)`);
}

/** Refuses a text over the size limit. */
export function checkYamlSize(text: string, file: string, limits: YamlLimits): void {
    const bytes = Buffer.byteLength(text, "utf8");
    if (bytes > limits.maxBytes) throw tooLarge(file, bytes, limits);
}

/** The `yaml` package's message without the position and excerpt it appends (they are in the key). */
function reasonOf(message: string): string {
    return message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
}

/**
 * The opening of the innermost quoted value (`quote`) or flow collection (`flow`) that runs to `pos`, where the
 * parser noticed it is never closed (at the next key, or the end of the file).
 */
function openingOf(doc: YAML.Document.Parsed, source: string, pos: number, kind: "quote" | "flow"): number | undefined {
    let opening: number | undefined;
    const consider = (range: YAML.Range | null | undefined) => {
        if (range && range[0] < pos && pos <= range[2] && (opening === undefined || range[0] > opening)) opening = range[0];
    };
    YAML.visit(doc, {
        Scalar(_, node) {
            if (kind === "quote" && (node.type === "QUOTE_DOUBLE" || node.type === "QUOTE_SINGLE")) consider(node.range);
        },
        Seq(_, node) {
            if (kind === "flow" && node.flow && source[node.range?.[0] ?? -1] === "[") consider(node.range);
        },
        Map(_, node) {
            // a pair written alone in a flow sequence (`[a: 1]`) is a flow map without braces
            if (kind === "flow" && node.flow && source[node.range?.[0] ?? -1] === "{") consider(node.range);
        },
    });
    return opening;
}

/** The message for a nesting over the limit. */
export function tooDeepMessage(limits: YamlLimits): string {
    return `nested more than ${limits.maxDepth} levels deep (maps and lists inside each other); flatten the structure`;
}

/** The first parse error of a document, as a {@link YamlError} with its position. */
function parseError(doc: YAML.Document.Parsed, source: string, file: string, lineCounter: YAML.LineCounter, limits: YamlLimits): YamlError {
    // a nesting deep enough to exhaust the parser's stack gives one error per level: one is enough
    const exhausted = doc.errors.find((e) => e.code === "RESOURCE_EXHAUSTION");
    if (exhausted) {
        return new YamlError(file, tooDeepMessage(limits), lineCounter.linePos(exhausted.pos[0]));
    }
    const e = doc.errors[0];
    const reason = reasonOf(e.message);
    // a quote or a bracket never closed is noticed where the next thing starts: say where it opens
    const unclosed = /^Missing closing .?quote/.test(reason) ? "quote" : /^Flow (sequence|map) .*end with a [\]}]/.test(reason) ? "flow" : undefined;
    const opening = unclosed ? openingOf(doc, source, e.pos[0], unclosed) : undefined;
    if (opening !== undefined) {
        const at = lineCounter.linePos(opening);
        const what = unclosed === "quote" ? "a quoted value" : `the "${source[opening]}"`;
        const closer = unclosed === "quote" ? source[opening] : source[opening] === "{" ? "}" : "]";
        return new YamlError(file, `${what} opened at line ${at.line}, column ${at.col} is never closed (${reason})`, at, `close it with ${closer} where the ${unclosed === "quote" ? "value" : "list or mapping"} ends`);
    }
    const at = e.linePos?.[0] ?? lineCounter.linePos(e.pos[0]);
    if (e.code === "DUPLICATE_KEY") {
        // name the key, and where it is first
        const lines = source.split("\n");
        const line = lines[at.line - 1] ?? "";
        const key = /^(\s*-?\s*)(["']?)([^"'#]+?)\2\s*:(?:\s|$)/.exec(line);
        if (key) {
            const indent = key[1].length;
            const first = lines.findIndex((l, i) => i < at.line - 1 && new RegExp(`^\\s{${indent}}["']?${key[3].replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}["']?\\s*:(?:\\s|$)`).test(l));
            const where = first >= 0 ? ` (first at line ${first + 1})` : "";
            return new YamlError(file, `the key ${key[3]} a second time in one mapping${where}`, at, "keep one of the two (YAML allows each key once per mapping)");
        }
    }
    if (e.code === "TAB_AS_INDENT") return new YamlError(file, "a tab in the indentation (YAML indents with spaces only)", at, "replace the tab with spaces (two per level, as the rest of the file)");
    const worded = PARSER_WORDS.find(([re]) => re.test(reason));
    if (worded) return new YamlError(file, `${worded[1]} (${reason})`, at, worded[2]);
    return new YamlError(file, reason, at);
}

/** The `yaml` package's messages a user meets most, in the file's terms: [its message, what it means, the fix]. */
const PARSER_WORDS: readonly (readonly [RegExp, string, string])[] = [
    [/^All mapping items must start at the same column/, "a key indented differently from the keys beside it", "indent the key as the other keys of its mapping (the same number of spaces)"],
    [/^All collection items must start at the same column/, "a list item indented differently from the items beside it", "indent the '- ' as the other items of its list"],
    [/^Implicit map keys need to be followed by map values/, "a line that is neither key: value nor a list item (a colon missing?)", "write it as key: value, or indent it under the key it continues"],
    [/^Nested mappings are not allowed in compact mappings/, "a key: value where a value was expected (a key indented more than the keys beside it, or two on one line)", "indent the key as the other keys of its mapping, put each key on its own line, or quote a value that holds ': '"],
    [/^Implicit keys need to be on a single line/, "a key running over two lines (a quote or a colon missing?)", "put the key and its colon on one line"],
    [/^Sequence items must not have preceding content on the same line/, "a '- ' list item after other text on the same line", "start the list item on its own line"],
];

/** The types of the parser's tokens that are collections. */
const CST_COLLECTIONS = new Set(["block-map", "block-seq", "flow-collection"]);

/**
 * The offset of the first collection deeper than the limit, from the parser's tokens (the `yaml` package's
 * `Parser` keeps its own stack; its composer recurses, and a nesting thousands deep exhausts the call stack or
 * worse), found without recursion; undefined when the text is within the limit.
 */
function tooDeep(text: string, maxDepth: number): YamlPosition | undefined {
    type Token = { type?: string; offset?: number; value?: unknown; key?: unknown; items?: { key?: unknown; value?: unknown }[] };
    const stack: { token: unknown; depth: number }[] = [];
    const lines = new YAML.LineCounter();
    for (const doc of new YAML.Parser(lines.addNewLine).parse(text)) {
        stack.push({ token: doc, depth: 0 });
        while (stack.length > 0) {
            const { token, depth } = stack.pop()!;
            if (token === null || typeof token !== "object") continue;
            const t = token as Token;
            if (t.type === "document") {
                stack.push({ token: t.value, depth });
            } else if (t.type !== undefined && CST_COLLECTIONS.has(t.type)) {
                if (depth + 1 > maxDepth) return lines.linePos(t.offset ?? 0);
                for (const item of t.items ?? []) stack.push({ token: item.value, depth: depth + 1 }, { token: item.key, depth: depth + 1 });
            }
        }
    }
    return undefined;
}

/**
 * The alias at which the `yaml` package's `maxAliasCount` guard trips (it throws without saying where): the same
 * count, each anchor's uses times the aliases its own value holds, in document order.
 */
function excessiveAlias(doc: YAML.Document.Parsed, maxAliasCount: number): YAML.Alias | undefined {
    const anchors = new Map<unknown, { count: number; aliasCount: number }>();
    const aliasCount = (node: unknown): number => {
        if (YAML.isAlias(node)) {
            const data = anchors.get(node.resolve(doc));
            return data ? data.count * data.aliasCount : 0;
        }
        if (YAML.isCollection(node)) return node.items.reduce<number>((max, item) => Math.max(max, aliasCount(item)), 0);
        if (YAML.isPair(node)) return Math.max(aliasCount(node.key), aliasCount(node.value));
        return 1;
    };
    const visit = (node: unknown): YAML.Alias | undefined => {
        if (YAML.isAlias(node)) {
            const source = node.resolve(doc);
            if (!source) return undefined;
            const data = anchors.get(source) ?? { count: 0, aliasCount: 0 };
            anchors.set(source, data);
            data.count += 1;
            if (data.aliasCount === 0) data.aliasCount = aliasCount(source);
            return data.count * data.aliasCount > maxAliasCount ? node : undefined;
        }
        if (YAML.isNode(node) && node.anchor && !anchors.has(node)) anchors.set(node, { count: 0, aliasCount: 0 });
        if (YAML.isCollection(node)) {
            for (const item of node.items) {
                const found = visit(item);
                if (found) return found;
            }
        } else if (YAML.isPair(node)) {
            return visit(node.key) ?? visit(node.value);
        }
        return undefined;
    };
    return visit(doc.contents);
}

function aliasMessage(limits: YamlLimits): string {
    return `aliases repeat their anchors' values more than ${limits.maxAliasCount} times (an alias bomb: the file would expand without bound); write the values out, or use fewer aliases`;
}

/**
 * Parses one YAML document (empty text is `null`) within `limits`. Throws a {@link YamlError} naming `file` (as
 * messages show it) and the line and column of the first problem.
 */
export function parseYaml(text: string, file: string, limits: YamlLimits = SETTINGS_YAML_LIMITS): unknown {
    checkYamlSize(text, file, limits);
    const deep = tooDeep(text, limits.maxDepth);
    if (deep !== undefined) throw new YamlError(file, tooDeepMessage(limits), deep);
    const lineCounter = new YAML.LineCounter();
    const doc = YAML.parseDocument(text, { lineCounter });
    if (doc.errors.length > 0) throw parseError(doc, text, file, lineCounter, limits);
    const aliasAt = (alias: YAML.Alias | undefined) => (alias?.range ? lineCounter.linePos(alias.range[0]) : undefined);
    let value: unknown;
    try {
        value = doc.toJS({ maxAliasCount: limits.maxAliasCount }) as unknown;
    } catch (err) {
        if (!(err instanceof ReferenceError)) throw err;
        throw new YamlError(file, /Excessive alias count/.test(err.message) ? aliasMessage(limits) : err.message, aliasAt(excessiveAlias(doc, limits.maxAliasCount)));
    }
    // what the alias count lets through: an alias inside its own anchor's value, which makes the value contain itself
    const expansion = aliasExpansionProblem(value, limits);
    if (expansion !== undefined) throw new YamlError(file, expansion, aliasAt(cyclicAlias(doc) ?? firstAlias(doc)));
    return value;
}

function firstAlias(doc: YAML.Document.Parsed): YAML.Alias | undefined {
    let found: YAML.Alias | undefined;
    YAML.visit(doc, {
        Alias(_, node) {
            found = node;
            return YAML.visit.BREAK;
        },
    });
    return found;
}

/** The first alias inside the value of the anchor it names. */
function cyclicAlias(doc: YAML.Document.Parsed): YAML.Alias | undefined {
    let found: YAML.Alias | undefined;
    YAML.visit(doc, {
        Alias(_, node) {
            const source = node.resolve(doc);
            if (source?.range && node.range && source.range[0] <= node.range[0] && node.range[1] <= source.range[2]) {
                found = node;
                return YAML.visit.BREAK;
            }
            return undefined;
        },
    });
    return found;
}

/**
 * Reads and parses a YAML file (see {@link parseYaml}); the size is checked before the file is read. A file that
 * cannot be read is a {@link YamlError} too (`code` of the file system's error kept in the reason).
 */
export function readYamlFile(file: string, display: string = file, limits: YamlLimits = SETTINGS_YAML_LIMITS): unknown {
    let text: string;
    try {
        const bytes = fs.statSync(file).size;
        if (bytes > limits.maxBytes) throw tooLarge(display, bytes, limits);
        text = fs.readFileSync(file, "utf8");
    } catch (err) {
        if (err instanceof YamlError) throw err;
        const code = (err as NodeJS.ErrnoException).code;
        throw new YamlError(display, code === "ENOENT" ? "the file does not exist" : `cannot read the file (${(err as Error).message})`);
    }
    return parseYaml(text, display, limits);
}

/** A YAML error as a settings problem: the loader says what it expected and how to fix it; the key says where. */
export function yamlProblem(err: YamlError, expected: string, fix: string): { file: string; key: string; expected: string; found: string; fix: string } {
    return { file: err.file, key: err.where, expected, found: err.reason, fix: err.fix ?? fix };
}

/**
 * How many values YAML holds once every alias is written out, for values a parser has already built sharing what
 * aliases point to (js-yaml, like the `yaml` package, gives an alias its anchor's very object). Sizes are kept, so
 * measuring a document and then its aliases' values is linear in what is written. Without recursion.
 */
export class AliasExpansion {
    private readonly expanded = new Map<object, number>();
    /** Values met for the first time: what is written. */
    written = 0;
    /** An alias inside its own anchor's value was met: the value contains itself. */
    cycle = false;

    /** The values in `root` written out (itself included); Infinity when it contains itself. */
    size(root: unknown): number {
        if (root === null || typeof root !== "object") {
            // a document that is one scalar (or empty: null) is written as it is
            this.written += 1;
            return 1;
        }
        const known = this.expanded.get(root);
        if (known !== undefined) return known;
        const inProgress = new Set<object>();
        const stack: { node: object; children: unknown[]; next: number; total: number }[] = [];
        const enter = (node: object) => {
            this.written += 1;
            inProgress.add(node);
            stack.push({ node, children: Array.isArray(node) ? node : Object.values(node), next: 0, total: 1 });
        };
        enter(root);
        while (stack.length > 0) {
            const top = stack[stack.length - 1];
            if (top.next < top.children.length) {
                const child = top.children[top.next++];
                if (child === null || typeof child !== "object") {
                    this.written += 1;
                    top.total += 1;
                } else if (this.expanded.has(child)) {
                    top.total += this.expanded.get(child)!;
                } else if (inProgress.has(child)) {
                    this.cycle = true;
                    return Infinity;
                } else {
                    enter(child);
                }
                continue;
            }
            stack.pop();
            inProgress.delete(top.node);
            this.expanded.set(top.node, top.total);
            if (stack.length > 0) stack[stack.length - 1].total += top.total;
        }
        return this.expanded.get(root)!;
    }
}

/** The message for a value that contains itself through an alias. */
export const CYCLIC_ALIAS = "an alias inside the value of its own anchor (the value would contain itself without end); write the value out";

/**
 * A problem message when aliases multiply a parsed document more than `maxAliasCount` times what is written (or
 * past a million values), or make it contain itself; else undefined.
 */
export function aliasExpansionProblem(value: unknown, limits: YamlLimits, meter: AliasExpansion = new AliasExpansion()): string | undefined {
    const total = meter.size(value);
    if (meter.cycle) return CYCLIC_ALIAS;
    const budget = meter.written + Math.min(meter.written * limits.maxAliasCount, 1_000_000);
    return total <= budget ? undefined : aliasMessage(limits);
}
