import { NetworkSettings, Settings } from "../config/load";
import { reachableNetworks } from "../config/topology";
import { Egress } from "../components/network/egress";
import { HubAttachment, HubRef, Vpc, platformTags, zoneSuffix } from "../components/network";

/** A declared network: its VPC, its way out and its hub attachment. */
export interface DeclaredNetwork {
    readonly network: NetworkSettings["name"];
    readonly vpc: Vpc;
    readonly egress: Egress;
    readonly attachment: HubAttachment;
}

/** Declares one of the stack's networks and attaches it to the hub. */
export function declareNetwork(settings: Settings, network: NetworkSettings, hub: HubRef): DeclaredNetwork {
    const peers = reachableNetworks(network.name).map((peer) => ({ network: peer, cidr: settings.addressPlan[peer] }));
    const vpc = new Vpc(network.name, {
        network: network.name,
        environment: settings.environment,
        cidr: network.cidr,
        zones: network.zones,
        peers,
    });
    const suffixes = network.zones.map((z) => zoneSuffix(z.zone));
    const egress = new Egress(`${network.name}-egress`, {
        network: network.name,
        environment: settings.environment,
        vpcId: vpc.vpcId,
        natVswitchId: vpc.nodeVswitchIds[0],
        sourceVswitches: [
            ...vpc.nodeVswitchIds.map((id, i) => ({ key: `node-${suffixes[i]}`, id })),
            ...vpc.podVswitchIds.map((id, i) => ({ key: `pod-${suffixes[i]}`, id })),
        ],
        bandwidthMbps: network.egress.bandwidthMbps,
        billing: network.egress.billing,
    });
    const attachment = new HubAttachment(`${network.name}-hub`, {
        network: network.name,
        hub,
        vpcId: vpc.vpcId,
        routeTableId: vpc.routeTableId,
        zoneMappings: vpc.zoneIds.map((zoneId, i) => ({ zoneId, vswitchId: vpc.nodeVswitchIds[i] })),
        addressPlan: settings.addressPlan,
        tags: platformTags(settings.environment, network.name),
    });
    return { network: network.name, vpc, egress, attachment };
}

/** What a stack exports of a network. */
export function networkOutputs(declared: DeclaredNetwork) {
    return {
        vpcId: declared.vpc.vpcId,
        cidr: declared.vpc.cidr,
        routeTableId: declared.vpc.routeTableId,
        nodeVswitchIds: declared.vpc.nodeVswitchIds,
        podVswitchIds: declared.vpc.podVswitchIds,
        securityGroupId: declared.vpc.securityGroupId,
        hubAttachmentId: declared.attachment.attachmentId,
    };
}
