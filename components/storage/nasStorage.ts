import * as alicloud from "@pulumi/alicloud";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { parseCidr } from "../../config/cidr";
import { Environment, NetworkName } from "../../config/topology";
import { platformTags, zoneSuffix } from "../network/naming";
import { EssdPerformanceLevel, NAS_CLASSES, NAS_CLASS_SPECS, NasClass, diskStorageClassBody, nasNameProblem, nasResourceName, nasServer, storageClassBody } from "./storageClasses";

/** Arguments for {@link NasStorage}. */
export interface NasStorageArgs {
    /** Which of the platform's networks the cluster runs in. */
    readonly network: NetworkName;
    /** The stack's environment, in the file systems' tags. */
    readonly environment: Environment;
    /** The cluster's VPC: the mount targets live in it. */
    readonly vpcId: pulumi.Input<string>;
    /** The VPC's CIDR: the access rules admit it, and nothing else. */
    readonly vpcCidr: string;
    /** The node vSwitches, in zone order: the general mount target goes in the first, each extreme one in its zone's. */
    readonly vswitchIds: readonly pulumi.Input<string>[];
    /** The zone of each of `vswitchIds`, same order: the general file system lives in the first, an extreme one in each. */
    readonly zoneIds: readonly string[];
    /** The cluster's Kubernetes provider: the StorageClasses are declared with it. */
    readonly provider: k8s.Provider;
    /** Tags added to the platform's own on the file systems. Defaults to none. */
    readonly tags?: Record<string, string>;
    /** The ESSD performance level of the cluster's disk class (conventions: storage.diskPerformanceLevel). Defaults to PL1. */
    readonly diskPerformanceLevel?: EssdPerformanceLevel;
    /** Each extreme NAS file system's capacity in GiB, a whole number of at least 100. Defaults to 100 (the smallest extreme size). */
    readonly extremeCapacityGiB?: number;
    /** Extreme NAS storage type: `standard` or `advance`. Defaults to `standard`. */
    readonly extremeStorageType?: "standard" | "advance";
}

/** The smallest extreme NAS file system, in GiB. */
export const EXTREME_MIN_CAPACITY_GIB = 100;

/** One file system of a class, where it is and how a StorageClass mounts it. */
interface NasVolumeHome {
    readonly fileSystemId: pulumi.Output<string>;
    readonly server: pulumi.Output<string>;
    readonly className: pulumi.Output<string>;
}

/**
 * A cluster's NAS storage: a general-purpose file system (standard, Performance) in the first zone, mounted
 * across the VPC's zones as NAS documents it, and one extreme file system per node zone (extreme NAS is zonal:
 * see NAS_CLASS_SPECS' `perZone`); all encrypted with a NAS-managed key and protected (deleting one deletes its
 * data). Per class an access group whose one rule admits the cluster's VPC; per file system a mount target in its
 * zone's node vSwitch and a StorageClass on the NAS CSI driver (`nas-general`, `nas-extreme-<zone suffix>`).
 * Besides, the block-storage class `disk-essd`.
 */
export class NasStorage extends pulumi.ComponentResource {
    /** The general-purpose StorageClass's name. */
    public readonly generalClassName: pulumi.Output<string>;
    /** The extreme StorageClasses' names, by zone id. */
    public readonly extremeClassNames: Record<string, pulumi.Output<string>>;
    /** The block-storage class (disk-essd) of databases, time series and queues. */
    public readonly diskClassName: pulumi.Output<string>;
    /** The file system ids: the general one, and the extreme ones by zone id. */
    public readonly fileSystemIds: { general: pulumi.Output<string>; extreme: Record<string, pulumi.Output<string>> };
    /** The StorageClass `server` parameters (mount target domain and path), as `fileSystemIds`. */
    public readonly servers: { general: pulumi.Output<string>; extreme: Record<string, pulumi.Output<string>> };

    constructor(name: string, args: NasStorageArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:storage:NasStorage", name, {}, opts);
        const capacity = args.extremeCapacityGiB ?? EXTREME_MIN_CAPACITY_GIB;
        const problems = nasStorageProblems(name, args, capacity);
        if (problems.length > 0) throw new Error(`NasStorage ${name}: ${problems.join("; ")}`);

        const declareClass = (nasClass: NasClass): NasVolumeHome[] => {
            const spec = NAS_CLASS_SPECS[nasClass];
            const group = new alicloud.nas.AccessGroup(
                `${name}-ag-${nasClass}`,
                { accessGroupName: nasResourceName(name, nasClass), accessGroupType: "Vpc", fileSystemType: spec.fileSystemType },
                { parent: this },
            );
            const rule = new alicloud.nas.AccessRule(
                `${name}-rule-${nasClass}`,
                {
                    accessGroupName: group.accessGroupName,
                    fileSystemType: spec.fileSystemType,
                    sourceCidrIp: args.vpcCidr,
                    rwAccessType: "RDWR",
                    userAccessType: "no_squash",
                    priority: 1,
                },
                { parent: this },
            );
            const zones = spec.perZone ? args.zoneIds.map((zone, i) => ({ zone, vswitchId: args.vswitchIds[i] })) : [{ zone: args.zoneIds[0], vswitchId: args.vswitchIds[0] }];
            return zones.map(({ zone, vswitchId }, i) => {
                // a per-zone class's children carry the zone; the first zone's were the class's only ones before
                const childName = (kind: string) => (spec.perZone ? `${name}-${kind}-${nasClass}-${zoneSuffix(zone)}` : `${name}-${kind}-${nasClass}`);
                const formerly = (kind: string) => (spec.perZone && i === 0 ? [{ name: `${name}-${kind}-${nasClass}` }] : []);
                const typeArgs =
                    spec.fileSystemType === "extreme"
                        ? { fileSystemType: "extreme", storageType: args.extremeStorageType ?? "standard", capacity }
                        : { fileSystemType: "standard", storageType: "Performance" };
                // no vpcId/vswitchId: reserved for CPFS, they diff forever on NAS and force a replacement
                const fs = new alicloud.nas.FileSystem(
                    childName("fs"),
                    {
                        protocolType: "NFS",
                        ...typeArgs,
                        zoneId: zone,
                        encryptType: 1,
                        description: spec.perZone ? nasResourceName(name, nasClass, zone) : nasResourceName(name, nasClass),
                        tags: platformTags(args.environment, args.network, { ...args.tags, "nas-class": nasClass }),
                    },
                    { parent: this, protect: true, aliases: formerly("fs") },
                );
                // protected: deleting a mount target under mounted volumes hangs the nodes that mount it
                const mountTarget = new alicloud.nas.MountTarget(
                    childName("mt"),
                    { fileSystemId: fs.id, accessGroupName: group.accessGroupName, networkType: "Vpc", vpcId: args.vpcId, vswitchId },
                    { parent: this, protect: true, dependsOn: [rule], aliases: formerly("mt") },
                );
                const server = mountTarget.mountTargetDomain.apply((domain) => nasServer(domain, spec.path));
                // a fixed name and immutable parameters: a changed class must go before its replacement comes
                const storageClass = new k8s.storage.v1.StorageClass(childName("sc"), storageClassBody(nasClass, server, zone), {
                    parent: this,
                    provider: args.provider,
                    deleteBeforeReplace: true,
                    aliases: formerly("sc"),
                });
                return { fileSystemId: fs.id, server, className: storageClass.metadata.name };
            });
        };
        const [[general], extreme] = NAS_CLASSES.map(declareClass);
        const byZone = (pick: (home: NasVolumeHome) => pulumi.Output<string>) => Object.fromEntries(args.zoneIds.map((zone, i) => [zone, pick(extreme[i])]));
        // block storage beside the NAS classes: the disk CSI addon comes with the cluster; parameters are
        // immutable, so a changed class goes before its replacement comes
        const disk = new k8s.storage.v1.StorageClass(`${name}-sc-disk`, diskStorageClassBody(args.diskPerformanceLevel ?? "PL1"), {
            parent: this,
            provider: args.provider,
            deleteBeforeReplace: true,
        });
        this.diskClassName = disk.metadata.name;

        this.generalClassName = general.className;
        this.extremeClassNames = byZone((h) => h.className);
        this.fileSystemIds = { general: general.fileSystemId, extreme: byZone((h) => h.fileSystemId) };
        this.servers = { general: general.server, extreme: byZone((h) => h.server) };
        this.registerOutputs({
            generalClassName: this.generalClassName,
            extremeClassNames: this.extremeClassNames,
            diskClassName: this.diskClassName,
            fileSystemIds: this.fileSystemIds,
            servers: this.servers,
        });
    }
}

/** What is wrong with a NasStorage's arguments, one sentence per problem; empty when nothing is. */
export function nasStorageProblems(name: string, args: NasStorageArgs, extremeCapacityGiB: number): string[] {
    const problems: string[] = [];
    const nameProblem = nasNameProblem(name);
    if (nameProblem) problems.push(nameProblem);
    if (!parseCidr(args.vpcCidr)) problems.push(`vpcCidr ${JSON.stringify(args.vpcCidr)} is not a CIDR block`);
    if (args.vswitchIds.length === 0) problems.push("at least one node vSwitch is required");
    if (args.vswitchIds.length !== args.zoneIds.length) {
        problems.push(`${args.vswitchIds.length} vSwitch ids but ${args.zoneIds.length} zone ids: give one zone per vSwitch, in the same order`);
    }
    if (!Number.isInteger(extremeCapacityGiB) || extremeCapacityGiB < EXTREME_MIN_CAPACITY_GIB) {
        problems.push(`extremeCapacityGiB must be a whole number of at least ${EXTREME_MIN_CAPACITY_GIB}, got ${extremeCapacityGiB}`);
    }
    return problems;
}
