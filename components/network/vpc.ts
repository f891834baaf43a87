import * as alicloud from "@pulumi/alicloud";
import * as pulumi from "@pulumi/pulumi";
import { Environment, NetworkName } from "../../config/topology";
import { ZoneSubnets } from "../../config/load";
import { platformTags, zoneSuffix } from "./naming";

/** Arguments for {@link Vpc}. */
export interface VpcArgs {
    /** Which of the platform's networks this is. */
    readonly network: NetworkName;
    /** The stack's environment, in the tags of the VPC, its vSwitches and its security group. */
    readonly environment: Environment;
    /** The VPC CIDR (from the address plan). Changing it replaces the VPC. */
    readonly cidr: string;
    /** Node and pod vSwitch CIDRs per zone, in zone order. At least two zones. */
    readonly zones: readonly ZoneSubnets[];
    /** The other networks allowed to open TCP connections into this one over the hub. */
    readonly peers: readonly { readonly network: NetworkName; readonly cidr: string }[];
}

/**
 * A platform network: the VPC, a node vSwitch and a Terway pod vSwitch in each zone, and the baseline
 * security group (all traffic from inside the VPC, TCP from the networks the hub lets in).
 */
export class Vpc extends pulumi.ComponentResource {
    public readonly vpcId: pulumi.Output<string>;
    public readonly routeTableId: pulumi.Output<string>;
    public readonly cidr: string;
    /** Node vSwitch ids, in zone order. */
    public readonly nodeVswitchIds: pulumi.Output<string>[];
    /** Terway pod vSwitch ids, in zone order. */
    public readonly podVswitchIds: pulumi.Output<string>[];
    public readonly zoneIds: string[];
    public readonly securityGroupId: pulumi.Output<string>;

    constructor(name: string, args: VpcArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:network:Vpc", name, {}, opts);
        if (args.zones.length < 2) throw new Error(`Vpc ${name}: at least two zones are required, got ${args.zones.length}`);
        const tags = platformTags(args.environment, args.network);

        const vpc = new alicloud.vpc.Network(
            `${name}-vpc`,
            { vpcName: name, cidrBlock: args.cidr, description: `${args.network} network of the platform`, tags },
            { parent: this },
        );
        const vswitch = (role: "node" | "pod", zone: ZoneSubnets) =>
            new alicloud.vpc.Switch(
                `${name}-${role}-${zoneSuffix(zone.zone)}`,
                {
                    vpcId: vpc.id,
                    vswitchName: `${name}-${role}-${zoneSuffix(zone.zone)}`,
                    cidrBlock: role === "node" ? zone.nodeCidr : zone.podCidr,
                    zoneId: zone.zone,
                    description: role === "node" ? "nodes, load balancers, mount targets" : "Terway pod IPs",
                    tags: { ...tags, "vswitch-role": role },
                },
                { parent: this },
            );
        const nodeSwitches = args.zones.map((z) => vswitch("node", z));
        const podSwitches = args.zones.map((z) => vswitch("pod", z));

        const sg = new alicloud.ecs.SecurityGroup(
            `${name}-sg`,
            {
                vpcId: vpc.id,
                securityGroupName: `${name}-baseline`,
                securityGroupType: "normal",
                description: `baseline for the ${args.network} network: VPC-internal traffic and the hub's peers`,
                tags,
            },
            { parent: this },
        );
        const ingress = (rule: string, cidrIp: string, ipProtocol: string, portRange: string, description: string) =>
            new alicloud.ecs.SecurityGroupRule(
                `${name}-sg-${rule}`,
                { securityGroupId: sg.id, type: "ingress", ipProtocol, portRange, cidrIp, policy: "accept", priority: 1, nicType: "intranet", description },
                { parent: this },
            );
        ingress("vpc", args.cidr, "all", "-1/-1", "all traffic from inside the VPC");
        for (const peer of args.peers) {
            ingress(`from-${peer.network}`, peer.cidr, "tcp", "1/65535", `TCP from the ${peer.network} network over the hub`);
        }

        this.vpcId = vpc.id;
        this.routeTableId = vpc.routeTableId;
        this.cidr = args.cidr;
        this.nodeVswitchIds = nodeSwitches.map((s) => s.id);
        this.podVswitchIds = podSwitches.map((s) => s.id);
        this.zoneIds = args.zones.map((z) => z.zone);
        this.securityGroupId = sg.id;
        this.registerOutputs({
            vpcId: this.vpcId,
            routeTableId: this.routeTableId,
            nodeVswitchIds: this.nodeVswitchIds,
            podVswitchIds: this.podVswitchIds,
            securityGroupId: this.securityGroupId,
        });
    }
}
