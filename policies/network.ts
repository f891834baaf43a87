import * as alicloud from "@pulumi/alicloud";
import { PolicyConfigSchema, PolicyResource, ResourceValidationPolicy, StackValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { Cidr, overlaps, parseCidr } from "../config/cidr";
import { NETWORK_NAMES, NetworkName, isIsolated } from "../config/topology";
import { configured, dependencyOf, ofType, platformConventions, violation } from "./support";

const NETWORK = "alicloud:vpc/network:Network";
const ROUTE_ENTRY = "alicloud:vpc/routeEntry:RouteEntry";
const ATTACHMENT = "alicloud:cen/transitRouterVpcAttachment:TransitRouterVpcAttachment";
const ASSOCIATION = "alicloud:cen/transitRouterRouteTableAssociation:TransitRouterRouteTableAssociation";
const PROPAGATION = "alicloud:cen/transitRouterRouteTablePropagation:TransitRouterRouteTablePropagation";
const PEERING = "alicloud:vpc/peerConnection:PeerConnection";

interface AddressPlanConfig {
    addressPlan: Record<NetworkName, string>;
}

const addressPlanSchema: PolicyConfigSchema = {
    properties: {
        addressPlan: {
            type: "object",
            description: "VPC CIDR of each network (defaults to config/platform.yaml).",
            properties: Object.fromEntries(NETWORK_NAMES.map((n) => [n, { type: "string" as const }])),
        },
    },
};

function planBlocks(plan: Record<NetworkName, string>): { network: NetworkName; cidr: Cidr }[] {
    return NETWORK_NAMES.flatMap((network) => {
        const cidr = parseCidr(plan[network]);
        return cidr ? [{ network, cidr }] : [];
    });
}

/** The platform network a VPC CIDR belongs to, by the address plan. */
function networkOfCidr(text: string, plan: Record<NetworkName, string>): NetworkName | undefined {
    const block = parseCidr(text);
    return block ? planBlocks(plan).find((p) => overlaps(p.cidr, block))?.network : undefined;
}

/** The three VPC CIDRs must not overlap: each other, or the address plan's other networks. */
export const vpcCidrsDisjoint: StackValidationPolicy = {
    name: "vpc-cidrs-disjoint",
    description: "VPC CIDRs of the platform's networks must not overlap, so the hub can route between them.",
    enforcementLevel: "mandatory",
    configSchema: addressPlanSchema,
    validateStack: (args, reportViolation) => {
        const { addressPlan } = configured<AddressPlanConfig>(args, { addressPlan: platformConventions().addressPlan });
        const vpcs = ofType(args, NETWORK).flatMap((r) => {
            const cidr = parseCidr(String(r.props.cidrBlock));
            return cidr ? [{ r, cidr, tagged: (r.props.tags as Record<string, string> | undefined)?.network }] : [];
        });
        for (let i = 0; i < vpcs.length; i++) {
            for (let j = i + 1; j < vpcs.length; j++) {
                if (overlaps(vpcs[i].cidr, vpcs[j].cidr)) {
                    reportViolation(
                        violation({
                            resource: `VPC ${vpcs[j].r.name}`,
                            field: "cidrBlock",
                            expected: `a block that overlaps no other VPC (VPC ${vpcs[i].r.name} is ${vpcs[i].cidr.text})`,
                            found: vpcs[j].cidr.text,
                            fix: "give each network its own range from config/platform.yaml addressPlan",
                        }),
                        vpcs[j].r.urn,
                    );
                }
            }
            for (const planned of planBlocks(addressPlan)) {
                if (planned.network !== vpcs[i].tagged && overlaps(planned.cidr, vpcs[i].cidr)) {
                    reportViolation(
                        violation({
                            resource: `VPC ${vpcs[i].r.name}`,
                            field: "cidrBlock",
                            expected: `a block outside the ${planned.network} network ${planned.cidr.text}`,
                            found: vpcs[i].cidr.text,
                            fix: `use the ${String(vpcs[i].tagged ?? "network")}'s range from the address plan`,
                        }),
                        vpcs[i].r.urn,
                    );
                }
            }
        }
    },
};

/**
 * prod and nonprod must have no path to each other: no VPC route towards the other, no transit-router
 * propagation into a table an isolated network forwards by, no VPC peering.
 */
export const prodNonprodIsolated: StackValidationPolicy = {
    name: "prod-nonprod-isolated",
    description: "prod and nonprod must never reach each other: no route entry, transit-router propagation or peering between them.",
    enforcementLevel: "mandatory",
    configSchema: addressPlanSchema,
    validateStack: (args, reportViolation) => {
        const { addressPlan } = configured<AddressPlanConfig>(args, { addressPlan: platformConventions().addressPlan });
        const vpcNetwork = new Map<PolicyResource, NetworkName>();
        for (const vpc of ofType(args, NETWORK)) {
            const network = networkOfCidr(String(vpc.props.cidrBlock), addressPlan);
            if (network) vpcNetwork.set(vpc, network);
        }
        const vpcByRouteTable = new Map([...vpcNetwork.keys()].map((v) => [String(v.props.routeTableId), v]));

        for (const route of ofType(args, ROUTE_ENTRY)) {
            const vpc = dependencyOf(route, "routeTableId") ?? vpcByRouteTable.get(String(route.props.routeTableId));
            const from = vpc ? vpcNetwork.get(vpc) : undefined;
            if (!from || !isIsolated(from)) continue;
            const dest = parseCidr(String(route.props.destinationCidrblock));
            if (!dest) continue;
            for (const target of planBlocks(addressPlan)) {
                if (target.network !== from && isIsolated(target.network) && overlaps(dest, target.cidr)) {
                    reportViolation(
                        violation({
                            resource: `route entry ${route.name} in the ${from} VPC`,
                            field: "destinationCidrblock",
                            expected: `a destination outside the ${target.network} network ${target.cidr.text}`,
                            found: dest.text,
                            fix: `remove the route: ${from} may reach only ops`,
                        }),
                        route.urn,
                    );
                }
            }
        }

        const attachmentNetwork = new Map<string, NetworkName>();
        for (const att of ofType(args, ATTACHMENT)) {
            const vpc = dependencyOf(att, "vpcId");
            const network = vpc ? vpcNetwork.get(vpc) : undefined;
            if (network) attachmentNetwork.set(String(att.props.transitRouterAttachmentId), network);
        }
        const isolatedTables = new Set<string>();
        for (const assoc of ofType(args, ASSOCIATION)) {
            const network = attachmentNetwork.get(String(assoc.props.transitRouterAttachmentId));
            if (network && isIsolated(network)) isolatedTables.add(String(assoc.props.transitRouterRouteTableId));
        }
        for (const prop of ofType(args, PROPAGATION)) {
            const network = attachmentNetwork.get(String(prop.props.transitRouterAttachmentId));
            const table = String(prop.props.transitRouterRouteTableId);
            if (network && isIsolated(network) && isolatedTables.has(table)) {
                reportViolation(
                    violation({
                        resource: `transit-router propagation ${prop.name} of the ${network} attachment`,
                        field: "transitRouterRouteTableId",
                        expected: "the shared table (the one the ops attachment is associated with)",
                        found: `${table}, the table prod and nonprod forward by`,
                        fix: "propagate isolated networks only into the hub's shared table",
                    }),
                    prop.urn,
                );
            }
        }

        for (const peering of ofType(args, PEERING)) {
            const ends = ["vpcId", "acceptingVpcId"].map((p) => dependencyOf(peering, p)).filter((v): v is PolicyResource => !!v);
            const isolatedEnd = ends.map((v) => vpcNetwork.get(v)).find((n) => n && isIsolated(n));
            if (isolatedEnd) {
                reportViolation(
                    violation({
                        resource: `VPC peering ${peering.name}`,
                        field: "vpcId/acceptingVpcId",
                        expected: "no peering for prod or nonprod VPCs (they reach ops through the hub only)",
                        found: `a peering of the ${isolatedEnd} VPC`,
                        fix: "remove the peering and use the hub",
                    }),
                    peering.urn,
                );
            }
        }
    },
};

function portRangeIncludes(range: string, port: number): boolean {
    const [from, to] = range.split("/").map(Number);
    if (from === -1 && to === -1) return true;
    return from <= port && port <= to;
}

/** No security-group rule opens an administrative port to the whole internet. */
export const noPublicAdminIngress: ResourceValidationPolicy = {
    name: "no-public-admin-ingress",
    description: "No security group may open SSH, RDP or the Kubernetes API (22, 3389, 6443) to 0.0.0.0/0.",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            adminPorts: { type: "array", items: { type: "integer" }, description: "Ports never open to the internet." },
        },
    },
    validateResource: validateResourceOfType(alicloud.ecs.SecurityGroupRule, (rule, args, reportViolation) => {
        const { adminPorts } = configured(args, { adminPorts: platformConventions().adminPorts });
        if (rule.type !== "ingress" || (rule.policy ?? "accept") !== "accept") return;
        const open = rule.cidrIp === "0.0.0.0/0" || (rule as { ipv6CidrIp?: string }).ipv6CidrIp === "::/0";
        if (!open || !["tcp", "all"].includes(rule.ipProtocol)) return;
        const range = rule.portRange ?? "-1/-1";
        const exposed = adminPorts.filter((p) => portRangeIncludes(range, p));
        if (exposed.length > 0) {
            reportViolation(
                violation({
                    resource: `security group rule ${args.name}`,
                    field: "cidrIp",
                    expected: `a source narrower than the internet for ports ${exposed.join(", ")}`,
                    found: `${rule.cidrIp ?? "::/0"} on ${rule.ipProtocol} ${range}`,
                    fix: "allow only the ops network or a bastion's CIDR, or reach the port through the hub",
                }),
            );
        }
    }),
};

const SNAT_ENTRY = "alicloud:vpc/snatEntry:SnatEntry";
const NODE_POOL = "alicloud:cs/nodePool:NodePool";
const MANAGED_CLUSTER = "alicloud:cs/managedKubernetes:ManagedKubernetes";

/** The vSwitch ids a property holds (a list of ids, or one), as strings. */
function vswitchIds(value: unknown): string[] {
    return (Array.isArray(value) ? value : value === undefined || value === null ? [] : [value]).map(String);
}

export const clusterEgress: StackValidationPolicy = {
    name: "cluster-egress",
    description: "Every cluster's node and pod vSwitches have a way out (an SNAT entry of the network's NAT gateway): without one no node pulls an upstream image.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        const covered = new Set(ofType(args, SNAT_ENTRY).flatMap((s) => vswitchIds(s.props.sourceVswitchId)));
        const check = (r: PolicyResource, field: string, what: string) => {
            for (const id of vswitchIds(r.props[field])) {
                if (covered.has(id)) continue;
                reportViolation(
                    violation({
                        resource: `${what} ${r.name}`,
                        field,
                        expected: "every vSwitch the source of an SNAT entry of the network's NAT gateway",
                        found: `${id}, which has no SNAT entry`,
                        fix: "declare the network's Egress (components/network/egress.ts) with this vSwitch among its sources",
                    }),
                    r.urn,
                );
            }
        };
        for (const pool of ofType(args, NODE_POOL)) check(pool, "vswitchIds", "node pool");
        for (const cluster of ofType(args, MANAGED_CLUSTER)) check(cluster, "podVswitchIds", "cluster");
    },
};

export const networkPolicies = [vpcCidrsDisjoint, prodNonprodIsolated, noPublicAdminIngress, clusterEgress];
