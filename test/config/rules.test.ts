/**
 * Every cross-field rule (and every kind of schema problem) through `parseSettings`: each case changes exactly
 * one field of a stack's valid settings (read from the real files) and asserts the exact problems reported.
 */
import { RawSettings } from "../../config/load";
import { ExpectedProblem, expectProblems, problemsOf } from "./settingsAssertions";
import { StackName, StructuredConfig, addressPlan, mutatedRaw, networks, stackFileConfig } from "./stackSettings";

const PROD = "Pulumi.prod.yaml";
const NONPROD = "Pulumi.nonprod.yaml";
const CONVENTIONS = "config/platform.yaml";
const HANGZHOU_ZONES = "cn-hangzhou-b, cn-hangzhou-g, cn-hangzhou-h, cn-hangzhou-i, cn-hangzhou-j, cn-hangzhou-k";

interface Case {
    readonly name: string;
    readonly stack: StackName;
    readonly mutate: (config: StructuredConfig, conventions: Record<string, unknown>) => void;
    readonly problems: readonly ExpectedProblem[];
}

function run(c: Case): void {
    const raw: RawSettings = mutatedRaw(c.stack, c.mutate);
    expectProblems(problemsOf(raw), c.problems);
}

const missingNetwork = (file: string, name: string, environment: string, owned: string): ExpectedProblem => ({
    file,
    key: `platform:networks.${name}`,
    expected: [`the ${name} network's settings`, `the ${environment} stack declares ${owned}`],
    found: "nothing (the key is missing)",
    fix: [`add platform:networks.${name}`],
});

describe("VPC CIDRs of config/platform.yaml must not overlap", () => {
    test.each<Case>([
        {
            name: "nonprod inside prod",
            stack: "prod",
            mutate: (_, conv) => (addressPlan(conv).nonprod = "10.31.0.0/16"),
            problems: [
                {
                    file: CONVENTIONS,
                    key: "addressPlan.nonprod",
                    expected: ["overlaps no other network", "prod is 10.16.0.0/12"],
                    found: "10.31.0.0/16, which overlaps prod 10.16.0.0/12",
                    fix: ["give nonprod a range outside 10.16.0.0/12"],
                },
            ],
        },
        {
            name: "ops grown over prod and nonprod: one problem per overlapping pair",
            stack: "prod",
            mutate: (_, conv) => (addressPlan(conv).ops = "10.0.0.0/8"),
            problems: [
                {
                    file: CONVENTIONS,
                    key: "addressPlan.prod",
                    expected: ["ops is 10.0.0.0/8"],
                    found: "10.16.0.0/12, which overlaps ops 10.0.0.0/8",
                    fix: ["outside 10.0.0.0/8"],
                },
                {
                    file: CONVENTIONS,
                    key: "addressPlan.nonprod",
                    expected: ["ops is 10.0.0.0/8"],
                    found: "10.32.0.0/12, which overlaps ops 10.0.0.0/8",
                    fix: ["outside 10.0.0.0/8"],
                },
            ],
        },
        {
            name: "reported to the nonprod stack too",
            stack: "nonprod",
            mutate: (_, conv) => (addressPlan(conv).ops = "10.32.0.0/16"),
            problems: [
                {
                    file: CONVENTIONS,
                    key: "addressPlan.nonprod",
                    expected: ["ops is 10.32.0.0/16"],
                    found: "10.32.0.0/12, which overlaps ops 10.32.0.0/16",
                    fix: ["give nonprod a range outside 10.32.0.0/16"],
                },
            ],
        },
    ])("$name", run);
});

describe("vSwitches lie inside their VPC", () => {
    test.each<Case>([
        {
            name: "ops node vSwitch outside 10.0.0.0/16",
            stack: "prod",
            mutate: (c) => (networks(c).ops.zones["cn-hangzhou-h"].nodeCidr = "10.1.0.0/20"),
            problems: [
                {
                    file: PROD,
                    key: "platform:networks.ops.zones.cn-hangzhou-h.nodeCidr",
                    expected: ["inside the ops VPC 10.0.0.0/16", "addressPlan.ops"],
                    found: "10.1.0.0/20",
                    fix: ["inside 10.0.0.0/16"],
                },
            ],
        },
        {
            name: "ops pod vSwitch larger than the VPC",
            stack: "prod",
            mutate: (c) => (networks(c).ops.zones["cn-hangzhou-j"].podCidr = "0.0.0.0/0"),
            problems: [
                {
                    file: PROD,
                    key: "platform:networks.ops.zones.cn-hangzhou-j.podCidr",
                    expected: ["inside the ops VPC 10.0.0.0/16"],
                    found: "0.0.0.0/0",
                    fix: ["inside 10.0.0.0/16"],
                },
                // 0.0.0.0/0 also overlaps every other vSwitch of the network: one problem per pair
                ...["cn-hangzhou-h nodeCidr 10.0.0.0/20", "cn-hangzhou-h podCidr 10.0.64.0/19", "cn-hangzhou-i nodeCidr 10.0.16.0/20", "cn-hangzhou-i podCidr 10.0.96.0/19", "cn-hangzhou-j nodeCidr 10.0.32.0/20"].map(
                    (other): ExpectedProblem => ({
                        file: PROD,
                        key: "platform:networks.ops.zones.cn-hangzhou-j.podCidr",
                        expected: ["overlaps no other vSwitch"],
                        found: `0.0.0.0/0, which overlaps ${other}`,
                        fix: ["free range"],
                    }),
                ),
            ],
        },
        {
            name: "nonprod pod vSwitch just past the end of 10.32.0.0/12",
            stack: "nonprod",
            mutate: (c) => (networks(c).nonprod.zones["cn-hangzhou-j"].podCidr = "10.48.0.0/16"),
            problems: [
                {
                    file: NONPROD,
                    key: "platform:networks.nonprod.zones.cn-hangzhou-j.podCidr",
                    expected: ["inside the nonprod VPC 10.32.0.0/12", "addressPlan.nonprod"],
                    found: "10.48.0.0/16",
                    fix: ["inside 10.32.0.0/12"],
                },
            ],
        },
        {
            name: "prod node vSwitch in the nonprod VPC",
            stack: "prod",
            mutate: (c) => (networks(c).prod.zones["cn-hangzhou-i"].nodeCidr = "10.32.16.0/20"),
            problems: [
                {
                    file: PROD,
                    key: "platform:networks.prod.zones.cn-hangzhou-i.nodeCidr",
                    expected: ["inside the prod VPC 10.16.0.0/12"],
                    found: "10.32.16.0/20",
                    fix: ["inside 10.16.0.0/12"],
                },
            ],
        },
    ])("$name", run);
});

describe("vSwitches of a network do not overlap", () => {
    test.each<Case>([
        {
            name: "two node vSwitches on the same block",
            stack: "prod",
            mutate: (c) => (networks(c).ops.zones["cn-hangzhou-i"].nodeCidr = "10.0.0.0/20"),
            problems: [
                {
                    file: PROD,
                    key: "platform:networks.ops.zones.cn-hangzhou-i.nodeCidr",
                    expected: ["overlaps no other vSwitch of the network"],
                    found: "10.0.0.0/20, which overlaps cn-hangzhou-h nodeCidr 10.0.0.0/20",
                    fix: ["move one of the two vSwitches"],
                },
            ],
        },
        {
            name: "a pod vSwitch grown over its neighbour",
            stack: "prod",
            mutate: (c) => (networks(c).ops.zones["cn-hangzhou-i"].podCidr = "10.0.64.0/18"),
            problems: [
                {
                    file: PROD,
                    key: "platform:networks.ops.zones.cn-hangzhou-i.podCidr",
                    expected: ["overlaps no other vSwitch"],
                    found: "10.0.64.0/18, which overlaps cn-hangzhou-h podCidr 10.0.64.0/19",
                    fix: ["free range"],
                },
            ],
        },
        {
            name: "a node vSwitch inside the pod vSwitch of its zone (reported on the later of the pair)",
            stack: "nonprod",
            mutate: (c) => (networks(c).nonprod.zones["cn-hangzhou-h"].nodeCidr = "10.33.16.0/20"),
            problems: [
                {
                    file: NONPROD,
                    key: "platform:networks.nonprod.zones.cn-hangzhou-h.podCidr",
                    expected: ["overlaps no other vSwitch"],
                    found: "10.33.0.0/16, which overlaps cn-hangzhou-h nodeCidr 10.33.16.0/20",
                    fix: ["free range"],
                },
            ],
        },
    ])("$name", run);
});

describe("a network's zones are exactly platform:zones", () => {
    test.each<Case>([
        {
            name: "a zone missing from the prod network",
            stack: "prod",
            mutate: (c) => delete networks(c).prod.zones["cn-hangzhou-j"],
            problems: [
                {
                    file: PROD,
                    key: "platform:networks.prod.zones.cn-hangzhou-j",
                    expected: ["every zone in platform:zones"],
                    found: "nothing (the zone is missing)",
                    fix: ["add platform:networks.prod.zones.cn-hangzhou-j", "inside 10.16.0.0/12"],
                },
            ],
        },
        {
            name: "a network zone that platform:zones does not list",
            stack: "prod",
            mutate: (c) => (networks(c).ops.zones["cn-hangzhou-k"] = { nodeCidr: "10.0.48.0/20", podCidr: "10.0.160.0/19" }),
            problems: [
                {
                    file: PROD,
                    key: "platform:networks.ops.zones.cn-hangzhou-k",
                    expected: ["one of platform:zones (cn-hangzhou-h, cn-hangzhou-i, cn-hangzhou-j)"],
                    found: '"cn-hangzhou-k"',
                    fix: ["add the zone to platform:zones"],
                },
            ],
        },
    ])("$name", run);
});

describe("region and zones", () => {
    test.each<Case>([
        {
            name: "a zone listed twice",
            stack: "prod",
            mutate: (c) => (c["platform:zones"] = ["cn-hangzhou-h", "cn-hangzhou-i", "cn-hangzhou-j", "cn-hangzhou-h"]),
            problems: [{ file: PROD, key: "platform:zones[3]", expected: ["each zone listed once"], found: '"cn-hangzhou-h" again', fix: ["remove the repeated zone"] }],
        },
        {
            name: "a zone of another region: one problem (the networks are checked against the zones once they are right)",
            stack: "nonprod",
            mutate: (c) => (c["platform:zones"] = ["cn-hangzhou-h", "cn-hangzhou-i", "cn-hangzhou-j", "cn-shanghai-b"]),
            problems: [
                { file: NONPROD, key: "platform:zones[3]", expected: [`a zone of cn-hangzhou: ${HANGZHOU_ZONES}`], found: '"cn-shanghai-b"', fix: ["use one of the listed zones", "once it is right"] },
            ],
        },
        {
            name: "a cluster's pools indented one level too little: one problem, saying so (not pools missing as well)",
            stack: "prod",
            mutate: (c) => {
                const clusters = c["platform:clusters"] as Record<string, Record<string, unknown>>;
                clusters.pools = clusters.prod.pools as Record<string, unknown>;
                delete clusters.prod.pools;
            },
            problems: [
                {
                    file: PROD,
                    key: "platform:clusters.pools",
                    expected: ["a network name"],
                    found: '"pools", a key of a network\'s entry: indented one level too little?',
                    fix: ["indent pools: two more spaces, under clusters.prod"],
                },
            ],
        },
        {
            name: "nonprod's platform:prodStack set on the prod stack",
            stack: "prod",
            mutate: (c) => (c["platform:prodStack"] = "acme/platform/prod"),
            problems: [{ file: PROD, key: "platform:prodStack", expected: ["nothing: the prod stack owns the hub"], found: '"acme/platform/prod"', fix: ["remove platform:prodStack"] }],
        },
        {
            name: "a network's zone key misspelt: one problem, renaming it (not a zone to add and a zone to remove)",
            stack: "prod",
            mutate: (c) => {
                const zones = (c["platform:networks"] as { prod: { zones: Record<string, unknown> } }).prod.zones;
                zones["cn-shanghai-j"] = zones["cn-hangzhou-j"];
                delete zones["cn-hangzhou-j"];
            },
            problems: [
                {
                    file: PROD,
                    key: "platform:networks.prod.zones.cn-shanghai-j",
                    expected: ["the vSwitches of cn-hangzhou-j"],
                    found: 'vSwitches for "cn-shanghai-j", a zone platform:zones does not list',
                    fix: ["rename the key to cn-hangzhou-j"],
                },
            ],
        },
        {
            name: "a VPC's CIDR changed in the address plan so that none of its vSwitches fits: one problem, in config/platform.yaml",
            stack: "prod",
            mutate: (_c, conventions) => ((conventions.addressPlan as Record<string, string>).prod = "10.16.0.0/21"),
            problems: [
                {
                    file: CONVENTIONS,
                    key: "addressPlan.prod",
                    expected: ["the prod VPC's CIDR, holding its vSwitches"],
                    found: "10.16.0.0/21, which holds none of them",
                    fix: ["restore addressPlan.prod"],
                },
            ],
        },
        {
            name: "a zone of another region typed for a listed one: the fix names the zone the vSwitches are for",
            stack: "prod",
            mutate: (c) => (c["platform:zones"] = ["cn-hangzhou-h", "cn-shanghai-b", "cn-hangzhou-j"]),
            problems: [
                {
                    file: PROD,
                    key: "platform:zones[1]",
                    expected: [`a zone of cn-hangzhou: ${HANGZHOU_ZONES}`],
                    found: '"cn-shanghai-b"',
                    fix: ["the networks' vSwitches are for cn-hangzhou-i, which platform:zones does not list"],
                },
            ],
        },
        {
            name: "an unknown region: one problem (alicloud:region is not held to a region that does not exist)",
            stack: "prod",
            mutate: (c) => (c["platform:region"] = "cn-chengdu"),
            problems: [
                {
                    file: PROD,
                    key: "platform:region",
                    expected: ["one of cn-hangzhou, cn-shanghai, cn-beijing, cn-shenzhen"],
                    found: '"cn-chengdu"',
                    fix: ["config/regions.ts"],
                },
            ],
        },
        {
            // REGION_ZONES is a plain object: a region named like an Object.prototype member is still unknown
            name: 'the region "constructor" is unknown, not a crash',
            stack: "prod",
            mutate: (c) => (c["platform:region"] = "constructor"),
            problems: [
                { file: PROD, key: "platform:region", expected: ["one of cn-hangzhou"], found: '"constructor"', fix: ["config/regions.ts"] },
            ],
        },
        {
            name: "alicloud:region different from platform:region",
            stack: "nonprod",
            mutate: (c) => (c["alicloud:region"] = "cn-shanghai"),
            problems: [
                { file: NONPROD, key: "alicloud:region", expected: ["the same region as platform:region (cn-hangzhou)"], found: '"cn-shanghai"', fix: ["set alicloud:region: cn-hangzhou"] },
            ],
        },
        {
            name: "alicloud:region missing",
            stack: "prod",
            mutate: (c) => delete c["alicloud:region"],
            problems: [{ file: PROD, key: "alicloud:region", expected: ["platform:region (cn-hangzhou)"], found: "nothing (the key is missing)", fix: ["set alicloud:region: cn-hangzhou"] }],
        },
    ])("$name", run);
});

describe("a service CIDR overlaps no VPC", () => {
    const overlap = (file: string, network: string, cidr: string, vpc: string): ExpectedProblem => ({
        file,
        key: `platform:networks.${network}.serviceCidr`,
        expected: ["a service CIDR that overlaps no VPC of the platform"],
        found: `${cidr}, which overlaps the ${vpc}`,
        fix: ["192.168.0.0/16"],
    });
    test.each<Case>([
        {
            name: "ops service CIDR in the ops VPC",
            stack: "prod",
            mutate: (c) => (networks(c).ops.serviceCidr = "10.0.240.0/20"),
            problems: [overlap(PROD, "ops", "10.0.240.0/20", "ops VPC 10.0.0.0/16")],
        },
        {
            name: "ops service CIDR in the prod VPC",
            stack: "prod",
            mutate: (c) => (networks(c).ops.serviceCidr = "10.20.0.0/20"),
            problems: [overlap(PROD, "ops", "10.20.0.0/20", "prod VPC 10.16.0.0/12")],
        },
        {
            name: "prod service CIDR in the nonprod VPC",
            stack: "prod",
            mutate: (c) => (networks(c).prod.serviceCidr = "10.40.0.0/20"),
            problems: [overlap(PROD, "prod", "10.40.0.0/20", "nonprod VPC 10.32.0.0/12")],
        },
        {
            name: "nonprod service CIDR over all three VPCs: one problem per VPC",
            stack: "nonprod",
            mutate: (c) => (networks(c).nonprod.serviceCidr = "10.0.0.0/8"),
            problems: [
                overlap(NONPROD, "nonprod", "10.0.0.0/8", "ops VPC 10.0.0.0/16"),
                overlap(NONPROD, "nonprod", "10.0.0.0/8", "prod VPC 10.16.0.0/12"),
                overlap(NONPROD, "nonprod", "10.0.0.0/8", "nonprod VPC 10.32.0.0/12"),
            ],
        },
    ])("$name", run);
});

describe("a stack declares exactly the networks it owns", () => {
    test.each<Case>([
        {
            name: "prod declares the nonprod network",
            stack: "prod",
            mutate: (c) => (networks(c).nonprod = networks(stackFileConfig("nonprod")).nonprod),
            problems: [
                {
                    file: PROD,
                    key: "platform:networks.nonprod",
                    expected: ["only ops and prod", "the prod stack owns"],
                    found: "settings for nonprod",
                    fix: ["remove platform:networks.nonprod", "belongs to the nonprod stack"],
                },
            ],
        },
        {
            name: "nonprod declares the ops network",
            stack: "nonprod",
            mutate: (c) => (networks(c).ops = networks(stackFileConfig("prod")).ops),
            problems: [
                {
                    file: NONPROD,
                    key: "platform:networks.ops",
                    expected: ["only nonprod", "the nonprod stack owns"],
                    found: "settings for ops",
                    fix: ["remove platform:networks.ops", "belongs to the prod stack"],
                },
            ],
        },
        {
            name: "nonprod declares the prod network (whose zones are prod's): only to remove it, not also to complete it",
            stack: "nonprod",
            mutate: (c) => (networks(c).prod = networks(stackFileConfig("prod")).prod),
            problems: [
                {
                    file: NONPROD,
                    key: "platform:networks.prod",
                    expected: ["only nonprod", "the nonprod stack owns"],
                    found: "settings for prod",
                    fix: ["remove platform:networks.prod", "belongs to the prod stack"],
                },
            ],
        },
        {
            name: "prod misses the ops network",
            stack: "prod",
            mutate: (c) => delete networks(c).ops,
            problems: [missingNetwork(PROD, "ops", "prod", "ops and prod")],
        },
        {
            name: "nonprod misses the nonprod network",
            stack: "nonprod",
            mutate: (c) => delete networks(c).nonprod,
            problems: [missingNetwork(NONPROD, "nonprod", "nonprod", "nonprod")],
        },
        {
            name: "an unknown network name",
            stack: "nonprod",
            mutate: (c) => (networks(c).staging = networks(c).nonprod),
            problems: [{ file: NONPROD, key: "platform:networks.staging", expected: ["a network name: ops, prod, nonprod"], found: '"staging"', fix: ["rename or remove"] }],
        },
    ])("$name", run);
});

test("the prod file saying environment nonprod: every network and prodStack problem (other features add their own)", () => {
    const problems = problemsOf(mutatedRaw("prod", (c) => (c["platform:environment"] = "nonprod")));
    expectProblems(
        problems.filter((p) => p.key.startsWith("platform:networks") || p.key === "platform:prodStack"),
        [
            missingNetwork(PROD, "nonprod", "nonprod", "nonprod"),
            { file: PROD, key: "platform:networks.ops", expected: ["only nonprod"], found: "settings for ops", fix: ["belongs to the prod stack"] },
            { file: PROD, key: "platform:networks.prod", expected: ["only nonprod"], found: "settings for prod", fix: ["belongs to the prod stack"] },
            { file: PROD, key: "platform:prodStack", expected: ["<org>/<project>/<stack>"], found: "nothing (the key is missing)", fix: ["set platform:prodStack"] },
        ],
    );
});

describe("nonprod names the prod stack", () => {
    const missing: ExpectedProblem = {
        file: NONPROD,
        key: "platform:prodStack",
        expected: ["the prod stack the hub is read from, <org>/<project>/<stack>"],
        found: "nothing (the key is missing)",
        fix: ["set platform:prodStack, e.g. acme/platform/prod"],
    };
    test.each<Case>([
        { name: "prodStack missing", stack: "nonprod", mutate: (c) => delete c["platform:prodStack"], problems: [missing] },
        { name: "prodStack empty (Pulumi.yaml's default)", stack: "nonprod", mutate: (c) => (c["platform:prodStack"] = ""), problems: [missing] },
        {
            // present but malformed: one problem about its form, not a second one claiming it is missing
            name: "prodStack not fully qualified",
            stack: "nonprod",
            mutate: (c) => (c["platform:prodStack"] = "prod"),
            problems: [{ file: NONPROD, key: "platform:prodStack", expected: ["a fully qualified stack name <org>/<project>/<stack>"], found: '"prod"', fix: [] }],
        },
    ])("$name", run);
});

describe("unknown keys", () => {
    const unknownKey = (key: string, fix = "correct its spelling or remove it"): ExpectedProblem => ({
        file: PROD,
        key,
        expected: ["a known key", "platform:zones", "platform:networks"],
        found: `an unknown key ${JSON.stringify(key)}`,
        fix: [fix],
    });
    test.each<Case>([
        {
            name: "platform:zonez beside platform:zones",
            stack: "prod",
            mutate: (c) => (c["platform:zonez"] = c["platform:zones"]),
            problems: [unknownKey("platform:zonez", "remove it (platform:zones is set beside it)")],
        },
        {
            name: "platform:zones misspelt platform:zonez (so platform:zones is missing)",
            stack: "prod",
            mutate: (c) => {
                c["platform:zonez"] = c["platform:zones"];
                delete c["platform:zones"];
            },
            // one mistake, one problem: the unknown key and the missing one it was meant to be
            problems: [
                {
                    file: PROD,
                    key: "platform:zonez",
                    expected: ["the key platform:zones: ", '(missing here; "platform:zonez" looks like a misspelling of it)'],
                    found: 'an unknown key "platform:zonez"',
                    fix: ['rename "platform:zonez" to platform:zones'],
                },
            ],
        },
        // keys named like Object.prototype members are as unknown as any other
        { name: "platform:toString", stack: "prod", mutate: (c) => (c["platform:toString"] = "x"), problems: [unknownKey("platform:toString")] },
        { name: "platform:__proto__", stack: "prod", mutate: (c) => (c["platform:__proto__"] = "x"), problems: [unknownKey("platform:__proto__")] },
        {
            name: "a misspelt key inside a zone",
            stack: "prod",
            mutate: (c) => {
                const zone = networks(c).ops.zones["cn-hangzhou-h"] as unknown as Record<string, unknown>;
                zone.nodeCIDR = zone.nodeCidr;
                delete zone.nodeCidr;
            },
            problems: [
                {
                    file: PROD,
                    key: "platform:networks.ops.zones.cn-hangzhou-h.nodeCIDR",
                    expected: ["the key nodeCidr: ", '(missing here; "nodeCIDR" looks like a misspelling of it)'],
                    found: 'an unknown key "nodeCIDR"',
                    fix: ['rename "nodeCIDR" to nodeCidr'],
                },
            ],
        },
        {
            name: "a key with a trailing space (so the key meant is missing)",
            stack: "prod",
            mutate: (c) => {
                const ops = networks(c).ops as unknown as Record<string, unknown>;
                ops["zones "] = ops.zones;
                delete ops.zones;
            },
            problems: [
                {
                    file: PROD,
                    key: "platform:networks.ops.zones ",
                    expected: ["the key zones: ", '(missing here; "zones " looks like a misspelling of it)'],
                    found: 'an unknown key "zones "',
                    fix: ['remove the trailing space: "zones " -> zones'],
                },
            ],
        },
        {
            name: "a misspelt optional key inside a network: the keys known there, and the one meant",
            stack: "prod",
            mutate: (c) => ((networks(c).ops as unknown as Record<string, unknown>).serviceCIDR = "192.168.0.0/20"),
            problems: [
                {
                    file: PROD,
                    key: "platform:networks.ops.serviceCIDR",
                    expected: ["a known key (", "serviceCidr", "zones"],
                    found: 'an unknown key "serviceCIDR"',
                    fix: ["remove it (serviceCidr is set beside it)"],
                },
            ],
        },
        {
            name: "a misspelt secret key of an identity provider: the key named, no value",
            stack: "prod",
            mutate: (c) => {
                const sso = (c["platform:identityProviders"] as Record<string, Record<string, unknown>>)["corp-sso"];
                sso.clientSecre = sso.clientSecret;
                delete sso.clientSecret;
            },
            problems: [
                {
                    file: PROD,
                    key: "platform:identityProviders.corp-sso.clientSecre",
                    expected: ["the key clientSecret: ", '(missing here; "clientSecre" looks like a misspelling of it)'],
                    found: 'an unknown key "clientSecre"',
                    fix: ['rename "clientSecre" to clientSecret'],
                },
            ],
        },
        {
            name: "the namespace misspelt (platfrom:zones): the key it means, not an instruction to add what is there",
            stack: "prod",
            mutate: (c) => {
                c["platfrom:zones"] = c["platform:zones"];
                delete c["platform:zones"];
            },
            problems: [
                {
                    file: PROD,
                    key: "platfrom:zones",
                    expected: ["the key platform:zones: ", '(missing here; "platfrom:zones" looks like a misspelling of it)'],
                    found: 'an unknown key "platfrom:zones"',
                    fix: ['rename "platfrom:zones" to platform:zones'],
                },
            ],
        },
        {
            name: "an LDAP bind password in plain text beside a secure client secret: the leaf named, the value not",
            stack: "prod",
            mutate: (c) => {
                (c["platform:identityProviders"] as Record<string, unknown>)["corp-ldap"] = {
                    type: "ldap",
                    host: "ldaps://ldap.corp.internal:636",
                    managerDN: "cn=kubesphere,ou=services,dc=corp,dc=internal",
                    managerPassword: "Hunter2-LdapBind!",
                    userSearchBase: "ou=people,dc=corp,dc=internal",
                    loginAttribute: "uid",
                    mailAttribute: "mail",
                };
            },
            problems: [
                {
                    file: PROD,
                    key: "platform:identityProviders.corp-ldap.managerPassword",
                    expected: ["a secret value"],
                    found: "a plain-text value",
                    fix: ["pulumi config set --secret --path 'platform:identityProviders.corp-ldap.managerPassword' <value>", "rotate the credential"],
                },
            ],
        },
        {
            name: "a Thanos retention whose 5-minute data is kept less than the raw: the settings say so, before Thanos is declared",
            stack: "prod",
            mutate: (c) => ((c["platform:observability"] as { metricsRetention: Record<string, string> }).metricsRetention.raw = "999d"),
            problems: [
                { file: PROD, key: "platform:observability.metricsRetention.fiveMinutes", expected: ["at least raw (999d)"], found: ["d"], fix: ["keep fiveMinutes at least 999d, or raw shorter"] },
            ],
        },
        {
            name: "a key nothing is close to",
            stack: "prod",
            mutate: (c) => ((networks(c).ops as unknown as Record<string, unknown>).colour = "blue"),
            problems: [{ file: PROD, key: "platform:networks.ops.colour", expected: ["a known key ("], found: 'an unknown key "colour"', fix: ["correct its spelling or remove it"] }],
        },
        {
            name: "a misspelt key in config/platform.yaml",
            stack: "prod",
            mutate: (_, conv) => (conv.adminPort = conv.adminPorts),
            problems: [{ file: CONVENTIONS, key: "adminPort", expected: ["a known key"], found: 'an unknown key "adminPort"', fix: ["remove it (adminPorts is set beside it)"] }],
        },
        {
            name: "a misspelt key in config/platform.yaml, the key meant absent",
            stack: "prod",
            mutate: (_, conv) => {
                conv.adminPort = conv.adminPorts;
                delete conv.adminPorts;
            },
            problems: [
                {
                    file: CONVENTIONS,
                    key: "adminPort",
                    expected: ["the key adminPorts: ", '(missing here; "adminPort" looks like a misspelling of it)'],
                    found: 'an unknown key "adminPort"',
                    fix: ['rename "adminPort" to adminPorts'],
                },
            ],
        },
    ])("$name", run);
});

describe("wrong types and values", () => {
    test.each<Case>([
        {
            name: "zones as a string",
            stack: "prod",
            mutate: (c) => (c["platform:zones"] = "cn-hangzhou-h"),
            problems: [{ file: PROD, key: "platform:zones", expected: ["a list"], found: '"cn-hangzhou-h"', fix: ["write it as a list: platform:zones: [cn-hangzhou-h]"] }],
        },
        {
            name: "zones as a map",
            stack: "nonprod",
            mutate: (c) => (c["platform:zones"] = { "cn-hangzhou-h": true }),
            problems: [{ file: NONPROD, key: "platform:zones", expected: ["a list"], found: '{"cn-hangzhou-h":true}', fix: ["a list"] }],
        },
        {
            name: "a zone that is a number",
            stack: "prod",
            mutate: (c) => ((c["platform:zones"] as unknown[])[1] = 7),
            problems: [{ file: PROD, key: "platform:zones[1]", expected: ["text value"], found: "7", fix: ["write platform:zones[1] in quotes"] }],
        },
        {
            name: "a single zone",
            stack: "prod",
            mutate: (c) => (c["platform:zones"] = ["cn-hangzhou-h"]),
            problems: [{ file: PROD, key: "platform:zones", expected: ["at least two zones"], found: '["cn-hangzhou-h"]', fix: ["platform:zones"] }],
        },
        {
            name: "a vSwitch CIDR with host bits set",
            stack: "prod",
            mutate: (c) => (networks(c).ops.zones["cn-hangzhou-h"].nodeCidr = "10.0.0.1/20"),
            problems: [
                {
                    file: PROD,
                    key: "platform:networks.ops.zones.cn-hangzhou-h.nodeCidr",
                    expected: ["an IPv4 CIDR", "host bits are set below /20", "the block starts at 10.0.0.0/20"],
                    found: '"10.0.0.1/20"',
                    fix: ["write 10.0.0.0/20"],
                },
            ],
        },
        {
            name: "a service CIDR that is an address",
            stack: "nonprod",
            mutate: (c) => (networks(c).nonprod.serviceCidr = "192.168.32.0"),
            problems: [
                { file: NONPROD, key: "platform:networks.nonprod.serviceCidr", expected: ["not of the form a.b.c.d/n"], found: '"192.168.32.0"', fix: ["prefix length"] },
            ],
        },
        {
            name: "a VPC CIDR with host bits set",
            stack: "prod",
            mutate: (_, conv) => (addressPlan(conv).prod = "10.16.0.1/12"),
            problems: [{ file: CONVENTIONS, key: "addressPlan.prod", expected: ["host bits are set below /12", "10.16.0.0/12"], found: '"10.16.0.1/12"', fix: ["write 10.16.0.0/12"] }],
        },
        {
            name: "an admin port out of range",
            stack: "nonprod",
            mutate: (_, conv) => (conv.adminPorts = [22, 70000]),
            problems: [{ file: CONVENTIONS, key: "adminPorts[1]", expected: ["65535"], found: "70000", fix: ["adminPorts[1]"] }],
        },
        {
            name: 'environment "staging"',
            stack: "prod",
            mutate: (c) => (c["platform:environment"] = "staging"),
            problems: [{ file: PROD, key: "platform:environment", expected: ['one of "prod", "nonprod"'], found: '"staging"', fix: ["set platform:environment to one of"] }],
        },
        {
            name: "networks as a list",
            stack: "prod",
            mutate: (c) => (c["platform:networks"] = []),
            problems: [{ file: PROD, key: "platform:networks", expected: ["a map from network name (ops, prod, nonprod)"], found: "[]", fix: ["platform:networks"] }],
        },
        {
            name: "networks that are not JSON",
            stack: "prod",
            mutate: (c) => (c["platform:networks"] = "{ops:"),
            problems: [{ file: PROD, key: "platform:networks", expected: ["a map from network name"], found: '"{ops:"', fix: ["platform:networks"] }],
        },
    ])("$name", run);
});

describe("one bad conventions value hides no stack problem", () => {
    test("a bad nodes.maxUnavailable and a pool of an unapproved type: both, in one report", () => {
        const raw = mutatedRaw("prod", (c, conv) => {
            (conv.nodes as Record<string, unknown>).maxUnavailable = -1;
            ((c["platform:clusters"] as Record<string, { pools: Record<string, Record<string, unknown>> }>).prod.pools.general).instanceType = "ecs.g7.4xlarge";
        });
        expect(problemsOf(raw).map((p) => `${p.file}: ${p.key}`)).toEqual(["config/platform.yaml: nodes.maxUnavailable", "Pulumi.prod.yaml: platform:clusters.prod.pools.general.instanceType"]);
    });
});

test("an address plan entry that overlaps another is the one problem, not also its vSwitches outside it", () => {
    const raw = mutatedRaw("prod", (_, conv) => (addressPlan(conv).prod = "10.0.0.0/12"));
    const problems = problemsOf(raw);
    expect(problems.map((p) => `${p.file}: ${p.key}`)).toEqual(["config/platform.yaml: addressPlan.prod"]);
    expect(problems[0].found).toContain("overlaps ops 10.0.0.0/16");
});

test("a pool label value with a space: the value meant", () => {
    const raw = mutatedRaw("prod", (c) => (((c["platform:clusters"] as Record<string, { pools: Record<string, Record<string, unknown>> }>).prod.pools.general).labels = { workload: "stateful db" }));
    expect(problemsOf(raw)).toEqual([
        {
            file: PROD,
            key: "platform:clusters.prod.pools.general.labels.workload",
            expected: "a Kubernetes label value: at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit (no spaces)",
            found: '"stateful db"',
            fix: "write stateful-db",
        },
    ]);
});
