import { createHash } from "crypto";

/**
 * What the cloud would compute for a resource at creation, per resource type: ids in the provider's own form
 * and the computed outputs later resources read (a VPC's route table, a transit router's id). Types not
 * listed get an id and echo their inputs, which is what every provider does for input properties.
 */

type Inputs = Record<string, unknown>;
interface Fake {
    readonly id: string;
    readonly outputs?: Inputs;
}
type FakeFn = (name: string, inputs: Inputs, hash: (salt: string) => string) => Fake;

const FAKES: Readonly<Record<string, FakeFn>> = {
    "alicloud:vpc/network:Network": (_n, _i, h) => ({ id: `vpc-${h("id")}`, outputs: { routeTableId: `vtb-${h("rt")}`, routerId: `vrt-${h("vrt")}` } }),
    "alicloud:vpc/switch:Switch": (_n, _i, h) => ({ id: `vsw-${h("id")}` }),
    "alicloud:ecs/securityGroup:SecurityGroup": (_n, _i, h) => ({ id: `sg-${h("id")}` }),
    "alicloud:ecs/securityGroupRule:SecurityGroupRule": (_n, _i, h) => ({ id: `sgr-${h("id")}` }),
    "alicloud:cen/instance:Instance": (_n, _i, h) => ({ id: `cen-${h("id")}` }),
    "alicloud:cen/transitRouter:TransitRouter": (_n, i, h) => {
        const tr = `tr-${h("tr")}`;
        return { id: `${String(i.cenId)}:${tr}`, outputs: { transitRouterId: tr, status: "Active" } };
    },
    "alicloud:cen/transitRouterRouteTable:TransitRouterRouteTable": (_n, i, h) => {
        const rt = `vtb-${h("rt")}`;
        return { id: `${String(i.transitRouterId)}:${rt}`, outputs: { transitRouterRouteTableId: rt, status: "Active" } };
    },
    "alicloud:cen/transitRouterVpcAttachment:TransitRouterVpcAttachment": (_n, i, h) => {
        const att = `tr-attach-${h("att")}`;
        return { id: `${String(i.cenId)}:${att}`, outputs: { transitRouterAttachmentId: att, status: "Attached" } };
    },
    "alicloud:cen/transitRouterRouteTableAssociation:TransitRouterRouteTableAssociation": (_n, i) => ({
        id: `${String(i.transitRouterAttachmentId)}:${String(i.transitRouterRouteTableId)}`,
    }),
    "alicloud:cen/transitRouterRouteTablePropagation:TransitRouterRouteTablePropagation": (_n, i) => ({
        id: `${String(i.transitRouterAttachmentId)}:${String(i.transitRouterRouteTableId)}`,
    }),
    "alicloud:vpc/routeEntry:RouteEntry": (_n, i) => ({
        id: `${String(i.routeTableId)}:${String(i.destinationCidrblock)}:${String(i.nexthopType)}:${String(i.nexthopId)}`,
    }),
};

/** The fake creation result of a resource: its id and its state (inputs plus computed outputs). */
export function fakeResource(type: string, name: string, urn: string, inputs: Inputs): { id: string; state: Inputs } {
    const hash = (salt: string) => createHash("sha256").update(`${urn}#${salt}`).digest("hex").slice(0, 20);
    const fake = FAKES[type];
    if (!fake) {
        const short = type.split(":").pop()!.toLowerCase();
        return { id: `${short}-${hash("id")}`, state: { ...inputs } };
    }
    const result = fake(name, inputs, hash);
    return { id: result.id, state: { ...inputs, ...result.outputs } };
}
