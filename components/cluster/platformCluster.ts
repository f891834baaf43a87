import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ClusterCapacity, ClusterKind } from "../../config/capacity";

/**
 * What the rest of a stack needs of a cluster, whatever builds it (ACK, or KubeKey on ECS): its Kubernetes
 * provider, its identity, the intranet API endpoint the host registers it by, and its capacity. The one factory
 * (stacks/clusters.ts declareCluster) chooses the kind; no other code branches on it.
 */
export interface PlatformCluster extends pulumi.Resource {
    readonly kind: ClusterKind;
    /** Provider of the cluster; its kubeconfig is a secret. */
    readonly provider: k8s.Provider;
    /** The cluster's id: ACK's cluster id, or a self-managed cluster's first control-plane instance. */
    readonly clusterId: pulumi.Output<string>;
    /** `https://<intranet IPv4>:6443`: what members are registered by and the API record points at. */
    readonly intranetEndpoint: pulumi.Output<string>;
    /** All pools, and the share tenants can use. */
    readonly capacity: ClusterCapacity;
    /**
     * What the cluster's monitoring must know of it: whether its control plane runs on its own nodes (then it is
     * scraped; ACK runs it out of reach) and whether it has block storage for Prometheus (ACK's and a VPC's disk
     * class; an IDC's has none).
     */
    readonly monitoring: { readonly scrapesControlPlane: boolean; readonly blockStorage: boolean };
}
