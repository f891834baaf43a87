/**
 * Kubernetes objects the observability components share: the namespace each one owns, and the intranet
 * load balancer through which another VPC reaches a service (Thanos Receive, the Alertmanager). Pure
 * manifest builders, and the two small functions that declare them.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { SYSTEM_WORKSPACE } from "../../config/tenancyRules";
import { WORKSPACE_LABEL } from "../tenancy/names";

/** The annotation that makes Alibaba Cloud's CCM create a private (VPC) load balancer. */
export const LB_ADDRESS_TYPE_ANNOTATION = "service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type";

/** Pod Security admission level a namespace enforces. */
export type PodSecurityLevel = "privileged" | "baseline" | "restricted";

/** A Namespace manifest. */
export interface NamespaceManifest {
    readonly apiVersion: "v1";
    readonly kind: "Namespace";
    readonly metadata: { readonly name: string; readonly labels: Readonly<Record<string, string>> };
}

/**
 * A platform namespace: in KubeSphere's system workspace, enforcing (and warning at) a Pod Security level.
 * Agents that read the node (node-exporter, Filebeat) need `privileged`; everything else `baseline` or stricter.
 */
export function namespaceManifest(name: string, podSecurity: PodSecurityLevel): NamespaceManifest {
    return {
        apiVersion: "v1",
        kind: "Namespace",
        metadata: {
            name,
            labels: {
                [WORKSPACE_LABEL]: SYSTEM_WORKSPACE,
                "pod-security.kubernetes.io/enforce": podSecurity,
                "pod-security.kubernetes.io/warn": podSecurity,
            },
        },
    };
}

/** What {@link intranetServiceManifest} exposes; `S` is an id's type (a string, or a Pulumi Input of one). */
export interface IntranetServiceSpec<S = string> {
    readonly name: string;
    readonly namespace: string;
    /** Pod labels of the workload behind the load balancer. */
    readonly selector: Readonly<Record<string, string>>;
    readonly port: number;
    /** Container port (number or name). Defaults to `port`. */
    readonly targetPort?: number | string;
    /**
     * The CLB access-control list (an `alicloud.slb.Acl` id) whose entries alone may reach the listener, as a
     * whitelist. Defaults to none: any address that routes to the VPC. (`spec.loadBalancerSourceRanges` is not
     * it: Alibaba Cloud's CCM reads that field only for NLB, never for a CLB.)
     */
    readonly sourceAclId?: S;
    /**
     * Terminate HTTPS on the load balancer with this CLB server certificate (its id), forwarding plain HTTP to
     * the pods. Defaults to TCP passed through.
     */
    readonly httpsCertificateId?: S;
}

/** A LoadBalancer Service manifest; `S` is an annotation value's type. */
export interface ServiceManifest<S = string> {
    readonly apiVersion: "v1";
    readonly kind: "Service";
    readonly metadata: { readonly name: string; readonly namespace: string; readonly annotations: Readonly<Record<string, S>> };
    readonly spec: {
        readonly type: "LoadBalancer";
        readonly selector: Readonly<Record<string, string>>;
        readonly ports: readonly { readonly name: string; readonly port: number; readonly targetPort: number | string; readonly protocol: "TCP" }[];
    };
}

/** The CCM's annotation of a listener's protocol, `https:443` (ACK: "Configure CLB through annotations"). */
export const LB_PROTOCOL_PORT_ANNOTATION = "service.beta.kubernetes.io/alibaba-cloud-loadbalancer-protocol-port";
/** The CCM's annotation naming the CLB server certificate of an HTTPS listener. */
export const LB_CERT_ID_ANNOTATION = "service.beta.kubernetes.io/alibaba-cloud-loadbalancer-cert-id";
/** The CCM's annotations of a listener's access control (CCM docs/usage.md: acl-status, acl-id, acl-type). */
export const LB_ACL_ANNOTATIONS = {
    status: "service.beta.kubernetes.io/alibaba-cloud-loadbalancer-acl-status",
    id: "service.beta.kubernetes.io/alibaba-cloud-loadbalancer-acl-id",
    type: "service.beta.kubernetes.io/alibaba-cloud-loadbalancer-acl-type",
} as const;

/**
 * A LoadBalancer Service on an intranet (VPC) load balancer: the other VPCs reach it over the hub, the
 * internet never does. The platform declares these itself rather than through a chart's values, so that
 * the address is an output other stacks can read and the policy pack sees the Service.
 */
export function intranetServiceManifest<S = string>(s: IntranetServiceSpec<S>): ServiceManifest<S | string> {
    const https: Record<string, S | string> = s.httpsCertificateId === undefined ? {} : { [LB_PROTOCOL_PORT_ANNOTATION]: `https:${s.port}`, [LB_CERT_ID_ANNOTATION]: s.httpsCertificateId };
    const acl: Record<string, S | string> = s.sourceAclId === undefined ? {} : { [LB_ACL_ANNOTATIONS.status]: "on", [LB_ACL_ANNOTATIONS.id]: s.sourceAclId, [LB_ACL_ANNOTATIONS.type]: "white" };
    return {
        apiVersion: "v1",
        kind: "Service",
        metadata: { name: s.name, namespace: s.namespace, annotations: { [LB_ADDRESS_TYPE_ANNOTATION]: "intranet", ...https, ...acl } },
        spec: {
            type: "LoadBalancer",
            selector: { ...s.selector },
            ports: [{ name: s.httpsCertificateId === undefined ? "tcp" : "https", port: s.port, targetPort: s.targetPort ?? s.port, protocol: "TCP" }],
        },
    };
}

/** Declares a platform namespace (see {@link namespaceManifest}) with the cluster's provider. */
export function platformNamespace(resourceName: string, name: string, podSecurity: PodSecurityLevel, opts: pulumi.CustomResourceOptions): k8s.core.v1.Namespace {
    const m = namespaceManifest(name, podSecurity);
    return new k8s.core.v1.Namespace(resourceName, { metadata: { name: m.metadata.name, labels: { ...m.metadata.labels } } }, opts);
}

/**
 * Declares an intranet LoadBalancer Service; `address` is the load balancer's IP once the CCM assigned it.
 * A certificate or ACL id may be an Output (a resource of this program): its annotation then waits for it.
 */
export function intranetLoadBalancer(
    resourceName: string,
    spec: IntranetServiceSpec<pulumi.Input<string>>,
    opts: pulumi.CustomResourceOptions,
): { service: k8s.core.v1.Service; address: pulumi.Output<string> } {
    const m = intranetServiceManifest(spec);
    const annotations: Record<string, pulumi.Input<string>> = { ...m.metadata.annotations };
    const service = new k8s.core.v1.Service(
        resourceName,
        {
            metadata: { name: m.metadata.name, namespace: m.metadata.namespace, annotations },
            spec: {
                type: m.spec.type,
                selector: { ...m.spec.selector },
                ports: m.spec.ports.map((p) => ({ ...p })),
            },
        },
        opts,
    );
    // the provider waits for the load balancer before it reports the Service created, so the address is known
    const address = service.status.apply((s) => {
        const ingress = s?.loadBalancer?.ingress?.[0];
        return ingress?.ip ?? ingress?.hostname ?? "";
    });
    return { service, address };
}
