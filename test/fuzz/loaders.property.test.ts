/**
 * Whatever a user puts in an input file or on a command line, the loaders and the commands' input parsing either
 * accept it or refuse it with the platform's own errors (a SettingsError for settings files, a UsageError for
 * command-line and file arguments), whose messages say what is wrong: never another exception, never a hang.
 * The settings themselves are fuzzed in test/config/settings.property.test.ts.
 */
import fc from "fast-check";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseElastAlertRules } from "../../config/elastalertRules";
import { isSettingsError } from "../../config/problems";
import { parseRegistryConfig } from "../../config/registry";
import { parseTenancy } from "../../config/tenancy";
import { parseArgs } from "../../engine/cli/args";
import { parseManifests } from "../../engine/manifests";
import { platformPack } from "../../engine/pack";
import { readPlan } from "../../engine/planFile";
import { resolvePolicyConfig } from "../../engine/policyConfig";

/** Runs `f`; an error must be one of the platform's, with a message that is not empty. */
function refusesCleanly(f: () => unknown): void {
    try {
        f();
    } catch (err) {
        const e = err as { name?: string; message?: string; isUsageError?: boolean };
        const ours = isSettingsError(err) || e.name === "UsageError" || e.name === "RenderInputError" || e.isUsageError === true;
        if (!ours) throw new Error(`not a platform error: ${e.name}: ${e.message}`);
        expect((e.message ?? "").trim().length).toBeGreaterThan(0);
    }
}

/** JSON-ish values with the keys the loaders know, so that the fuzzing reaches past the first check. */
const KEYS = ["projects", "robots", "name", "public", "proxyCache", "type", "url", "storageQuotaGiB", "retention", "rules", "template", "count", "members", "clusters", "prod", "nonprod", "ops", "cpu", "memory", "pods", "storage", "manager", "users", "email", "identity", "provider", "id", "__proto__", "constructor", "toString", ""];
const json: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
    value: fc.oneof(
        { depthSize: "small" },
        fc.constantFrom(null, true, false, 0, -1, 2.5, 1e308, "", "x", "8Gi", "1e400", "cn-hangzhou-h", "admin", "viewer"),
        fc.string({ maxLength: 12 }),
        fc.array(tie("value"), { maxLength: 4 }),
        fc.dictionary(fc.constantFrom(...KEYS), tie("value"), { maxKeys: 5 }),
    ),
})).value;

/** YAML text: structured values written as YAML, broken YAML, and the classic alias bomb. */
const BOMB = ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill(`*${String.fromCharCode(97 + i)}`).join(",")}]`)].join("\n");
const yamlText: fc.Arbitrary<string> = fc.oneof(
    json.map((v) => JSON.stringify(v) ?? ""),
    fc.string({ maxLength: 60 }),
    fc.constantFrom(BOMB, "name: 'unclosed\nindex: x\n", "- a\n- b\n", "a:\n  - b\n c: d\n", "\t\tname: x", "---\n---\n", "name: x\nname: y\n", `${"[".repeat(5000)}${"]".repeat(5000)}`),
);

const RUNS = { numRuns: 150 };

describe("loaders never fail but with the platform's errors", () => {
    test("the registry configuration", () => {
        fc.assert(fc.property(json, (raw) => refusesCleanly(() => parseRegistryConfig(raw))), RUNS);
    });

    test("the ElastAlert rules, from any text", () => {
        fc.assert(fc.property(fc.array(yamlText, { minLength: 1, maxLength: 3 }), (texts) => refusesCleanly(() => parseElastAlertRules(texts.map((text, i) => ({ file: `config/elastalert-rules/r${i}.yaml`, text }))))), RUNS);
    });

    test("the tenancy layout", () => {
        const sources = fc.record({
            dir: fc.constant("config/tenancy"),
            settings: json,
            users: json,
            workspaces: fc.array(fc.record({ name: fc.constantFrom("retail", "finance", "x", "__proto__", ""), file: fc.constant("config/tenancy/workspaces/w.yaml"), content: json }), { maxLength: 3 }),
        });
        fc.assert(fc.property(sources, (s) => refusesCleanly(() => parseTenancy(s, { prod: { cpuMilli: 100000, memoryMiB: 400000 }, nonprod: { cpuMilli: 50000, memoryMiB: 200000 } } as never))), RUNS);
    });

    test("the policy configuration", () => {
        const pack = platformPack();
        fc.assert(fc.property(json, (raw) => refusesCleanly(() => resolvePolicyConfig(pack, raw, "policies/config.json"))), RUNS);
    });
});

describe("commands' inputs never fail but with usage errors", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fuzz-"));
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    test("a plan file of any JSON (or none)", () => {
        const file = path.join(dir, "plan.json");
        const planLike = fc.oneof(json, fc.record({ stack: json, project: json, resources: fc.array(fc.record({ urn: json, type: json, name: json, inputs: json, secretInputs: json }), { maxLength: 2 }), outputs: json, secretOutputs: json, policies: json }));
        fc.assert(
            fc.property(fc.oneof(planLike.map((v) => JSON.stringify(v) ?? ""), fc.string({ maxLength: 40 })), (text) => {
                fs.writeFileSync(file, text);
                refusesCleanly(() => readPlan(file));
            }),
            RUNS,
        );
    });

    test("manifests given to check, of any text", () => {
        fc.assert(fc.property(yamlText, (text) => refusesCleanly(() => parseManifests(text, "manifest.yaml"))), RUNS);
    });

    test("command lines of any words", () => {
        const word = fc.oneof(fc.constantFrom("--stack", "--json", "--reference", "--tree", "--quiet", "--policy-config", "--", "-x", "--stack=prod", "prod", ""), fc.string({ maxLength: 8 }));
        fc.assert(fc.property(fc.array(word, { maxLength: 6 }), (argv) => refusesCleanly(() => parseArgs(argv, ["stack", "json", "reference", "tree", "quiet", "policy-config"], "usage: npm run plan -- ..."))), RUNS);
    });
});
