/**
 * The pure parts of scripts/docs/render-mermaid.ts: which ```mermaid blocks a Markdown file has, in which order,
 * and the PNG names they get. The Chromium run itself is not here (CI has no browser guarantee; the suite stays
 * fast): run `npm run docs:diagrams -- FILE.md` for that.
 */
import * as path from "path";
import { basenameClashes, extractMermaidBlocks, markdownBasename, outputFile } from "../../scripts/docs/mermaidMarkdown";

const fence = "```";

describe("extractMermaidBlocks", () => {
    it("finds the mermaid blocks in order with their line, skipping other code blocks", () => {
        const md = [
            "# Title", // 1
            "", // 2
            `${fence}mermaid`, // 3
            "flowchart LR", // 4
            "  a --> b", // 5
            fence, // 6
            "", // 7
            `${fence}ts`, // 8
            "const x = 1;", // 9
            fence, // 10
            "", // 11
            `${fence}Mermaid`, // 12
            "sequenceDiagram", // 13
            "  A->>B: hi", // 14
            fence, // 15
        ].join("\n");
        const blocks = extractMermaidBlocks(md);
        expect(blocks.map((b) => [b.index, b.line, b.closed])).toEqual([
            [1, 3, true],
            [2, 12, true],
        ]);
        expect(blocks[0].code).toBe("flowchart LR\n  a --> b");
        expect(blocks[1].code).toBe("sequenceDiagram\n  A->>B: hi");
    });

    it("takes ~~~ fences and indented fences (in <details> or a list item), removing the fence's indentation", () => {
        const md = ["<details>", "", "~~~mermaid", "flowchart TB", "~~~", "</details>", "", "- item", "", `   ${fence}mermaid`, "   flowchart LR", "     a --> b", `   ${fence}`].join("\n");
        const blocks = extractMermaidBlocks(md);
        expect(blocks.map((b) => b.code)).toEqual(["flowchart TB", "flowchart LR\n  a --> b"]);
        expect(blocks.map((b) => b.line)).toEqual([3, 10]);
    });

    it("does not count a mermaid block shown inside a longer fence, nor close a fence on a shorter or other one", () => {
        const md = [
            "````markdown",
            `${fence}mermaid`,
            "flowchart LR",
            fence,
            "````",
            `${fence}mermaid`,
            "flowchart LR",
            "~~~",
            "  a --> b",
            `${fence}${fence[0]}`, // four backticks close a three-backtick fence
        ].join("\n");
        const blocks = extractMermaidBlocks(md);
        expect(blocks).toHaveLength(1);
        expect(blocks[0]).toMatchObject({ index: 1, line: 6, closed: true, code: "flowchart LR\n~~~\n  a --> b" });
    });

    it("ignores a fence with text after the closing run and inline ```code```, and keeps an unclosed block as GitLab does", () => {
        const md = ["```mermaid``` inline, at a line's start, is no fence.", `${fence}mermaid title`, "flowchart LR", `${fence} not a close`, "  a --> b"].join("\r\n");
        const blocks = extractMermaidBlocks(md);
        expect(blocks).toEqual([{ index: 1, line: 2, closed: false, code: `flowchart LR\n${fence} not a close\n  a --> b` }]);
    });

    it("finds the topology of a merge-request report", () => {
        const report = ["## Platform plan", "", "<details><summary>Topology of prod</summary>", "", `${fence}mermaid`, "flowchart LR", '  hub(("hub"))', fence, "", "</details>", ""].join("\n");
        expect(extractMermaidBlocks(report).map((b) => b.code.split("\n")[0])).toEqual(["flowchart LR"]);
    });

    it("finds nothing in Markdown without diagrams", () => {
        expect(extractMermaidBlocks("# Just text\n\n    indented code\n")).toEqual([]);
        expect(extractMermaidBlocks("")).toEqual([]);
    });
});

describe("output names", () => {
    it("names the n-th diagram <out>/<md-basename>-<n>.png", () => {
        expect(markdownBasename("out/mr-note.md")).toBe("mr-note");
        expect(markdownBasename("README")).toBe("README");
        expect(markdownBasename("docs/a.b.markdown")).toBe("a.b");
        expect(outputFile("docs/images", "out/mr-note.md", 1)).toBe(path.join("docs", "images", "mr-note-1.png"));
        expect(outputFile("/tmp/x", "/work/docs/policies.md", 12)).toBe("/tmp/x/policies-12.png");
    });

    it("reports input files whose PNG names would collide, but not the same file given twice", () => {
        expect(basenameClashes(["a/report.md", "b/report.md", "c/other.md"])).toEqual([[path.resolve("a/report.md"), path.resolve("b/report.md")]]);
        expect(basenameClashes(["a/report.md", "./a/report.md", "a/other.md"])).toEqual([]);
    });
});
