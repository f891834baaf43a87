/**
 * YAML as Kubernetes reads it. `kubectl apply` and Helm turn YAML into JSON with sigs.k8s.io/yaml, which
 * decodes with its fork of go-yaml v2 (YAML 1.1 resolution, goyaml.v2/resolve.go):
 * - `y`, `yes`, `on` (any of their three cases) are true and `n`, `no`, `off` false, as are true/false;
 * - an integer with a leading 0 is octal (`defaultMode: 0600` is 384), `0x` is hex, `0b` binary, `0o` octal,
 *   and underscores are ignored (`1_000`);
 * - a multi-line quoted scalar whose continuation lines are indented like its key is accepted (Helm emits
 *   them, for example ks-core's role-template annotations), as libyaml does;
 * - a key given twice is refused, as kubectl's strict field validation (its default since 1.27) does, named with
 *   its path and the lines of both.
 * js-yaml parses (it accepts those scalars, where the `yaml` package stops), with its YAML 1.2 core types
 * replaced by these.
 */
import * as jsyaml from "js-yaml";
import { AliasExpansion, CYCLIC_ALIAS, MANIFEST_YAML_LIMITS, YamlError, YamlLimits, aliasExpansionProblem, checkYamlSize, tooDeepMessage } from "../config/yaml";
import { duplicateKeys, yamlPositions } from "./yamlPositions";

const TRUE = ["y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"];
const FALSE = ["n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"];

const bool = new jsyaml.Type("tag:yaml.org,2002:bool", {
    kind: "scalar",
    resolve: (data: string) => TRUE.includes(data) || FALSE.includes(data),
    construct: (data: string) => TRUE.includes(data),
    predicate: (v: unknown) => typeof v === "boolean",
    represent: (v: object) => String(v),
});

/** go-yaml v2's integer forms: strconv.ParseInt(plain, 0, 64) after dropping underscores, and 0b binary. */
const INT = /^[-+]?(0b[01]+|0o[0-7]+|0x[0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/;

function intValue(data: string): number {
    const plain = data.replace(/_/g, "");
    const sign = plain.startsWith("-") ? -1 : 1;
    const digits = plain.replace(/^[-+]/, "");
    if (/^0b/.test(digits)) return sign * parseInt(digits.slice(2), 2);
    if (/^0o/.test(digits)) return sign * parseInt(digits.slice(2), 8);
    if (/^0x/.test(digits)) return sign * parseInt(digits.slice(2), 16);
    if (/^0[0-7]+$/.test(digits)) return sign * parseInt(digits.slice(1), 8);
    return sign * parseInt(digits, 10);
}

const int = new jsyaml.Type("tag:yaml.org,2002:int", {
    kind: "scalar",
    resolve: (data: string) => typeof data === "string" && INT.test(data.replace(/_/g, "")) && data.replace(/[-+_]/g, "").length > 0,
    construct: intValue,
    predicate: (v: unknown) => typeof v === "number" && Number.isInteger(v),
    represent: (v: object) => String(v),
});

/** The schema: js-yaml's core schema with go-yaml v2's booleans and integers. */
export const KUBERNETES_YAML_SCHEMA = jsyaml.CORE_SCHEMA.extend({ implicit: [bool, int] });

/** A YAML error with where it is: 1-based document and line. */
export class KubeYamlError extends Error {
    constructor(
        message: string,
        public readonly document: number,
        public readonly line: number | undefined,
        /** Further problems of the same text, each certain (every key written twice, when the first error is one). */
        public readonly also: readonly KubeYamlError[] = [],
    ) {
        super(message);
    }
}

/** The message of a key written twice, as config/yaml.ts words it for settings files, with how to fix it. */
export function duplicateKeyMessage(key: string, firstLine: number): string {
    return `the key ${key} a second time in one mapping (first at line ${firstLine}); keep one of the two (YAML allows each key once per mapping)`;
}

/**
 * js-yaml's "duplicated mapping key" names neither the key nor where it first is: every key written twice in
 * the text (the `yaml` package's tree keeps both), the one js-yaml stopped at first; undefined when the tree
 * finds none (js-yaml's own message stays).
 */
function duplicateKeyError(text: string): KubeYamlError | undefined {
    const found = duplicateKeys(yamlPositions(text));
    if (found.length === 0) return undefined;
    // in the order of the text: js-yaml stops at the first
    const [first, ...rest] = found;
    const error = (d: (typeof found)[number], also: KubeYamlError[] = []) => new KubeYamlError(duplicateKeyMessage(d.path, d.firstLine), documentAt(text, d.secondLine - 1), d.secondLine, also);
    return error(first, rest.map((d) => error(d)));
}

/** The 1-based number of the document that contains 0-based `line` of `text` (documents split at `---`). */
export function documentAt(text: string, line: number): number {
    const lines = text.split("\n").slice(0, line + 1);
    const separators = lines.filter((l, i) => /^---(\s|$)/.test(l) && i < line).length;
    // a stream that starts with --- has no document before it
    return separators + (/^---(\s|$)/.test(text) ? 0 : 1);
}

/** An alias met while loading: where its `*` is, and the value it stands for. */
interface AliasUse {
    readonly offset: number;
    /** 0-based index of its document. */
    readonly document: number;
    readonly value: unknown;
}

/** The 0-based line of `offset` in `text`. */
function lineOf(text: string, offset: number): number {
    let line = 0;
    for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) line++;
    return line;
}

/** The offset of the quote that opens the innermost node being read, when it starts with one. */
function openingQuote(text: string, open: readonly { offset: number }[], quote: string): number | undefined {
    for (let k = open.length - 1; k >= 0; k--) {
        let i = open[k].offset;
        while (i < text.length && /\s/.test(text[i])) i++;
        if (text[i] === quote) return i;
    }
    return undefined;
}

/**
 * Every document of a multi-document YAML stream, as Kubernetes would decode it, within the limits of the one YAML
 * reader (config/yaml.ts): size, nesting depth (js-yaml's `maxDepth`) and aliases (an alias bomb is refused at
 * the alias that multiplies the most, not walked by the policies).
 */
export function parseKubernetesYaml(text: string, limits: YamlLimits = MANIFEST_YAML_LIMITS): unknown[] {
    try {
        checkYamlSize(text, "", limits);
    } catch (err) {
        if (err instanceof YamlError) throw new KubeYamlError(err.reason, 1, undefined);
        throw err;
    }
    const aliases: AliasUse[] = [];
    const open: { offset: number }[] = [];
    // js-yaml tells each node's start and end: a node without a kind whose text starts with * is an alias
    const listener = (event: jsyaml.EventType, loading: jsyaml.State) => {
        const state = loading as unknown as { position: number; kind: string | null; result: unknown; input: string; documents: unknown[] };
        if (event === "open") {
            open.push({ offset: state.position });
            return;
        }
        const start = open.pop();
        if (start === undefined || state.kind !== null) return;
        let i = start.offset;
        while (i < state.input.length && /\s/.test(state.input[i])) i++;
        if (state.input[i] !== "*") return;
        const last = aliases[aliases.length - 1];
        if (last?.offset === i) return;
        aliases.push({ offset: i, document: state.documents.length, value: state.result });
    };
    let docs: unknown[];
    try {
        // a key given twice is an error: kubectl's strict field validation (the default since 1.27) refuses it
        docs = jsyaml.loadAll(text, undefined, { schema: KUBERNETES_YAML_SCHEMA, maxDepth: limits.maxDepth, listener } as jsyaml.LoadOptions);
    } catch (err) {
        if (err instanceof jsyaml.YAMLException) {
            const reason = err.reason ?? err.message.split("\n")[0];
            // js-yaml notices a quote never closed at the end of the stream: say where it opens
            const quote = /within a (double|single) quoted scalar/.exec(reason);
            const opening = quote ? openingQuote(text, open, quote[1] === "double" ? '"' : "'") : undefined;
            const line = opening !== undefined ? lineOf(text, opening) : err.mark?.line;
            if (/^duplicated mapping key/.test(reason)) {
                const duplicate = duplicateKeyError(text);
                if (duplicate) throw duplicate;
            }
            const message = /^nesting exceeded maxDepth/.test(reason)
                ? tooDeepMessage(limits)
                : opening !== undefined
                  ? `a quoted value opened on this line is never closed (${reason})`
                  : reason;
            throw new KubeYamlError(message, line === undefined ? 1 : documentAt(text, line), line === undefined ? undefined : line + 1);
        }
        throw err;
    }
    if (aliases.length > 0) {
        docs.forEach((doc, index) => {
            const meter = new AliasExpansion();
            const problem = aliasExpansionProblem(doc, limits, meter);
            if (problem === undefined) return;
            // the first alias that stands for more than the limit, or that contains itself
            const own = aliases.filter((a) => a.document === index);
            const culprit =
                own.find((a) => (problem === CYCLIC_ALIAS ? new AliasExpansion().size(a.value) === Infinity : meter.size(a.value) > limits.maxAliasCount)) ?? own[0] ?? aliases[0];
            const line = lineOf(text, culprit.offset);
            throw new KubeYamlError(problem, documentAt(text, line), line + 1);
        });
    }
    return docs;
}
