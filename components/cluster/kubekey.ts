/**
 * KubeKey (v3) builds self-managed clusters: the `Cluster` manifest `kk create cluster -f` reads, and the
 * scripts that run it on the first control-plane node. Pure functions; the component feeds them the nodes'
 * private IPs once they are known.
 */
import * as YAML from "yaml";

/** The API of the manifest KubeKey v3 reads. */
export const KUBEKEY_API_VERSION = "kubekey.kubesphere.io/v1alpha2";
/** Where the manifest and the `kk` binary live on the first control-plane node. */
export const KUBEKEY_DIR = "/root/kubekey";
/** Where the nodes' private key is put on the first control-plane node, for KubeKey to SSH to every node with. */
export const NODE_KEY_PATH = "/root/.ssh/kubekey_node_key";
/** The API server's port, behind KubeKey's internal load balancer and on every control-plane node. */
export const API_SERVER_PORT = 6443;
/** Writes its standard input (the private key: a secret, never part of the command line) to {@link NODE_KEY_PATH}. */
export const NODE_KEY_SCRIPT = `set -eu; umask 077; mkdir -p /root/.ssh; cat > ${NODE_KEY_PATH}`;
/** Prints the admin kubeconfig KubeKey leaves on a control-plane node. */
export const READ_KUBECONFIG_SCRIPT = "cat /etc/kubernetes/admin.conf";

/**
 * Installs what KubeKey's preflight requires of every node (socat, conntrack, ebtables, ipset...) on Alibaba
 * Cloud Linux 3; runs once, as the ECS instances' user data (cloud-init).
 */
export const NODE_PREREQUISITES_USER_DATA = [
    "#!/bin/sh",
    "# KubeKey preflight: kubeadm and kube-proxy (ipvs) need these on every node",
    "dnf install -y socat conntrack-tools ebtables ipset ipvsadm chrony tar curl",
    "",
].join("\n");

/** A node as KubeKey sees it: its name (also its hostname and Kubernetes node name) and its private IP. */
export interface KubekeyHost {
    readonly name: string;
    readonly address: string;
}

/** What {@link kubekeyManifest} builds the manifest from. */
export interface KubekeyInput {
    /** The cluster's name (`metadata.name`). */
    readonly name: string;
    /** A KubeKey Kubernetes version such as `v1.32.5`. */
    readonly kubernetesVersion: string;
    /** etcd and control-plane nodes (1, 3 or 5). */
    readonly controlPlanes: readonly KubekeyHost[];
    readonly workers: readonly KubekeyHost[];
    /** The pod CIDR: Calico's IP pool. */
    readonly podCidr: string;
    /** The service CIDR of the network. */
    readonly serviceCidr: string;
    /** Key KubeKey logs in to the nodes with, on the node it runs on. Defaults to {@link NODE_KEY_PATH}. */
    readonly privateKeyPath?: string;
    /** Registry to pull the cluster's images from (a Harbor proxy cache). Defaults to none (upstream). */
    readonly privateRegistry?: string;
}

/** The KubeKey `Cluster` manifest of a self-managed cluster, as an object. */
export function kubekeyManifest(input: KubekeyInput): Record<string, unknown> {
    if (input.controlPlanes.length === 0) throw new Error(`kubekeyManifest ${input.name}: at least one control-plane node is required`);
    const privateKeyPath = input.privateKeyPath ?? NODE_KEY_PATH;
    const host = (h: KubekeyHost) => ({ name: h.name, address: h.address, internalAddress: h.address, user: "root", privateKeyPath });
    const names = (hs: readonly KubekeyHost[]) => hs.map((h) => h.name);
    return {
        apiVersion: KUBEKEY_API_VERSION,
        kind: "Cluster",
        metadata: { name: input.name },
        spec: {
            hosts: [...input.controlPlanes, ...input.workers].map(host),
            roleGroups: { etcd: names(input.controlPlanes), "control-plane": names(input.controlPlanes), worker: names(input.workers) },
            // haproxy on every worker, in front of all control planes; the domain resolves locally on each node
            controlPlaneEndpoint: { internalLoadbalancer: "haproxy", domain: "lb.kubesphere.local", address: "", port: API_SERVER_PORT },
            kubernetes: {
                version: input.kubernetesVersion,
                // KubeKey uses clusterName as the cluster's DNS domain: keep the domain every chart assumes
                clusterName: "cluster.local",
                autoRenewCerts: true,
                containerManager: "containerd",
            },
            etcd: { type: "kubekey" },
            network: {
                // Calico is installed and configured by the tigera-operator chart (calico.ts); KubeKey's own
                // Calico manifests would be a second installer fighting the operator over the same objects.
                // "none" makes KubeKey deploy no CNI; kubePodsCIDR still becomes kubeadm's pod subnet.
                plugin: "none",
                kubePodsCIDR: input.podCidr,
                kubeServiceCIDR: input.serviceCidr,
                multusCNI: { enabled: false },
            },
            registry: { privateRegistry: input.privateRegistry ?? "", namespaceOverride: "", registryMirrors: [], insecureRegistries: [] },
            addons: [],
        },
    };
}

/** The manifest as the YAML text written to the node. */
export function kubekeyManifestYaml(input: KubekeyInput): string {
    return YAML.stringify(kubekeyManifest(input));
}

/** Where KubeKey is downloaded from: GitHub, or the mirror KubeKey documents for mainland China (`KKZONE=cn`). */
export type KubekeyMirror = "cn" | "github";

/** The release archive of a KubeKey version (linux amd64). */
export function kubekeyDownloadUrl(version: string, mirror: KubekeyMirror): string {
    const file = `kubekey-${version}-linux-amd64.tar.gz`;
    return mirror === "cn"
        ? `https://kubernetes.pek3b.qingstor.com/kubekey/releases/download/${version}/${file}`
        : `https://github.com/kubesphere/kubekey/releases/download/${version}/${file}`;
}

/** What {@link kubekeyScript} runs. */
export interface KubekeyScriptInput {
    /** `create` builds the cluster; `add` joins the manifest's new nodes to it (after a pool grew). */
    readonly action: "create" | "add";
    /** The pinned KubeKey version, `v3.1.10`. */
    readonly version: string;
    readonly mirror: KubekeyMirror;
    /** Every node's address: the script waits until each answers SSH and has finished its user data. */
    readonly addresses: readonly string[];
}

/**
 * The shell script run on the first control-plane node. Its standard input is the manifest: it is written to
 * {@link KUBEKEY_DIR}, KubeKey is fetched at the pinned version (unless already there), every node is waited
 * for, then `kk create cluster` (or `kk add nodes`) runs unattended.
 */
export function kubekeyScript(input: KubekeyScriptInput): string {
    const kk = input.action === "create" ? "./kk create cluster -f cluster.yaml -y" : "./kk add nodes -f cluster.yaml -y";
    const ssh = `ssh -i ${NODE_KEY_PATH} -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o ConnectTimeout=10 -o BatchMode=yes`;
    return [
        "set -eu",
        `mkdir -p ${KUBEKEY_DIR} && cd ${KUBEKEY_DIR}`,
        "cat > cluster.yaml",
        ...(input.mirror === "cn" ? ["export KKZONE=cn"] : []),
        `if ! ./kk version 2>/dev/null | grep -q '${input.version}'; then`,
        `  curl -fsSL --retry 5 -o kubekey.tar.gz '${kubekeyDownloadUrl(input.version, input.mirror)}'`,
        "  tar -xzf kubekey.tar.gz kk && rm -f kubekey.tar.gz",
        "fi",
        // a node that is still running its user data would fail KubeKey's preflight (socat, conntrack)
        "wait_for() { n=0; until " + ssh + ` root@"$1" 'cloud-init status --wait >/dev/null 2>&1 || true'; do`,
        `  n=$((n+1)); [ "$n" -lt 60 ] || { echo "node $1 did not answer SSH in 10 minutes" >&2; exit 1; }; sleep 10; done; }`,
        `for node in ${input.addresses.join(" ")}; do wait_for "$node"; done`,
        kk,
        "",
    ].join("\n");
}

/**
 * What the KubeKey command runs when it is deleted: `kk delete cluster` with the manifest its create left on
 * the node, resetting every node (an IDC's hosts are reused). A failed reset fails the delete, so nothing is
 * left half-joined silently.
 */
export const KUBEKEY_DELETE_SCRIPT = ["set -eu", `cd ${KUBEKEY_DIR}`, "./kk delete cluster -f cluster.yaml -y", ""].join("\n");

/**
 * The admin kubeconfig KubeKey leaves on a control-plane node points at `lb.kubesphere.local`, which resolves
 * only on the nodes: point it at a control-plane node's private IP (in the API server certificate's SANs).
 */
export function kubeconfigForAddress(kubeconfig: string, address: string): string {
    return kubeconfig.replace(/^(\s*server:\s*)\S+$/gm, `$1https://${address}:${API_SERVER_PORT}`);
}
