import { StorageClass } from "kubernetes-models/storage.k8s.io/v1";
import {
    NAS_CLASSES,
    NAS_CLASS_SPECS,
    NAS_MOUNT_OPTIONS,
    SHARED_CLASS_PATTERNS,
    classNameMatches,
    isUnderExtremeRoot,
    nasClassName,
    nasNameProblem,
    nasResourceName,
    nasServer,
    parseNasServer,
    storageClassBody,
    diskStorageClassBody,
    ESSD_MIN_GIB,
} from "../../components/storage/storageClasses";
import { PLATFORM_DEFAULTS } from "../../policies/platformDefaults";

const GENERAL_DOMAIN = "0a1b2c3d4e-abc12.cn-hangzhou.nas.aliyuncs.com";
const EXTREME_DOMAIN = "0a1b2c3d-xyz98.cn-hangzhou.extreme.nas.aliyuncs.com";

describe("the class specs", () => {
    test.each([
        ["general", "nas-general", false, "standard", "/k8s", "Delete", true, true],
        ["extreme", "nas-extreme", true, "extreme", "/share/k8s", "Retain", false, false],
    ] as const)("%s: class %s (per zone: %s) on %s NAS, path %s, reclaim %s, archive %s, directory quota %s", (nasClass, className, perZone, fileSystemType, path, reclaimPolicy, archiveOnDelete, directoryQuota) => {
        expect(NAS_CLASS_SPECS[nasClass]).toEqual({ className, perZone, fileSystemType, path, reclaimPolicy, archiveOnDelete, directoryQuota });
    });

    test.each([
        ["general", "cn-hangzhou-h", "nas-general"],
        ["general", "cn-hangzhou-i", "nas-general"],
        ["extreme", "cn-hangzhou-h", "nas-extreme-h"],
        ["extreme", "cn-shanghai-l", "nas-extreme-l"],
        ["extreme", "ap-southeast-1a", "nas-extreme-1a"],
    ] as const)("the %s class in %s is %s", (nasClass, zone, name) => expect(nasClassName(nasClass, zone)).toBe(name));

    test("shared claims may name nas-general, any zone's extreme class or an IDC's NFS class, and nothing else", () => {
        expect(SHARED_CLASS_PATTERNS).toEqual(["nas-general", "nas-extreme-*", "nfs-shared"]);
        expect(PLATFORM_DEFAULTS.sharedStorageClasses).toEqual(["nas-general", "nas-extreme-*", "nfs-shared"]);
        const shared = (name: string) => SHARED_CLASS_PATTERNS.some((p) => classNameMatches(p, name));
        expect(["nas-general", "nas-extreme-h", "nas-extreme-1a"].filter(shared)).toHaveLength(3);
        expect(["nas-extreme", "nas-extreme-", "nas-general-h", "disk-essd", "", "nas-extrem-h"].filter(shared)).toEqual([]);
    });

    test("both classes, general first", () => expect(NAS_CLASSES).toEqual(["general", "extreme"]));
    test("the extreme path lies under /share", () => expect(isUnderExtremeRoot(NAS_CLASS_SPECS.extreme.path)).toBe(true));
});

describe("isUnderExtremeRoot", () => {
    test.each([
        ["/share", true],
        ["/share/k8s", true],
        ["/share/a/b", true],
        ["/shared", false],
        ["/k8s", false],
        ["/", false],
        ["share/k8s", false],
    ])("%s -> %s", (path, under) => expect(isUnderExtremeRoot(path)).toBe(under));
});

describe("nasServer and parseNasServer", () => {
    test.each([
        [GENERAL_DOMAIN, "/k8s", `${GENERAL_DOMAIN}:/k8s`],
        [EXTREME_DOMAIN, "/share/k8s", `${EXTREME_DOMAIN}:/share/k8s`],
    ])("%s + %s", (domain, path, server) => {
        expect(nasServer(domain, path)).toBe(server);
        expect(parseNasServer(server)).toEqual({ domain, path });
    });

    test.each([
        [GENERAL_DOMAIN, { domain: GENERAL_DOMAIN, path: "/" }],
        [`${GENERAL_DOMAIN}:`, { domain: GENERAL_DOMAIN, path: "/" }],
    ])("%s without a path mounts the root", (server, parsed) => expect(parseNasServer(server)).toEqual(parsed));
});

describe("nasResourceName", () => {
    test.each([
        ["prod-nas", "general", "prod-nas-general"],
        ["ops-nas", "extreme", "ops-nas-extreme"],
        ["a", "general", "a-general"],
    ] as const)("%s/%s -> %s", (component, nasClass, name) => {
        expect(nasNameProblem(component)).toBeUndefined();
        expect(nasResourceName(component, nasClass)).toBe(name);
    });

    test("with a zone: the description of a per-zone file system", () => expect(nasResourceName("prod-nas", "extreme", "cn-hangzhou-i")).toBe("prod-nas-extreme-i"));

    test.each([
        ["1prod", "starting with a letter"],
        ["prod.nas", "letters, digits, - or _"],
        ["x".repeat(57), "3-64"],
        ["x".repeat(54), "61 with a zone suffix"],
    ])("%s is refused", (component, why) => {
        expect(nasNameProblem(component)).toContain(why);
        expect(() => nasResourceName(component, "general")).toThrow(why);
    });
});

describe("diskStorageClassBody: block storage for databases, time series and queues", () => {
    test("an encrypted ESSD per volume at the given level, ext4, bound where the pod lands, retained, expandable; not one of ACK's names", () => {
        const body = diskStorageClassBody("PL1");
        expect(body).toEqual({
            apiVersion: "storage.k8s.io/v1",
            kind: "StorageClass",
            metadata: { name: "disk-essd", labels: { "app.kubernetes.io/managed-by": "pulumi", "platform/storage-kind": "block" } },
            provisioner: "diskplugin.csi.alibabacloud.com",
            parameters: { type: "cloud_essd", performanceLevel: "PL1", encrypted: "true", "csi.storage.k8s.io/fstype": "ext4" },
            reclaimPolicy: "Retain",
            allowVolumeExpansion: true,
            volumeBindingMode: "WaitForFirstConsumer",
        });
        expect(body.metadata.name.startsWith("alicloud-")).toBe(false);
        expect(() => new StorageClass(body).validate()).not.toThrow();
        expect(ESSD_MIN_GIB.PL1).toBe(20);
    });
});

describe("storageClassBody", () => {
    test.each([
        // general: archived on delete, a directory quota of the claim's size; extreme: retained (archiveOnDelete
        // would not apply), no quota (the driver sets SetDirQuota on general-purpose NAS only)
        // general: one class for every zone; extreme: the zone's class, labelled with its zone
        ["general", `${GENERAL_DOMAIN}:/k8s`, "nas-general", "Delete", { archiveOnDelete: "true", volumeCapacity: "true" }, {}],
        ["extreme", `${EXTREME_DOMAIN}:/share/k8s`, "nas-extreme-i", "Retain", {}, { "platform/zone": "cn-hangzhou-i" }],
    ] as const)("%s", (nasClass, server, name, reclaimPolicy, extra, zoneLabel) => {
        const body = storageClassBody(nasClass, server, "cn-hangzhou-i");
        expect(body).toEqual({
            apiVersion: "storage.k8s.io/v1",
            kind: "StorageClass",
            metadata: { name, labels: { "app.kubernetes.io/managed-by": "pulumi", "platform/nas-class": nasClass, ...zoneLabel } },
            provisioner: "nasplugin.csi.alibabacloud.com",
            parameters: { volumeAs: "subpath", server, ...extra },
            mountOptions: ["nolock,tcp,noresvport", "vers=3"],
            reclaimPolicy,
            allowVolumeExpansion: true,
            volumeBindingMode: "Immediate",
        });
        expect(() => new StorageClass(body).validate()).not.toThrow();
    });

    test("each body gets its own copy of the mount options", () => {
        const body = storageClassBody("general", "x", "cn-hangzhou-h");
        body.mountOptions.push("soft");
        expect(NAS_MOUNT_OPTIONS).toEqual(["nolock,tcp,noresvport", "vers=3"]);
    });
});
