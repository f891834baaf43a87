import { ResourceValidationPolicy } from "@pulumi/policy";
import { FABRIC_ANNOTATION } from "../components/cluster/calico";
import { kubePolicy } from "./kubernetes";

const IP_POOL = "kubernetes:crd.projectcalico.org/v1:IPPool";
/** Calico's encapsulation modes that wrap pod traffic (projectcalico/api IPPoolSpec: vxlanMode, ipipMode). */
const ENCAPSULATING = ["Always", "CrossSubnet"];

/**
 * A Calico IP pool's encapsulation fits the network it runs on (its `platform/fabric` annotation, from the
 * settings): on a fabric that is already an overlay (an IDC's SDN/VXLAN), never a second one (VXLAN or IP-in-IP
 * inside VXLAN: lower MTU, double encapsulation, the fabric's own routing bypassed); on an Alibaba VPC, VXLAN,
 * since the VPC learns no BGP routes and drops unencapsulated pod traffic between nodes. A pool without the
 * annotation is not the platform's and is left alone.
 */
export const calicoEncapsulationFitsFabric: ResourceValidationPolicy = kubePolicy<object>([IP_POOL], {
    name: "calico-encapsulation-fits-fabric",
    description: "A Calico IP pool never encapsulates on a fabric that is already an overlay, and encapsulates (VXLAN) on an Alibaba VPC.",
    enforcementLevel: "mandatory",
    knobs: {},
    check: (obj, _config, report) => {
        const metadata = (obj.props.metadata ?? {}) as { annotations?: Record<string, string> };
        const fabric = metadata.annotations?.[FABRIC_ANNOTATION];
        const spec = (obj.props.spec ?? {}) as { vxlanMode?: string; ipipMode?: string };
        const modes = { vxlanMode: spec.vxlanMode ?? "Never", ipipMode: spec.ipipMode ?? "Never" };
        const wrapping = Object.entries(modes).filter(([, m]) => ENCAPSULATING.includes(m));
        if (fabric === "overlay" && wrapping.length > 0) {
            for (const [field, mode] of wrapping) {
                report({
                    field: `spec.${field}`,
                    expected: "Never: the fabric is already an overlay (no second encapsulation under an SDN/VXLAN fabric)",
                    found: mode,
                    fix: "set calico.mode: bgp in the cluster's settings (the fabric's routers as bgpPeers)",
                });
            }
        }
        if (fabric === "vpc" && modes.vxlanMode !== "Always") {
            report({
                field: "spec.vxlanMode",
                expected: "Always: an Alibaba VPC learns no BGP routes, so unencapsulated pod traffic between nodes is dropped",
                found: modes.vxlanMode,
                fix: "set calico.mode: vxlan in the cluster's settings",
            });
        }
    },
});

export const calicoPolicies: ResourceValidationPolicy[] = [calicoEncapsulationFitsFabric];
