/**
 * Renders the Mermaid diagrams of Markdown files to PNG with the real `mermaid` library (node_modules, the version
 * package.json pins) in headless Chromium, so that what GitLab will draw (the merge-request report's topology,
 * docs) can be looked at before it is posted:
 *
 *   npm run docs:diagrams -- out/mr-note.md [more.md ...] [--out docs/images] [--width PX] [--scale N]
 *
 * Each ```mermaid block of FILE.md becomes <out>/FILE-<n>.png (n from 1, in the file's order), cropped to the
 * diagram. A diagram Mermaid cannot parse fails the run (exit 1, naming the file, the diagram's number and line)
 * instead of yielding a picture of Mermaid's error bomb, and a PNG left from an earlier run under that name is
 * removed. Chromium is Debian's (`apt-get install chromium`) or the one $CHROMIUM_PATH names; it is not part of
 * the jest suite (CI has no browser guarantee): the pure parts are in mermaidMarkdown.ts, tested in test/docs/.
 */
import * as fs from "fs";
import * as path from "path";
import type { Browser, Page } from "puppeteer-core";
import { basenameClashes, extractMermaidBlocks, MermaidBlock, outputFile } from "./mermaidMarkdown";

const USAGE = `usage: npm run docs:diagrams -- FILE.md [FILE.md ...] [--out DIR] [--width PX] [--scale N]
  FILE.md   Markdown files; each \`\`\`mermaid block becomes <DIR>/<FILE>-<n>.png (n = 1, 2, ... in the file's order)
  --out     the folder for the PNGs (default: docs/images)
  --width   draw as in a page of that width, the diagram scaled down to fit as GitLab does (useMaxWidth);
            default: the diagram's natural size
  --scale   device pixels per CSS pixel (default: 1; 2 for a sharper image)
env: CHROMIUM_PATH (or PUPPETEER_EXECUTABLE_PATH) the browser to use; default chromium on the PATH
exit: 0 all rendered, 1 a diagram Mermaid cannot parse or render, 2 usage, a missing file or no Chromium, 3 a failure`;

const ROOT = path.resolve(__dirname, "..", "..");
const MERMAID_JS = path.join(ROOT, "node_modules", "mermaid", "dist", "mermaid.min.js");
/** Mermaid's error diagram (the "bomb") carries this text; never let it pass as a rendered diagram. */
const ERROR_MARKER = "Syntax error in text";

class ExitError extends Error {
    constructor(
        message: string,
        readonly code: number,
    ) {
        super(message);
    }
}

interface Options {
    readonly files: string[];
    readonly out: string;
    readonly width?: number;
    readonly scale: number;
}

function parseOptions(argv: readonly string[]): Options {
    const files: string[] = [];
    let out = path.join("docs", "images");
    let width: number | undefined;
    let scale = 1;
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        if (arg === "--help" || arg === "-h") throw new ExitError(USAGE, 0);
        if (!arg.startsWith("--")) {
            files.push(arg);
            continue;
        }
        const [name, inline] = arg.slice(2).split("=", 2);
        if (!["out", "width", "scale"].includes(name)) throw new ExitError(`unknown option --${name}\n${USAGE}`, 2);
        const value = inline ?? argv[++i];
        if (value === undefined || value.startsWith("--")) throw new ExitError(`--${name} needs a value\n${USAGE}`, 2);
        if (name === "out") out = value;
        else {
            const n = Number(value);
            if (!Number.isFinite(n) || n <= 0 || (name === "width" && n < 100) || (name === "scale" && n > 4)) {
                throw new ExitError(`--${name} ${value}: expected ${name === "width" ? "a width of at least 100 (px)" : "a number in (0, 4]"}`, 2);
            }
            if (name === "width") width = n;
            else scale = n;
        }
    }
    if (files.length === 0) throw new ExitError(`no Markdown file given\n${USAGE}`, 2);
    return { files, out, width, scale };
}

/** The Chromium to drive: $CHROMIUM_PATH / $PUPPETEER_EXECUTABLE_PATH, else the first known name on the PATH. */
function findChromium(): string {
    const configured = process.env.CHROMIUM_PATH ?? process.env.PUPPETEER_EXECUTABLE_PATH;
    if (configured) {
        if (fs.existsSync(configured)) return configured;
        throw new ExitError(`Chromium not found at ${configured} (CHROMIUM_PATH/PUPPETEER_EXECUTABLE_PATH); install it with: apt-get install chromium`, 2);
    }
    const dirs = (process.env.PATH ?? "").split(path.delimiter).filter(Boolean);
    for (const name of ["chromium", "chromium-browser", "google-chrome-stable", "google-chrome"]) {
        for (const dir of dirs) {
            const candidate = path.join(dir, name);
            try {
                fs.accessSync(candidate, fs.constants.X_OK);
                return candidate;
            } catch {
                // not here
            }
        }
    }
    throw new ExitError("Chromium not found on the PATH (chromium, chromium-browser, google-chrome); install it with: apt-get install chromium", 2);
}

/**
 * What the page functions use of the browser, typed here because the project compiles without the DOM library
 * (they run in Chromium, serialized by puppeteer, and reach it through globalThis).
 */
interface PageElement {
    innerHTML: string;
    readonly textContent: string | null;
    getAttribute(name: string): string | null;
    querySelector(selector: string): PageElement | null;
    getBoundingClientRect(): { readonly width: number; readonly height: number };
    remove(): void;
}
interface PageGlobals {
    readonly document: {
        getElementById(id: string): PageElement | null;
        querySelectorAll(selector: string): { forEach(f: (e: PageElement) => void): void };
        readonly fonts: { readonly ready: Promise<unknown> };
    };
    readonly mermaid: {
        initialize(config: object): void;
        parse(text: string): Promise<unknown>;
        render(id: string, text: string): Promise<{ svg: string }>;
    };
}

/** The page the diagrams are drawn in: GitLab's Mermaid settings (strict security, HTML labels), mermaid loaded. */
async function openPage(browser: Browser, opts: Options): Promise<Page> {
    const page = await browser.newPage();
    await page.setViewport({ width: opts.width ?? 4000, height: 1000, deviceScaleFactor: opts.scale });
    await page.setContent(
        `<!doctype html><html><head><meta charset="utf-8"><style>
           body { margin: 0; background: #fff; font-family: "Liberation Sans", "DejaVu Sans", sans-serif; }
           #frame { display: inline-block; padding: 8px; background: #fff; ${opts.width ? `width: ${opts.width - 16}px;` : ""} }
         </style></head><body><div id="frame"></div></body></html>`,
    );
    await page.addScriptTag({ path: MERMAID_JS });
    await page.evaluate((useMaxWidth: boolean) => {
        (globalThis as unknown as PageGlobals).mermaid.initialize({ startOnLoad: false, securityLevel: "strict", theme: "default", flowchart: { useMaxWidth, htmlLabels: true } });
    }, opts.width !== undefined);
    return page;
}

interface Drawn {
    readonly error?: string;
    readonly width?: number;
    readonly height?: number;
}

/** Draws one diagram into #frame; an error is Mermaid's message (parse or render), the size the SVG's box. */
async function draw(page: Page, code: string, id: string): Promise<Drawn> {
    return page.evaluate(
        async (source: string, svgId: string, marker: string): Promise<Drawn> => {
            const { document, mermaid: m } = globalThis as unknown as PageGlobals;
            const frame = document.getElementById("frame")!;
            frame.innerHTML = "";
            try {
                await m.parse(source);
                const { svg } = await m.render(svgId, source);
                frame.innerHTML = svg;
            } catch (err) {
                // mermaid leaves its error diagram in the body; remove it so the next diagram starts clean
                document.querySelectorAll(`#${svgId}, #d${svgId}`).forEach((e) => e.remove());
                return { error: String((err as Error)?.message ?? err) };
            }
            const el = frame.querySelector("svg");
            if (!el) return { error: "mermaid produced no <svg>" };
            if ((el.textContent ?? "").includes(marker) || el.getAttribute("aria-roledescription") === "error") {
                return { error: `mermaid drew its error diagram (${marker})` };
            }
            // fonts must be in before the box is measured and the picture taken
            await document.fonts.ready;
            const box = el.getBoundingClientRect();
            return { width: Math.ceil(box.width), height: Math.ceil(box.height) };
        },
        code,
        id,
        ERROR_MARKER,
    );
}

interface Failure {
    readonly file: string;
    readonly block: MermaidBlock;
    readonly message: string;
}

async function main(argv: readonly string[]): Promise<number> {
    const started = Date.now();
    const opts = parseOptions(argv);
    for (const f of opts.files) if (!fs.existsSync(f) || !fs.statSync(f).isFile()) throw new ExitError(`no such file: ${f}`, 2);
    const clashes = basenameClashes(opts.files);
    if (clashes.length > 0) throw new ExitError(`these files would write the same PNG names (rename one or render them separately): ${clashes.map((c) => c.join(" and ")).join("; ")}`, 2);
    if (!fs.existsSync(MERMAID_JS)) throw new ExitError(`${path.relative(process.cwd(), MERMAID_JS)} is missing: run npm ci`, 2);

    const work = opts.files.map((file) => ({ file, blocks: extractMermaidBlocks(fs.readFileSync(file, "utf8")) }));
    const total = work.reduce((n, w) => n + w.blocks.length, 0);
    for (const w of work) if (w.blocks.length === 0) console.log(`${w.file}: no mermaid diagram`);
    if (total === 0) return 0;

    const executablePath = findChromium();
    fs.mkdirSync(opts.out, { recursive: true });
    // loaded here, not at the top, so that --help and the argument errors answer without it
    const puppeteer = (await import("puppeteer-core")).default;
    const launchedAt = Date.now();
    const browser = await puppeteer.launch({
        executablePath,
        headless: true,
        // root in a container: Chromium's sandbox needs user namespaces this machine may not give
        args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--font-render-hinting=none"],
    });
    const failures: Failure[] = [];
    let done = 0;
    try {
        const page = await openPage(browser, opts);
        console.log(`Chromium ${await browser.version()}, mermaid ${mermaidVersion()}: ${total} diagram(s) (browser ready in ${Date.now() - launchedAt} ms)`);
        for (const { file, blocks } of work) {
            for (const block of blocks) {
                const t0 = Date.now();
                const png = outputFile(opts.out, file, block.index);
                const where = `${file} diagram ${block.index} (line ${block.line})`;
                if (!block.closed) console.warn(`warning: ${where}: no closing fence; drawn to the end of the file, as GitLab does`);
                const drawn = await draw(page, block.code, `mmd${block.index}`);
                if (drawn.error !== undefined) {
                    fs.rmSync(png, { force: true });
                    failures.push({ file, block, message: drawn.error });
                    console.error(`[${++done}/${total}] ${where}: FAILED: ${firstLines(drawn.error)}`);
                    continue;
                }
                const svg = await page.$("#frame");
                if (!svg) throw new Error("the diagram vanished before its screenshot");
                // grow the viewport to the diagram so that nothing is cut off, then take the frame (svg + padding)
                await page.setViewport({ width: opts.width ?? Math.max(200, drawn.width! + 16), height: Math.max(100, drawn.height! + 16), deviceScaleFactor: opts.scale });
                await svg.screenshot({ path: png as `${string}.png`, omitBackground: false });
                console.log(`[${++done}/${total}] ${where} -> ${png} (${drawn.width}x${drawn.height} px, ${Date.now() - t0} ms)`);
            }
        }
    } finally {
        await browser.close();
    }
    console.log(`${total - failures.length} of ${total} diagram(s) rendered in ${Date.now() - started} ms`);
    if (failures.length > 0) {
        console.error(`\n${failures.length} diagram(s) Mermaid cannot draw:`);
        for (const f of failures) console.error(`- ${f.file} diagram ${f.block.index} (line ${f.block.line}):\n${indent(f.message)}`);
        return 1;
    }
    return 0;
}

function mermaidVersion(): string {
    try {
        return (JSON.parse(fs.readFileSync(path.join(ROOT, "node_modules", "mermaid", "package.json"), "utf8")) as { version: string }).version;
    } catch {
        return "?";
    }
}

function firstLines(text: string, n = 2): string {
    return text.split("\n").slice(0, n).join(" | ");
}

function indent(text: string): string {
    return text
        .split("\n")
        .map((l) => `    ${l}`)
        .join("\n");
}

if (require.main === module) {
    main(process.argv.slice(2)).then(
        (code) => process.exit(code),
        (err: unknown) => {
            if (err instanceof ExitError) {
                (err.code === 0 ? console.log : console.error)(err.message);
                process.exit(err.code);
            }
            console.error(`render-mermaid: ${(err as Error)?.stack ?? String(err)}`);
            process.exit(3);
        },
    );
}
