import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { PLATFORM_CHARTS, chartRelease } from "../kubernetes/charts";

/** Alibaba Cloud's CSI driver chart (vendored; no repository publishes it). */
export const ALIBABA_CSI_CHART = PLATFORM_CHARTS.alibabaCloudCsiDriver;

/**
 * The chart's values on a self-managed cluster's ECS nodes: not ACK (no addon token: the driver takes the nodes'
 * RAM role), ECS, the region's intranet image registry (reachable from the VPC without the internet, as ACK's
 * addons pull theirs); the disk and NAS drivers only, and none of the chart's StorageClasses or snapshot
 * objects: the platform declares its classes (NasStorage), the same as on ACK.
 */
export function alibabaCsiValues(region: string): Record<string, unknown> {
    return {
        deploy: { ack: false, ecs: true, regionID: region, accessKey: { enabled: false } },
        csi: { disk: { enabled: true }, nas: { enabled: true }, oss: { enabled: false }, local: { enabled: false }, bmcpfs: { enabled: false } },
        defaultStorageClass: { enabled: false },
        defaultVolumeSnapshotClass: { enabled: false },
        volumeSnapshot: { controller: { enabled: false } },
    };
}

/** Arguments for {@link AlibabaCsiDriver}. */
export interface AlibabaCsiDriverArgs {
    /** Provider of the self-managed cluster the drivers run on. */
    readonly provider: k8s.Provider;
    /** The cluster's region (the drivers' `deploy.regionID`): the disks and NAS mount targets they manage are in it. */
    readonly region: string;
}

/** Alibaba Cloud's disk and NAS CSI drivers on a self-managed cluster in a VPC (ACK runs them as its addons). */
export class AlibabaCsiDriver extends pulumi.ComponentResource {
    public readonly release: k8s.helm.v3.Release;

    constructor(name: string, args: AlibabaCsiDriverArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:storage:AlibabaCsiDriver", name, {}, opts);
        this.release = chartRelease(`${name}-release`, ALIBABA_CSI_CHART, { values: alibabaCsiValues(args.region) }, { parent: this, provider: args.provider });
        this.registerOutputs({});
    }
}
