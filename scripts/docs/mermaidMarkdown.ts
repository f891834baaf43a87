/**
 * The pure half of scripts/docs/render-mermaid.ts: finding the ```mermaid blocks of a Markdown file, in order,
 * and naming the PNG each one is rendered to. No browser here, so jest covers it (test/docs/).
 */
import * as path from "path";

/** One ```mermaid (or ~~~mermaid) fenced block of a Markdown file. */
export interface MermaidBlock {
    /** 1-based, in the order of the file: the `<n>` of `<md-basename>-<n>.png`. */
    readonly index: number;
    /** 1-based line of the opening fence, for error messages. */
    readonly line: number;
    /** The diagram's source, the fence's indentation removed. */
    readonly code: string;
    /** False when the file ends before the closing fence (CommonMark, and so GitLab, still renders it). */
    readonly closed: boolean;
}

interface OpenFence {
    readonly char: string;
    readonly length: number;
    readonly indent: number;
    readonly mermaid: boolean;
    readonly line: number;
    readonly body: string[];
}

const OPENING = /^(\s*)(`{3,}|~{3,})(.*)$/;

/** The indentation (in characters) a line starts with. */
function indentOf(line: string): number {
    return line.length - line.trimStart().length;
}

/** Removes up to `n` leading whitespace characters (a fence's indentation) from a content line. */
function dedent(line: string, n: number): string {
    let i = 0;
    while (i < n && i < line.length && (line[i] === " " || line[i] === "\t")) i++;
    return line.slice(i);
}

/**
 * The mermaid blocks of a Markdown text, in order. Fences follow CommonMark: ``` or ~~~ (three or more), an info
 * string whose first word is the language (`mermaid`, any case), closed by a fence of the same character at least
 * as long with nothing after it. Other fenced blocks are skipped whole, so a ```mermaid shown inside a
 * ````markdown example is not a diagram. Indented fences (in list items, `<details>`) count.
 */
export function extractMermaidBlocks(markdown: string): MermaidBlock[] {
    const lines = markdown.split(/\r?\n/);
    const blocks: MermaidBlock[] = [];
    let open: OpenFence | undefined;
    const finish = (fence: OpenFence, closed: boolean) => {
        if (fence.mermaid) blocks.push({ index: blocks.length + 1, line: fence.line, code: fence.body.join("\n"), closed });
    };
    lines.forEach((text, i) => {
        if (open) {
            const trimmed = text.trim();
            const run = trimmed.match(/^(`+|~+)$/)?.[1];
            if (run && run[0] === open.char && run.length >= open.length) {
                finish(open, true);
                open = undefined;
            } else {
                open.body.push(dedent(text, open.indent));
            }
            return;
        }
        const m = OPENING.exec(text);
        if (!m) return;
        const fence = m[2];
        const info = m[3].trim();
        // a backtick fence's info string has no backtick (else it is inline code, e.g. ```a``` in a paragraph)
        if (fence[0] === "`" && info.includes("`")) return;
        open = {
            char: fence[0],
            length: fence.length,
            indent: indentOf(text),
            mermaid: info.split(/\s+/)[0].toLowerCase() === "mermaid",
            line: i + 1,
            body: [],
        };
    });
    if (open) finish(open, false);
    return blocks;
}

/** A Markdown file's name without its folder and extension: `out/mr-note.md` → `mr-note`. */
export function markdownBasename(file: string): string {
    const base = path.basename(file);
    const ext = path.extname(base);
    return ext === "" ? base : base.slice(0, -ext.length);
}

/** Where the n-th (1-based) diagram of a Markdown file is written: `<out>/<md-basename>-<n>.png`. */
export function outputFile(outDir: string, markdownFile: string, n: number): string {
    return path.join(outDir, `${markdownBasename(markdownFile)}-${n}.png`);
}

/**
 * Input files whose PNGs would overwrite each other (same basename in different folders), as groups of two or more
 * paths; empty when every name is distinct. The same path given twice is one file, not a clash.
 */
export function basenameClashes(files: readonly string[]): string[][] {
    const byBase = new Map<string, Set<string>>();
    for (const f of files) {
        const base = markdownBasename(f);
        const set = byBase.get(base) ?? new Set<string>();
        set.add(path.resolve(f));
        byBase.set(base, set);
    }
    return [...byBase.values()].filter((s) => s.size > 1).map((s) => [...s]);
}
