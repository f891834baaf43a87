import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { CONVENTIONS_FILE, parseConventions, parseSettings, readConventionsFile, zodProblems } from "../../config/load";
import { concreteFix } from "../../config/zodProblems";
import { Problem, SettingsError, describeValue, formatPath, formatProblems, isSettingsError } from "../../config/problems";
import { networkSettingsSchema, stackSettingsSchema } from "../../config/schema";
import { expectProblems, problemsOf } from "./settingsAssertions";
import { ROOT, addressPlan, conventionsFile, mutatedRaw, networks, stackFileConfig, validRaw } from "./stackSettings";

const CONVENTIONS = { addressPlan: { ops: "10.0.0.0/16", prod: "10.16.0.0/12", nonprod: "10.32.0.0/12" }, adminPorts: [22, 3389, 6443] };
const ZONES = ["cn-hangzhou-h", "cn-hangzhou-i", "cn-hangzhou-j"];

describe("the real settings files", () => {
    test("the prod stack parses", () => {
        const settings = parseSettings(validRaw("prod"));
        expect(settings.prodStack).toBeUndefined();
        expect(settings).toMatchObject({
            stack: "prod",
            file: "Pulumi.prod.yaml",
            environment: "prod",
            region: "cn-hangzhou",
            zones: ZONES,
            addressPlan: CONVENTIONS.addressPlan,
            networks: [
                {
                    name: "ops",
                    cidr: "10.0.0.0/16",
                    serviceCidr: "192.168.0.0/20",
                    zones: [
                        { zone: "cn-hangzhou-h", nodeCidr: "10.0.0.0/20", podCidr: "10.0.64.0/19" },
                        { zone: "cn-hangzhou-i", nodeCidr: "10.0.16.0/20", podCidr: "10.0.96.0/19" },
                        { zone: "cn-hangzhou-j", nodeCidr: "10.0.32.0/20", podCidr: "10.0.128.0/19" },
                    ],
                },
                {
                    name: "prod",
                    cidr: "10.16.0.0/12",
                    serviceCidr: "192.168.16.0/20",
                    zones: [
                        { zone: "cn-hangzhou-h", nodeCidr: "10.16.0.0/20", podCidr: "10.17.0.0/16" },
                        { zone: "cn-hangzhou-i", nodeCidr: "10.16.16.0/20", podCidr: "10.18.0.0/16" },
                        { zone: "cn-hangzhou-j", nodeCidr: "10.16.32.0/20", podCidr: "10.19.0.0/16" },
                    ],
                },
            ],
            conventions: CONVENTIONS,
        });
    });

    test("the nonprod stack parses", () => {
        expect(parseSettings(validRaw("nonprod"))).toMatchObject({
            stack: "nonprod",
            file: "Pulumi.nonprod.yaml",
            environment: "nonprod",
            region: "cn-hangzhou",
            zones: ZONES,
            addressPlan: CONVENTIONS.addressPlan,
            networks: [
                {
                    name: "nonprod",
                    cidr: "10.32.0.0/12",
                    serviceCidr: "192.168.32.0/20",
                    zones: [
                        { zone: "cn-hangzhou-h", nodeCidr: "10.32.0.0/20", podCidr: "10.33.0.0/16" },
                        { zone: "cn-hangzhou-i", nodeCidr: "10.32.16.0/20", podCidr: "10.34.0.0/16" },
                        { zone: "cn-hangzhou-j", nodeCidr: "10.32.32.0/20", podCidr: "10.35.0.0/16" },
                    ],
                },
            ],
            prodStack: "organization/platform/prod",
            conventions: CONVENTIONS,
        });
    });

    test("both stacks declare the same platform:region and platform:zones", () => {
        const prod = stackFileConfig("prod");
        const nonprod = stackFileConfig("nonprod");
        expect(nonprod["platform:region"]).toBe(prod["platform:region"]);
        expect(nonprod["platform:zones"]).toEqual(prod["platform:zones"]);
        expect(nonprod["alicloud:region"]).toBe(prod["alicloud:region"]);
    });

    test("network zones are listed in the order of platform:zones, whatever the file's order", () => {
        const raw = mutatedRaw("nonprod", (c) => {
            const zones = networks(c).nonprod.zones;
            networks(c).nonprod.zones = { "cn-hangzhou-j": zones["cn-hangzhou-j"], "cn-hangzhou-h": zones["cn-hangzhou-h"], "cn-hangzhou-i": zones["cn-hangzhou-i"] };
        });
        expect(parseSettings(raw).networks[0].zones.map((z) => z.zone)).toEqual(ZONES);
    });

    test("keys of other namespaces are not the program's business", () => {
        const raw = mutatedRaw("prod", (c) => (c["kubernetes:context"] = "anything"));
        expect(parseSettings(raw).stack).toBe("prod");
    });

    test("the conventions file parses", () => {
        expect(parseConventions(readConventionsFile())).toMatchObject(CONVENTIONS);
    });
});

describe("parseConventions and readConventionsFile", () => {
    test("an invalid conventions map is a SettingsError naming config/platform.yaml", () => {
        const raw = conventionsFile();
        addressPlan(raw).prod = 5;
        delete addressPlan(raw).nonprod;
        raw.adminPorts = [];
        let thrown: unknown;
        try {
            parseConventions(raw);
        } catch (err) {
            thrown = err;
        }
        expect(isSettingsError(thrown)).toBe(true);
        expectProblems((thrown as SettingsError).problems, [
            { file: CONVENTIONS_FILE, key: "addressPlan.prod", expected: ["text value"], found: "5", fix: ["addressPlan.prod"] },
            { file: CONVENTIONS_FILE, key: "addressPlan.nonprod", expected: ["text value"], found: "nothing (the key is missing)", fix: ["add addressPlan.nonprod"] },
            { file: CONVENTIONS_FILE, key: "adminPorts", expected: ["at least 1 entry"], found: "[]", fix: ["adminPorts"] },
        ]);
    });

    test("a conventions file that is not YAML is a SettingsError at the line and column of the problem", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "conventions-"));
        const file = path.join(dir, "platform.yaml");
        fs.writeFileSync(file, "addressPlan: [ops: 10.0.0.0/16\n");
        let thrown: unknown;
        try {
            readConventionsFile(file);
        } catch (err) {
            thrown = err;
        }
        expect(isSettingsError(thrown)).toBe(true);
        const problems = (thrown as SettingsError).problems;
        expect(problems).toHaveLength(1);
        expect(problems[0]).toMatchObject({ file: "config/platform.yaml", key: "(line 1, column 14)", expected: "a readable YAML file", fix: "close it with ] where the list or mapping ends" });
        expect(problems[0].found).not.toBe("");
        expect(problems[0].found).not.toContain("\n");
    });

    test("a missing conventions file is a SettingsError too, saying to restore it", () => {
        let thrown: unknown;
        try {
            readConventionsFile(path.join(ROOT, "config", "no-such-file.yaml"));
        } catch (err) {
            thrown = err;
        }
        expect(thrown).toBeInstanceOf(SettingsError);
        expect((thrown as SettingsError).problems).toMatchObject([{ file: "config/platform.yaml", fix: "restore the file from git (git checkout -- config/platform.yaml)" }]);
    });
});

describe("every problem is reported in one error", () => {
    test("problems in five different keys of two files", () => {
        const raw = mutatedRaw("prod", (c, conv) => {
            c["platform:environment"] = "staging";
            c["platform:zonez"] = ["cn-hangzhou-h"];
            c["alicloud:region"] = "cn-beijing";
            networks(c).ops.zones["cn-hangzhou-i"].nodeCidr = "10.99.0.0/20";
            addressPlan(conv).nonprod = "10.16.0.0/12";
        });
        let thrown: unknown;
        try {
            parseSettings(raw);
        } catch (err) {
            thrown = err;
        }
        expect(thrown).toBeInstanceOf(SettingsError);
        expect(thrown).toBeInstanceOf(pulumi.RunError);
        const error = thrown as SettingsError;
        expect(error.name).toBe("SettingsError");
        expectProblems(error.problems, [
            { file: "Pulumi.prod.yaml", key: "platform:zonez", expected: ["a known key"], found: 'an unknown key "platform:zonez"', fix: ["remove it (platform:zones is set beside it)"] },
            { file: "Pulumi.prod.yaml", key: "platform:environment", expected: ['"prod", "nonprod"'], found: '"staging"', fix: ["platform:environment"] },
            { file: "config/platform.yaml", key: "addressPlan.nonprod", expected: ["prod is 10.16.0.0/12"], found: "10.16.0.0/12, which overlaps prod 10.16.0.0/12", fix: ["nonprod"] },
            { file: "Pulumi.prod.yaml", key: "alicloud:region", expected: ["(cn-hangzhou)"], found: '"cn-beijing"', fix: ["alicloud:region: cn-hangzhou"] },
            { file: "Pulumi.prod.yaml", key: "platform:networks.ops.zones.cn-hangzhou-i.nodeCidr", expected: ["ops VPC 10.0.0.0/16"], found: "10.99.0.0/20", fix: ["inside 10.0.0.0/16"] },
        ]);

        // the message a user reads names file, key, expected, found and fix of each problem
        expect(error.message).toBe(formatProblems(error.problems));
        expect(error.message.split("\n")[0]).toBe("Invalid settings (5 problems):");
        for (const p of error.problems) {
            expect(error.message).toContain(`  ${p.file}: ${p.key}\n    expected: ${p.expected}\n    found:    ${p.found}\n    fix:      ${p.fix}`);
        }
    });

    // Each rule runs when the keys it reads parsed. A broken key must not hide the problems of rules that do
    // not read it: one report lists every problem.
    test("a broken platform:zones does not hide an alicloud:region mismatch", () => {
        const raw = mutatedRaw("prod", (c) => {
            c["platform:zones"] = "cn-hangzhou-h";
            c["alicloud:region"] = "cn-beijing";
        });
        expect(problemsOf(raw).map((p) => p.key)).toEqual(["platform:zones", "alicloud:region"]);
    });

    test("a broken adminPorts does not hide a vSwitch outside its VPC", () => {
        const raw = mutatedRaw("prod", (c, conv) => {
            conv.adminPorts = [0];
            networks(c).ops.zones["cn-hangzhou-h"].nodeCidr = "10.1.0.0/20";
        });
        expect(problemsOf(raw).map((p) => `${p.file}: ${p.key}`)).toEqual([
            "config/platform.yaml: adminPorts[0]",
            "Pulumi.prod.yaml: platform:networks.ops.zones.cn-hangzhou-h.nodeCidr",
        ]);
    });

    test("a broken platform:networks does not hide a missing platform:prodStack", () => {
        const raw = mutatedRaw("nonprod", (c) => {
            c["platform:networks"] = [];
            delete c["platform:prodStack"];
        });
        expect(problemsOf(raw).map((p) => p.key)).toEqual(["platform:networks", "platform:prodStack"]);
    });
});

describe("type problems read as English", () => {
    test("platform:zones as a string: expected a list", () => {
        const raw = mutatedRaw("prod", (c) => (c["platform:zones"] = "cn-hangzhou-h"));
        expect(problemsOf(raw)).toEqual([
            { file: "Pulumi.prod.yaml", key: "platform:zones", expected: "a list", found: '"cn-hangzhou-h"', fix: "write it as a list: platform:zones: [cn-hangzhou-h]" },
        ]);
    });

    test("a conventions file that is not a map: expected a mapping", () => {
        expect(problemsOf({ ...validRaw("prod"), conventions: null })).toEqual([
            { file: "config/platform.yaml", key: "(top level)", expected: "a mapping (key: value)", found: "nothing: the file is empty (or holds only comments)", fix: "make config/platform.yaml a mapping (key: value)" },
        ]);
    });

    test("a zone that is a number: expected a text value", () => {
        const raw = mutatedRaw("prod", (c) => ((c["platform:zones"] as unknown[])[0] = 1));
        expect(problemsOf(raw)).toEqual([{ file: "Pulumi.prod.yaml", key: "platform:zones[0]", expected: "a text value", found: "1", fix: 'write platform:zones[0] in quotes, "1", if that is the value (YAML reads 1 unquoted as a number)' }]);
    });
});

describe("zodProblems", () => {
    const problemsFor = (schema: z.ZodType, value: unknown, base: string): Problem[] => {
        const result = schema.safeParse(value);
        if (result.success) throw new Error("expected the value not to parse");
        return zodProblems(result.error, value, "Pulumi.test.yaml", base);
    };

    test("invalid_type below a base key: path joined with dots and indexes", () => {
        expect(problemsFor(stackSettingsSchema.shape.zones, ["a", 2, "c"], "platform:zones")).toEqual([
            { file: "Pulumi.test.yaml", key: "platform:zones[1]", expected: expect.stringContaining("text value"), found: "2", fix: expect.stringContaining("platform:zones[1]") },
        ]);
    });

    test("unrecognized keys: one problem per key, each at its own path", () => {
        const value = { serviceCidr: "192.168.0.0/20", zones: {}, zonez: {}, extra: 1 };
        expect(problemsFor(networkSettingsSchema, value, "platform:networks.ops")).toEqual([
            { file: "Pulumi.test.yaml", key: "platform:networks.ops.zonez", expected: "a known key (see Pulumi.yaml and config/schema.ts)", found: 'an unknown key "zonez"', fix: "correct its spelling or remove it" },
            { file: "Pulumi.test.yaml", key: "platform:networks.ops.extra", expected: "a known key (see Pulumi.yaml and config/schema.ts)", found: 'an unknown key "extra"', fix: "correct its spelling or remove it" },
        ]);
        // given the schema: the keys known there, and the one a misspelling means
        const known = "a known key (serviceCidr, zones, egress)";
        const parsed = networkSettingsSchema.safeParse(value);
        if (parsed.success) throw new Error("expected the value not to parse");
        expect(zodProblems(parsed.error, value, "Pulumi.test.yaml", "platform:networks.ops", networkSettingsSchema)).toEqual([
            { file: "Pulumi.test.yaml", key: "platform:networks.ops.zonez", expected: known, found: 'an unknown key "zonez"', fix: "remove it (zones is set beside it)" },
            { file: "Pulumi.test.yaml", key: "platform:networks.ops.extra", expected: known, found: 'an unknown key "extra"', fix: "correct its spelling or remove it" },
        ]);
    });

    test("a custom issue carries the schema's fix", () => {
        expect(problemsFor(networkSettingsSchema, { serviceCidr: "192.168.0.1/20", zones: {} }, "platform:networks.ops")).toEqual([
            {
                file: "Pulumi.test.yaml",
                key: "platform:networks.ops.serviceCidr",
                expected: "an IPv4 CIDR, its block's first address and prefix length (host bits are set below /20: the block starts at 192.168.0.0/20)",
                found: '"192.168.0.1/20"',
                fix: "write 192.168.0.0/20",
            },
        ]);
    });

    test("invalid_value lists the allowed values", () => {
        expect(problemsFor(stackSettingsSchema.shape.environment, "dev", "platform:environment")).toEqual([
            { file: "Pulumi.test.yaml", key: "platform:environment", expected: 'one of "prod", "nonprod"', found: '"dev"', fix: "set platform:environment to one of \"prod\", \"nonprod\"" },
        ]);
    });

    test("invalid_key names the offending key", () => {
        const schema = z.record(z.string().min(3), z.number());
        const problems = problemsFor(schema, { ops: 1, ab: 2 }, "platform:networks");
        expect(problems).toHaveLength(1);
        expect(problems[0]).toMatchObject({ file: "Pulumi.test.yaml", key: "platform:networks.ab", found: '"ab"', fix: "rename or remove the key" });
        expect(problems[0].expected).toContain("a key that is one of the allowed names");
    });

    test('a whole-file problem with no path is at "(top level)"', () => {
        expect(problemsFor(z.strictObject({ a: z.string() }), "text", "")).toEqual([
            { file: "Pulumi.test.yaml", key: "(top level)", expected: expect.stringContaining("mapping"), found: '"text"', fix: expect.stringContaining("Pulumi.test.yaml") },
        ]);
    });
});

describe("problems.ts helpers", () => {
    test.each<[unknown, string]>([
        [undefined, "nothing (the key is missing)"],
        ["x", '"x"'],
        ["", '""'],
        [null, "null"],
        [0, "0"],
        [false, "false"],
        [[1, "a"], '[1,"a"]'],
        [{ a: 1 }, '{"a":1}'],
        ["y".repeat(200), JSON.stringify("y".repeat(200))],
        [["z".repeat(200)], `["${"z".repeat(115)}...`],
    ])("describeValue(%j) = %s", (value, text) => {
        expect(describeValue(value)).toBe(text);
    });

    test("a long structured value is cut to 120 characters", () => {
        expect(describeValue(["z".repeat(200)])).toHaveLength(120);
    });

    test.each<[PropertyKey[], string]>([
        [[], ""],
        [["a"], "a"],
        [["a", "b", 0, "c"], "a.b[0].c"],
        [[0, 1], "[0][1]"],
        [["networks", "ops", "zones", "cn-hangzhou-h"], "networks.ops.zones.cn-hangzhou-h"],
    ])("formatPath(%j) = %s", (at, text) => {
        expect(formatPath(at)).toBe(text);
    });

    test("formatProblems: exact layout, singular count", () => {
        const problem: Problem = { file: "Pulumi.prod.yaml", key: "platform:zones[2]", expected: "a zone", found: '"x"', fix: "use a zone" };
        expect(formatProblems([problem])).toBe(
            ["Invalid settings (1 problem):", "  Pulumi.prod.yaml: platform:zones[2]", "    expected: a zone", '    found:    "x"', "    fix:      use a zone"].join("\n"),
        );
    });

    test("isSettingsError recognises the error by its marker, not its class", () => {
        expect(isSettingsError(new SettingsError([]))).toBe(true);
        expect(isSettingsError({ isSettingsError: true })).toBe(true);
        expect(isSettingsError(new Error("x"))).toBe(false);
        expect(isSettingsError(null)).toBe(false);
        expect(isSettingsError("SettingsError")).toBe(false);
    });

    test("conventionsFile() in the tests reads the same file the loader reads", () => {
        expect(conventionsFile()).toEqual(readConventionsFile());
    });
});

describe("a network's egress", () => {
    test("defaults to 100 Mbit/s billed by traffic; the settings can say otherwise", () => {
        expect(parseSettings(validRaw("prod")).networks.map((n) => n.egress)).toEqual([
            { bandwidthMbps: 100, billing: "PayByTraffic" },
            { bandwidthMbps: 100, billing: "PayByTraffic" },
        ]);
        const raw = mutatedRaw("prod", (c) => {
            (networks(c).prod as unknown as Record<string, unknown>).egress = { bandwidthMbps: 500, billing: "PayByBandwidth" };
        });
        expect(parseSettings(raw).networks.find((n) => n.name === "prod")!.egress).toEqual({ bandwidthMbps: 500, billing: "PayByBandwidth" });
    });

    test("a bad bandwidth and an unknown billing are reported together, each naming its key", () => {
        const raw = mutatedRaw("prod", (c) => {
            (networks(c).prod as unknown as Record<string, unknown>).egress = { bandwidthMbps: 0, billing: "Monthly" };
        });
        expect(problemsOf(raw).map((p) => `${p.file}: ${p.key}`)).toEqual([
            "Pulumi.prod.yaml: platform:networks.prod.egress.bandwidthMbps",
            "Pulumi.prod.yaml: platform:networks.prod.egress.billing",
        ]);
    });
});

describe("concreteFix: the value a found value says was meant", () => {
    test.each<[string, unknown, string | undefined]>([
        ["number", "200Mbps", "write the number alone, without quotes or a unit: {key}: 200"],
        ["int", "120GiB", "write the number alone, without quotes or a unit: {key}: 120"],
        ["number", "150%", "write the ratio as a number: 1.5 for 150%"],
        ["int", "3", "write the number without quotes: {key}: 3"],
        ["number", "lots", undefined],
        ["boolean", "no", "write false (the settings are YAML 1.2, which reads no as text: true and false are its only booleans)"],
        ["boolean", "On", "write true (the settings are YAML 1.2, which reads On as text: true and false are its only booleans)"],
        ["boolean", "maybe", undefined],
        ["array", "ecs.g7.8xlarge", "write it as a list: {key}: [ecs.g7.8xlarge]"],
        ["string", 5, undefined],
    ])("%s, found %j", (expected, found, fix) => expect(concreteFix(expected, found)).toBe(fix));

    test("through the settings: a misspelt value is told the one it likely means", () => {
        const raw = mutatedRaw("prod", (c) => ((c["platform:identityProviders"] as Record<string, Record<string, unknown>>)["corp-sso"].mappingMethod = "lookups"));
        expect(problemsOf(raw)).toEqual([
            { file: "Pulumi.prod.yaml", key: "platform:identityProviders.corp-sso.mappingMethod", expected: 'one of "lookup", "auto", "manual"', found: '"lookups"', fix: 'did you mean "lookup"? Set platform:identityProviders.corp-sso.mappingMethod to it' },
        ]);
    });
});

test("values that differ only in their figures are not told apart by spelling: PL4 is not suggested PL0", () => {
    const raw = mutatedRaw("prod", (_, conv) => ((conv.storage as Record<string, unknown>).diskPerformanceLevel = "PL4"));
    const [problem] = problemsOf(raw);
    expect(problem).toMatchObject({ file: "config/platform.yaml", key: "storage.diskPerformanceLevel", found: '"PL4"' });
    expect(problem.fix).toMatch(/^set storage\.diskPerformanceLevel to one of "PL0", "PL1", "PL2", "PL3"/);
});
