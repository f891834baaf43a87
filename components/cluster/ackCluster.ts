import * as alicloud from "@pulumi/alicloud";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { PlatformCluster } from "./platformCluster";
import { ClusterSettings } from "../../config/load";
import { Environment } from "../../config/topology";
import { CLUSTER_ADDONS, creationAddons } from "./addons";
import { ClusterCapacity, clusterCapacity } from "../../config/capacity";
import { RegistryTrust, StandardNodePool } from "./nodePool";

/** Arguments for {@link AckCluster}. */
export interface AckClusterArgs {
    /** The stack's environment: every pool's nodes carry it as their `node.kube-platform.io/environment` label. */
    readonly environment: Environment;
    /** The cluster's settings: version, API server exposure, deletion protection, pools. */
    readonly cluster: ClusterSettings;
    /** The cluster's service CIDR (the network's `serviceCidr`); ACK cannot change it after creation. */
    readonly serviceCidr: string;
    /** Zone of each node vSwitch, and the vSwitch ids, in the network's zone order. */
    readonly zones: readonly string[];
    /** The node vSwitch id of each zone, in the order of `zones`. */
    readonly nodeVswitchIds: pulumi.Input<string>[];
    /** Terway pod vSwitches; create-only, and in the same zones as the node vSwitches. */
    readonly podVswitchIds: pulumi.Input<string>[];
    /** The network's security group, which the cluster and every node pool join. */
    readonly securityGroupId: pulumi.Input<string>;
    /** The standard node's image and disks (config/platform.yaml `nodes`). */
    readonly nodes: { readonly imageType: string; readonly systemDiskGiB: number; readonly dataDiskGiB: number; readonly maxUnavailable: number };
    /** Tags of the cluster and its node pools (`platformTags`: owner, environment, network). */
    readonly tags: Record<string, string>;
    /** Harbor's host and the platform CA: every node pool trusts it for Harbor. */
    readonly registryTrust: RegistryTrust;
    /** Days control-plane and audit logs stay in SLS. Defaults to 30. */
    readonly logRetentionDays?: number;
}

/** Control-plane components whose logs go to SLS. */
export const CONTROL_PLANE_LOGS = ["apiserver", "kcm", "scheduler", "ccm"] as const;

/**
 * An ACK managed cluster (Pro) with Terway, the NAS CSI addons, control-plane and audit logs in SLS and RRSA,
 * its standard node pools, and the `k8s.Provider` that everything living in the cluster uses.
 */
export class AckCluster extends pulumi.ComponentResource implements PlatformCluster {
    public readonly kind = "ack" as const;
    public readonly monitoring = { scrapesControlPlane: false, blockStorage: true } as const;
    public readonly clusterId: pulumi.Output<string>;
    /** Provider of the cluster; its kubeconfig is a secret. */
    public readonly provider: k8s.Provider;
    public readonly kubeconfig: pulumi.Output<string>;
    /** The API server's intranet endpoint (https://<ip>:6443), reached from ops over the hub. */
    public readonly intranetEndpoint: pulumi.Output<string>;
    /** Allocatable capacity from pool sizes times the standard shape, after the system reserve. */
    public readonly capacity: ClusterCapacity;

    constructor(name: string, args: AckClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:cluster:AckCluster", name, {}, opts);
        const c = args.cluster;
        const cluster = new alicloud.cs.ManagedKubernetes(
            `${name}-ack`,
            {
                name: `platform-${c.network}`,
                clusterSpec: "ack.pro.small",
                version: c.kubernetesVersion,
                vswitchIds: args.nodeVswitchIds,
                podVswitchIds: args.podVswitchIds,
                serviceCidr: args.serviceCidr,
                securityGroupId: args.securityGroupId,
                proxyMode: "ipvs",
                newNatGateway: false,
                slbInternetEnabled: c.apiServer === "internet",
                deletionProtection: c.deletionProtection,
                enableRrsa: true,
                controlPlaneLogComponents: [...CONTROL_PLANE_LOGS],
                controlPlaneLogTtl: String(args.logRetentionDays ?? 30),
                auditLogConfig: { enabled: true },
                addons: creationAddons(),
                timezone: "Asia/Shanghai",
                tags: args.tags,
            },
            // addons apply at creation only: later changes go through the KubernetesAddon resources below
            { parent: this, protect: true, ignoreChanges: ["addons"] },
        );
        for (const addon of CLUSTER_ADDONS) {
            new alicloud.cs.KubernetesAddon(
                `${name}-addon-${addon.name}`,
                { clusterId: cluster.id, name: addon.name, ...(addon.config ? { config: addon.config } : {}) },
                { parent: this },
            );
        }
        const pools = c.pools.map((pool) => {
            const vswitchIds = pool.zones.map((z) => args.nodeVswitchIds[args.zones.indexOf(z)]);
            return new StandardNodePool(
                `${name}-${pool.name}`,
                { clusterId: cluster.id, environment: args.environment, pool, vswitchIds, securityGroupId: args.securityGroupId, ...args.nodes, tags: args.tags, registryTrust: args.registryTrust },
                { parent: this },
            );
        });

        const credential = alicloud.cs.getClusterCredentialOutput({ clusterId: cluster.id }, { parent: this });
        this.kubeconfig = pulumi.secret(credential.kubeConfig);
        this.provider = new k8s.Provider(
            `${name}-k8s`,
            // clusterIdentifier keeps the provider (and everything it manages) when the credential rotates
            { kubeconfig: this.kubeconfig, clusterIdentifier: cluster.id },
            // workloads need nodes: everything deployed through the provider waits for the pools
            { parent: this, dependsOn: pools },
        );
        this.clusterId = cluster.id;
        this.intranetEndpoint = cluster.connections.apply((conn) => conn?.apiServerIntranet ?? "");
        this.capacity = clusterCapacity("ack", c.pools);
        this.registerOutputs({ clusterId: this.clusterId, intranetEndpoint: this.intranetEndpoint, capacity: this.capacity });
    }
}
