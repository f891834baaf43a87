/**
 * Every input of a stack is read and checked in one step before the first resource (config/inputs.ts): a bad
 * file of any kind stops the program with zero registrations, and problems in several files come in one report.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { InputSources, loadPlatformInputs } from "../../config/inputs";
import { parseSettings, readConventionsFile } from "../../config/load";
import { isSettingsError } from "../../config/problems";
import { readStackConfig } from "../../engine/stackConfig";
import { composeStack } from "../../stacks";
import { record } from "../support/mocks";
import { ROOT } from "../support/planCache";

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "inputs-"));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** prod's real settings, with `edit` applied to its flat configuration (as `pulumi config` holds it). */
const prodSettings = (edit: (config: Record<string, string>) => void = () => {}) => () => {
    const { config, secretKeys } = readStackConfig(ROOT, "prod");
    const copy = { ...config };
    edit(copy);
    return parseSettings({ stack: "prod", config: copy, conventions: readConventionsFile(), secretKeys });
};

/** A copy of the tenancy layout with one file appended to. */
function tenancyWith(file: string, text: string) {
    const dir = fs.mkdtempSync(path.join(scratch, "tenancy-"));
    fs.cpSync(path.join(ROOT, "config", "tenancy"), dir, { recursive: true });
    fs.appendFileSync(path.join(dir, file), text);
    return { path: dir, display: "config/tenancy" };
}

function fileWith(name: string, text: string): string {
    const file = path.join(fs.mkdtempSync(path.join(scratch, "file-")), name);
    fs.writeFileSync(file, text);
    return file;
}

function rulesWith(name: string, text: string) {
    const dir = fs.mkdtempSync(path.join(scratch, "rules-"));
    fs.cpSync(path.join(ROOT, "config", "elastalert-rules"), dir, { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
    return { path: dir, display: "config/elastalert-rules" };
}

/** prod's real settings with the conventions of config/platform.yaml edited. */
const withConventions = (edit: (conventions: Record<string, unknown>) => void) => () => {
    const { config, secretKeys } = readStackConfig(ROOT, "prod");
    const conventions = structuredClone(readConventionsFile()) as Record<string, unknown>;
    edit(conventions);
    return parseSettings({ stack: "prod", config, conventions, secretKeys });
};

const BAD: Readonly<Record<string, { sources: InputSources; file: string }>> = {
    "the stack file": { sources: { settings: prodSettings((c) => (c["platform:zones"] = JSON.stringify(["cn-hangzhou-h"]))) }, file: "Pulumi.prod.yaml" },
    "the conventions": { sources: { settings: withConventions((c) => ((c.storage as Record<string, unknown>).diskPerformanceLevel = "PL9")) }, file: "config/platform.yaml" },
    "the tenancy layout": { sources: { tenancyDir: tenancyWith("users.yaml", "  bad user:\n    email: not-an-address\n") }, file: "config/tenancy/users.yaml" },
    "the registry configuration": { sources: { registryFile: fileWith("registry.yaml", "projects: 3\n") }, file: "config/registry.yaml" },
    "the ElastAlert rules": { sources: { rulesDir: rulesWith("broken.yaml", "name: broken\n") }, file: "config/elastalert-rules/broken.yaml" },
};

describe("one step before the first resource", () => {
    test("prod's real inputs load: settings, layout, registry configuration, rules", () => {
        const inputs = loadPlatformInputs({ settings: prodSettings() });
        expect(inputs.settings.environment).toBe("prod");
        expect(inputs.layout.workspaces.length).toBeGreaterThan(0);
        expect(inputs.registry?.projects.length).toBeGreaterThan(0);
        expect(inputs.elastAlertRules?.length).toBeGreaterThan(0);
    });

    test.each(Object.keys(BAD))("a problem in %s: one settings report naming that file, and nothing registered", async (which) => {
        const { sources, file } = BAD[which];
        let thrown: unknown;
        const rec = await record(
            () => {
                try {
                    composeStack({ settings: prodSettings(), ...sources });
                } catch (err) {
                    thrown = err;
                }
            },
            { stack: "prod" },
        );
        expect(isSettingsError(thrown)).toBe(true);
        const files = new Set((thrown as { problems: { file: string }[] }).problems.map((p) => p.file));
        expect([...files]).toEqual([file]);
        expect(rec.resources).toEqual([]);
    });

    test("problems in every file at once come in one report, file by file", () => {
        // the stack file's and the conventions' problems come from one settings loader: the stack file's here
        const all = Object.entries(BAD).filter(([k]) => k !== "the conventions").reduce<InputSources>((acc, [, b]) => ({ ...acc, ...b.sources }), {});
        let thrown: unknown;
        try {
            loadPlatformInputs(all);
        } catch (err) {
            thrown = err;
        }
        expect(isSettingsError(thrown)).toBe(true);
        const files = [...new Set((thrown as { problems: { file: string }[] }).problems.map((p) => p.file))].sort();
        expect(files).toEqual(Object.entries(BAD).filter(([k]) => k !== "the conventions").map(([, b]) => b.file).sort());
    });
});

test("a tenancy folder that does not exist is one problem, naming the folder, not each of its files", () => {
    let thrown: unknown;
    try {
        loadPlatformInputs({ settings: prodSettings(), tenancyDir: { path: path.join(scratch, "no-such-layout"), display: "config/tenancy-staging" } });
    } catch (err) {
        thrown = err;
    }
    expect(isSettingsError(thrown)).toBe(true);
    expect((thrown as { problems: unknown[] }).problems).toEqual([expect.objectContaining({ file: "config/tenancy-staging", key: "(folder)", found: "no such folder" })]);
});
