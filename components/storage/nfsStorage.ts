import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { PLATFORM_CHARTS, chartRelease } from "../kubernetes/charts";
import { PLATFORM_RESOURCES } from "../kubernetes/resources";
import { ImageMirror, ReleaseImages } from "../registry/mirror";
import { NFS_CLASS } from "./storageClasses";

export { NFS_CLASS };

/** The NFS CSI driver's chart (kubernetes-csi/csi-driver-nfs), vendored. */
export const CSI_DRIVER_NFS_CHART = PLATFORM_CHARTS.csiDriverNfs;
/** Its provisioner (the chart's `driver.name`). */
export const NFS_PROVISIONER = "nfs.csi.k8s.io";
/** NFS 4.1, hard mounts that survive a server restart; no locking quirks of v3. */
export const NFS_MOUNT_OPTIONS: readonly string[] = ["nfsvers=4.1", "hard", "noresvport"];

/**
 * The chart's values: images through Harbor's registry.k8s.io proxy cache (the driver's image names its registry
 * in `repository`, the sidecars take `baseRepo`), every container sized, no StorageClass of the chart's own (the
 * program declares {@link nfsStorageClassBody}), no snapshot controller (the platform takes no NFS snapshots).
 */
export function csiDriverNfsValues(mirror?: ImageMirror): Record<string, unknown> {
    const R = PLATFORM_RESOURCES.csiDriverNfs;
    const sidecars = { csiProvisioner: R.sidecar, csiResizer: R.sidecar, csiSnapshotter: R.sidecar, livenessProbe: R.sidecar };
    return {
        ...(mirror ? { image: { baseRepo: mirror["registry.k8s.io"], nfs: { repository: `${mirror["registry.k8s.io"]}/sig-storage/nfsplugin` } } } : {}),
        controller: { resources: { ...sidecars, nfs: R.driver }, enableSnapshotter: false },
        node: { resources: { livenessProbe: R.sidecar, nodeDriverRegistrar: R.sidecar, nfs: R.driver } },
        externalSnapshotter: { enabled: false },
        storageClass: { create: false },
    };
}

/**
 * The StorageClass of shared files on an IDC's NFS export: a subdirectory per volume (the driver creates it),
 * archived when its claim goes (`onDelete: archive`, recoverable), NFS 4.1. The export enforces no size: a
 * project's `requests.storage` limits what is claimed, not what is written.
 */
export function nfsStorageClassBody(server: string, path: string) {
    return {
        apiVersion: "storage.k8s.io/v1" as const,
        kind: "StorageClass" as const,
        metadata: { name: NFS_CLASS.className, labels: { "app.kubernetes.io/managed-by": "pulumi", "platform/storage-kind": "shared" } },
        provisioner: NFS_PROVISIONER,
        parameters: { server, share: path, onDelete: "archive" },
        mountOptions: [...NFS_MOUNT_OPTIONS],
        reclaimPolicy: "Delete" as const,
        allowVolumeExpansion: true,
        volumeBindingMode: "Immediate" as const,
    };
}

/** Arguments for {@link NfsStorage}. */
export interface NfsStorageArgs {
    /** Provider of the cluster. */
    readonly provider: k8s.Provider;
    /** The IDC's NFS export (settings: selfManaged.nfs). */
    readonly server: string;
    /**
     * The exported directory on `server` (settings: selfManaged.nfs.path): the class's `share`, under which each
     * volume gets its own directory.
     */
    readonly path: string;
    /** Where images come from, and what must exist first. Defaults to upstream. */
    readonly images?: ReleaseImages;
}

/** A self-managed IDC cluster's shared files: csi-driver-nfs, then the `nfs-shared` class on the settings' export. */
export class NfsStorage extends pulumi.ComponentResource {
    public readonly className: pulumi.Output<string>;

    constructor(name: string, args: NfsStorageArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:storage:NfsStorage", name, {}, opts);
        const inCluster = { parent: this, provider: args.provider };
        const values = args.images ? pulumi.output(args.images.mirror).apply((m) => csiDriverNfsValues(m)) : csiDriverNfsValues();
        const driver = chartRelease(`${name}-driver`, CSI_DRIVER_NFS_CHART, { values }, { ...inCluster, dependsOn: args.images?.ready ?? [] });
        // a fixed name and immutable parameters: a changed class must go before its replacement comes
        const storageClass = new k8s.storage.v1.StorageClass(`${name}-sc`, nfsStorageClassBody(args.server, args.path), { ...inCluster, dependsOn: [driver], deleteBeforeReplace: true });
        this.className = storageClass.metadata.name;
        this.registerOutputs({ className: this.className });
    }
}
