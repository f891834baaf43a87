// A network's way out: an enhanced NAT gateway, an EIP bound to it, an SNAT entry per node and pod vSwitch,
// and nothing that lets a connection in.
import { Egress } from "../../components/network/egress";
import { record } from "../support/mocks";

const CHILD = (type: string, name: string) => `urn:pulumi:test::platform::platform:network:Egress$${type}::${name}`;

async function declare(overrides: Partial<ConstructorParameters<typeof Egress>[1]> = {}) {
    return record(() => {
        new Egress("prod-egress", {
            network: "prod",
            environment: "prod",
            vpcId: "vpc-prod",
            natVswitchId: "vsw-node-h",
            sourceVswitches: [
                { key: "node-h", id: "vsw-node-h" },
                { key: "pod-h", id: "vsw-pod-h" },
            ],
            bandwidthMbps: 200,
            billing: "PayByBandwidth",
            ...overrides,
        });
    });
}

test("the NAT gateway in the network's first node vSwitch, its EIP, one SNAT entry per source vSwitch, no DNAT", async () => {
    const rec = await declare();
    expect(rec.resources.map((r) => `${r.type} ${r.name}`).sort()).toEqual([
        "alicloud:ecs/eipAddress:EipAddress prod-egress-eip",
        "alicloud:ecs/eipAssociation:EipAssociation prod-egress-eip-nat",
        "alicloud:vpc/natGateway:NatGateway prod-egress-nat",
        "alicloud:vpc/snatEntry:SnatEntry prod-egress-snat-node-h",
        "alicloud:vpc/snatEntry:SnatEntry prod-egress-snat-pod-h",
        "platform:network:Egress prod-egress",
    ]);
    expect(rec.byName("prod-egress-nat").inputs).toMatchObject({ vpcId: "vpc-prod", vswitchId: "vsw-node-h", natType: "Enhanced", networkType: "internet", paymentType: "PayAsYouGo", natGatewayName: "prod-egress" });
    expect(rec.byName("prod-egress-eip").inputs).toMatchObject({ bandwidth: "200", internetChargeType: "PayByBandwidth", paymentType: "PayAsYouGo" });
    expect(rec.byName("prod-egress-eip-nat").inputs).toMatchObject({ instanceType: "Nat" });
    for (const key of ["node-h", "pod-h"]) {
        const snat = rec.byName(`prod-egress-snat-${key}`);
        expect(snat.inputs).toMatchObject({ sourceVswitchId: `vsw-${key}`, snatEntryName: `prod-${key}` });
        // the gateway's SNAT table and the EIP's address, once the EIP is bound to the gateway
        expect(snat.dependencies).toEqual(expect.arrayContaining([CHILD("alicloud:ecs/eipAssociation:EipAssociation", "prod-egress-eip-nat")]));
    }
    expect(rec.resources.filter((r) => /forwardEntry|ForwardEntry/.test(r.type))).toEqual([]);
});

test("no source vSwitch is refused before anything is declared", async () => {
    await expect(declare({ sourceVswitches: [] })).rejects.toThrow("Egress prod-egress: sourceVswitches: expected at least one vSwitch, found none");
});
