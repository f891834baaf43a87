import { AnalyzedResource, Violation, analyze } from "../../engine/analyze";
import { platformPack } from "../../engine/pack";
import { networkPolicies } from "../../policies/network";
import { declaredStack } from "../support/fixtures";

// The compliant fixture is the real prod stack as the program declares it; each failing case changes one field.
let compliant: AnalyzedResource[];
beforeAll(async () => {
    compliant = await declaredStack("prod");
});

const pack = () => ({ ...platformPack(), policies: networkPolicies });
const clone = (): AnalyzedResource[] => JSON.parse(JSON.stringify(compliant));
const find = (rs: AnalyzedResource[], name: string) => rs.find((r) => r.name === name)!;
/** Sets a property on both the inputs and the outputs of a resource. */
const set = (r: AnalyzedResource, key: string, value: unknown) => {
    r.inputs[key] = value;
    r.outputs[key] = value;
};
const violationsOf = async (rs: AnalyzedResource[]): Promise<Violation[]> => analyze(pack(), rs);

test("the prod stack as declared violates no network policy", async () => {
    expect(await violationsOf(clone())).toEqual([]);
});

describe("vpc-cidrs-disjoint", () => {
    test("fails when two VPCs overlap", async () => {
        const rs = clone();
        set(find(rs, "prod-vpc"), "cidrBlock", "10.0.0.0/12");
        const vs = (await violationsOf(rs)).filter((v) => v.policy === "vpc-cidrs-disjoint");
        expect(vs.map((v) => v.urn)).toContain(find(rs, "prod-vpc").urn);
        expect(vs[0].enforcementLevel).toBe("mandatory");
        expect(vs.map((v) => v.message).join("\n")).toContain("VPC prod-vpc: cidrBlock: expected a block that overlaps no other VPC (VPC ops-vpc is 10.0.0.0/16); found 10.0.0.0/12");
    });

    test("fails when a VPC overlaps another network of the address plan", async () => {
        const rs = clone();
        set(find(rs, "prod-vpc"), "cidrBlock", "10.32.0.0/16");
        const vs = (await violationsOf(rs)).filter((v) => v.policy === "vpc-cidrs-disjoint");
        expect(vs).toHaveLength(1);
        expect(vs[0].message).toContain("expected a block outside the nonprod network 10.32.0.0/12; found 10.32.0.0/16");
    });
});

describe("prod-nonprod-isolated", () => {
    test("fails on a route from prod to nonprod", async () => {
        const rs = clone();
        set(find(rs, "prod-hub-to-ops"), "destinationCidrblock", "10.32.0.0/12");
        const vs = (await violationsOf(rs)).filter((v) => v.policy === "prod-nonprod-isolated");
        expect(vs).toHaveLength(1);
        expect(vs[0].urn).toBe(find(rs, "prod-hub-to-ops").urn);
        expect(vs[0].message).toContain("route entry prod-hub-to-ops in the prod VPC: destinationCidrblock: expected a destination outside the nonprod network 10.32.0.0/12; found 10.32.0.0/12");
    });

    test("fails on a default route from prod over the hub (it covers nonprod)", async () => {
        const rs = clone();
        set(find(rs, "prod-hub-to-ops"), "destinationCidrblock", "0.0.0.0/0");
        const vs = (await violationsOf(rs)).filter((v) => v.policy === "prod-nonprod-isolated");
        expect(vs).toHaveLength(1);
    });

    test("a route from ops to nonprod is allowed", async () => {
        const rs = clone();
        expect(find(rs, "ops-hub-to-nonprod").inputs.destinationCidrblock).toBe("10.32.0.0/12");
        expect((await violationsOf(rs)).filter((v) => v.policy === "prod-nonprod-isolated")).toEqual([]);
    });

    test("fails when prod propagates into the table prod and nonprod forward by", async () => {
        const rs = clone();
        const isolatedTable = find(rs, "prod-hub-association").outputs.transitRouterRouteTableId;
        set(find(rs, "prod-hub-propagation"), "transitRouterRouteTableId", isolatedTable);
        const vs = (await violationsOf(rs)).filter((v) => v.policy === "prod-nonprod-isolated");
        expect(vs).toHaveLength(1);
        expect(vs[0].message).toContain("transit-router propagation prod-hub-propagation of the prod attachment: transitRouterRouteTableId");
    });

    test("fails on a VPC peering of the prod VPC", async () => {
        const rs = clone();
        const prodVpc = find(rs, "prod-vpc");
        const opsVpc = find(rs, "ops-vpc");
        rs.push({
            ...prodVpc,
            urn: "urn:pulumi:prod::platform::alicloud:vpc/peerConnection:PeerConnection::prod-to-x",
            type: "alicloud:vpc/peerConnection:PeerConnection",
            name: "prod-to-x",
            inputs: { vpcId: "vpc-a", acceptingVpcId: "vpc-b", acceptingRegionId: "cn-hangzhou" },
            outputs: { vpcId: "vpc-a", acceptingVpcId: "vpc-b", acceptingRegionId: "cn-hangzhou" },
            dependencies: [prodVpc.urn, opsVpc.urn],
            propertyDependencies: { vpcId: [prodVpc.urn], acceptingVpcId: [opsVpc.urn] },
        });
        const vs = (await violationsOf(rs)).filter((v) => v.policy === "prod-nonprod-isolated");
        expect(vs).toHaveLength(1);
        expect(vs[0].message).toContain("VPC peering prod-to-x: vpcId/acceptingVpcId: expected no peering for prod or nonprod VPCs");
    });
});

describe("no-public-admin-ingress", () => {
    const openRule = (patch: Record<string, unknown>) => {
        const rs = clone();
        const rule = find(rs, "ops-sg-from-prod");
        for (const [k, v] of Object.entries(patch)) set(rule, k, v);
        return rs;
    };

    test.each([
        ["SSH to the internet", { cidrIp: "0.0.0.0/0", portRange: "22/22" }, "22"],
        ["the API server via a wide range", { cidrIp: "0.0.0.0/0", portRange: "6000/7000" }, "6443"],
        ["every port", { cidrIp: "0.0.0.0/0", portRange: "-1/-1", ipProtocol: "all" }, "22, 3389, 6443"],
    ])("fails for %s", async (_label, patch, ports) => {
        const vs = (await violationsOf(openRule(patch))).filter((v) => v.policy === "no-public-admin-ingress");
        expect(vs).toHaveLength(1);
        expect(vs[0].message).toContain(`security group rule ops-sg-from-prod: cidrIp: expected a source narrower than the internet for ports ${ports}`);
    });

    test.each([
        ["a narrow source", { cidrIp: "10.16.0.0/12", portRange: "22/22" }],
        ["a non-admin port to the internet", { cidrIp: "0.0.0.0/0", portRange: "443/443" }],
        ["a drop rule", { cidrIp: "0.0.0.0/0", portRange: "22/22", policy: "drop" }],
        ["UDP", { cidrIp: "0.0.0.0/0", portRange: "22/22", ipProtocol: "udp" }],
    ])("passes for %s", async (_label, patch) => {
        expect((await violationsOf(openRule(patch))).filter((v) => v.policy === "no-public-admin-ingress")).toEqual([]);
    });
});

describe("cluster-egress", () => {
    const egressViolations = async (rs: AnalyzedResource[]) => (await violationsOf(rs)).filter((v) => v.policy === "cluster-egress");

    test("every node pool's and cluster's vSwitches have an SNAT entry in the prod stack as declared", async () => {
        const rs = clone();
        expect(rs.filter((r) => r.type === "alicloud:vpc/snatEntry:SnatEntry")).toHaveLength(12); // node and pod vSwitches of ops and prod, three zones each
        expect(await egressViolations(rs)).toEqual([]);
    });

    test("a pod vSwitch without its SNAT entry: the cluster is named, with the vSwitch", async () => {
        const rs = clone();
        const snat = find(rs, "prod-egress-snat-pod-h");
        const vswitch = String(snat.inputs.sourceVswitchId);
        const without = rs.filter((r) => r !== snat);
        const vs = await egressViolations(without);
        expect(vs.map((v) => v.urn)).toEqual([find(rs, "prod-ack").urn]);
        expect(vs[0].enforcementLevel).toBe("mandatory");
        expect(vs[0].message).toContain(`cluster prod-ack: podVswitchIds: expected every vSwitch the source of an SNAT entry of the network's NAT gateway; found ${vswitch}, which has no SNAT entry`);
    });

    test("a node vSwitch without its SNAT entry: every pool on it is named", async () => {
        const rs = clone();
        const without = rs.filter((r) => r.name !== "prod-egress-snat-node-i");
        const pools = rs.filter((r) => r.type === "alicloud:cs/nodePool:NodePool" && r.name.startsWith("prod-")).map((r) => r.urn).sort();
        expect((await egressViolations(without)).map((v) => v.urn).sort()).toEqual(pools);
    });
});
