import * as k8s from "@pulumi/kubernetes";
import { StorageClass } from "kubernetes-models/storage.k8s.io/v1";
import { NasStorage, NasStorageArgs } from "../../components/storage";
import { record } from "../support/mocks";

const PARENT = "urn:pulumi:test::platform::platform:storage:NasStorage::prod-nas";
const PROVIDER = "urn:pulumi:test::platform::pulumi:providers:kubernetes::prod-k8s";
const child = (type: string, name: string) => `urn:pulumi:test::platform::platform:storage:NasStorage$${type}::${name}`;
const FS = "alicloud:nas/fileSystem:FileSystem";
const GROUP = "alicloud:nas/accessGroup:AccessGroup";
const RULE = "alicloud:nas/accessRule:AccessRule";
const MOUNT = "alicloud:nas/mountTarget:MountTarget";
const CLASS = "kubernetes:storage.k8s.io/v1:StorageClass";

const declare = (patch: Partial<NasStorageArgs> = {}) =>
    record(() => {
        const provider = new k8s.Provider("prod-k8s", { kubeconfig: "apiVersion: v1" });
        new NasStorage("prod-nas", {
            network: "prod",
            environment: "prod",
            vpcId: "vpc-prod",
            vpcCidr: "10.16.0.0/12",
            vswitchIds: ["vsw-h", "vsw-i"],
            zoneIds: ["cn-hangzhou-h", "cn-hangzhou-i"],
            provider,
            tags: { team: "platform" },
            ...patch,
        });
    });

describe("NasStorage", () => {
    test("declares per class an access group and its rule; a file system, mount target and StorageClass for general, and for extreme in each zone", async () => {
        const rec = await declare();
        expect(rec.resources.map((r) => `${r.type} ${r.name}`).sort()).toEqual([
            `${GROUP} prod-nas-ag-extreme`,
            `${GROUP} prod-nas-ag-general`,
            `${RULE} prod-nas-rule-extreme`,
            `${RULE} prod-nas-rule-general`,
            `${FS} prod-nas-fs-extreme-h`,
            `${FS} prod-nas-fs-extreme-i`,
            `${FS} prod-nas-fs-general`,
            `${MOUNT} prod-nas-mt-extreme-h`,
            `${MOUNT} prod-nas-mt-extreme-i`,
            `${MOUNT} prod-nas-mt-general`,
            `${CLASS} prod-nas-sc-disk`,
            `${CLASS} prod-nas-sc-extreme-h`,
            `${CLASS} prod-nas-sc-extreme-i`,
            `${CLASS} prod-nas-sc-general`,
            "platform:storage:NasStorage prod-nas",
            "pulumi:providers:kubernetes prod-k8s",
        ]);
        for (const r of rec.resources.filter((r) => r.type.startsWith("alicloud:") || r.type.startsWith("kubernetes:"))) expect(r.parent).toBe(PARENT);
        // the file systems hold the data, and a mount target deleted under mounted volumes hangs the nodes
        expect(rec.resources.filter((r) => r.protect).map((r) => r.name).sort()).toEqual([
            "prod-nas-fs-extreme-h",
            "prod-nas-fs-extreme-i",
            "prod-nas-fs-general",
            "prod-nas-mt-extreme-h",
            "prod-nas-mt-extreme-i",
            "prod-nas-mt-general",
        ]);
    });

    test("the first zone's extreme resources are the ones the single extreme class had (aliases), so an existing file system is kept", async () => {
        const rec = await declare();
        for (const kind of ["fs", "mt", "sc"]) {
            // (the StorageClass's other alias is the provider's own, to storage.k8s.io/v1beta1)
            const own = (name: string) => rec.byName(name).aliases.filter((a) => !a.includes("v1beta1"));
            expect(own(`prod-nas-${kind}-extreme-h`)).toEqual([expect.stringMatching(new RegExp(`::prod-nas-${kind}-extreme$`))]);
            expect(own(`prod-nas-${kind}-extreme-i`)).toEqual([]);
        }
    });

    test("an extreme file system in each zone, its mount target in that zone's vSwitch", async () => {
        const rec = await declare();
        expect(rec.ofType(FS).filter((r) => r.inputs.fileSystemType === "extreme").map((r) => [r.name, r.inputs.zoneId, r.inputs.description]).sort()).toEqual([
            ["prod-nas-fs-extreme-h", "cn-hangzhou-h", "prod-nas-extreme-h"],
            ["prod-nas-fs-extreme-i", "cn-hangzhou-i", "prod-nas-extreme-i"],
        ]);
        for (const zone of ["h", "i"]) {
            const mount = rec.byName(`prod-nas-mt-extreme-${zone}`);
            expect(mount.inputs).toMatchObject({ accessGroupName: "prod-nas-extreme", vswitchId: `vsw-${zone}` });
            expect(mount.dependencies).toContain(child(FS, `prod-nas-fs-extreme-${zone}`));
            const sc = rec.byName(`prod-nas-sc-extreme-${zone}`);
            expect(sc.inputs.metadata).toEqual({ name: `nas-extreme-${zone}`, labels: expect.objectContaining({ "platform/zone": `cn-hangzhou-${zone}` }) });
            expect((sc.inputs.parameters as Record<string, string>).server).toBe(`${String(mount.state.mountTargetDomain)}:/share/k8s`);
        }
    });

    test("the file systems: standard Performance and extreme, encrypted, the general one in the first zone, never with a VPC or vSwitch", async () => {
        const rec = await declare();
        // the platform's tags (owner, environment, network), the component's, then the class's
        const tags = (nasClass: string) => ({ "managed-by": "pulumi", platform: "kube-platform", environment: "prod", network: "prod", team: "platform", "nas-class": nasClass });
        expect(rec.byName("prod-nas-fs-general").inputs).toEqual({
            protocolType: "NFS",
            fileSystemType: "standard",
            storageType: "Performance",
            zoneId: "cn-hangzhou-h",
            encryptType: 1,
            description: "prod-nas-general",
            tags: tags("general"),
        });
        expect(rec.byName("prod-nas-fs-extreme-h").inputs).toEqual({
            protocolType: "NFS",
            fileSystemType: "extreme",
            storageType: "standard",
            capacity: 100,
            zoneId: "cn-hangzhou-h",
            encryptType: 1,
            description: "prod-nas-extreme-h",
            tags: tags("extreme"),
        });
    });

    test.each(["general", "extreme"] as const)("%s: the access group admits the VPC's CIDR only, through the first zone's mount target there", async (nasClass) => {
        const rec = await declare();
        const fileSystemType = nasClass === "general" ? "standard" : "extreme";
        expect(rec.byName(`prod-nas-ag-${nasClass}`).inputs).toEqual({ accessGroupName: `prod-nas-${nasClass}`, accessGroupType: "Vpc", fileSystemType });
        expect(rec.ofType(RULE).filter((r) => r.inputs.fileSystemType === fileSystemType).map((r) => r.inputs)).toEqual([
            { accessGroupName: `prod-nas-${nasClass}`, fileSystemType, sourceCidrIp: "10.16.0.0/12", rwAccessType: "RDWR", userAccessType: "no_squash", priority: 1 },
        ]);
        const first = nasClass === "general" ? "general" : "extreme-h";
        const mount = rec.byName(`prod-nas-mt-${first}`);
        const fileSystemId = nasClass === "general" ? /^[0-9a-f]{10}$/ : /^extreme-[0-9a-f]{8}$/;
        expect(mount.inputs).toEqual({ fileSystemId: expect.stringMatching(fileSystemId), accessGroupName: `prod-nas-${nasClass}`, networkType: "Vpc", vpcId: "vpc-prod", vswitchId: "vsw-h" });
        expect(mount.dependencies).toEqual(expect.arrayContaining([child(RULE, `prod-nas-rule-${nasClass}`), child(FS, `prod-nas-fs-${first}`)]));
    });

    test.each([
        ["general", "general", "nas-general", /^[0-9a-f]{10}-[0-9a-f]{5}\.cn-hangzhou\.nas\.aliyuncs\.com:\/k8s$/, "Delete", {}],
        ["extreme", "extreme-h", "nas-extreme-h", /^[0-9a-f]{8}-[0-9a-f]{5}\.cn-hangzhou\.extreme\.nas\.aliyuncs\.com:\/share\/k8s$/, "Retain", { "platform/zone": "cn-hangzhou-h" }],
    ] as const)("%s: the StorageClass %s mounts its mount target's domain", async (nasClass, child_, name, server, reclaimPolicy, zoneLabel) => {
        const rec = await declare();
        const sc = rec.byName(`prod-nas-sc-${child_}`);
        expect(sc.provider).toBe(PROVIDER);
        expect(sc.dependencies).toContain(child(MOUNT, `prod-nas-mt-${child_}`));
        const domain = rec.byName(`prod-nas-mt-${child_}`).state.mountTargetDomain;
        expect(sc.inputs).toEqual({
            apiVersion: "storage.k8s.io/v1",
            kind: "StorageClass",
            metadata: { name, labels: { "app.kubernetes.io/managed-by": "pulumi", "platform/nas-class": nasClass, ...zoneLabel } },
            provisioner: "nasplugin.csi.alibabacloud.com",
            parameters: { volumeAs: "subpath", server: expect.stringMatching(server), ...(nasClass === "general" ? { archiveOnDelete: "true", volumeCapacity: "true" } : {}) },
            mountOptions: ["nolock,tcp,noresvport", "vers=3"],
            reclaimPolicy,
            allowVolumeExpansion: true,
            volumeBindingMode: "Immediate",
        });
        expect((sc.inputs.parameters as Record<string, string>).server.startsWith(`${String(domain)}:`)).toBe(true);
        expect(() => new StorageClass(sc.inputs as ConstructorParameters<typeof StorageClass>[0]).validate()).not.toThrow();
    });

    test("outputs the class names, the file system ids and the servers", async () => {
        const rec = await declare();
        const fsId = (c: string) => rec.byName(`prod-nas-mt-${c}`).inputs.fileSystemId;
        const server = (c: string) => (rec.byName(`prod-nas-sc-${c}`).inputs.parameters as Record<string, string>).server;
        expect(rec.byName("prod-nas").state).toEqual({
            generalClassName: "nas-general",
            extremeClassNames: { "cn-hangzhou-h": "nas-extreme-h", "cn-hangzhou-i": "nas-extreme-i" },
            diskClassName: "disk-essd",
            fileSystemIds: { general: fsId("general"), extreme: { "cn-hangzhou-h": fsId("extreme-h"), "cn-hangzhou-i": fsId("extreme-i") } },
            servers: { general: server("general"), extreme: { "cn-hangzhou-h": server("extreme-h"), "cn-hangzhou-i": server("extreme-i") } },
        });
        expect(fsId("extreme-h")).toMatch(/^extreme-/);
        expect(fsId("extreme-h")).not.toBe(fsId("extreme-i"));
    });

    test("takes the extreme capacity and storage type", async () => {
        const rec = await declare({ extremeCapacityGiB: 500, extremeStorageType: "advance" });
        for (const zone of ["h", "i"]) expect(rec.byName(`prod-nas-fs-extreme-${zone}`).inputs).toMatchObject({ capacity: 500, storageType: "advance" });
    });

    test("reports every problem of its arguments before declaring anything", async () => {
        let declared = 0;
        await expect(
            record(() => {
                const provider = new k8s.Provider("k", { kubeconfig: "x" });
                declared = 1;
                new NasStorage("9nas", {
                    network: "prod",
                    environment: "prod",
                    vpcId: "vpc-prod",
                    vpcCidr: "10.16.0.1/12",
                    vswitchIds: ["vsw-h"],
                    zoneIds: ["cn-hangzhou-h", "cn-hangzhou-i"],
                    provider,
                    extremeCapacityGiB: 50,
                });
                declared = 2;
            }),
        ).rejects.toThrow(
            'NasStorage 9nas: the NAS name "9nas-general" must be 3-64 letters, digits, - or _, starting with a letter (61 with a zone suffix); vpcCidr "10.16.0.1/12" is not a CIDR block; ' +
                "1 vSwitch ids but 2 zone ids: give one zone per vSwitch, in the same order; extremeCapacityGiB must be a whole number of at least 100, got 50",
        );
        expect(declared).toBe(1);
    });
});
