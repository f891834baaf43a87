import * as alicloud from "@pulumi/alicloud";
import * as pulumi from "@pulumi/pulumi";
import { Environment, NetworkName } from "../../config/topology";
import { platformTags } from "./naming";

/** Arguments for {@link Egress}. */
export interface EgressArgs {
    /**
     * The network the egress serves: its name prefixes the NAT gateway's, the EIP's and the SNAT entries' names, and
     * it is in their tags.
     */
    readonly network: NetworkName;
    /** The stack's environment, in the tags of the NAT gateway and the EIP. */
    readonly environment: Environment;
    /** The network's VPC, where the NAT gateway is created. */
    readonly vpcId: pulumi.Input<string>;
    /** The vSwitch the NAT gateway sits in (the first zone's node vSwitch). */
    readonly natVswitchId: pulumi.Input<string>;
    /** Every vSwitch whose addresses go out through it: the node and the Terway pod vSwitches, by role and zone suffix. */
    readonly sourceVswitches: readonly { readonly key: string; readonly id: pulumi.Input<string> }[];
    /** The EIP's peak bandwidth in Mbit/s. */
    readonly bandwidthMbps: number;
    /** How the EIP is billed (`internetChargeType`): by traffic, or by its peak bandwidth. */
    readonly billing: "PayByTraffic" | "PayByBandwidth";
}

/**
 * A network's way out: an enhanced internet NAT gateway with an EIP, and an SNAT entry for each node and pod
 * vSwitch, so that nodes and pods reach upstream registries (Harbor's proxy caches included). Alibaba Cloud adds
 * the VPC's 0.0.0.0/0 route to the gateway itself; the hub's routes are more specific, so prod and nonprod still
 * reach each other by no path (their addresses are private, the internet does not route them). Nothing comes
 * in: a NAT gateway with SNAT entries only and no DNAT entry accepts no connection from outside.
 */
export class Egress extends pulumi.ComponentResource {
    public readonly natGatewayId: pulumi.Output<string>;
    public readonly publicIp: pulumi.Output<string>;

    constructor(name: string, args: EgressArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:network:Egress", name, {}, opts);
        if (args.sourceVswitches.length === 0) throw new Error(`Egress ${name}: sourceVswitches: expected at least one vSwitch, found none`);
        const tags = platformTags(args.environment, args.network);
        const nat = new alicloud.vpc.NatGateway(
            `${name}-nat`,
            {
                vpcId: args.vpcId,
                vswitchId: args.natVswitchId,
                natGatewayName: `${args.network}-egress`,
                natType: "Enhanced",
                networkType: "internet",
                paymentType: "PayAsYouGo",
                description: `the ${args.network} network's way out (SNAT only)`,
                tags,
            },
            { parent: this },
        );
        const eip = new alicloud.ecs.EipAddress(
            `${name}-eip`,
            { addressName: `${args.network}-egress`, bandwidth: String(args.bandwidthMbps), internetChargeType: args.billing, paymentType: "PayAsYouGo", tags },
            { parent: this },
        );
        const association = new alicloud.ecs.EipAssociation(`${name}-eip-nat`, { allocationId: eip.id, instanceId: nat.id, instanceType: "Nat" }, { parent: this });
        for (const source of args.sourceVswitches) {
            new alicloud.vpc.SnatEntry(
                `${name}-snat-${source.key}`,
                { snatTableId: nat.snatTableIds, sourceVswitchId: source.id, snatIp: eip.ipAddress, snatEntryName: `${args.network}-${source.key}` },
                { parent: this, dependsOn: [association] },
            );
        }
        this.natGatewayId = nat.id;
        this.publicIp = eip.ipAddress;
        this.registerOutputs({ natGatewayId: this.natGatewayId, publicIp: this.publicIp });
    }
}
