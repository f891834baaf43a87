// How the engine's commands run: the TypeScript loader (engine/ts.cjs), the lazily loaded closure serializer
// (engine/lazy/), the runtime flags (engine/runtimeFlags.ts) and the V8 flags (engine/node.ts).
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { NODE_FLAGS, TS_REGISTER, nodeArgs } from "../../engine/node";
import { STACK_TRACES_ENV } from "../../engine/runtimeFlags";
import { ROOT } from "../support/project";

const run = (args: string[], env: NodeJS.ProcessEnv = {}) => spawnSync(process.execPath, args, { cwd: ROOT, encoding: "utf8", env: { ...process.env, ...env } });

describe("engine/ts.cjs", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { cacheFile, pruneTranspileCache } = require(path.join(ROOT, "engine", "tsCache.cjs")) as {
        cacheFile: (source: string, filename: string) => string;
        pruneTranspileCache: (maxAgeDays?: number, now?: number) => number;
    };

    test("runs a TypeScript file from its cached JavaScript, and a changed file runs as changed (the cache is keyed by content)", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ts-loader-"));
        const file = path.join(dir, "hello.ts");
        const marker = `marker-${process.pid}-${Date.now()}`;
        const one = `const greeting: string = "one ${marker}";\nprocess.stdout.write(greeting);\n`;
        fs.writeFileSync(file, one);
        expect(run(nodeArgs(file)).stdout).toBe(`one ${marker}`);
        const compiled = fs.readFileSync(cacheFile(one, file), "utf8"); // compiled once, kept
        // types are erased, not checked (npm run typecheck checks them once)
        expect(compiled).not.toContain(": string");
        // the second run reads the cache: an edit to the cached JavaScript is what runs
        fs.writeFileSync(cacheFile(one, file), compiled.replace(`"one ${marker}"`, `"cached ${marker}"`));
        expect(run(nodeArgs(file)).stdout).toBe(`cached ${marker}`);
        const two = one.replace("one", "two");
        fs.writeFileSync(file, two);
        expect(run(nodeArgs(file)).stdout).toBe(`two ${marker}`);
        expect(fs.existsSync(cacheFile(two, file))).toBe(true);
        for (const source of [one, two]) fs.rmSync(cacheFile(source, file));
    });

    test("pruning removes the files not written for a week and keeps the others", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ts-prune-"));
        const [old, fresh] = ["old", "fresh"].map((word) => {
            const file = path.join(dir, `${word}.ts`);
            const source = `export const word = "${word}-${process.pid}-${Date.now()}";\n`;
            fs.writeFileSync(file, source);
            expect(run(nodeArgs(file)).status).toBe(0);
            return cacheFile(source, file);
        });
        const eightDaysAgo = (Date.now() - 8 * 86400000) / 1000;
        fs.utimesSync(old, eightDaysAgo, eightDaysAgo);
        expect(pruneTranspileCache()).toBeGreaterThanOrEqual(1);
        expect([fs.existsSync(old), fs.existsSync(fresh)]).toEqual([false, true]);
        fs.rmSync(fresh);
    });
});

describe("the closure serializer's stand-ins (engine/lazy/)", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const real = (name: string) => require(require.resolve(`@pulumi/pulumi/runtime/closure/${name}`, { paths: [ROOT] })) as Record<string, unknown>;
    const functionNames = (m: Record<string, unknown>) => Object.keys(m).filter((k) => typeof m[k] === "function").sort();

    // what @pulumi/pulumi's runtime/index.js reads of each module it requires: `var x_1 = require("./closure/<name>")`, then `x_1.<export>`
    const readByRuntime = (name: string): string[] => {
        const source = fs.readFileSync(require.resolve("@pulumi/pulumi/runtime/index.js", { paths: [ROOT] }), "utf8");
        const variable = new RegExp(`var (\\w+) = require\\("\\./closure/${name}"\\);`).exec(source)?.[1];
        expect(variable).toBeDefined();
        return [...new Set([...source.matchAll(new RegExp(`\\b${variable}\\.(\\w+)`, "g"))].map((m) => m[1]))].sort();
    };

    test.each(["serializeClosure", "codePaths"])("%s stands in with every function runtime/index.js reads of it, each a function of the real module", (name) => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const standIn = require(path.join(ROOT, "engine", "lazy", `${name}.cjs`)) as Record<string, unknown>;
        expect(Object.keys(standIn).sort()).toEqual(readByRuntime(name));
        for (const fn of Object.keys(standIn)) expect(functionNames(real(name))).toContain(fn);
    });

    test("@pulumi/pulumi's runtime gets them, and serializeFunction through them serializes", async () => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const pulumi = require("@pulumi/pulumi") as typeof import("@pulumi/pulumi");
        const answer = 42;
        const serialized = await pulumi.runtime.serializeFunction(() => answer);
        expect(serialized.text).toContain("42");
        expect(serialized.exportName).toBe("handler");
    });

    test("a command loads neither TypeScript nor arborist until it serializes a closure", () => {
        const probe = 'require("@pulumi/pulumi"); const loaded = Object.keys(require.cache); process.stdout.write(JSON.stringify([loaded.some((f) => f.includes("/typescript/")), loaded.some((f) => f.includes("@npmcli/arborist"))]))';
        expect(JSON.parse(run(["-r", TS_REGISTER, "-e", probe]).stdout)).toEqual([false, false]);
        expect(JSON.parse(run(["-e", probe]).stdout)).toEqual([true, true]); // without the stand-ins, both load
    });
});

describe("runtime flags", () => {
    const script = path.join(ROOT, "test", "fixtures", "programs", "stackTraces.ts");

    test("a command formats no stack, even where the SDK lifts the limit around its own capture", () => {
        expect(JSON.parse(run(nodeArgs(script)).stdout)).toEqual({ plain: "Error: boom", raised: "Error: boom" });
    });

    test(`${STACK_TRACES_ENV}=1 keeps stack traces`, () => {
        const { plain } = JSON.parse(run(nodeArgs(script), { [STACK_TRACES_ENV]: "1" }).stdout) as { plain: string };
        expect(plain).toMatch(/^Error: boom\n\s+at /);
        expect(plain).toContain("stackTraces.ts");
    });

    test("package.json's engine scripts run node with the engine's flags and loader", () => {
        const scripts = (JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
        const engine = Object.entries(scripts).filter(([, command]) => command.startsWith("node "));
        expect(engine.map(([name]) => name).sort()).toEqual(["bench", "check", "docs:diagrams", "mr:note", "plan", "plan:diff", "policies:docs", "render", "urns:update"]);
        for (const [, command] of engine) expect(command.startsWith(`node ${NODE_FLAGS.join(" ")} -r ./engine/ts.cjs `)).toBe(true);
    });
});
