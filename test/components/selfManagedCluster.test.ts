import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as YAML from "yaml";
import { CALICO_VALUES_FREE_FORM } from "../../components/cluster/calico";
import { SelfManagedCluster, SelfManagedClusterArgs } from "../../components/cluster/selfManagedCluster";
import { layoutProblems, selfManagedNodes } from "../../components/cluster/selfManagedLayout";
import { ClusterSettings, RawSettings, Settings, parseSettings, readConventionsFile } from "../../config/load";
import { validateChartValues } from "../../engine/reference/chartValues";
import { readStackConfig } from "../../engine/stackConfig";
import { expectProblems, problemsOf } from "../config/settingsAssertions";
import { record } from "../support/mocks";
import { cachedRender } from "../support/renderCache";
import { PLATFORM_RESOURCES } from "../../components/kubernetes/resources";
import { releasesOf } from "../../engine/render/releases";
import { crdVersionsOf, validateCustomResourceWith } from "../../engine/reference/crd";

const ROOT = path.resolve(__dirname, "../..");
const FIXTURE = path.join(ROOT, "Pulumi.idc.yaml");
const PRIVATE_KEY = "-----BEGIN OPENSSH PRIVATE KEY-----\nnot-a-real-key\n-----END OPENSSH PRIVATE KEY-----\n";
const tempDirs: string[] = [];
afterAll(() => tempDirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** The fixture's settings as the engine reads them: Pulumi.yaml's defaults, secure values as secret placeholders. */
function fixtureRaw(edit: (text: string) => string = (t) => t): RawSettings {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "idc-"));
    tempDirs.push(dir);
    fs.copyFileSync(path.join(ROOT, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
    fs.writeFileSync(path.join(dir, "Pulumi.idc.yaml"), edit(fs.readFileSync(FIXTURE, "utf8")));
    const { config, secretKeys } = readStackConfig(dir, "idc");
    return { stack: "idc", config, conventions: readConventionsFile(), secretKeys };
}

describe("the IDC example settings (Pulumi.idc.yaml)", () => {
    test("parse: a self-managed nonprod cluster with Calico peering with two fabric routers", () => {
        const raw = fixtureRaw();
        expect(raw.secretKeys).toEqual(["platform:nodeSshPrivateKey"]);
        const settings = parseSettings(raw);
        expect(settings.environment).toBe("nonprod");
        expect(settings.nodeSshPublicKey).toMatch(/^ssh-ed25519 /);
        expect(settings.clusters).toHaveLength(1);
        expect(settings.clusters[0]).toMatchObject({ network: "nonprod", kind: "selfManaged", kubernetesVersion: "v1.32.5", deletionProtection: false });
        expect(settings.clusters[0].pools.map((p) => [p.name, p.desiredSize, p.zones])).toEqual([
            ["general", 3, ["cn-hangzhou-h", "cn-hangzhou-i", "cn-hangzhou-j"]],
            ["stateful", 2, ["cn-hangzhou-h", "cn-hangzhou-i"]],
        ]);
        expect(settings.clusters[0].selfManaged).toEqual({
            controlPlaneCount: 3,
            kubekeyVersion: "v3.1.10",
            fabric: "overlay",
            nfs: { server: "nfs.idc.corp.internal", path: "/export/k8s" },
            hosts: [
                ...[1, 2, 3].map((i) => ({ name: `idc-cp-${i}`, address: `10.100.1.1${i}`, role: "control-plane" })),
                ...[1, 2, 3].map((i) => ({ name: `idc-node-${i}`, address: `10.100.1.2${i}`, role: "general" })),
                { name: "idc-node-4", address: "10.100.1.31", role: "stateful" },
                { name: "idc-node-5", address: "10.100.1.32", role: "stateful" },
            ],
            calico: {
                mode: "bgp",
                ipPool: "172.20.0.0/16",
                asNumber: 64512,
                bgpPeers: [
                    { address: "10.100.0.1", asNumber: 65001 },
                    { address: "10.100.0.2", asNumber: 65001 },
                ],
            },
        });
    });

    test("an IP pool overlapping a VPC is refused, naming the key, the VPC and a free range", () => {
        const raw = fixtureRaw((t) => t.replace("ipPool: 172.20.0.0/16", "ipPool: 10.40.0.0/16"));
        expectProblems(problemsOf(raw), [
            {
                file: "Pulumi.idc.yaml",
                key: "platform:clusters.nonprod.selfManaged.calico.ipPool",
                expected: ["overlaps no VPC and no service CIDR"],
                found: "10.40.0.0/16, which overlaps the nonprod VPC 10.32.0.0/12",
                fix: ["172.20.0.0/16"],
            },
        ]);
    });
});

describe("combinations that cannot work: one clear settings problem each, before anything is declared", () => {
    const KEY = "platform:clusters.nonprod.selfManaged";
    test.each<[string, (t: string) => string, { key: string; expected: string; found: string }[]]>([
        ["an even control-plane count", (t) => t.replace("controlPlaneCount: 3", "controlPlaneCount: 4"), [{ key: `${KEY}.controlPlaneCount`, expected: "an odd number of control planes, at least 3", found: "4" }]],
        ["one control plane", (t) => t.replace("controlPlaneCount: 3", "controlPlaneCount: 1"), [{ key: `${KEY}.controlPlaneCount`, expected: "at least 3", found: "1" }]],
        ["BGP without peers", (t) => t.replace(/ {10}bgpPeers:\n( {12}- .*\n)+/, ""), [{ key: `${KEY}.calico.bgpPeers`, expected: "at least one BGP peer", found: "asNumber 64512, 0 peer(s)" }]],
        [
            "VXLAN on a fabric that is already an overlay",
            (t) => t.replace("mode: bgp", "mode: vxlan").replace(/ {10}asNumber: 64512\n {10}bgpPeers:\n( {12}- .*\n)+/, ""),
            [{ key: `${KEY}.calico.mode`, expected: "no second VXLAN layer under an SDN/VXLAN fabric", found: "vxlan" }],
        ],
        [
            "BGP on a VPC, hosts on a VPC",
            (t) => t.replace("fabric: overlay", "fabric: vpc"),
            [
                { key: `${KEY}.calico.mode`, expected: "an Alibaba VPC learns no BGP routes", found: "bgp" },
                { key: `${KEY}.hosts`, expected: "no hosts on a VPC", found: "8 host(s)" },
                { key: `${KEY}.nfs`, expected: "no NFS export on a VPC", found: "nfs.idc.corp.internal:/export/k8s" },
            ],
        ],
        ["a pool with fewer hosts than its size", (t) => t.replace("desiredSize: 2, zones", "desiredSize: 3, zones"), [{ key: `${KEY}.hosts`, expected: "3 hosts with role stateful (its desiredSize)", found: "2" }]],
        ["a host of no pool", (t) => t.replace("role: stateful }\n          - { name: idc-node-5", "role: gpu }\n          - { name: idc-node-5"), [
            { key: `${KEY}.hosts`, expected: "2 hosts with role stateful", found: "1" },
            { key: `${KEY}.hosts`, expected: "role control-plane or one of the pools", found: '"gpu" on host idc-node-4' },
        ]],
        ["an IDC without its NFS export", (t) => t.replace(/ {8}nfs: .*\n/, ""), [{ key: `${KEY}.nfs`, expected: "the IDC's NFS export for shared files", found: "nothing (the key is missing)" }]],
        ["two hosts at one address", (t) => t.replace("address: 10.100.1.32", "address: 10.100.1.31"), [{ key: `${KEY}.hosts`, expected: "each host's address once", found: "10.100.1.31 twice" }]],
    ])("%s", (_, edit, expected) => {
        expectProblems(
            problemsOf(fixtureRaw(edit)),
            expected.map((e) => ({ file: "Pulumi.idc.yaml", key: e.key, expected: [e.expected], found: [e.found], fix: [] })),
        );
    });

    test("no SSH key pair: both keys named, the private one as a secret", () => {
        const raw = fixtureRaw((t) => t.replace(/ {2}platform:nodeSshPublicKey: .*\n/, "").replace(/ {2}platform:nodeSshPrivateKey:\n {4}secure: .*\n/, ""));
        expectProblems(problemsOf(raw), [
            { file: "Pulumi.idc.yaml", key: "platform:nodeSshPublicKey", expected: ["OpenSSH public key"], found: "nothing (the key is missing)", fix: ["pulumi config set platform:nodeSshPublicKey"] },
            { file: "Pulumi.idc.yaml", key: "platform:nodeSshPrivateKey", expected: ["set as a secret"], found: "nothing (the key is missing)", fix: ["--secret"] },
        ]);
    });
});

const settings: Settings = parseSettings(fixtureRaw());
/** The IDC example: its existing hosts, BGP on an overlaid fabric. */
const IDC_HOSTS = settings.clusters[0];
/** The same cluster on ECS in the VPC, still in BGP mode (the component builds it; the settings' rules refuse bgp on a VPC). */
const IDC: ClusterSettings = { ...IDC_HOSTS, selfManaged: { ...IDC_HOSTS.selfManaged!, fabric: "vpc", hosts: [] } };
const NETWORK = settings.networks[0];
const ZONES = NETWORK.zones.map((z) => z.zone);
const VSWITCH = (zone: string) => `vsw-${zone.slice(-1)}`;
const VXLAN_LAB: ClusterSettings = {
    ...IDC,
    pools: IDC.pools.filter((p) => p.name === "general"),
    selfManaged: { ...IDC.selfManaged!, controlPlaneCount: 1, calico: { mode: "vxlan", ipPool: "172.20.0.0/16", bgpPeers: [] } },
};
const PARENT = "urn:pulumi:test::platform::platform:cluster:SelfManagedCluster::idc";
const CHILD = (type: string, name: string) => `urn:pulumi:test::platform::platform:cluster:SelfManagedCluster$${type}::${name}`;

function argsFor(cluster: ClusterSettings): SelfManagedClusterArgs {
    return {
        environment: "nonprod",
        cluster,
        network: NETWORK,
        zones: ZONES,
        nodeVswitchIds: ZONES.map(VSWITCH),
        securityGroupId: "sg-nonprod",
        sshPublicKey: settings.nodeSshPublicKey!,
        sshPrivateKey: pulumi.secret(PRIVATE_KEY),
        tags: { environment: "nonprod" },
    };
}

async function declare(cluster: ClusterSettings, name = "idc") {
    let component!: SelfManagedCluster;
    const rec = await record(() => {
        component = new SelfManagedCluster(name, argsFor(cluster));
    });
    return { rec, component };
}

const valueOf = <T>(o: pulumi.Output<T>) => new Promise<T>((resolve) => o.apply((v) => resolve(v)));
const typeNames = (rec: Awaited<ReturnType<typeof declare>>["rec"]) => rec.resources.map((r) => `${r.type} ${r.name}`).sort();

describe("selfManagedNodes and layoutProblems", () => {
    test.each<[string, ClusterSettings, string[]]>([
        ["1 control plane, 3 general workers", VXLAN_LAB, ["lab-cp-0 h", "lab-general-0 h", "lab-general-1 i", "lab-general-2 j"]],
        [
            "3 control planes over the zones, a 2-zone pool round-robin",
            IDC,
            ["lab-cp-0 h", "lab-cp-1 i", "lab-cp-2 j", "lab-general-0 h", "lab-general-1 i", "lab-general-2 j", "lab-stateful-0 h", "lab-stateful-1 i"],
        ],
        [
            "5 control planes wrap around 3 zones",
            { ...VXLAN_LAB, selfManaged: { ...VXLAN_LAB.selfManaged!, controlPlaneCount: 5 } },
            ["lab-cp-0 h", "lab-cp-1 i", "lab-cp-2 j", "lab-cp-3 h", "lab-cp-4 i", "lab-general-0 h", "lab-general-1 i", "lab-general-2 j"],
        ],
    ])("%s", (_, cluster, expected) => {
        const nodes = selfManagedNodes("lab", cluster, ZONES);
        expect(nodes.map((n) => `${n.name} ${n.zone.slice(-1)}`)).toEqual(expected);
        expect(nodes.filter((n) => n.role === "control-plane").every((n) => n.instanceType === "ecs.g7.8xlarge" && n.pool === undefined)).toBe(true);
    });

    test.each<[string, ClusterSettings, readonly string[], string[]]>([
        ["a valid cluster", IDC, ZONES, []],
        ["a pool in a zone without a vSwitch", IDC, ZONES.slice(1), ["pool general spans cn-hangzhou-h, which has no node vSwitch", "pool stateful spans cn-hangzhou-h, which has no node vSwitch"]],
        ["a pool named cp", { ...IDC, pools: IDC.pools.map((p) => ({ ...p, name: p.role === "stateful" ? "cp" : p.name })) }, ZONES, ['a pool is named "cp", the control planes\' name']],
        ["no general pool", { ...IDC, pools: IDC.pools.filter((p) => p.role !== "general") }, ZONES, ["no general pool (the control planes take its instance type)"]],
    ])("%s", (_, cluster, zones, expected) => {
        expect(layoutProblems(cluster, zones)).toEqual(expected);
    });
});

describe("SelfManagedCluster, bgp with three control planes on ECS", () => {
    let run: Awaited<ReturnType<typeof declare>>;
    beforeAll(async () => {
        run = await declare(IDC);
    });

    test("declares the key pair, 3 control planes and 5 workers, Calico's rules, KubeKey, the provider, Calico and its BGP objects", () => {
        const names = ["cp-0", "cp-1", "cp-2", "general-0", "general-1", "general-2", "stateful-0", "stateful-1"];
        expect(typeNames(run.rec)).toEqual(
            [
                "platform:cluster:SelfManagedCluster idc",
                "alicloud:ecs/ecsKeyPair:EcsKeyPair idc-keypair",
                ...names.map((n) => `alicloud:ecs/instance:Instance idc-${n}`),
                // the nodes' RAM role (Alibaba Cloud's CSI driver takes its credentials from it), on every node
                "alicloud:ram/role:Role idc-node-role",
                "alicloud:ram/policy:Policy idc-node-policy",
                "alicloud:ram/rolePolicyAttachment:RolePolicyAttachment idc-node-grant",
                ...names.map((n) => `alicloud:ecs/ramRoleAttachment:RamRoleAttachment idc-${n}-role`),
                ...["bgp", "bgp-10-100-0-1", "bgp-10-100-0-2", "pods"].map((r) => `alicloud:ecs/securityGroupRule:SecurityGroupRule idc-calico-${r}`),
                ...["node-key", "kubekey", "kubeconfig"].map((c) => `command:remote:Command idc-${c}`),
                "pulumi:providers:kubernetes idc-k8s",
                "kubernetes:helm.sh/v3:Release idc-calico",
                "kubernetes:helm.sh/v3:Release idc-calico-crds",
                "kubernetes:crd.projectcalico.org/v1:BGPConfiguration idc-bgp-config",
                "kubernetes:crd.projectcalico.org/v1:BGPPeer idc-bgp-fabric-10-100-0-1",
                "kubernetes:crd.projectcalico.org/v1:BGPPeer idc-bgp-fabric-10-100-0-2",
                "kubernetes:crd.projectcalico.org/v1:IPPool idc-ippool",
                ...names.filter((n) => !n.startsWith("cp")).map((n) => `kubernetes:core/v1:NodePatch idc-labels-${n}`),
            ].sort(),
        );
        for (const r of run.rec.resources.filter((r) => r.custom)) expect(r.parent).toBe(PARENT);
        for (const r of run.rec.resources.filter((r) => r.type.startsWith("kubernetes:"))) expect(r.provider).toBe(CHILD("pulumi:providers:kubernetes", "idc-k8s"));
    });

    test("nodes: the standard instance, encrypted ESSD, no public IP, spread round-robin; control planes protected", () => {
        const cp0 = run.rec.byName("idc-cp-0");
        expect(cp0.inputs).toEqual({
            instanceName: "idc-cp-0",
            hostName: "idc-cp-0",
            instanceType: "ecs.g7.8xlarge",
            instanceChargeType: "PostPaid",
            imageId: "aliyun_3_x64_20G_alibase_20250629.vhd",
            vswitchId: "vsw-h",
            securityGroups: ["sg-nonprod"],
            keyName: "idc-nodes",
            internetMaxBandwidthOut: 0,
            systemDiskCategory: "cloud_essd",
            systemDiskSize: 120,
            systemDiskEncrypted: true,
            deletionProtection: false,
            userData: expect.stringContaining("dnf install -y socat conntrack-tools"),
            tags: { environment: "nonprod", "cluster-role": "control-plane" },
            volumeTags: { environment: "nonprod", "cluster-role": "control-plane" },
        });
        const zoneOf = (n: string) => run.rec.byName(`idc-${n}`).inputs.vswitchId;
        expect(["cp-0", "cp-1", "cp-2", "general-0", "general-1", "general-2", "stateful-0", "stateful-1"].map(zoneOf)).toEqual(
            ["vsw-h", "vsw-i", "vsw-j", "vsw-h", "vsw-i", "vsw-j", "vsw-h", "vsw-i"],
        );
        const instances = run.rec.ofType("alicloud:ecs/instance:Instance");
        expect(instances.filter((i) => i.protect).map((i) => i.name).sort()).toEqual(["idc-cp-0", "idc-cp-1", "idc-cp-2"]);
        expect(run.rec.byName("idc-stateful-1").inputs.tags).toEqual({ environment: "nonprod", "cluster-role": "worker", pool: "stateful" });
        expect(run.rec.invokes).toEqual([{ token: "alicloud:ecs/getImages:getImages", ok: true }]);
        expect(run.rec.byName("idc-keypair").inputs).toEqual({ keyPairName: "idc-nodes", publicKey: settings.nodeSshPublicKey, tags: { environment: "nonprod" } });
    });

    test("KubeKey: the manifest of the nodes on the first control plane, then kk create cluster", () => {
        const kubekey = run.rec.byName("idc-kubekey");
        const manifest = YAML.parse(String(kubekey.inputs.stdin)) as { spec: Record<string, Record<string, unknown>> };
        const ips = Object.fromEntries(run.rec.ofType("alicloud:ecs/instance:Instance").map((i) => [i.name, i.state.privateIp]));
        expect(manifest.spec.roleGroups).toEqual({
            etcd: ["idc-cp-0", "idc-cp-1", "idc-cp-2"],
            "control-plane": ["idc-cp-0", "idc-cp-1", "idc-cp-2"],
            worker: ["idc-general-0", "idc-general-1", "idc-general-2", "idc-stateful-0", "idc-stateful-1"],
        });
        expect((manifest.spec.hosts as unknown as { name: string; address: string }[]).map((h) => [h.name, h.address])).toEqual(Object.entries(ips));
        expect(manifest.spec.network).toEqual({ plugin: "none", kubePodsCIDR: "172.20.0.0/16", kubeServiceCIDR: "192.168.32.0/20", multusCNI: { enabled: false } });
        expect(String(kubekey.inputs.create)).toMatch(/\.\/kk create cluster -f cluster\.yaml -y\n$/);
        expect(String(kubekey.inputs.update)).toMatch(/\.\/kk add nodes -f cluster\.yaml -y\n$/);
        expect(kubekey.dependencies).toEqual(expect.arrayContaining([CHILD("command:remote:Command", "idc-node-key"), CHILD("alicloud:ecs/instance:Instance", "idc-stateful-1")]));
        expect(run.rec.byName("idc-kubeconfig").dependencies).toContain(CHILD("command:remote:Command", "idc-kubekey"));
    });

    test("secrets: the private key and the kubeconfig are secret inputs and appear nowhere in plain text", async () => {
        expect(run.rec.byName("idc-node-key").secretInputs.sort()).toEqual(["connection", "stdin"]);
        expect(run.rec.byName("idc-node-key").inputs).toMatchObject({ stdin: "[secret]", logging: "none" });
        expect(run.rec.byName("idc-kubekey").secretInputs).toEqual(["connection"]);
        expect(run.rec.byName("idc-kubeconfig").secretInputs).toEqual(["connection"]);
        expect(run.rec.byName("idc-kubeconfig").inputs).toMatchObject({ create: "cat /etc/kubernetes/admin.conf", logging: "none", addPreviousOutputInEnv: false });
        expect(run.rec.byName("idc-k8s").secretInputs).toEqual(["kubeconfig"]);
        expect(run.rec.byName("idc-k8s").inputs).toEqual({ kubeconfig: "[secret]", clusterIdentifier: expect.stringMatching(/^i-/) });
        expect(run.rec.byName("idc").state.kubeconfig).toBe("[secret]");
        // the private key nowhere, not even in the fake state; the kubeconfig in no input (the read-back command's
        // stdout is secret through additionalSecretOutputs, which the real engine applies and the fakes do not)
        expect(JSON.stringify(run.rec.resources)).not.toContain("not-a-real-key");
        expect(JSON.stringify(run.rec.resources.map((r) => r.inputs))).not.toContain("client-key-data");

        expect(await pulumi.isSecret(run.component.kubeconfig)).toBe(true);
        const cp0 = run.rec.byName("idc-cp-0").state.privateIp;
        expect(await valueOf(run.component.kubeconfig)).toContain(`server: https://${cp0}:6443`);
        expect(await valueOf(run.component.apiServerEndpoint)).toBe(`https://${cp0}:6443`);
    });

    test("Calico: the pinned tigera-operator chart with bgp values, then the BGP objects", () => {
        const release = run.rec.byName("idc-calico");
        expect(release.inputs).toMatchObject({
            name: "calico",
            chart: "tigera-operator",
            version: "v3.32.1",
            repositoryOpts: { repo: "https://docs.tigera.io/calico/charts" },
            namespace: "tigera-operator",
            createNamespace: true,
            values: { installation: { enabled: true, calicoNetwork: { bgp: "Enabled", ipPools: [] } } },
        });
        expect(validateChartValues("tigera-operator", release.inputs.values as object, { freeForm: CALICO_VALUES_FREE_FORM })).toEqual([]);
        const releaseUrn = CHILD("kubernetes:helm.sh/v3:Release", "idc-calico");
        // the CRDs (operator.tigera.io's included: the operator chart ships none since 3.32) first
        const crds = run.rec.byName("idc-calico-crds");
        expect(crds.inputs).toMatchObject({ name: "calico-crds", chart: "crd.projectcalico.org.v1", version: "v3.32.1", namespace: "tigera-operator", createNamespace: true, maxHistory: 10 });
        expect(release.dependencies).toContain(CHILD("kubernetes:helm.sh/v3:Release", "idc-calico-crds"));
        expect(run.rec.byName("idc-bgp-config").inputs).toEqual({
            apiVersion: "crd.projectcalico.org/v1",
            kind: "BGPConfiguration",
            metadata: { name: "default" },
            spec: { asNumber: 64512, nodeToNodeMeshEnabled: true, logSeverityScreen: "Info" },
        });
        expect(run.rec.byName("idc-bgp-fabric-10-100-0-2").inputs).toMatchObject({ kind: "BGPPeer", spec: { peerIP: "10.100.0.2", asNumber: 65001 } });
        for (const r of run.rec.resources.filter((r) => r.type.includes("projectcalico"))) expect(r.dependencies).toEqual([releaseUrn]);
        expect(run.rec.byName("idc-calico-bgp-10-100-0-1").inputs).toMatchObject({ securityGroupId: "sg-nonprod", type: "ingress", ipProtocol: "tcp", portRange: "179/179", cidrIp: "10.100.0.1/32" });
    });

    test("node labels and capacity: the platform's labels on the workers, allocatable from the workers only", () => {
        expect(run.rec.byName("idc-labels-stateful-0").inputs).toEqual({
            apiVersion: "v1",
            kind: "Node",
            metadata: { name: "idc-stateful-0", labels: { "node.kube-platform.io/environment": "nonprod", "node.kube-platform.io/role": "stateful", "node.kube-platform.io/pool": "stateful" } },
        });
        // five workers of the standard shape, each 31.85 vCPU and 121,425 MiB (118.6 GiB) allocatable (README "Capacity")
        expect(run.component.allocatable).toEqual({ cpuMilli: 5 * 31850, memoryMiB: 5 * 121425 });
        expect(run.component.capacity.tenant).toEqual(run.component.allocatable);
    });
});

describe("SelfManagedCluster, vxlan with one control plane", () => {
    test("no BGP objects, one rule (VXLAN from the VPC), vxlan values", async () => {
        const { rec } = await declare(VXLAN_LAB, "lab");
        expect(typeNames(rec).filter((t) => /Instance |SecurityGroupRule|projectcalico/.test(t))).toEqual([
            "alicloud:ecs/instance:Instance lab-cp-0",
            "alicloud:ecs/instance:Instance lab-general-0",
            "alicloud:ecs/instance:Instance lab-general-1",
            "alicloud:ecs/instance:Instance lab-general-2",
            "alicloud:ecs/securityGroupRule:SecurityGroupRule lab-calico-vxlan",
            "kubernetes:crd.projectcalico.org/v1:IPPool lab-ippool",
        ]);
        expect(rec.byName("lab-calico-vxlan").inputs).toMatchObject({ ipProtocol: "udp", portRange: "4789/4789", cidrIp: "10.32.0.0/12", policy: "accept" });
        expect(rec.byName("lab-calico").inputs.values).toEqual({
            resources: PLATFORM_RESOURCES.tigeraOperator.operator,
            apiServer: { enabled: false },
            goldmane: { enabled: false },
            whisker: { enabled: false },
            installation: { enabled: true, calicoNetwork: { bgp: "Disabled", ipPools: [] } },
        });
        const manifest = YAML.parse(String(rec.byName("lab-kubekey").inputs.stdin)) as { spec: { roleGroups: Record<string, string[]> } };
        expect(manifest.spec.roleGroups.etcd).toEqual(["lab-cp-0"]);
    });

    test.each<[string, ClusterSettings, string]>([
        ["an ACK cluster", { ...IDC, kind: "ack", selfManaged: undefined }, "is not kind selfManaged"],
        ["a pool without a fixed size", { ...IDC, pools: IDC.pools.map((p) => ({ ...p, desiredSize: undefined, autoscaling: { min: 1, max: 2 } })) }, "pool general has no desiredSize"],
    ])("refuses %s before declaring any child", async (_, cluster, message) => {
        let error: unknown;
        const rec = await record(() => {
            try {
                new SelfManagedCluster("idc", argsFor(cluster));
            } catch (err) {
                error = err;
            }
        });
        expect((error as Error).message).toContain(message);
        expect(rec.resources.map((r) => r.type)).toEqual(["platform:cluster:SelfManagedCluster"]);
    });
});

describe("SelfManagedCluster on an IDC's hosts (the example: fabric overlay, bgp)", () => {
    let run: Awaited<ReturnType<typeof declare>>;
    beforeAll(async () => {
        run = await declare(IDC_HOSTS);
    });
    const HOSTS = IDC_HOSTS.selfManaged!.hosts;

    test("creates no ECS node, key pair or security-group rule: each host is prepared over SSH, then KubeKey runs on the first control plane", () => {
        expect(typeNames(run.rec).filter((t) => t.startsWith("alicloud:"))).toEqual([]);
        const prepares = run.rec.ofType("command:remote:Command").filter((r) => r.name.includes("-prepare-"));
        expect(prepares.map((r) => r.name).sort()).toEqual(HOSTS.map((h) => `idc-prepare-${h.name}`).sort());
        for (const h of HOSTS) {
            const prepare = run.rec.byName(`idc-prepare-${h.name}`);
            // the connection holds the private key: secret as a whole (the host is in KubeKey's manifest, below)
            expect(prepare.inputs).toMatchObject({ connection: "[secret]", logging: "none" });
            expect(String(prepare.inputs.create)).toContain("dnf install -y socat conntrack-tools");
        }
        const kubekey = run.rec.byName("idc-kubekey");
        expect(kubekey.dependencies).toEqual(expect.arrayContaining(prepares.map((p) => p.urn)));
        // delete resets the hosts (they are the IDC's, reused), with the manifest the create left on the node
        expect(kubekey.inputs.delete).toBe("set -eu\ncd /root/kubekey\n./kk delete cluster -f cluster.yaml -y\n");
    });

    test("KubeKey's manifest lists the hosts by their names and addresses, control planes in etcd", async () => {
        const manifest = YAML.parse(String(run.rec.byName("idc-kubekey").inputs.stdin));
        expect(manifest.spec.hosts.map((h: { name: string; address: string }) => `${h.name} ${h.address}`)).toEqual(HOSTS.map((h) => `${h.name} ${h.address}`));
        expect(manifest.spec.roleGroups).toEqual({
            etcd: ["idc-cp-1", "idc-cp-2", "idc-cp-3"],
            "control-plane": ["idc-cp-1", "idc-cp-2", "idc-cp-3"],
            worker: ["idc-node-1", "idc-node-2", "idc-node-3", "idc-node-4", "idc-node-5"],
        });
        expect(await valueOf(run.component.intranetEndpoint)).toBe("https://10.100.1.11:6443");
        expect(await valueOf(run.component.clusterId)).toBe("idc/idc-cp-1");
    });

    test("Calico: no encapsulation on the overlaid fabric (the IPPool says so), the fabric's routers as peers; each worker labelled by its pool", () => {
        expect(run.rec.byName("idc-ippool").inputs).toEqual({
            apiVersion: "crd.projectcalico.org/v1",
            kind: "IPPool",
            metadata: { name: "default-ipv4-ippool", annotations: { "platform/fabric": "overlay" } },
            spec: { cidr: "172.20.0.0/16", vxlanMode: "Never", ipipMode: "Never", natOutgoing: true, nodeSelector: "all()", blockSize: 26 },
        });
        expect(run.rec.ofType("kubernetes:crd.projectcalico.org/v1:BGPPeer").map((r) => (r.inputs.spec as { peerIP: string }).peerIP)).toEqual(["10.100.0.1", "10.100.0.2"]);
        // (a host named after the cluster keeps the rest of its name: idc-node-4 in cluster idc is node-4)
        const labels = (host: string) => run.rec.byName(`idc-labels-${host}`).inputs.metadata as { name: string; labels: Record<string, string> };
        expect(labels("node-4")).toMatchObject({ name: "idc-node-4", labels: { "node.kube-platform.io/pool": "stateful" } });
        expect(labels("node-1")).toMatchObject({ name: "idc-node-1", labels: { "node.kube-platform.io/pool": "general" } });
    });
});

describe("Calico, rendered with the real charts", () => {
    test("the CRD chart and the operator render, every object validates, no mandatory violation; the operator runs the CNI only", async () => {
        const { rec } = await declare(IDC);
        const analyzed = rec.resources.map((r) => ({
            urn: r.urn, type: r.type, name: r.name, parent: r.parent, provider: r.provider, inputs: r.inputs as Record<string, unknown>, outputs: r.inputs as Record<string, unknown>,
            protect: false, ignoreChanges: [], additionalSecretOutputs: [], deleteBeforeReplace: false, dependencies: [], propertyDependencies: {},
        }));
        // renderReleases with the platform's pack, rendered once for these releases (test/support/renderCache.ts)
        const result = await cachedRender(releasesOf(analyzed));
        expect(result.releases.map((r) => r.release.id).sort()).toEqual(["idc/tigera-operator/calico", "idc/tigera-operator/calico-crds"]);
        expect(result.releases.flatMap((r) => r.schemaProblems)).toEqual([]);
        expect(result.violations.filter((v) => v.enforcementLevel === "mandatory").map((v) => `${v.policy} ${v.object}`)).toEqual([]);
        const operator = result.releases.find((r) => r.release.id === "idc/tigera-operator/calico")!.read.objects;
        expect(operator.filter((o) => o.apiVersion === "operator.tigera.io/v1").map((o) => o.kind)).toEqual(["Installation"]);
        // the CRD chart carries the operator's own kinds (Calico 3.32 moved them out of the operator chart)
        const crds = result.releases.find((r) => r.release.id === "idc/tigera-operator/calico-crds")!.read.objects;
        expect(crds.filter((o) => o.kind === "CustomResourceDefinition" && String(o.name).endsWith(".operator.tigera.io")).map((o) => o.name)).toContain("installations.operator.tigera.io");
        // the Calico objects the program declares (the IPPool, the BGP configuration and peers) are what those CRDs accept
        const calicoCrds = crdVersionsOf(crds.map((o) => o.object), "calico-crds");
        const objects = rec.resources.filter((r) => r.type.startsWith("kubernetes:crd.projectcalico.org/"));
        expect(objects.map((r) => r.inputs.kind).sort()).toEqual(["BGPConfiguration", "BGPPeer", "BGPPeer", "IPPool"]);
        for (const r of objects) expect([r.name, validateCustomResourceWith(r.inputs, calicoCrds, "calico-crds")]).toEqual([r.name, []]);
        expect([...new Set(result.exemptions.map((e) => `${e.policy} ${e.object}`))].sort()).toEqual([
            "container-resources Job tigera-operator/tigera-operator-uninstall",
            "pod-no-host-namespaces Deployment tigera-operator/tigera-operator",
            "pod-no-host-namespaces Job tigera-operator/tigera-operator-uninstall",
            "pod-no-host-path Deployment tigera-operator/tigera-operator",
        ]);
    });
});
