import * as k8s from "@pulumi/kubernetes";
import { Vpc } from "../../components/network";
import { NasStorage } from "../../components/storage";
import { AnalyzedResource, Violation, analyze } from "../../engine/analyze";
import { platformPack } from "../../engine/pack";
import { toAnalyzed } from "../../engine/plan";
import { RecordingMonitor } from "../../engine/recorder";
import { installMonitor, settle } from "../../engine/run";
import { storagePolicies } from "../../policies/storage";

// The compliant fixture: the prod network and its cluster's NAS storage as the components declare them,
// recorded by the engine's monitor (with property dependencies, which the access-rule policy follows).
let compliant: AnalyzedResource[];
beforeAll(async () => {
    const monitor = new RecordingMonitor(async (name) => {
        throw new Error(`no StackReference expected, ${name} was read`);
    });
    installMonitor(monitor, "platform", "prod");
    const zones = [
        { zone: "cn-hangzhou-h", nodeCidr: "10.16.0.0/20", podCidr: "10.17.0.0/16" },
        { zone: "cn-hangzhou-i", nodeCidr: "10.16.16.0/20", podCidr: "10.18.0.0/16" },
    ];
    const vpc = new Vpc("prod", { network: "prod", environment: "prod", cidr: "10.16.0.0/12", zones, peers: [] });
    const provider = new k8s.Provider("prod-k8s", { kubeconfig: "apiVersion: v1" });
    new NasStorage("prod-nas", {
        network: "prod",
        environment: "prod",
        vpcId: vpc.vpcId,
        vpcCidr: vpc.cidr,
        vswitchIds: vpc.nodeVswitchIds,
        zoneIds: vpc.zoneIds,
        provider,
    });
    await settle(monitor);
    compliant = monitor.recorded.map(toAnalyzed);
});

type Mutable = { -readonly [K in keyof AnalyzedResource]: AnalyzedResource[K] };
const pack = () => ({ ...platformPack(), policies: storagePolicies });
const clone = (): Mutable[] => JSON.parse(JSON.stringify(compliant));
const find = (rs: Mutable[], name: string) => {
    const r = rs.find((x) => x.name === name);
    if (!r) throw new Error(`no resource ${name} in the fixture`);
    return r;
};
/** Sets a property on both the inputs and the outputs of a resource. */
const set = (r: Mutable, path: string[], value: unknown) => {
    for (const side of [r.inputs, r.outputs]) {
        let target = side as Record<string, unknown>;
        for (const key of path.slice(0, -1)) target = target[key] as Record<string, unknown>;
        if (value === undefined) delete target[path[path.length - 1]];
        else target[path[path.length - 1]] = value;
    }
};
/** A violation's message after the policy's description, which @pulumi/policy puts on the first line. */
const detail = (v: Violation) => v.message.slice(v.message.indexOf("\n") + 1);
const violationsOf = async (rs: Mutable[], policy: string): Promise<Violation[]> => (await analyze(pack(), rs)).filter((v) => v.policy === policy);

test("the fixture declares the NAS resources of one cluster", () => {
    expect(compliant.filter((r) => r.type.startsWith("alicloud:nas/")).map((r) => r.name).sort()).toEqual([
        "prod-nas-ag-extreme",
        "prod-nas-ag-general",
        "prod-nas-fs-extreme-h",
        "prod-nas-fs-extreme-i",
        "prod-nas-fs-general",
        "prod-nas-mt-extreme-h",
        "prod-nas-mt-extreme-i",
        "prod-nas-mt-general",
        "prod-nas-rule-extreme",
        "prod-nas-rule-general",
    ]);
});

test("NAS storage as the component declares it violates no storage policy", async () => {
    expect(await analyze(pack(), clone())).toEqual([]);
});

describe("nas-encrypted", () => {
    test.each([
        ["0", 0, "0"],
        ["unset", undefined, "unset (0, not encrypted)"],
    ])("fails for encryptType %s", async (_label, value, found) => {
        const rs = clone();
        set(find(rs, "prod-nas-fs-general"), ["encryptType"], value);
        const vs = await violationsOf(rs, "nas-encrypted");
        expect(vs).toHaveLength(1);
        expect(vs[0]).toMatchObject({ enforcementLevel: "mandatory", urn: find(rs, "prod-nas-fs-general").urn });
        expect(detail(vs[0])).toBe(
            `NAS file system prod-nas-fs-general: encryptType: expected 1 (NAS-managed key) or 2 (a KMS key, extreme NAS only); found ${found}. ` +
                "Fix: set encryptType: 1; encryption is chosen at creation, so an existing file system is replaced and its data must be copied first",
        );
    });

    test("passes with a KMS key (encryptType 2)", async () => {
        const rs = clone();
        set(find(rs, "prod-nas-fs-extreme-h"), ["encryptType"], 2);
        expect(await violationsOf(rs, "nas-encrypted")).toEqual([]);
    });
});

describe("nas-protected", () => {
    test("fails for a file system declared without protect", async () => {
        const rs = clone();
        find(rs, "prod-nas-fs-extreme-h").protect = false;
        const vs = await violationsOf(rs, "nas-protected");
        expect(vs).toHaveLength(1);
        expect(vs[0]).toMatchObject({ enforcementLevel: "mandatory", urn: find(rs, "prod-nas-fs-extreme-h").urn });
        expect(detail(vs[0])).toBe(
            "NAS file system prod-nas-fs-extreme-h: opts.protect: expected true; found false. " +
                "Fix: declare it with { protect: true }; to retire a file system, unprotect it in a reviewed change of its own",
        );
    });

    test("passes for an unprotected mount target (the policy is about file systems)", async () => {
        const rs = clone();
        find(rs, "prod-nas-mt-general").protect = false;
        expect(await violationsOf(rs, "nas-protected")).toEqual([]);
    });
});

describe("nas-access-vpc-only", () => {
    const withSource = (source: string) => {
        const rs = clone();
        set(find(rs, "prod-nas-rule-extreme"), ["sourceCidrIp"], source);
        return rs;
    };
    const mountingVpc = "the CIDR of the VPC that mounts access group prod-nas-extreme (VPC prod-vpc 10.16.0.0/12)";
    const fix = "Fix: set sourceCidrIp to the cluster VPC's CIDR (or a block inside it)";

    test.each([
        ["the whole internet", "0.0.0.0/0", "0.0.0.0/0, every address"],
        ["the ops network (in the address plan, but not the VPC that mounts it)", "10.0.0.0/16", "10.0.0.0/16"],
        ["a block wider than the VPC", "10.0.0.0/8", "10.0.0.0/8"],
    ])("fails for %s", async (_label, source, found) => {
        const rs = withSource(source);
        const vs = await violationsOf(rs, "nas-access-vpc-only");
        expect(vs).toHaveLength(1);
        expect(vs[0]).toMatchObject({ enforcementLevel: "mandatory", urn: find(rs, "prod-nas-rule-extreme").urn });
        expect(detail(vs[0])).toBe(`NAS access rule prod-nas-rule-extreme: sourceCidrIp: expected a block inside ${mountingVpc}; found ${found}. ${fix}`);
    });

    test.each([
        ["a node vSwitch of the VPC", "10.16.0.0/20"],
        ["a single address of the VPC", "10.16.0.10"],
    ])("passes for %s", async (_label, source) => {
        expect(await violationsOf(withSource(source), "nas-access-vpc-only")).toEqual([]);
    });

    test("finds the group by name and type when the engine recorded no dependency on it", async () => {
        const rs = withSource("10.0.0.0/16");
        for (const name of ["prod-nas-rule-extreme", "prod-nas-mt-extreme-h", "prod-nas-mt-extreme-i"]) {
            const r = find(rs, name);
            r.propertyDependencies = { ...r.propertyDependencies, accessGroupName: [] };
        }
        const vs = await violationsOf(rs, "nas-access-vpc-only");
        expect(vs.map(detail)).toEqual([`NAS access rule prod-nas-rule-extreme: sourceCidrIp: expected a block inside ${mountingVpc}; found 10.0.0.0/16. ${fix}`]);
    });

    describe("a group no mount target of the stack uses: checked against the stack's VPCs and the address plan", () => {
        const unmounted = (source: string) => withSource(source).filter((r) => !r.name.startsWith("prod-nas-mt-extreme-"));

        test("passes for another network of the address plan", async () => {
            expect(await violationsOf(unmounted("10.0.0.0/16"), "nas-access-vpc-only")).toEqual([]);
        });

        test("fails for the whole internet", async () => {
            const vs = await violationsOf(unmounted("0.0.0.0/0"), "nas-access-vpc-only");
            expect(vs.map(detail)).toEqual([
                `NAS access rule prod-nas-rule-extreme: sourceCidrIp: expected a block inside the CIDR of a VPC of the stack or of the address plan; found 0.0.0.0/0, every address. ${fix}`,
            ]);
        });
    });
});

describe("nas-storageclass-conventions", () => {
    const fixOptions = 'Fix: set mountOptions: ["nolock,tcp,noresvport","vers=3"]';

    test.each([
        ["without vers=3", ["nolock,tcp,noresvport"], "vers=3"],
        ["with NFSv4", ["nolock,tcp,noresvport", "vers=4.0"], "vers=3"],
        ["without mount options", undefined, "nolock, tcp, noresvport, vers=3"],
    ])("fails %s", async (_label, options, missing) => {
        const rs = clone();
        set(find(rs, "prod-nas-sc-general"), ["mountOptions"], options);
        const vs = await violationsOf(rs, "nas-storageclass-conventions");
        expect(vs).toHaveLength(1);
        expect(vs[0]).toMatchObject({ enforcementLevel: "mandatory", urn: find(rs, "prod-nas-sc-general").urn });
        expect(detail(vs[0])).toBe(
            `StorageClass nas-general: mountOptions: expected ["nolock,tcp,noresvport","vers=3"] (missing ${missing}); found ${JSON.stringify(options ?? [])}. ${fixOptions}`,
        );
    });

    test("passes for the same options written as one", async () => {
        const rs = clone();
        set(find(rs, "prod-nas-sc-general"), ["mountOptions"], ["vers=3,nolock,tcp,noresvport"]);
        expect(await violationsOf(rs, "nas-storageclass-conventions")).toEqual([]);
    });

    test("fails for an extreme class whose path is not under /share", async () => {
        const rs = clone();
        const sc = find(rs, "prod-nas-sc-extreme-h");
        const server = (sc.inputs.parameters as Record<string, string>).server.replace(":/share/k8s", ":/shared/k8s");
        set(sc, ["parameters", "server"], server);
        const vs = await violationsOf(rs, "nas-storageclass-conventions");
        expect(vs.map(detail)).toEqual([
            `StorageClass nas-extreme-h: parameters.server: expected a path under /share (extreme NAS exports only /share); found ${server}. ` +
                "Fix: mount a directory under /share, e.g. <mount target domain>:/share/k8s",
        ]);
    });

    test.each([
        ["Delete", "Delete"],
        ["unset", undefined],
    ])("fails for an extreme class with reclaimPolicy %s", async (_label, value) => {
        const rs = clone();
        set(find(rs, "prod-nas-sc-extreme-h"), ["reclaimPolicy"], value);
        const vs = await violationsOf(rs, "nas-storageclass-conventions");
        expect(vs.map(detail)).toEqual([
            `StorageClass nas-extreme-h: reclaimPolicy: expected Retain (extreme NAS holds the stateful workloads' data); found ${value ?? "unset (Delete)"}. Fix: set reclaimPolicy: Retain`,
        ]);
    });

    test("a general class may delete its volumes (they are archived)", async () => {
        const rs = clone();
        expect(find(rs, "prod-nas-sc-general").inputs.reclaimPolicy).toBe("Delete");
        expect(await violationsOf(rs, "nas-storageclass-conventions")).toEqual([]);
    });

    test("ignores classes of other provisioners", async () => {
        const rs = clone();
        const sc = find(rs, "prod-nas-sc-extreme-h");
        set(sc, ["provisioner"], "diskplugin.csi.alibabacloud.com");
        set(sc, ["mountOptions"], undefined);
        expect(await violationsOf(rs, "nas-storageclass-conventions")).toEqual([]);
    });
});
