import * as k8s from "@pulumi/kubernetes";
import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { violation } from "./support";

/** Services never claim external IPs: traffic from outside enters through NodePorts or intranet load balancers. */
export const serviceNoExternalIps: ResourceValidationPolicy = {
    name: "service-no-external-ips",
    description: "Services must not set externalIPs (it lets any namespace intercept traffic to those addresses).",
    enforcementLevel: "mandatory",
    validateResource: validateResourceOfType(k8s.core.v1.Service, (svc, args, reportViolation) => {
        const ips = svc.spec?.externalIPs ?? [];
        if (ips.length > 0) {
            reportViolation(
                violation({
                    resource: `Service ${svc.metadata?.namespace ?? "default"}/${svc.metadata?.name ?? args.name}`,
                    field: "spec.externalIPs",
                    expected: "no external IPs",
                    found: JSON.stringify(ips),
                    fix: "remove spec.externalIPs; expose the Service as a NodePort or an intranet LoadBalancer",
                }),
            );
        }
    }),
};

export const servicePolicies = [serviceNoExternalIps];
