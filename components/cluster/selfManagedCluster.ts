import { PLATFORM_CHARTS, chartRelease } from "../kubernetes/charts";
import * as alicloud from "@pulumi/alicloud";
import * as command from "@pulumi/command";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ClusterSettings, NetworkSettings } from "../../config/load";
import { Allocatable } from "../../config/nodes";
import { Environment } from "../../config/topology";
import { TIGERA_OPERATOR_CHART, bgpConfiguration, bgpPeers, calicoSecurityRules, calicoValues, ipPoolObject } from "./calico";
import { EXCLUSIVE_ENI_LABEL, poolLabels } from "./nodeLabels";
import {
    API_SERVER_PORT, KUBEKEY_DELETE_SCRIPT, KubekeyMirror, NODE_KEY_SCRIPT, NODE_PREREQUISITES_USER_DATA, READ_KUBECONFIG_SCRIPT, kubeconfigForAddress, kubekeyManifestYaml, kubekeyScript,
} from "./kubekey";
import { ClusterCapacity, clusterCapacity } from "../../config/capacity";
import { NodeOfCluster, idcNodes, selfManagedNodes, workersAllocatable } from "./selfManagedLayout";
import { PlatformCluster } from "./platformCluster";
import { RegistryTrust } from "./nodePool";
import { csiNodePolicy, nodeRoleName, nodeTrustPolicy } from "./nodeRamRole";
import { registryTrustScript } from "./registryTrust";

/** The system images of Alibaba Cloud Linux 3 (x86_64, 20 GiB), one per release date: the newest is used. */
export const NODE_IMAGE_NAME_REGEX = "^aliyun_3_x64_20G_alibase_";

/** Arguments for {@link SelfManagedCluster}. */
export interface SelfManagedClusterArgs {
    /** The stack's environment: every pool's nodes carry it as their `node.kube-platform.io/environment` label. */
    readonly environment: Environment;
    /** The cluster's settings; kind `selfManaged`, with its `selfManaged` block and fixed-size pools. */
    readonly cluster: ClusterSettings;
    /** The cluster's network: its VPC CIDR (Calico's rules) and service CIDR. */
    readonly network: NetworkSettings;
    /** Zone of each node vSwitch, and the vSwitch ids, in the network's zone order (as AckCluster takes them). */
    readonly zones: readonly string[];
    /** The node vSwitch id of each zone, in the order of `zones`. */
    readonly nodeVswitchIds: pulumi.Input<string>[];
    /** The network's security group; the rules Calico needs are added to it. */
    readonly securityGroupId: pulumi.Input<string>;
    /** OpenSSH public key installed on every node (`platform:nodeSshPublicKey`). */
    readonly sshPublicKey: string;
    /** Its private half (`platform:nodeSshPrivateKey`), a secret: Pulumi and KubeKey log in to the nodes with it. */
    readonly sshPrivateKey: pulumi.Output<string>;
    /** Tags of the nodes' instances, key pair and RAM role (`cluster-role` and `pool` are added on instances). */
    readonly tags: Record<string, string>;
    /** System disk size of every node, GiB. Defaults to 120. */
    readonly systemDiskGiB?: number;
    /** Where KubeKey and the Kubernetes binaries are downloaded from. Defaults to `cn` (mainland China). */
    readonly kubekeyMirror?: KubekeyMirror;
    /** Harbor's host and the CA its certificate is issued by: every node trusts it from its first boot. Defaults to none. */
    readonly registryTrust?: RegistryTrust;
}

/** A node's user data: KubeKey's prerequisites, then (with a registry to trust) the platform CA for Harbor. */
export function nodeUserData(trust?: { host: string; caCertPem: string }): string {
    if (!trust) return NODE_PREREQUISITES_USER_DATA;
    // one bash script (the trust script's strict mode needs bash): the prerequisites, then the trust
    const body = (script: string) => script.replace(/^#![^\n]*\n/, "");
    return `#!/bin/bash\n${body(NODE_PREREQUISITES_USER_DATA)}${body(registryTrustScript(trust.host, trust.caCertPem))}`;
}

/**
 * A Kubernetes cluster KubeKey builds on ECS instances, networked by Calico (tigera-operator chart). The
 * instances have no public IP: the program must run where it reaches the VPC (over the hub from ops), and the
 * VPC needs internet egress (a NAT gateway) for the downloads. The kubeconfig is read back from the first
 * control-plane node and stays a secret.
 */
export class SelfManagedCluster extends pulumi.ComponentResource implements PlatformCluster {
    public readonly kind = "selfManaged" as const;
    public readonly monitoring: { readonly scrapesControlPlane: boolean; readonly blockStorage: boolean };
    /** Provider of the cluster; its kubeconfig is a secret. */
    public readonly provider: k8s.Provider;
    /** The first control-plane instance's id. */
    public readonly clusterId: pulumi.Output<string>;
    /** As {@link apiServerEndpoint}: the platform registers and resolves the cluster by it. */
    public readonly intranetEndpoint: pulumi.Output<string>;
    public readonly kubeconfig: pulumi.Output<string>;
    /** `https://<first control plane's private IP>:6443`. */
    public readonly apiServerEndpoint: pulumi.Output<string>;
    /** What the workers offer to pods, after the system reserve. */
    public readonly allocatable: Allocatable;
    /** As AckCluster's: all pools, and the share tenants can use (CI pools excluded). */
    public readonly capacity: ClusterCapacity;

    constructor(name: string, args: SelfManagedClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:cluster:SelfManagedCluster", name, {}, opts);
        const c = args.cluster;
        if (c.kind !== "selfManaged" || !c.selfManaged) throw new Error(`SelfManagedCluster ${name}: the ${c.network} cluster is not kind selfManaged with a selfManaged block`);
        if (args.zones.length !== args.nodeVswitchIds.length) throw new Error(`SelfManagedCluster ${name}: ${args.zones.length} zones but ${args.nodeVswitchIds.length} node vSwitches`);
        const { calico, kubekeyVersion, fabric } = c.selfManaged!;
        // its control plane is its own; block storage only in a VPC (Alibaba Cloud's disk CSI driver)
        this.monitoring = { scrapesControlPlane: true, blockStorage: fabric === "vpc" };
        const privateKey = pulumi.secret(args.sshPrivateKey);
        const trust = args.registryTrust;
        const userData = trust ? pulumi.all([trust.host, trust.caCertPem]).apply(([host, caCertPem]) => nodeUserData({ host, caCertPem })) : pulumi.output(nodeUserData());

        // the nodes: ECS instances the program creates in the VPC, or an IDC's existing hosts, prepared over SSH
        const declared =
            fabric === "vpc"
                ? this.ecsNodes(name, args, userData)
                : idcNodes(name, c).map((node) => {
                      const prepare = new command.remote.Command(
                          `${name}-prepare-${node.name}`,
                          // KubeKey's prerequisites and the platform CA, as an ECS node's user data does at its first boot
                          { connection: { host: node.address, user: "root", privateKey, dialErrorLimit: 60 }, create: userData, logging: "none", addPreviousOutputInEnv: false },
                          { parent: this },
                      );
                      return { node, address: pulumi.output(node.address), id: pulumi.output(`${name}/${node.name}`), ready: prepare as pulumi.Resource };
                  });
        if (fabric === "vpc") {
            const rules = calicoSecurityRules(calico.mode, { vpc: args.network.cidr, ipPool: calico.ipPool, peers: calico.bgpPeers.map((p) => p.address) });
            for (const { name: rule, ...fields } of rules) {
                new alicloud.ecs.SecurityGroupRule(
                    `${name}-calico-${rule}`,
                    { securityGroupId: args.securityGroupId, type: "ingress", policy: "accept", priority: 1, nicType: "intranet", ...fields },
                    { parent: this },
                );
            }
        }
        const instances = declared.map((d) => ({ node: d.node, instance: { privateIp: d.address, id: d.id }, ready: d.ready }));

        const first = instances[0].instance;
        const connection = { host: first.privateIp, user: "root", privateKey, dialErrorLimit: 60 };
        const nodeKey = new command.remote.Command(
            `${name}-node-key`,
            { connection, create: NODE_KEY_SCRIPT, stdin: privateKey, logging: "none", addPreviousOutputInEnv: false },
            { parent: this, dependsOn: [instances[0].ready] },
        );
        const hosts = pulumi.all(instances.map(({ node, instance }) => instance.privateIp.apply((address) => ({ node, address }))));
        const manifest = hosts.apply((hs) =>
            kubekeyManifestYaml({
                name,
                kubernetesVersion: c.kubernetesVersion,
                controlPlanes: hs.filter((h) => h.node.role === "control-plane").map((h) => ({ name: h.node.name, address: h.address })),
                workers: hs.filter((h) => h.node.role === "worker").map((h) => ({ name: h.node.name, address: h.address })),
                podCidr: calico.ipPool,
                serviceCidr: args.network.serviceCidr,
            }),
        );
        const script = (action: "create" | "add") =>
            hosts.apply((hs) => kubekeyScript({ action, version: kubekeyVersion, mirror: args.kubekeyMirror ?? "cn", addresses: hs.map((h) => h.address) }));
        // a changed manifest (a pool grew) runs `kk add nodes`; removing nodes and upgrading Kubernetes are
        // KubeKey operations done by hand (`kk delete node`, `kk upgrade`); deleting the command tears nothing down
        const kubekey = new command.remote.Command(
            `${name}-kubekey`,
            // delete resets every node (`kk delete cluster`, with the manifest the create left on the node): an IDC's
            // hosts are reused; ECS instances go afterwards anyway
            { connection, create: script("create"), update: script("add"), delete: KUBEKEY_DELETE_SCRIPT, stdin: manifest, addPreviousOutputInEnv: false },
            { parent: this, dependsOn: [nodeKey, ...instances.map((i) => i.ready)] },
        );
        const readBack = new command.remote.Command(
            `${name}-kubeconfig`,
            // not logged, not handed back to the node in the environment: the output is the admin credential
            { connection, create: READ_KUBECONFIG_SCRIPT, logging: "none", addPreviousOutputInEnv: false },
            { parent: this, dependsOn: [kubekey], additionalSecretOutputs: ["stdout"] },
        );

        this.kubeconfig = pulumi.secret(pulumi.all([readBack.stdout, first.privateIp]).apply(([text, address]) => kubeconfigForAddress(text, address)));
        this.apiServerEndpoint = pulumi.interpolate`https://${first.privateIp}:${API_SERVER_PORT}`;
        this.intranetEndpoint = this.apiServerEndpoint;
        this.clusterId = first.id;
        // the first control plane is the cluster's identity: a rotated credential must not replace the provider
        this.provider = new k8s.Provider(`${name}-k8s`, { kubeconfig: this.kubeconfig, clusterIdentifier: first.id }, { parent: this });
        const inCluster = { parent: this, provider: this.provider };

        // Calico 3.32's operator ships no CRDs: its CRD chart (operator.tigera.io's included) goes first
        const crds = chartRelease(`${name}-calico-crds`, PLATFORM_CHARTS.calicoCrds, { values: {}, createNamespace: true }, inCluster);
        const release = chartRelease(`${name}-calico`, TIGERA_OPERATOR_CHART, { values: calicoValues(calico), createNamespace: true }, { ...inCluster, dependsOn: [crds] });
        const configuration = bgpConfiguration(calico);
        for (const obj of [ipPoolObject(calico, fabric), ...(configuration ? [configuration] : []), ...bgpPeers(calico)]) {
            const role = obj.kind === "IPPool" ? "ippool" : obj.kind === "BGPConfiguration" ? "bgp-config" : `bgp-${obj.metadata.name}`;
            new k8s.apiextensions.CustomResource(`${name}-${role}`, { ...obj }, { ...inCluster, dependsOn: [release] });
        }
        for (const { node } of instances.filter((i) => i.node.pool)) {
            // the platform's node labels; Terway's exclusive-ENI label means nothing to Calico
            const labels = poolLabels(args.environment, node.pool!.role, node.pool!.name, node.pool!.labels).filter((l) => l.key !== EXCLUSIVE_ENI_LABEL.key);
            new k8s.core.v1.NodePatch(
                `${name}-labels-${node.name.startsWith(`${name}-`) ? node.name.slice(name.length + 1) : node.name}`,
                { metadata: { name: node.name, labels: Object.fromEntries(labels.map((l) => [l.key, l.value])) } },
                { ...inCluster, dependsOn: [kubekey] },
            );
        }

        this.allocatable = workersAllocatable(c.pools);
        this.capacity = clusterCapacity("selfManaged", c.pools);
        this.registerOutputs({ kubeconfig: this.kubeconfig, apiServerEndpoint: this.apiServerEndpoint, allocatable: this.allocatable, capacity: this.capacity });
    }

    /** The ECS instances of a cluster in its VPC, one per node of the layout (selfManagedNodes). */
    private ecsNodes(name: string, args: SelfManagedClusterArgs, userData: pulumi.Output<string>) {
        const c = args.cluster;
        const nodes = selfManagedNodes(name, c, args.zones);
        // the nodes' RAM role: Alibaba Cloud's CSI driver takes its credentials from it (nodeRamRole.ts)
        const role = new alicloud.ram.Role(
            `${name}-node-role`,
            { roleName: nodeRoleName(name), assumeRolePolicyDocument: nodeTrustPolicy(), description: `${name}'s nodes: the CSI driver's disk and NAS calls`, tags: args.tags },
            { parent: this },
        );
        const policy = new alicloud.ram.Policy(`${name}-node-policy`, { policyName: `${nodeRoleName(name)}-csi`, policyDocument: csiNodePolicy(), tags: args.tags }, { parent: this });
        const grant = new alicloud.ram.RolePolicyAttachment(`${name}-node-grant`, { roleName: role.roleName, policyName: policy.policyName, policyType: "Custom" }, { parent: this });
        const keyPair = new alicloud.ecs.EcsKeyPair(`${name}-keypair`, { keyPairName: `${name}-nodes`, publicKey: args.sshPublicKey, tags: args.tags }, { parent: this });
        const image = alicloud.ecs.getImagesOutput({ nameRegex: NODE_IMAGE_NAME_REGEX, owners: "system", osType: "linux", architecture: "x86_64", mostRecent: true }, { parent: this });
        const imageId = image.images.apply((images) => {
            if (images.length === 0) throw new Error(`SelfManagedCluster ${name}: no system image matches ${NODE_IMAGE_NAME_REGEX}`);
            return images[0].id;
        });
        return nodes.map((node) => {
            const tags = { ...args.tags, "cluster-role": node.role, ...(node.pool ? { pool: node.pool.name } : {}) };
            const instance = new alicloud.ecs.Instance(
                node.name,
                {
                    instanceName: node.name,
                    hostName: node.name,
                    instanceType: node.instanceType,
                    instanceChargeType: "PostPaid",
                    imageId,
                    vswitchId: args.nodeVswitchIds[args.zones.indexOf(node.zone)],
                    securityGroups: [args.securityGroupId],
                    keyName: keyPair.keyPairName,
                    internetMaxBandwidthOut: 0,
                    systemDiskCategory: "cloud_essd",
                    systemDiskSize: args.systemDiskGiB ?? 120,
                    systemDiskEncrypted: true,
                    deletionProtection: c.deletionProtection,
                    userData,
                    tags,
                    volumeTags: tags,
                },
                // a newer image or user data must not reinstall a running node; control planes hold etcd
                { parent: this, protect: node.role === "control-plane", ignoreChanges: ["imageId", "userData"] },
            );
            new alicloud.ecs.RamRoleAttachment(`${node.name}-role`, { instanceId: instance.id, ramRoleName: role.roleName }, { parent: this, dependsOn: [grant] });
            return { node: node as NodeOfCluster, address: instance.privateIp, id: instance.id, ready: instance as pulumi.Resource };
        });
    }
}
