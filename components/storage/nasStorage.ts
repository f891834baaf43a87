import * as alicloud from "@pulumi/alicloud";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { parseCidr } from "../../config/cidr";
import { Environment, NetworkName } from "../../config/topology";
import { platformTags } from "../network/naming";
import { EssdPerformanceLevel, NAS_CLASSES, NAS_CLASS_SPECS, NasClass, diskStorageClassBody, nasNameProblem, nasResourceName, nasServer, storageClassBody } from "./storageClasses";

/** Arguments for {@link NasStorage}. */
export interface NasStorageArgs {
    /** Which of the platform's networks the cluster runs in. */
    readonly network: NetworkName;
    readonly environment: Environment;
    /** The cluster's VPC: the mount targets live in it. */
    readonly vpcId: pulumi.Input<string>;
    /** The VPC's CIDR: the access rules admit it, and nothing else. */
    readonly vpcCidr: string;
    /** The node vSwitches, in zone order. The mount targets go in the first one. */
    readonly vswitchIds: readonly pulumi.Input<string>[];
    /** The zone of each of `vswitchIds`, same order. The file systems live in the first zone. */
    readonly zoneIds: readonly string[];
    /** The cluster's Kubernetes provider: the StorageClasses are declared with it. */
    readonly provider: k8s.Provider;
    /** Tags added to the platform's own on the file systems. Defaults to none. */
    readonly tags?: Record<string, string>;
    /** The ESSD performance level of the cluster's disk class (conventions: storage.diskPerformanceLevel). Defaults to PL1. */
    readonly diskPerformanceLevel?: EssdPerformanceLevel;
    /** Extreme NAS capacity in GiB, a whole number of at least 100. Defaults to 100 (the smallest extreme size). */
    readonly extremeCapacityGiB?: number;
    /** Extreme NAS storage type: `standard` or `advance`. Defaults to `standard`. */
    readonly extremeStorageType?: "standard" | "advance";
}

/** The smallest extreme NAS file system, in GiB. */
export const EXTREME_MIN_CAPACITY_GIB = 100;

/**
 * A cluster's NAS storage: a general-purpose file system (standard, Performance) and an extreme one, both
 * encrypted with a NAS-managed key and protected (deleting one deletes its data); for each, an access group
 * whose one rule admits the cluster's VPC, a mount target in the first zone's node vSwitch, and a StorageClass
 * on the NAS CSI driver (`nas-general`, `nas-extreme`).
 *
 * One mount target per file system: a StorageClass names one `server`, a mount target is no more available
 * than the file system it fronts (both live in the first zone), and NAS is mounted across zones of a VPC.
 */
export class NasStorage extends pulumi.ComponentResource {
    /** The general-purpose StorageClass's name. */
    public readonly generalClassName: pulumi.Output<string>;
    /** The extreme StorageClass's name (the stateful workloads' class). */
    public readonly extremeClassName: pulumi.Output<string>;
    /** The block-storage class (disk-essd) of databases, time series and queues. */
    public readonly diskClassName: pulumi.Output<string>;
    /** The file system ids, per class. */
    public readonly fileSystemIds: Record<NasClass, pulumi.Output<string>>;
    /** The StorageClass `server` parameters (mount target domain and path), per class. */
    public readonly servers: Record<NasClass, pulumi.Output<string>>;

    constructor(name: string, args: NasStorageArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:storage:NasStorage", name, {}, opts);
        const capacity = args.extremeCapacityGiB ?? EXTREME_MIN_CAPACITY_GIB;
        const problems = nasStorageProblems(name, args, capacity);
        if (problems.length > 0) throw new Error(`NasStorage ${name}: ${problems.join("; ")}`);
        const zoneId = args.zoneIds[0];

        const declare = (nasClass: NasClass) => {
            const spec = NAS_CLASS_SPECS[nasClass];
            const nasName = nasResourceName(name, nasClass);
            const typeArgs =
                spec.fileSystemType === "extreme"
                    ? { fileSystemType: "extreme", storageType: args.extremeStorageType ?? "standard", capacity }
                    : { fileSystemType: "standard", storageType: "Performance" };
            // no vpcId/vswitchId: reserved for CPFS, they diff forever on NAS and force a replacement
            const fs = new alicloud.nas.FileSystem(
                `${name}-fs-${nasClass}`,
                {
                    protocolType: "NFS",
                    ...typeArgs,
                    zoneId,
                    encryptType: 1,
                    description: nasName,
                    tags: platformTags(args.environment, args.network, { ...args.tags, "nas-class": nasClass }),
                },
                { parent: this, protect: true },
            );
            const group = new alicloud.nas.AccessGroup(
                `${name}-ag-${nasClass}`,
                { accessGroupName: nasName, accessGroupType: "Vpc", fileSystemType: spec.fileSystemType },
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
            // protected: deleting a mount target under mounted volumes hangs the nodes that mount it
            const mountTarget = new alicloud.nas.MountTarget(
                `${name}-mt-${nasClass}`,
                { fileSystemId: fs.id, accessGroupName: group.accessGroupName, networkType: "Vpc", vpcId: args.vpcId, vswitchId: args.vswitchIds[0] },
                { parent: this, protect: true, dependsOn: [rule] },
            );
            const server = mountTarget.mountTargetDomain.apply((domain) => nasServer(domain, spec.path));
            // a fixed name and immutable parameters: a changed class must go before its replacement comes
            const storageClass = new k8s.storage.v1.StorageClass(`${name}-sc-${nasClass}`, storageClassBody(nasClass, server), {
                parent: this,
                provider: args.provider,
                deleteBeforeReplace: true,
            });
            return { fileSystemId: fs.id, server, className: storageClass.metadata.name };
        };
        const [general, extreme] = NAS_CLASSES.map(declare);
        // block storage beside the NAS classes: the disk CSI addon comes with the cluster; parameters are
        // immutable, so a changed class goes before its replacement comes
        const disk = new k8s.storage.v1.StorageClass(`${name}-sc-disk`, diskStorageClassBody(args.diskPerformanceLevel ?? "PL1"), {
            parent: this,
            provider: args.provider,
            deleteBeforeReplace: true,
        });
        this.diskClassName = disk.metadata.name;

        this.generalClassName = general.className;
        this.extremeClassName = extreme.className;
        this.fileSystemIds = { general: general.fileSystemId, extreme: extreme.fileSystemId };
        this.servers = { general: general.server, extreme: extreme.server };
        this.registerOutputs({
            generalClassName: this.generalClassName,
            extremeClassName: this.extremeClassName,
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
