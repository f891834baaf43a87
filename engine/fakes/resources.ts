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

/** The region in fake endpoints (both stacks' `alicloud:region`). */
const FAKE_REGION = "cn-hangzhou";

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
    "alicloud:cs/managedKubernetes:ManagedKubernetes": (_n, _i, h) => ({
        id: `c${h("id")}`,
        outputs: {
            // TEST-NET addresses: clearly not real, shaped like ACK's answer
            connections: {
                apiServerIntranet: `https://192.0.2.${parseInt(h("ip").slice(0, 2), 16) % 250 + 2}:6443`,
                apiServerInternet: "",
                masterPublicIp: "",
                serviceDomain: "*.cluster.local",
            },
            state: "running",
        },
    }),
    "alicloud:cs/kubernetesAddon:KubernetesAddon": (_n, i) => ({ id: `${String(i.clusterId)}:${String(i.name)}`, outputs: { version: "fake-1.0.0" } }),
    "alicloud:cs/nodePool:NodePool": (_n, i, h) => {
        const np = `np${h("np")}`;
        return { id: `${String(i.clusterId)}:${np}`, outputs: { nodePoolId: np } };
    },
    "alicloud:vpc/routeEntry:RouteEntry": (_n, i) => ({
        id: `${String(i.routeTableId)}:${String(i.destinationCidrblock)}:${String(i.nexthopType)}:${String(i.nexthopId)}`,
    }),
    // NAS ids: standard `0a1b2c3d4e`, extreme `extreme-0a1b2c3d`; mount target domains `<fs>-<x>.<region>.[extreme.]nas.aliyuncs.com`
    "alicloud:nas/fileSystem:FileSystem": (_n, i, h) => ({
        id: i.fileSystemType === "extreme" ? `extreme-${h("id").slice(0, 8)}` : h("id").slice(0, 10),
        outputs: { status: "Running", encryptType: i.encryptType ?? 0, fileSystemType: i.fileSystemType ?? "standard", zoneId: i.zoneId ?? `${FAKE_REGION}-h` },
    }),
    "alicloud:nas/accessGroup:AccessGroup": (_n, i) => ({
        id: `${String(i.accessGroupName)}:${String(i.fileSystemType ?? "standard")}`,
        outputs: { fileSystemType: i.fileSystemType ?? "standard", regionId: FAKE_REGION },
    }),
    "alicloud:nas/accessRule:AccessRule": (_n, i, h) => {
        const ruleId = String(parseInt(h("rule").slice(0, 4), 16) % 1000);
        return { id: `${String(i.accessGroupName)}:${ruleId}:${String(i.fileSystemType ?? "standard")}`, outputs: { accessRuleId: ruleId, regionId: FAKE_REGION } };
    },
    "alicloud:nas/mountTarget:MountTarget": (_n, i, h) => {
        const fs = String(i.fileSystemId);
        const extreme = fs.startsWith("extreme-");
        const domain = `${extreme ? fs.slice("extreme-".length) : fs}-${h("mt").slice(0, 5)}.${FAKE_REGION}.${extreme ? "extreme.nas" : "nas"}.aliyuncs.com`;
        return { id: `${fs}:${domain}`, outputs: { mountTargetDomain: domain, status: "Active" } };
    },
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
