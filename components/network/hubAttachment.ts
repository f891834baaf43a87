import * as alicloud from "@pulumi/alicloud";
import * as pulumi from "@pulumi/pulumi";
import { NetworkName } from "../../config/topology";
import { HubRef } from "./hub";
import { attachmentRouting } from "./routing";

/** Arguments for {@link HubAttachment}. */
export interface HubAttachmentArgs {
    /**
     * The network attached: the isolation rule (`attachmentRouting`) decides from it which hub route table it joins
     * and which networks it reaches.
     */
    readonly network: NetworkName;
    /** The hub (CEN instance, transit router and its route tables) the VPC attaches to. */
    readonly hub: HubRef;
    /** The network's VPC. */
    readonly vpcId: pulumi.Input<string>;
    /** The VPC's route table, which gets one entry per network this one may reach. */
    readonly routeTableId: pulumi.Input<string>;
    /** One vSwitch per zone for the attachment's ENIs (the node vSwitches). */
    readonly zoneMappings: readonly { readonly zoneId: string; readonly vswitchId: pulumi.Input<string> }[];
    /** VPC CIDR of every network, to route to the reachable ones. */
    readonly addressPlan: Readonly<Record<NetworkName, string>>;
    /** Tags of the transit-router VPC attachment. */
    readonly tags: Record<string, string>;
}

/**
 * Attaches a VPC to the hub: the transit-router VPC attachment across its zones, its route-table association
 * and propagation per the isolation rule, and route entries in the VPC for exactly the networks it may reach.
 */
export class HubAttachment extends pulumi.ComponentResource {
    public readonly attachmentId: pulumi.Output<string>;

    constructor(name: string, args: HubAttachmentArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:network:HubAttachment", name, {}, opts);
        const routing = attachmentRouting(args.network);

        const attachment = new alicloud.cen.TransitRouterVpcAttachment(
            `${name}-attachment`,
            {
                cenId: args.hub.cenId,
                transitRouterId: args.hub.transitRouterId,
                vpcId: args.vpcId,
                zoneMappings: args.zoneMappings.map((z) => ({ zoneId: z.zoneId, vswitchId: z.vswitchId })),
                transitRouterVpcAttachmentName: name,
                transitRouterAttachmentDescription: `${args.network} network`,
                // routes into the VPC are declared below, so that only the allowed CIDRs are reachable
                autoPublishRouteEnabled: false,
                tags: args.tags,
            },
            { parent: this },
        );
        const attachmentId = attachment.transitRouterAttachmentId;
        new alicloud.cen.TransitRouterRouteTableAssociation(
            `${name}-association`,
            { transitRouterAttachmentId: attachmentId, transitRouterRouteTableId: args.hub.routeTableIds[routing.associateWith] },
            { parent: this },
        );
        new alicloud.cen.TransitRouterRouteTablePropagation(
            `${name}-propagation`,
            { transitRouterAttachmentId: attachmentId, transitRouterRouteTableId: args.hub.routeTableIds[routing.propagateTo] },
            { parent: this },
        );
        for (const peer of routing.routesTo) {
            new alicloud.vpc.RouteEntry(
                `${name}-to-${peer}`,
                {
                    routeTableId: args.routeTableId,
                    destinationCidrblock: args.addressPlan[peer],
                    nexthopType: "Attachment",
                    nexthopId: attachmentId,
                    name: `${name}-to-${peer}`,
                    description: `${args.network} to ${peer} over the hub`,
                },
                { parent: this },
            );
        }

        this.attachmentId = attachmentId;
        this.registerOutputs({ attachmentId: this.attachmentId });
    }
}
