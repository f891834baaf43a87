import { Hub, HubAttachment, Vpc, attachmentRouting, platformTags, zoneSuffix } from "../../components/network";
import { record } from "../support/mocks";

const ZONES = [
    { zone: "cn-hangzhou-h", nodeCidr: "10.16.0.0/20", podCidr: "10.17.0.0/16" },
    { zone: "cn-hangzhou-i", nodeCidr: "10.16.16.0/20", podCidr: "10.18.0.0/16" },
];
const PLAN = { ops: "10.0.0.0/16", prod: "10.16.0.0/12", nonprod: "10.32.0.0/12" } as const;
const COMPONENT = (type: string, name: string) => `urn:pulumi:test::platform::platform:network:${type}::${name}`;

describe("zoneSuffix and platformTags", () => {
    test.each([
        ["cn-hangzhou-h", "h"],
        ["cn-shanghai-l", "l"],
        ["single", "single"],
    ])("zoneSuffix(%s) = %s", (zone, suffix) => expect(zoneSuffix(zone)).toBe(suffix));

    test("tags name the owner, the environment and the network", () => {
        expect(platformTags("prod", "ops", { role: "x" })).toEqual({
            "managed-by": "pulumi",
            platform: "kube-platform",
            environment: "prod",
            network: "ops",
            role: "x",
        });
    });
});

describe("attachmentRouting: the isolation rule", () => {
    test.each([
        ["ops", "shared", "isolated", ["prod", "nonprod"]],
        ["prod", "isolated", "shared", ["ops"]],
        ["nonprod", "isolated", "shared", ["ops"]],
    ] as const)("%s associates with %s, propagates to %s, routes to %j", (network, associateWith, propagateTo, routesTo) => {
        expect(attachmentRouting(network)).toEqual({ associateWith, propagateTo, routesTo });
    });
});

describe("Vpc", () => {
    test("declares the VPC, a node and a pod vSwitch per zone, and the baseline security group", async () => {
        const rec = await record(() => {
            new Vpc("prod", { network: "prod", environment: "prod", cidr: PLAN.prod, zones: ZONES, peers: [{ network: "ops", cidr: PLAN.ops }] });
        });
        const tags = { "managed-by": "pulumi", platform: "kube-platform", environment: "prod", network: "prod" };
        const parent = COMPONENT("Vpc", "prod");
        // registration order follows promise resolution, so compare as sorted lists
        expect(rec.resources.map((r) => `${r.type} ${r.name}`).sort()).toEqual([
            "alicloud:ecs/securityGroup:SecurityGroup prod-sg",
            "alicloud:ecs/securityGroupRule:SecurityGroupRule prod-sg-from-ops",
            "alicloud:ecs/securityGroupRule:SecurityGroupRule prod-sg-vpc",
            "alicloud:vpc/network:Network prod-vpc",
            "alicloud:vpc/switch:Switch prod-node-h",
            "alicloud:vpc/switch:Switch prod-node-i",
            "alicloud:vpc/switch:Switch prod-pod-h",
            "alicloud:vpc/switch:Switch prod-pod-i",
            "platform:network:Vpc prod",
        ]);
        for (const r of rec.resources.filter((r) => r.custom)) expect(r.parent).toBe(parent);

        const vpc = rec.byName("prod-vpc");
        expect(vpc.inputs).toEqual({ vpcName: "prod", cidrBlock: "10.16.0.0/12", description: "prod network of the platform", tags });
        expect(vpc.state.routeTableId).toMatch(/^vtb-/);

        expect(rec.byName("prod-node-h").inputs).toEqual({
            vpcId: expect.stringMatching(/^vpc-/),
            vswitchName: "prod-node-h",
            cidrBlock: "10.16.0.0/20",
            zoneId: "cn-hangzhou-h",
            description: "nodes, load balancers, mount targets",
            tags: { ...tags, "vswitch-role": "node" },
        });
        expect(rec.byName("prod-pod-i").inputs).toMatchObject({
            cidrBlock: "10.18.0.0/16",
            zoneId: "cn-hangzhou-i",
            tags: { ...tags, "vswitch-role": "pod" },
        });
        expect(rec.byName("prod-sg").inputs).toMatchObject({ securityGroupName: "prod-baseline", securityGroupType: "normal" });
        expect(rec.byName("prod-sg-vpc").inputs).toMatchObject({
            type: "ingress",
            ipProtocol: "all",
            portRange: "-1/-1",
            cidrIp: "10.16.0.0/12",
            policy: "accept",
            nicType: "intranet",
        });
        expect(rec.byName("prod-sg-from-ops").inputs).toMatchObject({ ipProtocol: "tcp", portRange: "1/65535", cidrIp: "10.0.0.0/16" });
    });

    test("refuses fewer than two zones before declaring anything", async () => {
        await expect(
            record(() => {
                new Vpc("x", { network: "prod", environment: "prod", cidr: PLAN.prod, zones: ZONES.slice(0, 1), peers: [] });
            }),
        ).rejects.toThrow("at least two zones are required, got 1");
    });
});

describe("Hub", () => {
    test("declares the CEN, the transit router and the shared and isolated route tables", async () => {
        const rec = await record(() => {
            new Hub("hub", { tags: { a: "b" } });
        });
        expect(rec.resources.map((r) => `${r.type} ${r.name}`).sort()).toEqual([
            "alicloud:cen/instance:Instance hub-cen",
            "alicloud:cen/transitRouter:TransitRouter hub-tr",
            "alicloud:cen/transitRouterRouteTable:TransitRouterRouteTable hub-rt-isolated",
            "alicloud:cen/transitRouterRouteTable:TransitRouterRouteTable hub-rt-shared",
            "platform:network:Hub hub",
        ]);
        const tr = rec.byName("hub-tr");
        expect(tr.inputs).toEqual({ cenId: expect.stringMatching(/^cen-/), transitRouterName: "hub", transitRouterDescription: "platform hub", tags: { a: "b" } });
        expect(rec.byName("hub-rt-shared").inputs).toEqual({
            transitRouterId: expect.stringMatching(/^tr-/),
            transitRouterRouteTableName: "hub-shared",
            transitRouterRouteTableDescription: "associated with ops; prod and nonprod propagate here",
            tags: { a: "b", "hub-table": "shared" },
        });
        expect(rec.byName("hub-rt-isolated").inputs).toMatchObject({ transitRouterRouteTableName: "hub-isolated", tags: { "hub-table": "isolated" } });
    });
});

describe("HubAttachment", () => {
    const hub = { cenId: "cen-1", transitRouterId: "tr-1", routeTableIds: { shared: "vtb-shared", isolated: "vtb-isolated" } };
    const attach = (network: "ops" | "prod" | "nonprod") =>
        record(() => {
            new HubAttachment(`${network}-hub`, {
                network,
                hub,
                vpcId: `vpc-${network}`,
                routeTableId: `vtb-${network}`,
                zoneMappings: [
                    { zoneId: "cn-hangzhou-h", vswitchId: "vsw-h" },
                    { zoneId: "cn-hangzhou-i", vswitchId: "vsw-i" },
                ],
                addressPlan: PLAN,
                tags: { network },
            });
        });

    test("ops: associated with the shared table, propagates into the isolated one, routes to prod and nonprod", async () => {
        const rec = await attach("ops");
        const att = rec.byName("ops-hub-attachment");
        expect(att.inputs).toEqual({
            cenId: "cen-1",
            transitRouterId: "tr-1",
            vpcId: "vpc-ops",
            zoneMappings: [
                { zoneId: "cn-hangzhou-h", vswitchId: "vsw-h" },
                { zoneId: "cn-hangzhou-i", vswitchId: "vsw-i" },
            ],
            transitRouterVpcAttachmentName: "ops-hub",
            transitRouterAttachmentDescription: "ops network",
            autoPublishRouteEnabled: false,
            tags: { network: "ops" },
        });
        const attachmentId = att.state.transitRouterAttachmentId;
        expect(attachmentId).toMatch(/^tr-attach-/);
        expect(rec.byName("ops-hub-association").inputs).toEqual({ transitRouterAttachmentId: attachmentId, transitRouterRouteTableId: "vtb-shared" });
        expect(rec.byName("ops-hub-propagation").inputs).toEqual({ transitRouterAttachmentId: attachmentId, transitRouterRouteTableId: "vtb-isolated" });
        const routes = rec.ofType("alicloud:vpc/routeEntry:RouteEntry");
        expect(routes.map((r) => r.inputs)).toEqual([
            { routeTableId: "vtb-ops", destinationCidrblock: "10.16.0.0/12", nexthopType: "Attachment", nexthopId: attachmentId, name: "ops-hub-to-prod", description: "ops to prod over the hub" },
            { routeTableId: "vtb-ops", destinationCidrblock: "10.32.0.0/12", nexthopType: "Attachment", nexthopId: attachmentId, name: "ops-hub-to-nonprod", description: "ops to nonprod over the hub" },
        ]);
    });

    test.each(["prod", "nonprod"] as const)("%s: associated with the isolated table, propagates into the shared one, routes only to ops", async (network) => {
        const rec = await attach(network);
        expect(rec.byName(`${network}-hub-association`).inputs.transitRouterRouteTableId).toBe("vtb-isolated");
        expect(rec.byName(`${network}-hub-propagation`).inputs.transitRouterRouteTableId).toBe("vtb-shared");
        const routes = rec.ofType("alicloud:vpc/routeEntry:RouteEntry");
        expect(routes.map((r) => [r.name, r.inputs.destinationCidrblock])).toEqual([[`${network}-hub-to-ops`, "10.0.0.0/16"]]);
        expect(rec.resources).toHaveLength(5);
    });
});
