// calico-encapsulation-fits-fabric: no second overlay on an overlaid fabric, VXLAN on an Alibaba VPC.
import { CalicoSettings } from "../../config/load";
import { ipPoolObject } from "../../components/cluster/calico";
import { calicoEncapsulationFitsFabric } from "../../policies/calico";
import { checkObjects, summaries } from "./workloadsFixtures";

const VXLAN: CalicoSettings = { mode: "vxlan", ipPool: "172.20.0.0/16", bgpPeers: [] };
const BGP: CalicoSettings = { mode: "bgp", ipPool: "172.20.0.0/16", asNumber: 64512, bgpPeers: [{ address: "10.100.0.1", asNumber: 65001 }] };
const pool = (calico: CalicoSettings, fabric: "vpc" | "routed" | "overlay", spec: Record<string, unknown> = {}) => {
    const p = ipPoolObject(calico, fabric);
    return { ...p, spec: { ...p.spec, ...spec } } as unknown as Record<string, unknown>;
};
const check = async (object: Record<string, unknown>) => summaries(await checkObjects([object], [calicoEncapsulationFitsFabric]));
const PREFIX = "calico-encapsulation-fits-fabric [mandatory]: IPPool default-ipv4-ippool";

test.each([
    ["the program's pool on a VPC (VXLAN)", pool(VXLAN, "vpc")],
    ["the program's pool on an overlaid fabric (BGP, none)", pool(BGP, "overlay")],
    ["BGP on a routed fabric", pool(BGP, "routed")],
    ["VXLAN on a routed fabric", pool(VXLAN, "routed")],
    ["a pool that is not the platform's", { apiVersion: "crd.projectcalico.org/v1", kind: "IPPool", metadata: { name: "other" }, spec: { cidr: "10.0.0.0/16", vxlanMode: "Always" } }],
])("passes: %s", async (_, object) => expect(await check(object)).toEqual([]));

test.each([
    [
        "VXLAN on an overlaid fabric",
        pool(VXLAN, "overlay"),
        [`${PREFIX}: spec.vxlanMode: expected Never: the fabric is already an overlay (no second encapsulation under an SDN/VXLAN fabric); found Always. Fix: set calico.mode: bgp in the cluster's settings (the fabric's routers as bgpPeers)`],
    ],
    ["IP-in-IP across subnets on an overlaid fabric", pool(BGP, "overlay", { ipipMode: "CrossSubnet" }), [expect.stringContaining(": spec.ipipMode: expected Never: the fabric is already an overlay")]],
    [
        "no encapsulation on a VPC",
        pool(BGP, "vpc"),
        [`${PREFIX}: spec.vxlanMode: expected Always: an Alibaba VPC learns no BGP routes, so unencapsulated pod traffic between nodes is dropped; found Never. Fix: set calico.mode: vxlan in the cluster's settings`],
    ],
])("fails: %s", async (_, object, messages) => expect(await check(object)).toEqual(messages));
