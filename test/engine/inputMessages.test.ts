// What the commands say about mistakes in their inputs (a user-testing pass): a missing or invalid policy
// configuration, an exemption without its reason, missing and bad manifests given to check together, an old plan
// file, a --reference of the wrong stack, and --help. In-process: the exit code is what reportError gives the error.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { HelpRequested, UsageError } from "../../engine/cli/exit";
import { parseArgs } from "../../engine/cli/args";
import { checkCommand } from "../../engine/cli/check";
import { outputFileProblem } from "../../engine/cli/outputFile";
import { planCommand, planUsage, readReference } from "../../engine/cli/plan";
import { platformPack } from "../../engine/pack";
import { jsonSyntaxProblem, readPolicyConfigFile, resolvePolicyConfig } from "../../engine/policyConfig";
import { readPlan } from "../../engine/planFile";
import { plan, resource } from "./planFixtures";
import { exitOf } from "../support/commands";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "input-messages-"));
const write = (name: string, content: string) => {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
    return file;
};
const silent = { stdout: () => undefined, stderr: () => undefined };

describe("1. the policy configuration file", () => {
    test("a missing file: the flag, the path as given, what the file is", async () => {
        const { code, printed } = await exitOf(() => readPolicyConfigFile(path.join(dir, "policies/config.prod.json"), "policies/config.prod.json"));
        expect(code).toBe(2);
        expect(printed).toBe("--policy-config: policies/config.prod.json: no such file (the policy pack's configuration, pulumi preview --policy-pack-config format); give the repository's policies/config.json, or leave --policy-config out to use it\n");
    });

    test("through npm run plan: before anything is planned", async () => {
        const { code, printed } = await exitOf(() => planCommand(["--policy-config", path.join(dir, "nothing.json")], silent));
        expect(code).toBe(2);
        expect(printed).toContain(`--policy-config: ${path.join(dir, "nothing.json")}: no such file (the policy pack's configuration`);
    });

    test("invalid JSON: the path as given, the line and column, a short reason, not the file's content", async () => {
        const file = write("policies/config.json", '{\n  "image-tag-pinned": "advisory",\n}\n');
        const { code, printed } = await exitOf(() => readPolicyConfigFile(file, "policies/config.json"));
        expect(code).toBe(2);
        // a trailing comma: said as one, at the comma (JSON.parse says "expected double-quoted property name" at the })
        expect(printed).toBe("policies/config.json: invalid JSON at line 2, column 33: a trailing comma before '}': JSON allows no comma after the last entry of an object; remove it\n");
        expect(printed).not.toContain(dir);
    });

    test("a byte-order mark, as some editors save one, is read past", () => {
        const file = write("policies/bom.json", '\ufeff{ "image-tag-pinned": "advisory" }\n');
        expect(readPolicyConfigFile(file, "policies/bom.json")).toEqual({ "image-tag-pinned": "advisory" });
    });

    test("YAML given as the policy configuration: the JSON error and that the file is JSON", async () => {
        const file = write("policies/config.yaml", "image-tag-pinned: advisory\n");
        const { code, printed } = await exitOf(() => readPolicyConfigFile(file, "policies/config.yaml"));
        expect(code).toBe(2);
        expect(printed).toBe(
            "policies/config.yaml: invalid JSON: unexpected token 'i' (the policy configuration is JSON, as pulumi preview --policy-pack-config takes it: write it as { \"<policy>\": \"<level>\" })\n",
        );
    });

    test.each([
        // Node 20: a position; Node 22 and 24: the position and its line and column
        ['{ "a": 1,\n}', "Expected double-quoted property name in JSON at position 10", "invalid JSON at line 1, column 9: a trailing comma before '}': JSON allows no comma after the last entry of an object; remove it"],
        ['{ "a": 1,\n}', "Expected double-quoted property name in JSON at position 10 (line 2 column 1)", "invalid JSON at line 1, column 9: a trailing comma before '}': JSON allows no comma after the last entry of an object; remove it"],
        ['{ "a": tru }', 'Unexpected token \'}\', "{ "a": tru }" is not valid JSON', "invalid JSON at line 1, column 12: unexpected token '}'"],
        ['{ "a": "x', "Unterminated string in JSON at position 9", "invalid JSON at line 1, column 10: unterminated string"],
        ["{ all: advisory, x: y }", 'Unexpected token \'a\', "{ all: advisory, x: y }" is not valid JSON', 'invalid JSON at line 1, column 3: a key without quotes: JSON writes keys in double quotes ({ "<policy>": "<level>" })'],
    ])("JSON.parse's message %#", (text, message, expected) => {
        expect(jsonSyntaxProblem(text, message)).toBe(expected);
    });

    test.each([
        ["a trailing comma in an object", '{ "image-tag-pinned": "advisory", "pod-no-host-path": "mandatory", }', "invalid JSON at line 1, column 66: a trailing comma before '}': JSON allows no comma after the last entry of an object; remove it"],
        ["a trailing comma in a list", '{ "x": { "exemptions": ["a", "b",] } }', "invalid JSON at line 1, column 33: a trailing comma before ']': JSON allows no comma after the last entry of a list; remove it"],
        ["a // comment", '{\n  // prod only\n  "image-tag-pinned": "advisory"\n}', "invalid JSON at line 2, column 3: a // comment: JSON allows no comments; remove it"],
        ["a /* */ comment after a value", '{ "image-tag-pinned": "advisory" /* for now */ }', "invalid JSON at line 1, column 34: a /* */ comment: JSON allows no comments; remove it"],
        ["a single-quoted key", "{ 'image-tag-pinned': \"advisory\" }", "invalid JSON at line 1, column 3: single quotes: JSON writes keys in double quotes (\"...\", not '...')"],
        ["a single-quoted text", "{ \"image-tag-pinned\": 'advisory' }", "invalid JSON at line 1, column 23: single quotes: JSON writes texts in double quotes (\"...\", not '...')"],
        ["a key without quotes", '{ all: "advisory" }', 'invalid JSON at line 1, column 3: a key without quotes: JSON writes keys in double quotes ({ "<policy>": "<level>" })'],
        ["a text without quotes", '{ "image-tag-pinned": advisory }', 'invalid JSON at line 1, column 23: a text without quotes: JSON writes texts in double quotes ("advisory")'],
        ["Python's True", '{ "x": { "enabled": True } }', "invalid JSON at line 1, column 21: True: JSON writes true, false and null in lowercase"],
        ["a comma inside a text is no trailing comma", '{ "a": "x,}" "b": 1 }', "invalid JSON at line 1, column 14: expected ',' or '}' after property value"],
    ])("a slip of hand-written JSON, in words, where it is: a trailing comma before '}': JSON allows no comma after the last entry of an object; remove it", (_title, text, expected) => {
        let message = "";
        try {
            JSON.parse(text);
        } catch (err) {
            message = (err as Error).message;
        }
        expect(jsonSyntaxProblem(text, message)).toBe(expected);
    });
});

describe("2. knob values the schema rejects, in words", () => {
    const pack = platformPack();
    const errorOf = (raw: unknown) => {
        try {
            resolvePolicyConfig(pack, raw, "policies/config.json");
        } catch (err) {
            return (err as Error).message;
        }
        throw new Error("expected an error");
    };

    test("a team exemption without its reason: that every team exemption says why, with an example", () => {
        const message = errorOf({ "pod-no-host-path": { teamExemptions: [{ namespace: "logging", kind: "DaemonSet", name: "fluent-bit" }] } });
        expect(message.split("\n")).toEqual([
            "Invalid policy configuration (1 problem):",
            "  policies/config.json: pod-no-host-path.teamExemptions[0].reason",
            '    expected: the reason of the exemption (every team exemption says why, e.g. "reason": "log shipper reads /var/log")',
            "    found:    nothing (the key is missing)",
            "    fix:      add \"reason\": \"why the object needs it\" to pod-no-host-path.teamExemptions[0]",
        ]);
    });

    test("types as a text value, a list, a mapping, true or false", () => {
        const message = errorOf({
            "image-from-harbor": { registryHost: 5, bootstrapNamespaces: "kube-system", exemptions: [["x"]] },
        });
        expect(message).toContain("image-from-harbor.registryHost\n    expected: a text value\n");
        expect(message).toContain("image-from-harbor.bootstrapNamespaces\n    expected: a list\n");
        expect(message).toContain("image-from-harbor.exemptions[0]\n    expected: a mapping\n");
        expect(message).not.toContain("a value of type");
    });
});

describe("2b. a configuration whose exemptions would drop the platform's own (filebeat's hostPath one)", () => {
    test("npm run check -- --policy-config: exit 2 before any object is checked, naming the default lost and teamExemptions", async () => {
        const config = write("drops-filebeat.json", JSON.stringify({ "pod-no-host-path": { exemptions: [{ namespace: "shop", kind: "Deployment", name: "web", reason: "reads the node's /var/log/app" }] } }));
        const manifest = write("filebeat.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: c, namespace: logging }\n");
        let out = "";
        const { code, printed } = await exitOf(() => checkCommand([manifest, "--policy-config", config], { ...silent, stdout: (t) => (out += t) }));
        expect([code, out]).toEqual([2, ""]);
        const lines = printed.split("\n");
        expect(lines.slice(0, 2)).toEqual(["Invalid policy configuration (1 problem):", `  ${config}: pod-no-host-path.exemptions`]);
        expect(lines[3]).toContain("DaemonSet logging/filebeat");
        expect(lines[4]).toBe('    fix:      move the app team\'s entries to "pod-no-host-path": { "teamExemptions": [ ... ] } and remove "exemptions" (a platform component\'s default is changed in policies/exemptions.ts, reviewed like code)');
    });
});

describe("3. npm run check: every file's problems, then exit 2", () => {
    test("a missing file", async () => {
        const { code, printed } = await exitOf(() => checkCommand(["k8s/deploy.yaml"], silent));
        expect(code).toBe(2);
        expect(printed).toBe("k8s/deploy.yaml: no such file\n");
    });

    test("a document without kind in a.yaml, a tab in b.yaml, a missing c.yaml and an invalid policy configuration: all of them", async () => {
        const a = write("a.yaml", "apiVersion: v1\nmetadata:\n  name: web\n");
        const b = write("b.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n\tname: web\n");
        const config = write("bad-config.json", "{ nope");
        const { code, printed } = await exitOf(() => checkCommand([a, b, path.join(dir, "c.yaml"), "--policy-config", config], silent));
        expect(code).toBe(2);
        const lines = printed.split("\n");
        expect(lines[0]).toBe(`${a}: document 1: missing kind`);
        expect(lines[1]).toMatch(new RegExp(`^${b.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: document 1, line 4: invalid YAML: `));
        expect(lines[2]).toBe(`${path.join(dir, "c.yaml")}: no such file`);
        expect(lines[3]).toMatch(new RegExp(`^${config.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: invalid JSON at line 1, column 3: `));
        expect(lines).toHaveLength(5);
    });

    test("every document's problem of one file", async () => {
        const m = write("m.yaml", "apiVersion: v1\nmetadata: { name: a }\n---\nkind: ConfigMap\nmetadata: { name: b }\n");
        const { printed } = await exitOf(() => checkCommand([m], silent));
        expect(printed).toBe(`${m}: document 1: missing kind\n${m}: document 2: missing apiVersion\n`);
    });
});

describe("3b. npm run check: a source with no object, a --namespace Kubernetes would refuse", () => {
    const STDIN_EMPTY =
        "(stdin): no Kubernetes object in standard input (it was empty, or held only comments and ---): a helm template ... | npm run check -- - whose helm template failed prints nothing to the pipe (its error is above); run the helm template command alone, fix what it says, then pipe it again";
    const emptyFile = (f: string) =>
        `${f}: no Kubernetes object in the file (it is empty, or holds only comments and ---): give a manifest with at least one object; if it holds helm template's output (helm template ... > ${f}), helm template failed: run it alone and fix what it says`;
    const CONFIG_MAP = "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: c, namespace: shop }\n";

    test.each([
        ["nothing", ""],
        ["a newline", "\n"],
        ["only comments and ---", "# Source: chart/templates/x.yaml\n---\n# nothing rendered\n---\n"],
    ])("standard input with %s (a failed helm template | ...): exit 2, that a failed pipe is the likely cause", async (_title, stdin) => {
        const { code, printed, out } = await exitOf(() => checkCommand(["-"], { ...silent, stdin: () => stdin }));
        expect([code, printed, out]).toEqual([2, `${STDIN_EMPTY}\n`, ""]);
    });

    test("an empty file and a file of only ---, beside a good one: each named, nothing checked", async () => {
        const empty = write("empty.yaml", "");
        const dashes = write("dashes.yaml", "---\n---\n");
        const good = write("good.yaml", CONFIG_MAP);
        const { code, printed } = await exitOf(() => checkCommand([empty, good, dashes], silent));
        expect(code).toBe(2);
        expect(printed).toBe(`${emptyFile(empty)}\n${emptyFile(dashes)}\n`);
    });

    test("a file of only a Helm test hook is not empty: it is checked, the hook listed as skipped", async () => {
        const hook = write("hook.yaml", 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: t\n  annotations: { "helm.sh/hook": test }\nspec: { containers: [] }\n');
        let out = "";
        expect(await checkCommand([hook], { stdout: (t) => (out += t), stderr: () => undefined })).toBe(0);
        expect(out).toMatch(/^Checked 0 object\(s\) .*\n {2}skipped .*hook\.yaml document 1, Pod t: a Helm test hook/);
    });

    test.each([
        ["Retail_Web", '"Retail_Web" (uppercase letters, \'_\')', "--namespace retail-web"],
        ["shop.prod", '"shop.prod" (\'.\')', "--namespace shop-prod"],
        ["-shop", '"-shop" (a \'-\' at its start or end)', "--namespace shop"],
        ["a".repeat(64), `"${"a".repeat(64)}" (64 characters)`, `--namespace ${"a".repeat(63)}`],
        ["", "an empty value", "give the namespace the objects go to, as kubectl apply -n and helm install -n take it"],
    ])("--namespace %j: exit 2 naming the flag, the rule, what is wrong and a name that would do", async (namespace, found, fix) => {
        const good = write("ns.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: c }\n");
        const { code, printed } = await exitOf(() => checkCommand([good, `--namespace=${namespace}`], silent));
        expect(code).toBe(2);
        expect(printed).toBe(
            `--namespace: expected a namespace name, a DNS-1123 label (lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters); found ${found}. Fix: ${fix}\n`,
        );
    });

    test("a valid --namespace places the objects that name none", async () => {
        const good = write("ns-ok.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: c }\n");
        const file = path.join(dir, "ns-ok.json");
        expect(await checkCommand([good, "--namespace", "retail-web", "--json", file], silent)).toBe(0);
        expect(JSON.parse(fs.readFileSync(file, "utf8")).notChecked[0].resource).toEqual({ kind: "ConfigMap", namespace: "retail-web", name: "c" });
    });

    test("a bad --namespace and an empty standard input: both, in one report", async () => {
        const { code, printed } = await exitOf(() => checkCommand(["-", "--namespace", "Retail_Web"], { ...silent, stdin: () => "" }));
        expect(code).toBe(2);
        expect(printed.split("\n").map((l) => l.slice(0, 30))).toEqual(["--namespace: expected a namesp", "(stdin): no Kubernetes object ", ""]);
    });
});

describe("3c. --json: a path that cannot be written, said before any work (a missing folder is created)", () => {
    const SERVICE = "apiVersion: v1\nkind: Service\nmetadata: { name: web, namespace: shop }\nspec: { ports: [{ port: 80 }] }\n";

    test("npm run check -- --json DIR/out.json, DIR missing: the folder is created and the report written (it was a stack trace, the result lost)", async () => {
        const good = write("json-ok.yaml", SERVICE);
        const report = path.join(dir, "reports", "nested", "out.json");
        expect(await checkCommand([good, "--json", report], silent)).toBe(0);
        expect(JSON.parse(fs.readFileSync(report, "utf8"))).toEqual({ violations: [], notChecked: [] });
    });

    test("npm run check: its parent is a file: exit 2 naming the flag and the path, nothing checked, with the manifests' problems", async () => {
        const good = write("json-good.yaml", SERVICE);
        const blocker = write("blocker.json", "{}\n");
        const bad = write("json-bad.yaml", "apiVersion: v1\nmetadata: { name: a }\n");
        let out = "";
        const { code, printed } = await exitOf(() => checkCommand([good, bad, "--json", path.join(blocker, "out.json")], { ...silent, stdout: (t) => (out += t) }));
        expect([code, out]).toEqual([2, ""]);
        expect(printed.split("\n")).toEqual([
            `--json ${path.join(blocker, "out.json")}: ${blocker} is a file, not a folder, so nothing can be written under it; give another path (e.g. --json ${path.join(dir, "out.json")}), or move ${blocker} away`,
            `${bad}: document 1: missing kind`,
            "",
        ]);
    });

    test("npm run plan -- --json FILE whose parent path is an existing file: exit 2 before anything is planned (it was EEXIST, exit 3)", async () => {
        const blocker = write("plan-blocker", "not a folder\n");
        let stderr = "";
        const file = path.join(blocker, "plans", "nonprod.json");
        const { code, printed } = await exitOf(() => planCommand(["--json", file], { stdout: () => undefined, stderr: (t) => (stderr += t) }));
        expect(code).toBe(2);
        expect(printed).toBe(`--json ${file}: ${blocker} is a file, not a folder, so nothing can be written under it; give another path (e.g. --json ${path.join(dir, "nonprod.json")}), or move ${blocker} away\n`);
        expect(stderr).toBe(""); // not "planning stack nonprod ..."
    });

    test.each([
        ["a folder", () => dir, (f: string) => `--json ${f}: a folder, not a file; give a file in it, e.g. --json ${path.join(f, "prod.json")}`],
        ["a folder's path", () => `${path.join(dir, "missing-folder")}/`, (f: string) => `--json ${f}: a folder's path, not a file; give a file in it, e.g. --json ${path.join(f, "prod.json")}`],
        ["an empty path", () => "", () => "--json : an empty path; give the file to write, e.g. --json out/prod.json"],
    ])("npm run plan: %s", async (_title, given, message) => {
        const file = given();
        const { code, printed } = await exitOf(() => planCommand(["--stack", "prod", "--json", file], silent));
        expect([code, printed]).toEqual([2, `${message(file)}\n`]);
    });

    test("a path that can be written: a missing folder, an existing file, a relative path", () => {
        expect(outputFileProblem("json", path.join(dir, "new", "deeper", "plan.json"), "plan.json")).toBeUndefined();
        expect(outputFileProblem("json", write("exists.json", "{}"), "plan.json")).toBeUndefined();
        expect(outputFileProblem("json", "out/nonprod.json", "plan.json")).toBeUndefined();
    });
});

describe("4. a plan file of an older version", () => {
    const resources = Array.from({ length: 392 }, (_, i) => {
        const { inputs, secretInputs: _s, ...rest } = resource("alicloud:vpc/network:Network", `net-${String(i).padStart(3, "0")}`, { cidrBlock: "10.0.0.0/16" });
        return { ...rest, props: inputs };
    });
    const { policies: _p, ...old } = plan(resources as never, "prod");

    test("the missing section first, each per-resource problem once, and what to do", async () => {
        const file = write("old.json", JSON.stringify(old));
        const { code, printed } = await exitOf(() => readPlan(file));
        expect(code).toBe(2);
        const first = resources[0].urn;
        expect(printed.split("\n")).toEqual([
            `${file} is not a valid plan file (785 problems; the contract is in the README, "The plan file"; make one with npm run plan -- --json FILE):`,
            "  policies: expected an object { pack, violations }, found nothing (the key is missing)",
            `  resources[*].inputs: expected an object (the resource's inputs; {} when it has none), found nothing (the key is missing), in 392 of 392 resources (the first: ${first})`,
            `  resources[*].secretInputs: expected a list, found nothing (the key is missing), in 392 of 392 resources (the first: ${first})`,
            `  nearly every resource lacks inputs, secretInputs: the file was written by an older version of npm run plan: make it again (npm run plan -- --stack prod --json ${file})`,
            "",
        ]);
    });

    test("a problem of one resource keeps its index and URN, and no hint", async () => {
        const good = plan([resource("t:m:R", "a", {}), resource("t:m:R", "b", {})]);
        const file = write("one.json", JSON.stringify({ ...good, resources: [good.resources[0], { ...good.resources[1], protect: "yes" }] }));
        const { printed } = await exitOf(() => readPlan(file));
        expect(printed.split("\n").slice(1)).toEqual([`  resources[1].protect (${good.resources[1].urn}): expected true or false, found "yes"`, ""]);
    });
});

describe("5. --reference of the wrong stack", () => {
    const nonprodPlan = write("out/nonprod.json", JSON.stringify(plan([], "nonprod")));
    const idcPlan = write("out/idc.json", JSON.stringify(plan([], "idc")));
    const prodPlan = write("out/prod.json", JSON.stringify(plan([], "prod")));

    test("a plan of the planned stack itself: a usage error saying which plan to give", async () => {
        const { code, printed } = await exitOf(() => planCommand(["--stack", "nonprod", "--reference", nonprodPlan], silent));
        expect(code).toBe(2);
        expect(printed).toBe(
            `--reference ${nonprodPlan}: a plan of stack nonprod; nonprod reads prod's outputs, so give a plan of prod (npm run plan -- --stack prod --json ${path.join(dir, "out/prod.json")})\n`,
        );
    });

    test("prod reads no stack", async () => {
        const { printed } = await exitOf(() => readReference(prodPlan, "prod", () => undefined));
        expect(printed).toBe(`--reference ${prodPlan}: a plan of stack prod; prod reads no other stack's outputs, so it needs no --reference\n`);
    });

    test("a plan of a stack that is not read: a warning, not an error; the plan of the stack read: nothing said", () => {
        const warnings: string[] = [];
        expect(readReference(idcPlan, "nonprod", (l) => warnings.push(l)).stack).toBe("idc");
        expect(warnings).toEqual([`warning: --reference ${idcPlan} is a plan of stack idc, which nonprod does not read (nonprod reads prod's outputs); it is not used`]);
        expect(readReference(prodPlan, "nonprod", (l) => warnings.push(l)).stack).toBe("prod");
        expect(warnings).toHaveLength(1);
    });
});

describe("6. --help", () => {
    test("the usage on standard output, exit 0; an unknown option stays an error", async () => {
        for (const flag of ["--help", "-h"]) {
            const { code, printed, out, err } = await exitOf(() => planCommand([flag], silent));
            expect(err).toBeInstanceOf(HelpRequested);
            expect(code).toBe(0);
            expect(printed).toBe("");
            expect(out).toMatch(/^usage: npm run plan -- /);
        }
        const check = await exitOf(() => checkCommand(["--help"], silent));
        expect([check.code, check.printed]).toEqual([0, ""]);
        expect(check.out).toMatch(/^usage: npm run check -- /);
        const unknown = await exitOf(() => parseArgs(["--nope"], [], "usage: x"));
        expect(unknown.err).toBeInstanceOf(UsageError);
        expect([unknown.code, unknown.printed, unknown.out]).toEqual([2, "unknown option --nope\nusage: x\n", ""]);
    });

    test("a misspelt option: the known option it likely means, then the usage", async () => {
        const stak = await exitOf(() => planCommand(["--stak", "prod"], silent));
        expect(stak.code).toBe(2);
        expect(stak.printed).toMatch(/^unknown option --stak: did you mean --stack\?\nusage: npm run plan -- /);
        const ns = await exitOf(() => checkCommand(["-", "--namspace", "shop"], silent));
        expect(ns.printed).toMatch(/^unknown option --namspace: did you mean --namespace\?\nusage: npm run check -- /);
        expect((await exitOf(() => parseArgs(["--Tree"], ["stack", "tree!"], "usage: x"))).printed).toBe("unknown option --Tree: did you mean --tree?\nusage: x\n");
        // nothing close: no guess
        expect((await exitOf(() => parseArgs(["--colour"], ["stack", "json", "tree!"], "usage: x"))).printed).toBe("unknown option --colour\nusage: x\n");
    });

    test("the plan's usage lists the stacks the project has (its Pulumi.<stack>.yaml files), or says STACK", () => {
        expect(planUsage().split("\n")[0]).toBe("usage: npm run plan -- [--stack <idc|nonprod|prod>] [--json FILE] [--reference PLAN.json] [--policy-config FILE] [--tree] [--quiet]");
        const project = fs.mkdtempSync(path.join(os.tmpdir(), "stacks-"));
        fs.writeFileSync(path.join(project, "Pulumi.yaml"), "name: platform\n");
        expect(planUsage(project)).toMatch(/^usage: npm run plan -- \[--stack STACK\] /);
        fs.writeFileSync(path.join(project, "Pulumi.staging.yaml"), "config: {}\n");
        expect(planUsage(project)).toMatch(/^usage: npm run plan -- \[--stack <staging>\] /);
        expect(planUsage(path.join(project, "missing"))).toMatch(/\[--stack STACK\]/);
    });

    test("a flag given twice is a usage error: the last would win silently", async () => {
        const twice = await exitOf(() => planCommand(["--stack", "prod", "--stack", "nonprod"], silent));
        expect(twice.code).toBe(2);
        expect(twice.printed).toMatch(/^--stack given twice: give it once\nusage: npm run plan -- /);
        expect(parseArgs(["--stack", "prod"], ["stack"], "usage: x").flags).toEqual({ stack: "prod" });
    });
});
