import { AckCluster } from "../../components/cluster/ackCluster";
import { poolLabels, poolTaints } from "../../components/cluster/nodeLabels";
import { ClusterSettings, PoolSettings } from "../../config/load";
import { record } from "../support/mocks";

/** The design's node labels and taints (nodeLabels.ts' doc comments: Terway's exclusive-ENI label, the dedicated taints). */
const EXCLUSIVE_ENI_LABEL = { key: "k8s.aliyun.com/exclusive-mode-eni-type", value: "eniOnly" };
const CI_TAINT = { key: "node.kube-platform.io/dedicated", value: "ci", effect: "NoSchedule" };
const STATEFUL_TAINT = { key: "node.kube-platform.io/dedicated", value: "stateful", effect: "NoSchedule" };

const shape = { vcpu: 32, memoryGiB: 128 };
const pool = (p: Partial<PoolSettings> & Pick<PoolSettings, "name" | "role">): PoolSettings => ({
    instanceType: "ecs.g7.8xlarge",
    shape,
    zones: ["cn-hangzhou-h", "cn-hangzhou-i", "cn-hangzhou-j"],
    labels: {},
    ...p,
});
const CLUSTER: ClusterSettings = {
    network: "prod",
    kind: "ack",
    kubernetesVersion: "1.33.3-aliyun.1",
    apiServer: "intranet",
    deletionProtection: true,
    pools: [
        pool({ name: "general", role: "general", desiredSize: 6 }),
        pool({ name: "stateful", role: "stateful", desiredSize: 3, zones: ["cn-hangzhou-h", "cn-hangzhou-j"], labels: { workload: "stateful" } }),
        pool({ name: "ci", role: "ci", autoscaling: { min: 1, max: 6 } }),
    ],
};
const NODES = { imageType: "AliyunLinux3", systemDiskGiB: 120, dataDiskGiB: 200, maxUnavailable: 1 };
const TRUST_CA = "-----BEGIN CERTIFICATE-----\nTEST-PLATFORM-CA\n-----END CERTIFICATE-----\n";
const TRUST = { host: "harbor.ops.kube-platform.internal", caCertPem: TRUST_CA };

const declare = () =>
    record(() => {
        new AckCluster("prod", {
            environment: "prod",
            cluster: CLUSTER,
            serviceCidr: "192.168.16.0/20",
            zones: ["cn-hangzhou-h", "cn-hangzhou-i", "cn-hangzhou-j"],
            nodeVswitchIds: ["vsw-node-h", "vsw-node-i", "vsw-node-j"],
            podVswitchIds: ["vsw-pod-h", "vsw-pod-i", "vsw-pod-j"],
            securityGroupId: "sg-prod",
            nodes: NODES,
            tags: { environment: "prod" },
            registryTrust: TRUST,
        });
    });

describe("node labels and taints", () => {
    test.each([
        ["general", [], []],
        ["stateful", [EXCLUSIVE_ENI_LABEL], [STATEFUL_TAINT]],
        ["ci", [], [CI_TAINT]],
    ] as const)("%s pools", (role, extraLabels, taints) => {
        expect(poolLabels("prod", role, "p1", { team: "x" })).toEqual([
            { key: "node.kube-platform.io/environment", value: "prod" },
            { key: "node.kube-platform.io/role", value: role },
            { key: "node.kube-platform.io/pool", value: "p1" },
            ...extraLabels,
            { key: "team", value: "x" },
        ]);
        expect(poolTaints(role)).toEqual(taints);
    });
});

describe("AckCluster", () => {
    test("declares the Pro cluster, its addons, its pools and its provider, and nothing else", async () => {
        const rec = await declare();
        expect(rec.resources.map((r) => `${r.type} ${r.name}`).sort()).toEqual([
            "alicloud:cs/kubernetesAddon:KubernetesAddon prod-addon-csi-plugin",
            "alicloud:cs/kubernetesAddon:KubernetesAddon prod-addon-csi-provisioner",
            "alicloud:cs/kubernetesAddon:KubernetesAddon prod-addon-terway-controlplane",
            "alicloud:cs/kubernetesAddon:KubernetesAddon prod-addon-terway-eniip",
            "alicloud:cs/managedKubernetes:ManagedKubernetes prod-ack",
            "alicloud:cs/nodePool:NodePool prod-ci-pool",
            "alicloud:cs/nodePool:NodePool prod-general-pool",
            "alicloud:cs/nodePool:NodePool prod-stateful-pool",
            "platform:cluster:AckCluster prod",
            "platform:cluster:StandardNodePool prod-ci",
            "platform:cluster:StandardNodePool prod-general",
            "platform:cluster:StandardNodePool prod-stateful",
            "pulumi:providers:kubernetes prod-k8s",
        ]);
        expect(rec.invokes).toEqual([{ token: "alicloud:cs/getClusterCredential:getClusterCredential", ok: true }]);
    });

    test("the cluster: Pro spec, Terway pod vSwitches, logs, RRSA, intranet API server, protected", async () => {
        const rec = await declare();
        const ack = rec.byName("prod-ack");
        expect(ack.protect).toBe(true);
        expect(ack.parent).toBe("urn:pulumi:test::platform::platform:cluster:AckCluster::prod");
        expect(ack.inputs).toEqual({
            name: "platform-prod",
            clusterSpec: "ack.pro.small",
            version: "1.33.3-aliyun.1",
            vswitchIds: ["vsw-node-h", "vsw-node-i", "vsw-node-j"],
            podVswitchIds: ["vsw-pod-h", "vsw-pod-i", "vsw-pod-j"],
            serviceCidr: "192.168.16.0/20",
            securityGroupId: "sg-prod",
            proxyMode: "ipvs",
            newNatGateway: false,
            slbInternetEnabled: false,
            deletionProtection: true,
            enableRrsa: true,
            controlPlaneLogComponents: ["apiserver", "kcm", "scheduler", "ccm"],
            controlPlaneLogTtl: "30",
            auditLogConfig: { enabled: true },
            addons: [
                { name: "terway-eniip", config: '{"IPVlan":"false","NetworkPolicy":"true","ENITrunking":"false"}' },
                { name: "terway-controlplane" },
                { name: "csi-plugin" },
                { name: "csi-provisioner" },
            ],
            timezone: "Asia/Shanghai",
            tags: { environment: "prod" },
        });
        const terway = rec.byName("prod-addon-terway-eniip");
        expect(terway.inputs).toEqual({
            clusterId: expect.stringMatching(/^c[0-9a-f]+$/),
            name: "terway-eniip",
            config: '{"IPVlan":"false","NetworkPolicy":"true","ENITrunking":"false"}',
        });
    });

    test("the provider: kubeconfig from the credential data source, secret, with a stable clusterIdentifier", async () => {
        const rec = await declare();
        const provider = rec.byName("prod-k8s");
        expect(provider.secretInputs).toEqual(["kubeconfig"]);
        expect(provider.inputs.kubeconfig).toBe("[secret]");
        expect(provider.inputs.clusterIdentifier).toMatch(/^c[0-9a-f]+$/);
        expect(JSON.stringify(rec.resources)).not.toContain("client-key-data");
    });

    test("standard pools: approved type, Alibaba Cloud Linux 3, encrypted ESSDs, zones, labels, taints, sizes", async () => {
        const rec = await declare();
        const general = rec.byName("prod-general-pool");
        expect(general.inputs).toEqual({
            clusterId: expect.stringMatching(/^c/),
            nodePoolName: "prod-general",
            // the script itself: the next test
            preUserData: expect.any(String),
            vswitchIds: ["vsw-node-h", "vsw-node-i", "vsw-node-j"],
            instanceTypes: ["ecs.g7.8xlarge"],
            imageType: "AliyunLinux3",
            runtimeName: "containerd",
            systemDiskCategory: "cloud_essd",
            systemDiskPerformanceLevel: "PL1",
            systemDiskSize: 120,
            systemDiskEncrypted: true,
            dataDisks: [{ category: "cloud_essd", performanceLevel: "PL1", size: 200, encrypted: "true" }],
            securityGroupIds: ["sg-prod"],
            desiredSize: "6",
            management: { enable: true, autoRepair: true, autoUpgrade: false, maxUnavailable: 1 },
            labels: [
                { key: "node.kube-platform.io/environment", value: "prod" },
                { key: "node.kube-platform.io/role", value: "general" },
                { key: "node.kube-platform.io/pool", value: "general" },
            ],
            taints: [],
            tags: { environment: "prod", "pool-role": "general" },
        });
        const stateful = rec.byName("prod-stateful-pool");
        expect(stateful.inputs.vswitchIds).toEqual(["vsw-node-h", "vsw-node-j"]);
        expect(stateful.inputs.labels).toContainEqual(EXCLUSIVE_ENI_LABEL);
        expect(stateful.inputs.labels).toContainEqual({ key: "workload", value: "stateful" });
        const ci = rec.byName("prod-ci-pool");
        expect(ci.inputs.scalingConfig).toEqual({ enable: true, minSize: 1, maxSize: 6 });
        expect(ci.inputs.desiredSize).toBeUndefined();
        expect(ci.inputs.taints).toEqual([CI_TAINT]);
    });

    test("every pool trusts the platform CA for Harbor from its first boot: pre-user-data (before containerd starts), base64, writing containerd's hosts.toml", async () => {
        const rec = await declare();
        const pools = rec.ofType("alicloud:cs/nodePool:NodePool");
        expect(pools).toHaveLength(3);
        for (const p of pools) {
            expect(p.inputs.userData).toBeUndefined();
            expect(String(p.inputs.preUserData)).toMatch(/^[A-Za-z0-9+/]+=*$/);
            const script = Buffer.from(String(p.inputs.preUserData), "base64").toString("utf8");
            const lines = script.split("\n");
            expect(lines.slice(0, 3)).toEqual(["#!/bin/bash", "# kube-platform: trust the platform CA for Harbor (containerd hosts.toml and the OS trust store)", "set -euo pipefail"]);
            expect(script).toContain("cat > /etc/kube-platform/ca.crt <<'PEM'\n-----BEGIN CERTIFICATE-----\nTEST-PLATFORM-CA\n-----END CERTIFICATE-----\nPEM\n");
            // ACK's containerd config_path (cert.d) and upstream's default (certs.d)
            for (const dir of ["/etc/containerd/cert.d", "/etc/containerd/certs.d"]) {
                expect(lines).toContain(`cp /etc/kube-platform/ca.crt ${dir}/harbor.ops.kube-platform.internal/ca.crt`);
                expect(script).toContain(
                    `cat > ${dir}/harbor.ops.kube-platform.internal/hosts.toml <<'TOML'\n` +
                        'server = "https://harbor.ops.kube-platform.internal"\n\n[host."https://harbor.ops.kube-platform.internal"]\n  capabilities = ["pull", "resolve"]\n' +
                        `  ca = "${dir}/harbor.ops.kube-platform.internal/ca.crt"\nTOML\n`,
                );
            }
        }
    });

    test("exposes capacity from pool sizes (tenants get the general pools only) and the intranet endpoint", async () => {
        let cluster: AckCluster | undefined;
        await record(() => {
            cluster = new AckCluster("prod", {
                environment: "prod", cluster: CLUSTER, serviceCidr: "192.168.16.0/20", zones: ["cn-hangzhou-h", "cn-hangzhou-i", "cn-hangzhou-j"],
                nodeVswitchIds: ["a", "b", "c"], podVswitchIds: ["d", "e", "f"], securityGroupId: "sg", nodes: NODES, tags: {}, registryTrust: TRUST,
            });
        });
        expect(cluster!.capacity.tenant).toEqual({ cpuMilli: 6 * 31850, memoryMiB: 6 * 121425 });
        const endpoint = await new Promise((resolve) => cluster!.intranetEndpoint.apply(resolve));
        expect(endpoint).toMatch(/^https:\/\/192\.0\.2\.\d+:6443$/);
    });
});
