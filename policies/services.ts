import { ResourceValidationPolicy } from "@pulumi/policy";
import { kubePolicy } from "./kubernetes";
import { PLATFORM_DEFAULTS } from "./platformDefaults";

/**
 * How Services are exposed outside the cluster: through NodePorts in the platform's range or intranet load
 * balancers, never external IPs.
 */

const SERVICE = ["kubernetes:core/v1:Service"];
/** The annotation that makes Alibaba Cloud's CCM create a private (VPC) load balancer. */
export const LB_ADDRESS_TYPE = "service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type";

interface ServicePort {
    name?: string;
    port?: number;
    nodePort?: number;
}

/** Services never claim external IPs: traffic from outside enters through NodePorts or intranet load balancers. */
export const serviceNoExternalIps = kubePolicy(SERVICE, {
    name: "service-no-external-ips",
    description: "Services must not set externalIPs (it lets any namespace intercept traffic to those addresses).",
    enforcementLevel: "mandatory",
    check: (svc, _config, report) => {
        const ips = (svc.props.spec?.externalIPs ?? []) as string[];
        if (ips.length > 0) {
            report({
                field: "spec.externalIPs",
                expected: "no external IPs",
                found: JSON.stringify(ips),
                fix: "remove spec.externalIPs; expose the Service as a NodePort or an intranet LoadBalancer",
            });
        }
    },
});

/** NodePorts (of NodePort and LoadBalancer Services) stay inside the platform's range. */
export const serviceNodePortRange = kubePolicy<{ nodePortRange: { min: number; max: number } }>(SERVICE, {
    name: "service-nodeport-range",
    description: "NodePorts that Services set lie within the platform's NodePort range (30000-32767 by default).",
    enforcementLevel: "mandatory",
    knobs: {
        nodePortRange: {
            type: "object",
            description: "The NodePorts Services may set, inclusive; min at most max.",
            required: ["min", "max"],
            additionalProperties: false,
            properties: { min: { type: "integer", minimum: 1, maximum: 65535 }, max: { type: "integer", minimum: 1, maximum: 65535 } },
            default: { ...PLATFORM_DEFAULTS.nodePortRange },
        },
    },
    knobRules: ({ nodePortRange: { min, max } }) =>
        min <= max ? [] : [{ knob: "nodePortRange", expected: "min at most max (the range is inclusive)", found: `min ${min}, max ${max}`, fix: `swap them: { "min": ${max}, "max": ${min} }` }],
    check: (svc, { nodePortRange: { min, max } }, report) => {
        if (svc.props.spec?.type !== "NodePort" && svc.props.spec?.type !== "LoadBalancer") return;
        ((svc.props.spec?.ports ?? []) as ServicePort[]).forEach((p, i) => {
            // an unset nodePort is allocated by the API server from the cluster's range
            if (p.nodePort === undefined || (p.nodePort >= min && p.nodePort <= max)) return;
            report({
                field: `spec.ports[${i}].nodePort`,
                expected: `a port from ${min} to ${max}`,
                found: String(p.nodePort),
                fix: `choose a free port from ${min} to ${max}, or remove nodePort to let the cluster allocate one`,
            });
        });
    },
});

/** LoadBalancer Services get a private (VPC) load balancer, never an internet-facing one. */
export const serviceLoadBalancerIntranet = kubePolicy(SERVICE, {
    name: "service-loadbalancer-intranet",
    description: `LoadBalancer Services are annotated ${LB_ADDRESS_TYPE}: intranet, so Alibaba Cloud creates a private load balancer, never an internet-facing one.`,
    enforcementLevel: "mandatory",
    check: (svc, _config, report) => {
        if (svc.props.spec?.type !== "LoadBalancer") return;
        const value = (svc.props.metadata?.annotations ?? {})[LB_ADDRESS_TYPE] as string | undefined;
        if (value === "intranet") return;
        report({
            field: `metadata.annotations["${LB_ADDRESS_TYPE}"]`,
            expected: "intranet",
            found: value === undefined ? "unset (the cloud controller creates an internet-facing load balancer)" : value,
            fix: `annotate the Service ${LB_ADDRESS_TYPE}: intranet`,
        });
    },
});

export const servicePolicies: ResourceValidationPolicy[] = [serviceNoExternalIps, serviceNodePortRange, serviceLoadBalancerIntranet];
