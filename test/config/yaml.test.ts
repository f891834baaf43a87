// The one YAML reader (config/yaml.ts) and every settings loader that reads through it: limits on size, nesting
// and aliases, and errors at the line and column of the problem (an unclosed quote or bracket where it opens).
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseElastAlertRule } from "../../config/elastalertRules";
import { readConventionsFile } from "../../config/load";
import { Problem, isSettingsError } from "../../config/problems";
import { loadRegistryConfig } from "../../config/registry";
import { readTenancySources } from "../../config/tenancy";
import { SETTINGS_YAML_LIMITS, YamlError, parseYaml, readYamlFile } from "../../config/yaml";
import { UsageError, reportError } from "../../engine/cli/exit";
import { readStackConfig } from "../../engine/stackConfig";
import { ALIAS_BOMB } from "../support/yamlInputs";

const DEEP_FLOW = `value: ${"[".repeat(10_000)}${"]".repeat(10_000)}\n`;
const DEEP_BLOCK = `${"- ".repeat(10_000)}x\n`;
const UNCLOSED_QUOTE = ["a: 1", "b: 2", "c: 3", "d: 4", "e: 5", 'f: "abc', "g: 7", "h: 8", ""].join("\n");

const ALIAS_REASON =
    "aliases repeat their anchors' values more than 100 times (an alias bomb: the file would expand without bound); write the values out, or use fewer aliases";
const DEEP_REASON = "nested more than 64 levels deep (maps and lists inside each other); flatten the structure";

function yamlError(fn: () => unknown): YamlError {
    try {
        fn();
    } catch (err) {
        if (err instanceof YamlError) return err;
        throw err;
    }
    throw new Error("expected a YamlError, but the YAML parsed");
}

function settingsProblems(fn: () => unknown): Problem[] {
    try {
        fn();
    } catch (err) {
        if (isSettingsError(err)) return [...err.problems];
        throw err;
    }
    throw new Error("expected a SettingsError, but the file loaded");
}

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "yaml-reader-"));

describe("parseYaml: limits, and where the problem is", () => {
    test("an alias bomb is refused at the alias that trips the limit, without expanding it", () => {
        const err = yamlError(() => parseYaml(ALIAS_BOMB, "f.yaml"));
        expect(err.message).toBe(`f.yaml: line 4, column 11: ${ALIAS_REASON}`);
        expect(err.where).toBe("(line 4, column 11)");
    });

    test("an alias inside its own anchor (a value containing itself) is refused", () => {
        expect(yamlError(() => parseYaml("a: &a [1, *a]\n", "f.yaml")).message).toBe(
            "f.yaml: line 1, column 11: an alias inside the value of its own anchor (the value would contain itself without end); write the value out",
        );
    });

    test("a few aliases are fine", () => {
        expect(parseYaml("base: &b { cpu: 2 }\nprod: *b\nnonprod: *b\n", "f.yaml")).toEqual({ base: { cpu: 2 }, prod: { cpu: 2 }, nonprod: { cpu: 2 } });
    });

    test.each([
        ["flow", DEEP_FLOW, "(line 1, column 71)"],
        ["block", DEEP_BLOCK, "(line 1, column 129)"],
    ])("a 10,000-deep nesting (%s) is refused at the first level too deep, without exhausting the stack", (_, text, where) => {
        const err = yamlError(() => parseYaml(text, "f.yaml"));
        expect(err.reason).toBe(DEEP_REASON);
        expect(err.where).toBe(where);
    });

    test("64 levels are fine", () => {
        expect(parseYaml(`${"[".repeat(64)}${"]".repeat(64)}`, "f.yaml")).toBeDefined();
    });

    test("an unclosed quote is reported at the line where it opens, not at the end of the file", () => {
        const err = yamlError(() => parseYaml(UNCLOSED_QUOTE, "f.yaml"));
        expect(err.message).toBe('f.yaml: line 6, column 4: a quoted value opened at line 6, column 4 is never closed (Missing closing "quote)');
    });

    test("an unclosed bracket too", () => {
        expect(yamlError(() => parseYaml("a: 1\nb: {x: [1, 2\nc: 3\n", "f.yaml")).message).toMatch(/^f\.yaml: line 2, column 8: the "\[" opened at line 2, column 8 is never closed \(Flow sequence/);
    });

    test("other errors at the line and column the yaml package reports", () => {
        expect(yamlError(() => parseYaml("a: 1\na: 2\n", "f.yaml")).message).toBe("f.yaml: line 2, column 1: the key a a second time in one mapping (first at line 1)");
        expect(yamlError(() => parseYaml("a:\n\tb: 1\n", "f.yaml")).message).toBe("f.yaml: line 2, column 1: a tab in the indentation (YAML indents with spaces only)");
    });

    test("a file over the size limit is refused before it is read", () => {
        const dir = tmp();
        const file = path.join(dir, "big.yaml");
        fs.writeFileSync(file, `a: "${"x".repeat(SETTINGS_YAML_LIMITS.maxBytes)}"\n`);
        expect(yamlError(() => readYamlFile(file, "big.yaml")).message).toBe("big.yaml: the file is 4.0 MiB, more than the 4.0 MiB a YAML file may be here");
    });

    test("a missing file", () => {
        expect(yamlError(() => readYamlFile(path.join(tmp(), "none.yaml"), "none.yaml")).message).toBe("none.yaml: the file does not exist");
    });
});

describe("every settings loader reads through it: a SettingsError naming the file, the line and the column", () => {
    test("a tenancy file with an alias bomb is one problem, with the other files' problems", () => {
        const dir = tmp();
        fs.writeFileSync(path.join(dir, "tenancy.yaml"), ALIAS_BOMB);
        const { problems } = readTenancySources({ path: dir, display: "layout" });
        expect(problems).toEqual([
            { file: "layout/tenancy.yaml", key: "(line 4, column 11)", expected: "valid YAML", found: ALIAS_REASON, fix: "fix the YAML syntax" },
            { file: "layout/users.yaml", key: "(file)", expected: "the file (the README's \"Tenancy\" says what it holds)", found: "nothing (the file is missing)", fix: "create layout/users.yaml" },
        ]);
    });

    test("a tenancy file 10,000 levels deep", () => {
        const dir = tmp();
        fs.writeFileSync(path.join(dir, "tenancy.yaml"), DEEP_FLOW);
        fs.writeFileSync(path.join(dir, "users.yaml"), "users: {}\n");
        expect(readTenancySources({ path: dir, display: "layout" }).problems).toEqual([
            { file: "layout/tenancy.yaml", key: "(line 1, column 71)", expected: "valid YAML", found: DEEP_REASON, fix: "fix the YAML syntax" },
        ]);
    });

    test("a stack file: the unclosed quote at its opening line, exit 2 without a stack trace", () => {
        const dir = tmp();
        fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: platform\nruntime: nodejs\n");
        fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), ["config:", "  platform:a: 1", "  platform:b: 2", "  platform:c: 3", "  platform:d: 4", '  platform:e: "abc', "  platform:f: 6", ""].join("\n"));
        let thrown: unknown;
        try {
            readStackConfig(dir, "dev");
        } catch (err) {
            thrown = err;
        }
        expect(isSettingsError(thrown)).toBe(true);
        let printed = "";
        expect(reportError(thrown, (t) => (printed += t))).toBe(2);
        expect(printed).toBe(
            [
                "Invalid settings (1 problem):",
                "  Pulumi.dev.yaml: (line 6, column 15)",
                "    expected: valid YAML",
                '    found:    a quoted value opened at line 6, column 15 is never closed (Missing closing "quote)',
                '    fix:      close it with " where the value ends',
                "",
            ].join("\n"),
        );
    });

    test("a stack file with an alias bomb", () => {
        const dir = tmp();
        fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: platform\n");
        fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), ALIAS_BOMB);
        expect(settingsProblems(() => readStackConfig(dir, "dev"))).toEqual([
            { file: "Pulumi.dev.yaml", key: "(line 4, column 11)", expected: "valid YAML", found: ALIAS_REASON, fix: "fix the YAML syntax" },
        ]);
    });

    test("an unknown stack is a UsageError", () => {
        const dir = tmp();
        fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: platform\n");
        expect(() => readStackConfig(dir, "dev")).toThrow(UsageError);
    });

    test("the registry configuration and the conventions", () => {
        const dir = tmp();
        const file = path.join(dir, "x.yaml");
        fs.writeFileSync(file, DEEP_BLOCK);
        expect(settingsProblems(() => loadRegistryConfig(file))).toEqual([
            { file: "config/registry.yaml", key: "(line 1, column 129)", expected: "a readable YAML file", found: DEEP_REASON, fix: "fix the YAML syntax" },
        ]);
        fs.writeFileSync(file, ALIAS_BOMB);
        expect(settingsProblems(() => readConventionsFile(file))).toEqual([
            { file: "config/platform.yaml", key: "(line 4, column 11)", expected: "a readable YAML file", found: ALIAS_REASON, fix: "fix the YAML syntax" },
        ]);
    });

    test("an ElastAlert rule", () => {
        expect(parseElastAlertRule("config/elastalert-rules/r.yaml", ALIAS_BOMB).problems).toEqual([
            { file: "config/elastalert-rules/r.yaml", key: "(line 4, column 11)", expected: "a YAML document", found: ALIAS_REASON, fix: "fix the YAML syntax" },
        ]);
        expect(parseElastAlertRule("config/elastalert-rules/r.yaml", "name: x\nindex: 'filebeat-*\ntype: any\n").problems).toEqual([
            expect.objectContaining({ key: "(line 2, column 8)", found: "a quoted value opened at line 2, column 8 is never closed (Missing closing 'quote)" }),
        ]);
    });
});

test("an empty document, or one of comments only, is null; a scalar document is itself", () => {
    const { parseYaml } = jest.requireActual<typeof import("../../config/yaml")>("../../config/yaml");
    for (const text of ["", "\n", "# only a comment\n"]) expect(parseYaml(text, "f.yaml")).toBeNull();
    expect(parseYaml("5", "f.yaml")).toBe(5);
});

describe("YAML errors in the platform's words", () => {
    const { parseYaml, yamlProblem } = jest.requireActual<typeof import("../../config/yaml")>("../../config/yaml");
    const problemOf = (text: string) => {
        try {
            parseYaml(text, "Pulumi.prod.yaml");
        } catch (err) {
            return yamlProblem(err as never, "valid YAML", "fix the YAML syntax");
        }
        throw new Error("expected a YAML error");
    };
    test("a key twice: named, with the line of its first occurrence", () => {
        expect(problemOf("config:\n  platform:region: cn-hangzhou\n  platform:zones: [a]\n  platform:region: cn-shanghai\n")).toEqual({
            file: "Pulumi.prod.yaml",
            key: "(line 4, column 3)",
            expected: "valid YAML",
            found: "the key platform:region a second time in one mapping (first at line 2)",
            fix: "keep one of the two (YAML allows each key once per mapping)",
        });
    });
    test("a tab in the indentation: said so, with the way out", () => {
        expect(problemOf("config:\n\tplatform:region: x\n")).toMatchObject({ key: "(line 2, column 1)", found: "a tab in the indentation (YAML indents with spaces only)", fix: expect.stringContaining("replace the tab with spaces") });
    });
    test.each([
        ["a key indented one space less than its neighbours", "config:\n  a: 1\n b: 2\n", "a key indented differently from the keys beside it", "indent the key as the other keys of its mapping"],
        ["a key indented one space more than its neighbours", "config:\n  platform:region: x\n   platform:zones: [a]\n", "a key: value where a value was expected", "indent the key as the other keys of its mapping"],
        ["a colon missing after a key", "config:\n  platform:region: x\n  platform:zones\n  platform:environment: prod\n", "a key running over two lines (a quote or a colon missing?)", "put the key and its colon on one line"],
        ["two keys on one line", "config:\n  platform:region: platform:zones: x\n", "a key: value where a value was expected", "put each key on its own line"],
    ])("%s: what it means, and the parser's words after it", (_, text, found, fix) => {
        const problem = problemOf(text);
        expect(problem.found.startsWith(found)).toBe(true);
        expect(problem.found).toMatch(/\(.+\)$/);
        expect(problem.fix).toContain(fix);
    });
    test("a file over the size limit: how to get under it", () => {
        expect(problemOf(`a: "${"x".repeat(5 * 1024 * 1024)}"\n`)).toMatchObject({ key: "(file)", found: expect.stringContaining("more than the 4.0 MiB"), fix: expect.stringContaining("keep it under 4.0 MiB") });
    });
});
