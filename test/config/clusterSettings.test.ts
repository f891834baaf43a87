import { parseSettings, Settings } from "../../config/load";
import { readConventionsFile } from "../../config/load";
import { Problem, SettingsError } from "../../config/problems";
import { readStackConfig } from "../../engine/stackConfig";
import { ROOT } from "../support/project";

type Clusters = Record<string, Record<string, unknown>>;

/** The real settings of a stack, with its clusters changed by `edit`. */
function parseWith(stack: "prod" | "nonprod", edit: (clusters: Clusters) => void, extra: Record<string, string> = {}, secretKeys: string[] = []): Settings {
    const { config, secretKeys: fileSecrets } = readStackConfig(ROOT, stack);
    const clusters = JSON.parse(config["platform:clusters"]) as Clusters;
    edit(clusters);
    return parseSettings({
        stack,
        config: { ...config, "platform:clusters": JSON.stringify(clusters), ...extra },
        conventions: readConventionsFile(),
        secretKeys: [...fileSecrets, ...secretKeys],
    });
}

function problemsOf(fn: () => unknown): Problem[] {
    try {
        fn();
    } catch (err) {
        if (err instanceof SettingsError) return [...err.problems];
        throw err;
    }
    throw new Error("expected a SettingsError");
}

const pools = (c: Clusters, network: string) => c[network].pools as Record<string, Record<string, unknown>>;

describe("cluster settings", () => {
    test("the real stacks parse with defaults applied", () => {
        const prod = parseWith("prod", () => undefined);
        expect(prod.clusters.map((c) => [c.network, c.kind, c.apiServer, c.deletionProtection])).toEqual([
            ["ops", "ack", "intranet", true],
            ["prod", "ack", "intranet", true],
        ]);
        const general = prod.clusters[1].pools.find((p) => p.name === "general")!;
        expect(general).toEqual({
            name: "general", role: "general", instanceType: "ecs.g7.8xlarge", shape: { vcpu: 32, memoryGiB: 128 },
            desiredSize: 9, autoscaling: undefined, zones: ["cn-hangzhou-h", "cn-hangzhou-i", "cn-hangzhou-j"], labels: {},
        });
        const nonprod = parseWith("nonprod", () => undefined);
        expect(nonprod.clusters[0].pools.find((p) => p.name === "stateful")!.zones).toEqual(["cn-hangzhou-h", "cn-hangzhou-i"]);
    });

    test("a misconfigured pool (a 16 vCPU type, one zone) gives one report with both problems", () => {
        const problems = problemsOf(() =>
            parseWith("prod", (c) => {
                pools(c, "prod").general.instanceType = "ecs.g7.4xlarge";
                pools(c, "prod").general.zones = ["cn-hangzhou-h"];
            }),
        );
        expect(problems).toEqual([
            {
                file: "Pulumi.prod.yaml",
                key: "platform:clusters.prod.pools.general.instanceType",
                expected: "one of the approved 32 vCPU / 128 GiB types: ecs.g7.8xlarge, ecs.g8i.8xlarge, ecs.g8a.8xlarge, ecs.g6.8xlarge",
                found: "ecs.g7.4xlarge (16 vCPU / 64 GiB)",
                fix: "remove it to get ecs.g7.8xlarge, or pick an approved type",
            },
            {
                file: "Pulumi.prod.yaml",
                key: "platform:clusters.prod.pools.general.zones",
                expected: "at least two distinct zones (a pool spans zones)",
                found: '["cn-hangzhou-h"]',
                fix: "list two or more zones, or remove the key to use all",
            },
        ]);
    });

    test.each<[string, (c: Clusters) => void, string, string]>([
        ["no general pool", (c) => { delete pools(c, "ops").general; }, "platform:clusters.ops.pools", "at least one pool with role general"],
        ["both size and autoscaling", (c) => { pools(c, "ops").ci.desiredSize = 2; }, "platform:clusters.ops.pools.ci", "exactly one of desiredSize or autoscaling"],
        ["neither size nor autoscaling", (c) => { delete pools(c, "ops").general.desiredSize; }, "platform:clusters.ops.pools.general", "exactly one of desiredSize or autoscaling"],
        ["min above max", (c) => { pools(c, "ops").ci.autoscaling = { min: 7, max: 6 }; }, "platform:clusters.ops.pools.ci.autoscaling", "min <= max"],
        ["a zone outside platform:zones", (c) => { pools(c, "ops").general.zones = ["cn-hangzhou-h", "cn-hangzhou-k"]; }, "platform:clusters.ops.pools.general.zones", "zones of platform:zones"],
        ["a platform label overridden", (c) => { pools(c, "ops").general.labels = { "node.kube-platform.io/role": "x" }; }, "platform:clusters.ops.pools.general.labels", "no label under node.kube-platform.io/"],
        ["an ACK version in KubeKey form", (c) => { c.ops.kubernetesVersion = "v1.33.3"; }, "platform:clusters.ops.kubernetesVersion", "an ACK version such as 1.33.3-aliyun.1"],
        ["an unknown pool role", (c) => { pools(c, "ops").general.role = "gpu"; }, "platform:clusters.ops.pools.general.role", 'one of "general", "stateful", "ci"'],
        ["a misspelt key", (c) => { c.ops.deletionProtecton = true; }, "platform:clusters.ops.deletionProtecton", "a known key"],
        ["a cluster of a network the stack does not own", (c) => { c.nonprod = c.ops; }, "platform:clusters.nonprod", "only ops and prod (the networks the prod stack owns)"],
        ["a missing cluster", (c) => { delete c.prod; }, "platform:clusters.prod", "the prod network's cluster"],
        ["a self-managed block on ACK", (c) => { c.ops.selfManaged = { calico: { mode: "vxlan", ipPool: "172.20.0.0/16" } }; }, "platform:clusters.ops.selfManaged", "no self-managed block on an ACK cluster"],
    ])("%s", (_label, edit, key, expected) => {
        const problems = problemsOf(() => parseWith("prod", edit));
        expect(problems.map((p) => p.key)).toContain(key);
        expect(problems.find((p) => p.key === key)!.expected).toContain(expected);
    });

    describe("self-managed clusters", () => {
        const selfManaged = (calico: Record<string, unknown>) => (c: Clusters) => {
            c.prod = { kind: "selfManaged", kubernetesVersion: "v1.32.5", pools: { general: { role: "general", desiredSize: 3 } }, selfManaged: { calico } };
        };
        const keys = { "platform:nodeSshPublicKey": "ssh-ed25519 AAAA test", "platform:nodeSshPrivateKey": "[secret]" };

        test("parse with VXLAN inside the VPC", () => {
            const s = parseWith("prod", selfManaged({ mode: "vxlan", ipPool: "172.20.0.0/16" }), keys, ["platform:nodeSshPrivateKey"]);
            expect(s.clusters[1].selfManaged).toEqual({ controlPlaneCount: 3, kubekeyVersion: "v3.1.10", fabric: "vpc", hosts: [], calico: { mode: "vxlan", ipPool: "172.20.0.0/16", bgpPeers: [] } });
        });

        test.each<[string, Record<string, unknown>, Record<string, string>, string[], string, string]>([
            ["an IP pool overlapping a VPC", { mode: "vxlan", ipPool: "10.16.0.0/16" }, keys, ["platform:nodeSshPrivateKey"],
                "platform:clusters.prod.selfManaged.calico.ipPool", "which overlaps the prod VPC 10.16.0.0/12"],
            ["an IP pool overlapping the service CIDR", { mode: "vxlan", ipPool: "192.168.16.0/24" }, keys, ["platform:nodeSshPrivateKey"],
                "platform:clusters.prod.selfManaged.calico.ipPool", "which overlaps the network's service CIDR 192.168.16.0/20"],
            // in the VPC, BGP itself is the problem (the missing peers are not asked for as well); an IDC's: Pulumi.idc.yaml's tests
            ["BGP in the VPC, without peers", { mode: "bgp", ipPool: "172.20.0.0/16", asNumber: 64512 }, keys, ["platform:nodeSshPrivateKey"],
                "platform:clusters.prod.selfManaged.calico.mode", "bgp"],
            ["VXLAN with peers", { mode: "vxlan", ipPool: "172.20.0.0/16", bgpPeers: [{ address: "10.255.0.1", asNumber: 64513 }] }, keys, ["platform:nodeSshPrivateKey"],
                "platform:clusters.prod.selfManaged.calico.bgpPeers", "1 peer(s)"],
            ["a private key in plain text", { mode: "vxlan", ipPool: "172.20.0.0/16" }, keys, [],
                "platform:nodeSshPrivateKey", "a plain-text value"],
            ["no public key", { mode: "vxlan", ipPool: "172.20.0.0/16" }, { "platform:nodeSshPrivateKey": "[secret]" }, ["platform:nodeSshPrivateKey"],
                "platform:nodeSshPublicKey", "nothing (the key is missing)"],
        ])("%s", (_label, calico, extra, secretKeys, key, found) => {
            const problems = problemsOf(() => parseWith("prod", selfManaged(calico), extra, secretKeys));
            expect(problems.map((p) => p.key)).toEqual([key]);
            expect(problems[0].found).toContain(found);
        });
    });
});

describe("an IDC cluster's addresses (Pulumi.idc.yaml)", () => {
    const idc = (edit: (selfManaged: Record<string, unknown>) => void) =>
        problemsOf(() =>
            parseWith("idc" as "prod", (c) => {
                const network = Object.keys(c)[0];
                edit(c[network].selfManaged as Record<string, unknown>);
            }),
        );
    const calico = (sm: Record<string, unknown>) => sm.calico as { ipPool: string; bgpPeers: { address: string }[] };
    const hosts = (sm: Record<string, unknown>) => sm.hosts as { address: string }[];

    test("the example parses", () => {
        expect(() => parseWith("idc" as "prod", () => undefined)).not.toThrow();
    });

    test.each<[string, (sm: Record<string, unknown>) => void, Partial<Problem>]>([
        [
            "a host address with an octet above 255",
            (sm) => (hosts(sm)[4].address = "10.100.1.320"),
            { key: "platform:clusters.nonprod.selfManaged.hosts[4].address", expected: "an IPv4 address a.b.c.d, each number 0 to 255 (an octet is above 255 (320))", found: '"10.100.1.320"' },
        ],
        [
            "a BGP peer address with an octet above 255",
            (sm) => (calico(sm).bgpPeers[0].address = "10.100.0.256"),
            { key: "platform:clusters.nonprod.selfManaged.calico.bgpPeers[0].address", expected: "an IPv4 address a.b.c.d, each number 0 to 255 (an octet is above 255 (256))", found: '"10.100.0.256"' },
        ],
        [
            "a host address given as a block",
            (sm) => (hosts(sm)[0].address = "10.100.1.11/24"),
            { key: "platform:clusters.nonprod.selfManaged.hosts[0].address", expected: "an IPv4 address a.b.c.d, each number 0 to 255 (a block, not one address)" },
        ],
        [
            "a pod pool over the hosts' and the router's network",
            (sm) => (calico(sm).ipPool = "10.100.0.0/16"),
            {
                key: "platform:clusters.nonprod.selfManaged.calico.ipPool",
                expected: "a pod IP pool apart from the nodes' and the BGP peers' addresses",
                found:
                    "10.100.0.0/16, which holds host idc-cp-1 10.100.1.11, host idc-cp-2 10.100.1.12, host idc-cp-3 10.100.1.13, host idc-node-1 10.100.1.21, host idc-node-2 10.100.1.22, host idc-node-3 10.100.1.23, host idc-node-4 10.100.1.31, host idc-node-5 10.100.1.32, BGP peer 1 10.100.0.1, BGP peer 2 10.100.0.2",
                fix: "use a range the IDC's network does not use, such as 172.20.0.0/16",
            },
        ],
    ])("%s: one problem at the key", (_, edit, expected) => {
        const problems = idc(edit);
        expect(problems).toHaveLength(1);
        expect(problems[0]).toMatchObject({ file: "Pulumi.idc.yaml", ...expected });
    });
});
