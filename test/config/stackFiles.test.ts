/**
 * The project file and a stack's file are checked for their shape before any setting is read, and a bad value
 * that is `Pulumi.yaml`'s default is reported there, not against the stack file.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseSettings, readConventionsFile } from "../../config/load";
import { Problem, isSettingsError } from "../../config/problems";
import { plainSecretLeavesOf, projectDefaultKeys, readStackFiles } from "../../config/stackFiles";
import { readStackConfig } from "../../engine/stackConfig";
import { ROOT } from "../support/planCache";

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "stack-files-"));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

function project(files: Record<string, string>): string {
    const dir = fs.mkdtempSync(path.join(scratch, "p-"));
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
    return dir;
}
function problemsOf(f: () => unknown): Problem[] {
    try {
        f();
    } catch (err) {
        if (isSettingsError(err)) return [...err.problems];
        throw err;
    }
    throw new Error("expected a SettingsError");
}
const PROJECT = "name: platform\nruntime: nodejs\n";

describe("the files' shapes", () => {
    test.each([
        ["an empty Pulumi.yaml", { "Pulumi.yaml": "", "Pulumi.prod.yaml": "config: {}\n" }, [{ file: "Pulumi.yaml", key: "(top level)", found: "an empty file" }]],
        ["a Pulumi.yaml without a name", { "Pulumi.yaml": "runtime: nodejs\n", "Pulumi.prod.yaml": "config: {}\n" }, [{ file: "Pulumi.yaml", key: "name", found: "nothing (the key is missing)" }]],
        ["a stack file that is a list", { "Pulumi.yaml": PROJECT, "Pulumi.prod.yaml": "- platform:zones: [cn-hangzhou-h]\n- platform:region: cn-hangzhou\n" }, [{ file: "Pulumi.prod.yaml", key: "(top level)", found: "a list of 2 entries" }]],
        ["an empty stack file", { "Pulumi.yaml": PROJECT, "Pulumi.prod.yaml": "" }, [{ file: "Pulumi.prod.yaml", key: "(top level)", found: "an empty file" }]],
        ["a stack file without config:", { "Pulumi.yaml": PROJECT, "Pulumi.prod.yaml": "platform:zones: [cn-hangzhou-h]\n" }, [{ file: "Pulumi.prod.yaml", key: "config", found: "nothing (the key is missing)" }]],
        ["a stack file whose config is text", { "Pulumi.yaml": PROJECT, "Pulumi.prod.yaml": "config: zones\n" }, [{ file: "Pulumi.prod.yaml", key: "config", found: "a text value" }]],
        ["a declared type the CLI does not know", { "Pulumi.yaml": `${PROJECT}config:\n  zones:\n    type: list\n`, "Pulumi.prod.yaml": "config: {}\n" }, [{ file: "Pulumi.yaml", key: "config.zones.type", found: '"list"', fix: "use array, or remove the type" }]],
        ["both at once", { "Pulumi.yaml": "", "Pulumi.prod.yaml": "- a\n" }, [{ file: "Pulumi.yaml", key: "(top level)" }, { file: "Pulumi.prod.yaml", key: "(top level)" }]],
    ])("%s: one problem per file, naming it", (_, files, expected) => {
        const dir = project(files);
        expect(problemsOf(() => readStackFiles(dir, "prod"))).toEqual(expected.map((e) => expect.objectContaining(e)));
        // the engine reads the same way: no stack of project "undefined", no six missing keys for a list
        expect(problemsOf(() => readStackConfig(dir, "prod"))).toEqual(expected.map((e) => expect.objectContaining(e)));
    });

    test("a stack file that is a list says so, and never echoes its values (a plain-text secret among them)", () => {
        const dir = project({ "Pulumi.yaml": PROJECT, "Pulumi.prod.yaml": "- platform:alertWebhookUrl: https://hooks.example.com/robot?access_token=SUPERSECRET\n" });
        expect(JSON.stringify(problemsOf(() => readStackFiles(dir, "prod")))).not.toContain("SUPERSECRET");
    });
});

describe("a bad default of Pulumi.yaml", () => {
    test("the keys that take Pulumi.yaml's default are those the stack file does not set", () => {
        expect(projectDefaultKeys(ROOT, "prod")).toEqual(["platform:nodeSshPublicKey", "platform:prodStack"]);
    });

    test("is reported against Pulumi.yaml, at its default, with the stack file as the other way out", () => {
        const { config, secretKeys } = readStackConfig(ROOT, "prod");
        const bad = { ...config, "platform:zones": JSON.stringify(["cn-hangzhou-h", "cn-hangzhou-h"]) };
        const problems = problemsOf(() => parseSettings({ stack: "prod", config: bad, conventions: readConventionsFile(), secretKeys, projectDefaults: ["platform:zones"] }));
        expect(problems).toEqual([expect.objectContaining({ file: "Pulumi.yaml", key: "config.zones.default[1]", fix: expect.stringContaining("or set platform:zones in Pulumi.prod.yaml") })]);
        // the same value set in the stack file stays the stack file's
        const own = problemsOf(() => parseSettings({ stack: "prod", config: bad, conventions: readConventionsFile(), secretKeys, projectDefaults: [] }));
        expect(own).toEqual([expect.objectContaining({ file: "Pulumi.prod.yaml", key: "platform:zones[1]" })]);
    });

    test("a value missing (Pulumi.yaml's empty default) is the stack file's to set", () => {
        const { config, secretKeys } = readStackConfig(ROOT, "idc");
        const lacking = { ...config };
        delete lacking["platform:nodeSshPublicKey"];
        const problems = problemsOf(() => parseSettings({ stack: "idc", config: lacking, conventions: readConventionsFile(), secretKeys, projectDefaults: ["platform:nodeSshPublicKey"] }));
        expect(problems).toEqual([expect.objectContaining({ file: "Pulumi.idc.yaml", key: "platform:nodeSshPublicKey", found: "nothing (the key is missing)" })]);
    });
});

describe("credential leaves in plain text (plainSecretLeavesOf)", () => {
    test.each<[string, Record<string, unknown>, string[]]>([
        ["a secure client secret", { "platform:identityProviders": { sso: { type: "oidc", clientSecret: { secure: "AAA" } } } }, []],
        ["a plain bind password beside a secure client secret", { "platform:identityProviders": { sso: { clientSecret: { secure: "AAA" } }, ldap: { managerPassword: "pw" } } }, ["platform:identityProviders.ldap.managerPassword"]],
        ["the project's namespace left out, as the file may", { identityProviders: { ldap: { managerPassword: "pw" } } }, ["platform:identityProviders.ldap.managerPassword"]],
        ["other keys are not judged here", { "platform:alertWebhookUrl": "https://x", "platform:zones": ["a"] }, []],
        ["a leaf absent is the schema's to report", { "platform:identityProviders": { sso: { type: "oidc" } } }, []],
    ])("%s", (_, config, expected) => expect(plainSecretLeavesOf(config)).toEqual(expected));
});
