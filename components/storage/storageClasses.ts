/**
 * The NAS storage conventions as data: the two classes each cluster gets, the names of its NAS resources and
 * the StorageClass bodies. Pure functions, no Pulumi: the NasStorage component wires them to resources.
 */
import { zoneSuffix } from "../network/naming";

/** The NAS CSI driver's provisioner (ACK addons `csi-plugin` and `csi-provisioner`). */
export const NAS_PROVISIONER = "nasplugin.csi.alibabacloud.com";

/** Mount options of every NAS class: NFSv3 (extreme NAS speaks only v3), no locking, a fresh port on reconnect. */
export const NAS_MOUNT_OPTIONS: readonly string[] = ["nolock,tcp,noresvport", "vers=3"];

/** The two classes of NAS storage a cluster offers. */
export type NasClass = "general" | "extreme";

/** Both classes, in declaration order. */
export const NAS_CLASSES: readonly NasClass[] = ["general", "extreme"];

/** What distinguishes one class of NAS storage from the other. */
export interface NasClassSpec {
    /**
     * The StorageClass name that PersistentVolumeClaims name (part of every claim: never rename it); for a class
     * with one file system per zone, the prefix of `<className>-<zone suffix>` (see {@link nasClassName}).
     */
    readonly className: string;
    /**
     * One file system, mount target and StorageClass per node zone instead of one for the cluster. Extreme NAS is
     * a zonal file system that NAS documents for clients in its own zone (general-purpose NAS is documented as
     * mounted across a VPC's zones), and the CSI driver's subpath mode picks a `server` round-robin, ignoring
     * zones, and gives a volume no topology (alibaba-cloud-csi-driver v1.37.1 pkg/nas/subpath_controller.go,
     * `SelectNfsServer`; no AccessibleTopology in pkg/nas): so a zone-local volume needs a class of its own zone.
     */
    readonly perZone: boolean;
    /** The NAS file system type behind the class. */
    readonly fileSystemType: "standard" | "extreme";
    /** The directory under which the driver creates one subdirectory per volume. */
    readonly path: string;
    /** What happens to a volume when its claim is deleted. */
    readonly reclaimPolicy: "Retain" | "Delete";
    /** With `Delete`: keep the volume's directory, renamed `archived-<pv>.<time>`, instead of removing it. */
    readonly archiveOnDelete: boolean;
    /**
     * A directory quota per volume (`volumeCapacity`), so that a claim's size (and a project's `requests.storage`)
     * limits what is written: the driver calls NAS's SetDirQuota for general-purpose file systems only
     * (alibaba-cloud-csi-driver v1.37.1 pkg/nas/subpath_controller.go:140-161; extreme NAS has no directory quota).
     */
    readonly directoryQuota: boolean;
}

/**
 * The classes, for shared files (ReadWriteMany; databases and time series go on the disk class). general:
 * tenants' self-service volumes, each with a directory quota of its size; a deleted claim's PV goes away, but its
 * data is only archived on the file system (recoverable), so no Released PVs pile up. extreme: shared files that
 * need its latency, one class per zone (`nas-extreme-h`, ...) whose pods run in that zone; volumes are retained
 * (so `archiveOnDelete`, read only on a Delete, does not apply), and their size is not enforced (extreme NAS has
 * no directory quota). Extreme NAS exports only `/share`, so its path lies under it.
 */
export const NAS_CLASS_SPECS: Readonly<Record<NasClass, NasClassSpec>> = {
    general: { className: "nas-general", perZone: false, fileSystemType: "standard", path: "/k8s", reclaimPolicy: "Delete", archiveOnDelete: true, directoryQuota: true },
    extreme: { className: "nas-extreme", perZone: true, fileSystemType: "extreme", path: "/share/k8s", reclaimPolicy: "Retain", archiveOnDelete: false, directoryQuota: false },
};

/** The StorageClass name of a NAS class in a zone: `nas-general`, or `nas-extreme-<zone suffix>` for a per-zone class. */
export function nasClassName(nasClass: NasClass, zone: string): string {
    const spec = NAS_CLASS_SPECS[nasClass];
    return spec.perZone ? `${spec.className}-${zoneSuffix(zone)}` : spec.className;
}

/** The class of shared files on an IDC's NFS export (a self-managed cluster's; components/storage/nfsStorage.ts). */
export const NFS_CLASS = { className: "nfs-shared" } as const;

/**
 * The StorageClass names a shared (ReadWriteMany) claim may name, as patterns: a name, or `<prefix>-*` for the
 * per-zone classes of one kind. Read by the `volume-claims-by-need` policy (policies/platformDefaults.ts).
 */
export const SHARED_CLASS_PATTERNS: readonly string[] = [
    ...NAS_CLASSES.map((c) => (NAS_CLASS_SPECS[c].perZone ? `${NAS_CLASS_SPECS[c].className}-*` : NAS_CLASS_SPECS[c].className)),
    NFS_CLASS.className,
];

/** True when a StorageClass name matches a pattern of {@link SHARED_CLASS_PATTERNS}'s form (a trailing `*` matches any rest). */
export function classNameMatches(pattern: string, name: string): boolean {
    return pattern.endsWith("*") ? name.startsWith(pattern.slice(0, -1)) && name.length > pattern.length - 1 : name === pattern;
}

/** The label of a per-zone class that names its zone (as `topology.kubernetes.io/zone` names a node's). */
export const NAS_ZONE_LABEL = "platform/zone";

/** Extreme NAS serves only paths under this directory. */
export const EXTREME_ROOT = "/share";

/** True when `path` is `/share` or a directory below it. */
export function isUnderExtremeRoot(path: string): boolean {
    return path === EXTREME_ROOT || path.startsWith(`${EXTREME_ROOT}/`);
}

/** The StorageClass `server` parameter: a mount target's domain and the path on the file system. */
export function nasServer(mountTargetDomain: string, path: string): string {
    return `${mountTargetDomain}:${path}`;
}

/** Splits a `server` parameter into the mount target's domain and the path; the path defaults to `/`. */
export function parseNasServer(server: string): { domain: string; path: string } {
    const colon = server.indexOf(":");
    if (colon < 0) return { domain: server, path: "/" };
    return { domain: server.slice(0, colon), path: server.slice(colon + 1) || "/" };
}

const NAS_NAME_RE = /^[A-Za-z][A-Za-z0-9_-]{2,63}$/;

/** Why a NasStorage component name cannot prefix its NAS names, or undefined when it can. */
export function nasNameProblem(component: string): string | undefined {
    const longest = `${component}-${NAS_CLASSES.reduce((a, b) => (b.length > a.length ? b : a))}`;
    // a per-zone class's file system description adds a zone suffix of up to two characters
    if (NAS_NAME_RE.test(longest) && NAS_NAME_RE.test(`${longest}-xx`)) return undefined;
    return `the NAS name ${JSON.stringify(longest)} must be 3-64 letters, digits, - or _, starting with a letter (61 with a zone suffix)`;
}

/**
 * The name of a NAS access group for one class of a NasStorage (`<component>-<class>`; access group names are
 * unique per region and file system type, hence the prefix), and with a zone the description of a per-zone
 * class's file system (`<component>-<class>-<zone suffix>`).
 */
export function nasResourceName(component: string, nasClass: NasClass, zone?: string): string {
    const problem = nasNameProblem(component);
    if (problem) throw new Error(problem);
    return zone === undefined ? `${component}-${nasClass}` : `${component}-${nasClass}-${zoneSuffix(zone)}`;
}

/** A StorageClass as the Kubernetes API takes it; `S` is the server's type (a string, or a Pulumi Output of one). */
export interface StorageClassBody<S> {
    readonly apiVersion: "storage.k8s.io/v1";
    readonly kind: "StorageClass";
    readonly metadata: { readonly name: string; readonly labels: Record<string, string> };
    readonly provisioner: string;
    readonly parameters: { readonly volumeAs: "subpath"; readonly server: S; readonly archiveOnDelete?: "true" | "false"; readonly volumeCapacity?: "true" };
    readonly mountOptions: string[];
    readonly reclaimPolicy: "Retain" | "Delete";
    readonly allowVolumeExpansion: boolean;
    readonly volumeBindingMode: "Immediate";
}

/**
 * The StorageClass of a class of NAS storage in a zone (the file system's), given its `server` (see
 * {@link nasServer}). Volumes are subdirectories of one file system (`volumeAs: subpath`); the driver gives them
 * no topology, so claims bind at once (`Immediate`) and a per-zone class says its zone in the label
 * `platform/zone` for the workloads to pin their pods to; expansion is allowed (it grows the directory quota
 * where there is one).
 */
export function storageClassBody<S>(nasClass: NasClass, server: S, zone: string): StorageClassBody<S> {
    const spec = NAS_CLASS_SPECS[nasClass];
    const labels = { "app.kubernetes.io/managed-by": "pulumi", "platform/nas-class": nasClass, ...(spec.perZone ? { [NAS_ZONE_LABEL]: zone } : {}) };
    return {
        apiVersion: "storage.k8s.io/v1",
        kind: "StorageClass",
        metadata: { name: nasClassName(nasClass, zone), labels },
        provisioner: NAS_PROVISIONER,
        parameters: {
            volumeAs: "subpath",
            server,
            // the driver reads it only when it deletes a volume (a Delete class)
            ...(spec.reclaimPolicy === "Delete" ? { archiveOnDelete: spec.archiveOnDelete ? "true" : "false" } : {}),
            ...(spec.directoryQuota ? { volumeCapacity: "true" as const } : {}),
        },
        mountOptions: [...NAS_MOUNT_OPTIONS],
        reclaimPolicy: spec.reclaimPolicy,
        allowVolumeExpansion: true,
        volumeBindingMode: "Immediate",
    };
}

/** The disk CSI driver's provisioner (ACK addon `csi-plugin`). */
export const DISK_PROVISIONER = "diskplugin.csi.alibabacloud.com";

/** ESSD performance levels, and the smallest disk of each (alibaba-cloud-csi-driver pkg/disk/category.go). */
export const ESSD_MIN_GIB = { PL0: 1, PL1: 20, PL2: 461, PL3: 1261 } as const;
/** An ESSD performance level. */
export type EssdPerformanceLevel = keyof typeof ESSD_MIN_GIB;

/**
 * The block-storage class of databases, time series and queues (ReadWriteOnce): an encrypted ESSD per volume at
 * the performance level of the conventions, ext4, bound where its pod is scheduled (`WaitForFirstConsumer`: a
 * disk lives in one zone), expandable, retained. Prometheus documents NFS as unsupported for its TSDB
 * (prometheus docs/storage.md); PostgreSQL and Redis want a block device too. Not named `alicloud-disk-*`, which
 * ACK's own classes use.
 */
export const DISK_CLASS = { className: "disk-essd", fsType: "ext4" } as const;

/** The disk StorageClass body. */
export function diskStorageClassBody(performanceLevel: EssdPerformanceLevel) {
    return {
        apiVersion: "storage.k8s.io/v1" as const,
        kind: "StorageClass" as const,
        metadata: { name: DISK_CLASS.className, labels: { "app.kubernetes.io/managed-by": "pulumi", "platform/storage-kind": "block" } },
        provisioner: DISK_PROVISIONER,
        parameters: { type: "cloud_essd", performanceLevel, encrypted: "true", "csi.storage.k8s.io/fstype": DISK_CLASS.fsType },
        reclaimPolicy: "Retain" as const,
        allowVolumeExpansion: true,
        volumeBindingMode: "WaitForFirstConsumer" as const,
    };
}
