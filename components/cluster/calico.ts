/**
 * Calico of self-managed clusters, installed by the tigera-operator chart: the chart's values, the BGP objects
 * of bgp mode, and the security-group rules each mode needs. Pure functions.
 */
import { PLATFORM_CHARTS } from "../kubernetes/charts";
import { PLATFORM_RESOURCES } from "../kubernetes/resources";
import { CalicoSettings } from "../../config/load";

/** The tigera-operator chart; its published version equals the Calico version. */
export const TIGERA_OPERATOR_CHART = PLATFORM_CHARTS.tigeraOperator;

/**
 * Values keys the chart documents only in comments of its values.yaml, so the key check must allow them:
 * "installation: Configures general installation parameters for Calico. Schema is based on the
 * operator.tigera.io/Installation API" and its commented `calicoNetwork:` and `registry:` examples.
 */
export const CALICO_VALUES_FREE_FORM = ["installation.calicoNetwork", "installation.registry"] as const;

/** The Calico custom resources API the chart's CRDs serve as soon as it is installed. */
export const CALICO_CRD_API_VERSION = "crd.projectcalico.org/v1";

/** Options of {@link calicoValues}. */
export interface CalicoValuesOptions {
    /** Registry to pull Calico's images from (a Harbor proxy cache). Defaults to the upstream registries. */
    readonly registry?: string;
}

/**
 * Values of the tigera-operator chart for a cluster's Calico: vxlan mode encapsulates pod traffic and runs
 * no BGP (an Alibaba VPC does not learn BGP routes); bgp mode routes pod IPs unencapsulated and peers with
 * the fabric (see {@link bgpPeers}). Outgoing traffic that leaves the pool is NATed to the node's address in
 * both modes, so egress works through firewalls that only know node addresses.
 */
export function calicoValues(calico: CalicoSettings, opts: CalicoValuesOptions = {}): Record<string, unknown> {
    const bgp = calico.mode === "bgp";
    return {
        resources: PLATFORM_RESOURCES.tigeraOperator.operator,
        // the chart's other custom resources default to on; the platform runs Calico's CNI and policy only
        // (no Calico API server, no Goldmane flow aggregator, no Whisker UI)
        apiServer: { enabled: false },
        goldmane: { enabled: false },
        whisker: { enabled: false },
        installation: {
            enabled: true,
            ...(opts.registry !== undefined ? { registry: opts.registry } : {}),
            calicoNetwork: {
                bgp: bgp ? "Enabled" : "Disabled",
                // no pool of the operator's (without this list it makes 192.168.0.0/16): the program declares the
                // IPPool itself (ipPoolObject), beside the BGP objects
                ipPools: [],
            },
        },
    };
}

/** A Calico custom resource, as the objects {@link bgpPeers} and {@link bgpConfiguration} return. */
export interface CalicoObject {
    readonly apiVersion: typeof CALICO_CRD_API_VERSION;
    readonly kind: "BGPPeer" | "BGPConfiguration" | "IPPool";
    readonly metadata: { readonly name: string; readonly annotations?: Readonly<Record<string, string>> };
    readonly spec: Readonly<Record<string, unknown>>;
}

/** The annotation on the IPPool that says what the nodes' network is (the settings' `fabric`), for the overlay policy. */
export const FABRIC_ANNOTATION = "platform/fabric";

/**
 * The cluster's pod IP pool, declared by the program (the Installation lists none): VXLAN on a VPC, no
 * encapsulation in BGP mode (an IDC fabric, overlaid or routed), never IP-in-IP; masquerade to the outside.
 */
export function ipPoolObject(calico: CalicoSettings, fabric: "vpc" | "routed" | "overlay", opts: { readonly blockSize?: number } = {}): CalicoObject {
    const bgp = calico.mode === "bgp";
    return {
        apiVersion: CALICO_CRD_API_VERSION,
        kind: "IPPool",
        metadata: { name: "default-ipv4-ippool", annotations: { [FABRIC_ANNOTATION]: fabric } },
        spec: { cidr: calico.ipPool, vxlanMode: bgp ? "Never" : "Always", ipipMode: "Never", natOutgoing: true, nodeSelector: "all()", blockSize: opts.blockSize ?? 26 },
    };
}

/** `10.100.0.1` -> `10-100-0-1`: an address as part of a name. */
export function addressSuffix(address: string): string {
    return address.replace(/\./g, "-");
}

/**
 * One global `BGPPeer` per fabric router (every node peers with it), in bgp mode; none in vxlan mode.
 * Written to `crd.projectcalico.org/v1` because the chart installs those CRDs with itself, while
 * `projectcalico.org/v3` exists only once Calico's API server is up (a first `pulumi up` would fail on it).
 */
export function bgpPeers(calico: CalicoSettings): CalicoObject[] {
    if (calico.mode !== "bgp") return [];
    return calico.bgpPeers.map((p) => ({
        apiVersion: CALICO_CRD_API_VERSION,
        kind: "BGPPeer",
        metadata: { name: `fabric-${addressSuffix(p.address)}` },
        spec: { peerIP: p.address, asNumber: p.asNumber },
    }));
}

/**
 * The cluster-wide `BGPConfiguration` (`default`) of bgp mode: the cluster's AS number, and the node-to-node
 * mesh kept on. With the mesh, pod routes between nodes never depend on how the fabric re-advertises them
 * (an iBGP router that is no route reflector does not; eBGP routes carrying the cluster's own AS are dropped by
 * the other nodes); the fabric peering makes pod addresses reachable from the rest of the network. The mesh
 * costs one session per pair of nodes, which suits clusters up to about a hundred nodes.
 */
export function bgpConfiguration(calico: CalicoSettings): CalicoObject | undefined {
    if (calico.mode !== "bgp") return undefined;
    if (calico.asNumber === undefined) throw new Error("bgpConfiguration: bgp mode needs the cluster's asNumber");
    return {
        apiVersion: CALICO_CRD_API_VERSION,
        kind: "BGPConfiguration",
        metadata: { name: "default" },
        spec: { asNumber: calico.asNumber, nodeToNodeMeshEnabled: true, logSeverityScreen: "Info" },
    };
}

/** A security-group ingress rule a Calico mode needs. */
export interface CalicoSecurityRule {
    /** Short name, part of the rule's resource name. */
    readonly name: string;
    readonly ipProtocol: "tcp" | "udp" | "all";
    /** `4789/4789`; `-1/-1` for all ports. */
    readonly portRange: string;
    readonly cidrIp: string;
    readonly description: string;
}

/** The address ranges {@link calicoSecurityRules} opens to. */
export interface CalicoCidrs {
    /** The VPC CIDR: where the nodes are. */
    readonly vpc: string;
    /** Calico's IP pool. */
    readonly ipPool: string;
    /** The BGP peers' addresses (bgp mode). */
    readonly peers?: readonly string[];
}

/**
 * Ingress the nodes' security group needs for Calico. vxlan: UDP 4789 between the nodes. bgp: TCP 179 between
 * the nodes and from each fabric router (its address /32), and all traffic from the IP pool: unencapsulated
 * pod traffic arrives with pod source addresses, which a VPC-CIDR rule does not match.
 */
export function calicoSecurityRules(mode: CalicoSettings["mode"], cidrs: CalicoCidrs): CalicoSecurityRule[] {
    if (mode === "vxlan") {
        return [{ name: "vxlan", ipProtocol: "udp", portRange: "4789/4789", cidrIp: cidrs.vpc, description: "Calico VXLAN between the nodes" }];
    }
    return [
        { name: "bgp", ipProtocol: "tcp", portRange: "179/179", cidrIp: cidrs.vpc, description: "Calico BGP between the nodes" },
        ...(cidrs.peers ?? []).map((peer): CalicoSecurityRule => ({
            name: `bgp-${addressSuffix(peer)}`,
            ipProtocol: "tcp",
            portRange: "179/179",
            cidrIp: `${peer}/32`,
            description: `Calico BGP from the fabric router ${peer}`,
        })),
        { name: "pods", ipProtocol: "all", portRange: "-1/-1", cidrIp: cidrs.ipPool, description: "unencapsulated pod traffic (Calico BGP mode)" },
    ];
}
