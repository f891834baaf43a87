import * as alicloud from "@pulumi/alicloud";
import * as pulumi from "@pulumi/pulumi";
import { PoolSettings } from "../../config/load";
import { Environment } from "../../config/topology";
import { poolLabels, poolTaints } from "./nodeLabels";
import { preUserData } from "./registryTrust";

/** Arguments for {@link StandardNodePool}. */
export interface StandardNodePoolArgs {
    /** The id of the ACK cluster the pool belongs to. */
    readonly clusterId: pulumi.Input<string>;
    /** The stack's environment: the pool's nodes carry it as their `node.kube-platform.io/environment` label. */
    readonly environment: Environment;
    /** The pool's settings (instance type, size or autoscaling, zones, labels) with defaults applied. */
    readonly pool: PoolSettings;
    /** Node vSwitch id of each zone the pool spans, in the pool's zone order. */
    readonly vswitchIds: pulumi.Input<string>[];
    /** The security group the nodes join (the network's). */
    readonly securityGroupId: pulumi.Input<string>;
    /** ACK image type (config/platform.yaml nodes.imageType): Alibaba Cloud Linux 3. */
    readonly imageType: string;
    /** System disk size of each node, GiB (an encrypted PL1 ESSD; config/platform.yaml `nodes.systemDiskGiB`). */
    readonly systemDiskGiB: number;
    /** Data disk size of each node, GiB (an encrypted PL1 ESSD; config/platform.yaml `nodes.dataDiskGiB`). */
    readonly dataDiskGiB: number;
    /** Nodes a rolling change may take down at once. */
    readonly maxUnavailable: number;
    /** Tags of the pool's instances; `pool-role` is added. */
    readonly tags: Record<string, string>;
    /** The registry the nodes pull from and the CA that vouches for it (see registryTrust.ts). */
    readonly registryTrust: RegistryTrust;
}

/** Harbor's host name and the platform CA's certificate (PEM), which every node trusts for it. */
export interface RegistryTrust {
    readonly host: pulumi.Input<string>;
    readonly caCertPem: pulumi.Input<string>;
}

/**
 * A pool of the platform's standard node: an approved 32 vCPU / 128 GiB type, Alibaba Cloud Linux 3,
 * encrypted ESSD system and data disks, spread over the zones, auto-repaired, rolled `maxUnavailable` at a
 * time, with the platform's labels (and Terway's exclusive-ENI label on stateful pools, the dedicated taint
 * on CI pools), trusting the platform CA for Harbor from its first boot.
 */
export class StandardNodePool extends pulumi.ComponentResource {
    public readonly nodePoolId: pulumi.Output<string>;

    constructor(name: string, args: StandardNodePoolArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:cluster:StandardNodePool", name, {}, opts);
        const p = args.pool;
        if (args.vswitchIds.length < 2) throw new Error(`StandardNodePool ${name}: a pool spans at least two zones, got ${args.vswitchIds.length}`);
        const pool = new alicloud.cs.NodePool(
            `${name}-pool`,
            {
                clusterId: args.clusterId,
                nodePoolName: name,
                vswitchIds: args.vswitchIds,
                instanceTypes: [p.instanceType],
                imageType: args.imageType,
                runtimeName: "containerd",
                systemDiskCategory: "cloud_essd",
                systemDiskPerformanceLevel: "PL1",
                systemDiskSize: args.systemDiskGiB,
                systemDiskEncrypted: true,
                dataDisks: [{ category: "cloud_essd", performanceLevel: "PL1", size: args.dataDiskGiB, encrypted: "true" }],
                securityGroupIds: [args.securityGroupId],
                ...(p.autoscaling
                    ? { scalingConfig: { enable: true, minSize: p.autoscaling.min, maxSize: p.autoscaling.max } }
                    : { desiredSize: String(p.desiredSize ?? 0) }),
                management: { enable: true, autoRepair: true, autoUpgrade: false, maxUnavailable: args.maxUnavailable },
                // Terway reads the exclusive-ENI label only when a node is created: changing it needs new nodes
                labels: poolLabels(args.environment, p.role, p.name, p.labels),
                taints: poolTaints(p.role),
                tags: { ...args.tags, "pool-role": p.role },
                // before ACK's node initialization starts containerd: the CA is trusted before the first pull
                preUserData: pulumi.all([args.registryTrust.host, args.registryTrust.caCertPem]).apply(([host, ca]) => preUserData(host, ca)),
            },
            { parent: this },
        );
        this.nodePoolId = pool.id;
        this.registerOutputs({ nodePoolId: this.nodePoolId });
    }
}
