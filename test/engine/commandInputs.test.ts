// Every command's file arguments are checked before anything runs: a manifest given to `check`, a plan file given to
// `plan:diff` or `plan --reference`. Each mistake is one UsageError, exit 2, with a message naming the file and what
// is wrong (no stack trace). In-process: the exit code is what reportError gives the error, as the commands do.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { UsageError } from "../../engine/cli/exit";
import { planCommand } from "../../engine/cli/plan";
import { readManifests } from "../../engine/manifests";
import { readPlan } from "../../engine/planFile";
import { ALIAS_BOMB } from "../support/yamlInputs";
import { plan, resource } from "./planFixtures";
import { exitOf } from "../support/commands";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "command-inputs-"));
const write = (name: string, content: unknown) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content));
    return file;
};
const CONFIG_MAP = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n  namespace: shop\n";
const MAKE = "make one with npm run plan -- --json FILE";

describe("a manifest given to check", () => {
    test("an alias bomb: exit 2 at the alias that multiplies, the policies never walk it", async () => {
        const bomb = `${CONFIG_MAP}---\n${CONFIG_MAP}data:\n${ALIAS_BOMB.replace(/^/gm, "  ").trimEnd()}\n`;
        const { code, printed, err } = await exitOf(() => readManifests(bomb, "bomb.yaml"));
        expect(err).toBeInstanceOf(UsageError);
        expect(code).toBe(2);
        expect(printed).toBe(
            "bomb.yaml: document 2, line 16: invalid YAML: aliases repeat their anchors' values more than 100 times (an alias bomb: the file would expand without bound); write the values out, or use fewer aliases\n",
        );
    });

    test("an alias inside its own anchor", async () => {
        const { code, printed } = await exitOf(() => readManifests(`${CONFIG_MAP}data: &d { self: *d }\n`, "m.yaml"));
        expect(code).toBe(2);
        expect(printed).toBe("m.yaml: document 1, line 6: invalid YAML: an alias inside the value of its own anchor (the value would contain itself without end); write the value out\n");
    });

    test("a 10,000-deep nesting", async () => {
        const { code, printed } = await exitOf(() => readManifests(`${CONFIG_MAP}data: {x: ${"[".repeat(10_000)}${"]".repeat(10_000)}}\n`, "deep.yaml"));
        expect(code).toBe(2);
        expect(printed).toBe("deep.yaml: document 1, line 6: invalid YAML: nested more than 100 levels deep (maps and lists inside each other); flatten the structure\n");
    });

    test("an unclosed quote: the line where it opens", async () => {
        const { code, printed } = await exitOf(() => readManifests(`${CONFIG_MAP}data:\n  a: "abc\n  b: x\n  c: y\n`, "q.yaml"));
        expect(code).toBe(2);
        expect(printed).toBe("q.yaml: document 1, line 7: invalid YAML: a quoted value opened on this line is never closed (unexpected end of the stream within a double quoted scalar)\n");
    });

    test("aliases that stay small are read", () => {
        const { objects } = readManifests(`${CONFIG_MAP}data: &d { a: "1" }\nx: [*d, *d]\n`, "m.yaml");
        expect(objects).toHaveLength(1);
    });
});

describe("a plan file", () => {
    const good = plan([resource("alicloud:vpc/network:Network", "ops", { cidrBlock: "10.0.0.0/16" })]);

    test("a plan as the engine writes it is read", () => {
        expect(readPlan(write("good.json", good))).toEqual(good);
    });

    test("missing resources: exit 2, the file and the JSON path", async () => {
        const { resources: _, ...noResources } = good;
        const file = write("no-resources.json", noResources);
        const { code, printed } = await exitOf(() => readPlan(file));
        expect(code).toBe(2);
        expect(printed).toBe(
            `${file} is not a valid plan file (1 problem; the contract is in the README, "The plan file"; ${MAKE}):\n  resources: expected a list of resources, found nothing (the key is missing)\n`,
        );
    });

    test("a resource whose inputs is null, and other problems, listed together", async () => {
        const broken = {
            ...good,
            resources: [{ ...good.resources[0], inputs: null }, { ...good.resources[0], urn: "urn:b", protect: "yes", dependencies: "none" }],
            policies: { pack: "p@1", violations: [{ policy: "x", enforcementLevel: "fatal", urn: "u", message: "m" }] },
        };
        delete (broken as { secretOutputs?: unknown }).secretOutputs;
        const file = write("broken.json", broken);
        const { code, printed } = await exitOf(() => readPlan(file));
        expect(code).toBe(2);
        const urn = good.resources[0].urn;
        expect(printed).toBe(
            [
                `${file} is not a valid plan file (5 problems; the contract is in the README, "The plan file"; ${MAKE}):`,
                // the problems outside the resources first
                "  secretOutputs: expected a list, found nothing (the key is missing)",
                "  policies.violations[0].enforcementLevel: expected one of advisory, mandatory, remediate, disabled, found \"fatal\"",
                `  resources[0].inputs (${urn}): expected an object (the resource's inputs; {} when it has none), found null`,
                `  resources[1].dependencies (urn:b): expected a list, found "none"`,
                `  resources[1].protect (urn:b): expected true or false, found "yes"`,
                "",
            ].join("\n"),
        );
    });

    test("the new optional sections are checked when present", async () => {
        const file = write("optional.json", {
            ...good,
            resources: [{ ...good.resources[0], propertyDependencies: { vpcId: "urn:x" }, aliases: [1] }],
            policies: { ...good.policies, exemptions: [{ policy: "p" }] },
            deploy: { criticalPathSeconds: "slow", totalSeconds: 1, criticalPath: [] },
        });
        const { printed } = await exitOf(() => readPlan(file));
        expect(printed.split("\n").slice(1, -1)).toEqual([
            "  policies.exemptions[0].urn: expected a string, found nothing (the key is missing)",
            '  deploy.criticalPathSeconds: expected a number, found "slow"',
            `  resources[0].propertyDependencies.vpcId (${good.resources[0].urn}): expected a list, found "urn:x"`,
            `  resources[0].aliases[0] (${good.resources[0].urn}): expected a string, found 1`,
        ]);
    });

    test("not a plan, not JSON, no such file", async () => {
        const other = write("other.json", { name: "not a plan" });
        expect((await exitOf(() => readPlan(other))).printed).toBe(`${other} is not a plan file (no "stack" or "resources"); ${MAKE}\n`);
        const text = write("text.json", "stack: prod\n");
        expect((await exitOf(() => readPlan(text))).printed).toMatch(new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} is not a plan file: not JSON \\(.*\\); ${MAKE}\\n$`));
        const none = path.join(dir, "none.json");
        const { code, printed } = await exitOf(() => readPlan(none));
        expect(code).toBe(2);
        expect(printed).toBe(`${none}: no such plan file (${MAKE})\n`);
    });
});

describe("npm run plan --reference", () => {
    const io = { stdout: () => undefined, stderr: () => undefined };

    test("a file that does not exist: exit 2 naming the flag and the file, before planning", async () => {
        const none = path.join(dir, "prod.json");
        const { code, printed } = await exitOf(() => planCommand(["--stack", "nonprod", "--reference", none], io));
        expect(code).toBe(2);
        expect(printed).toBe(`--reference: ${none}: no such plan file (${MAKE})\n`);
    });

    test("a plan with a resource whose inputs is null", async () => {
        const file = write("ref.json", { ...plan([]), resources: [{ ...resource("t:m:R", "r", {}), inputs: null }] });
        const { code, printed } = await exitOf(() => planCommand(["--reference", file], io));
        expect(code).toBe(2);
        expect(printed).toMatch(/^--reference: .*ref\.json is not a valid plan file \(1 problem;.*\n {2}resources\[0\]\.inputs \(urn:.*\): expected an object/);
    });
});

describe("command-line mistakes are the same UsageError", () => {
    test("an unknown flag", async () => {
        const { code, printed, err } = await exitOf(() => planCommand(["--stak", "prod"], { stdout: () => undefined, stderr: () => undefined }));
        expect(err).toBeInstanceOf(UsageError);
        expect(code).toBe(2);
        expect(printed).toMatch(/^unknown option --stak: did you mean --stack\?\nusage: npm run plan/);
        expect(printed).not.toMatch(/\bat .*\.ts:\d+/);
    });
});
