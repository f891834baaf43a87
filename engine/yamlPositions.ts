/**
 * Where things are in a manifest's text, for messages: the line of a key path in a document, and a key written
 * twice in one mapping (which key, at which lines). Manifests are read with js-yaml (engine/kubeYaml.ts), which
 * gives values without positions; the `yaml` package's syntax tree, built only when a message needs a line, has
 * them. It is error-tolerant: a document it cannot read fully still has the positions of what it read.
 */
import * as YAML from "yaml";
import { joinPath } from "./serialized";

/** A manifest's syntax tree: one `yaml` document per document of the stream, and the line of an offset. */
export interface YamlPositions {
    readonly documents: readonly YAML.Document.Parsed[];
    /** The 1-based line of a 0-based offset. */
    line(offset: number): number;
}

/** The syntax tree of a multi-document text (duplicate keys kept: they are what {@link duplicateKey} looks for). */
export function yamlPositions(text: string): YamlPositions {
    const lineCounter = new YAML.LineCounter();
    let documents: YAML.Document.Parsed[] = [];
    try {
        const parsed = YAML.parseAllDocuments(text, { uniqueKeys: false, lineCounter, prettyErrors: false });
        documents = Array.isArray(parsed) ? parsed : [];
    } catch (err) {
        // a text js-yaml refused may nest deeper than the package's composer recurses: no positions, then
        if (!(err instanceof RangeError)) throw err;
    }
    return { documents, line: (offset) => lineCounter.linePos(offset).line };
}

/** A scalar key's text, as the message names it; undefined for a key that is a collection or an alias. */
function keyText(key: unknown): string | undefined {
    return YAML.isScalar(key) ? String(key.value) : undefined;
}

/**
 * The 1-based line where the value at `path` (keys and list indexes) of document `index` (0-based) starts, or,
 * when the value is not there, where its nearest parent does; undefined when the tree does not have the document.
 */
export function lineOfPath(positions: YamlPositions, index: number, path: readonly (string | number)[]): number | undefined {
    const doc = positions.documents[index];
    if (!doc) return undefined;
    let node: unknown = doc.contents;
    let line = YAML.isNode(node) && node.range ? positions.line(node.range[0]) : undefined;
    for (const part of path) {
        if (YAML.isSeq(node) && typeof part === "number") {
            node = node.items[part];
        } else if (YAML.isMap(node)) {
            // the last of keys written twice is the one js-yaml would keep, were it not refused
            const pair = [...node.items].reverse().find((p) => keyText(p.key) === String(part));
            if (!pair) break;
            const key = pair.key as YAML.Node;
            if (key.range) line = positions.line(key.range[0]);
            node = pair.value;
            continue;
        } else {
            break;
        }
        if (YAML.isNode(node) && node.range) line = positions.line(node.range[0]);
        else break;
    }
    return line;
}

/** A key written twice in one mapping: its path in the document, and the lines of both. */
export interface DuplicateKey {
    /** 0-based document index. */
    readonly document: number;
    /** `spec.template.spec.containers[0].image`. */
    readonly path: string;
    readonly firstLine: number;
    readonly secondLine: number;
}

/** Every key written twice in one mapping, in document order, each with the lines of its first and second time. */
export function duplicateKeys(positions: YamlPositions): DuplicateKey[] {
    const out: DuplicateKey[] = [];
    positions.documents.forEach((doc, document) => {
        // without recursion: manifests nest up to the depth limit
        const stack: { node: unknown; path: string }[] = [{ node: doc.contents, path: "" }];
        while (stack.length > 0) {
            const { node, path } = stack.pop()!;
            if (YAML.isMap(node)) {
                const seen = new Map<string, number>();
                const children: { node: unknown; path: string }[] = [];
                for (const pair of node.items) {
                    const key = keyText(pair.key);
                    if (key === undefined) continue;
                    const at = (pair.key as YAML.Node).range;
                    const line = at ? positions.line(at[0]) : 0;
                    const first = seen.get(key);
                    if (first !== undefined) out.push({ document, path: joinPath(path, key), firstLine: first, secondLine: line });
                    else seen.set(key, line);
                    children.push({ node: pair.value, path: joinPath(path, key) });
                }
                stack.push(...children.reverse());
            } else if (YAML.isSeq(node)) {
                stack.push(...node.items.map((item, i) => ({ node: item, path: joinPath(path, i) })).reverse());
            }
        }
    });
    return out.sort((a, b) => a.document - b.document || a.secondLine - b.secondLine);
}
