import * as YAML from "yaml";
import { KubekeyInput, kubeconfigForAddress, kubekeyDownloadUrl, kubekeyManifest, kubekeyManifestYaml, kubekeyScript } from "../../components/cluster/kubekey";

/** Where the node key sits on the runner (components/cluster/kubekey.ts). */
const NODE_KEY = "/root/.ssh/kubekey_node_key";
const host = (name: string, address: string) => ({ name, address, internalAddress: address, user: "root", privateKeyPath: NODE_KEY });
const BASE = { kubernetesVersion: "v1.32.5", serviceCidr: "192.168.32.0/20" };

describe("kubekeyManifest", () => {
    test.each<[string, KubekeyInput, object]>([
        [
            "one control plane",
            { ...BASE, name: "lab", podCidr: "172.20.0.0/16", controlPlanes: [{ name: "lab-cp-0", address: "10.32.0.10" }], workers: [{ name: "lab-general-0", address: "10.32.16.11" }] },
            {
                hosts: [host("lab-cp-0", "10.32.0.10"), host("lab-general-0", "10.32.16.11")],
                roleGroups: { etcd: ["lab-cp-0"], "control-plane": ["lab-cp-0"], worker: ["lab-general-0"] },
                podCidr: "172.20.0.0/16",
            },
        ],
        [
            "three control planes",
            {
                ...BASE,
                name: "idc",
                podCidr: "172.21.0.0/16",
                controlPlanes: [
                    { name: "idc-cp-0", address: "10.32.0.10" },
                    { name: "idc-cp-1", address: "10.32.16.10" },
                    { name: "idc-cp-2", address: "10.32.32.10" },
                ],
                workers: [
                    { name: "idc-general-0", address: "10.32.0.20" },
                    { name: "idc-general-1", address: "10.32.16.20" },
                ],
            },
            {
                hosts: [
                    host("idc-cp-0", "10.32.0.10"), host("idc-cp-1", "10.32.16.10"), host("idc-cp-2", "10.32.32.10"),
                    host("idc-general-0", "10.32.0.20"), host("idc-general-1", "10.32.16.20"),
                ],
                roleGroups: { etcd: ["idc-cp-0", "idc-cp-1", "idc-cp-2"], "control-plane": ["idc-cp-0", "idc-cp-1", "idc-cp-2"], worker: ["idc-general-0", "idc-general-1"] },
                podCidr: "172.21.0.0/16",
            },
        ],
    ])("%s", (_, input, expected) => {
        const { hosts, roleGroups, podCidr } = expected as { hosts: object[]; roleGroups: object; podCidr: string };
        expect(kubekeyManifest(input)).toEqual({
            apiVersion: "kubekey.kubesphere.io/v1alpha2",
            kind: "Cluster",
            metadata: { name: input.name },
            spec: {
                hosts,
                roleGroups,
                controlPlaneEndpoint: { internalLoadbalancer: "haproxy", domain: "lb.kubesphere.local", address: "", port: 6443 },
                kubernetes: { version: "v1.32.5", clusterName: "cluster.local", autoRenewCerts: true, containerManager: "containerd" },
                etcd: { type: "kubekey" },
                network: { plugin: "none", kubePodsCIDR: podCidr, kubeServiceCIDR: "192.168.32.0/20", multusCNI: { enabled: false } },
                registry: { privateRegistry: "", namespaceOverride: "", registryMirrors: [], insecureRegistries: [] },
                addons: [],
            },
        });
    });

    test("a private registry and key path when given; the YAML text parses back to the object", () => {
        const input: KubekeyInput = {
            ...BASE,
            name: "lab",
            podCidr: "172.20.0.0/16",
            controlPlanes: [{ name: "lab-cp-0", address: "10.32.0.10" }],
            workers: [],
            privateKeyPath: "/root/.ssh/other",
            privateRegistry: "harbor.ops.internal",
        };
        const manifest = kubekeyManifest(input) as { spec: { hosts: { privateKeyPath: string }[]; registry: { privateRegistry: string } } };
        expect(manifest.spec.hosts[0].privateKeyPath).toBe("/root/.ssh/other");
        expect(manifest.spec.registry.privateRegistry).toBe("harbor.ops.internal");
        expect(YAML.parse(kubekeyManifestYaml(input))).toEqual(manifest);
    });

    test("refuses a cluster without control planes", () => {
        expect(() => kubekeyManifest({ ...BASE, name: "x", podCidr: "172.20.0.0/16", controlPlanes: [], workers: [] })).toThrow("at least one control-plane node");
    });
});

describe("kubekeyScript", () => {
    test.each([
        ["create", "cn", "./kk create cluster -f cluster.yaml -y", "https://kubernetes.pek3b.qingstor.com/kubekey/releases/download/v3.1.10/kubekey-v3.1.10-linux-amd64.tar.gz"],
        ["add", "github", "./kk add nodes -f cluster.yaml -y", "https://github.com/kubesphere/kubekey/releases/download/v3.1.10/kubekey-v3.1.10-linux-amd64.tar.gz"],
    ] as const)("%s from %s", (action, mirror, kk, url) => {
        const script = kubekeyScript({ action, version: "v3.1.10", mirror, addresses: ["10.0.0.1", "10.0.0.2"] });
        const lines = script.split("\n");
        expect(lines[0]).toBe("set -eu");
        expect(lines).toContain("cat > cluster.yaml");
        expect(lines.includes("export KKZONE=cn")).toBe(mirror === "cn");
        expect(script).toContain(`curl -fsSL --retry 5 -o kubekey.tar.gz '${url}'`);
        expect(lines).toContain('for node in 10.0.0.1 10.0.0.2; do wait_for "$node"; done');
        expect(script).toContain(`ssh -i ${NODE_KEY} `);
        // kk runs last, after the waits
        expect(lines.filter((l) => l !== "").pop()).toBe(kk);
        expect(kubekeyDownloadUrl("v3.1.10", mirror)).toBe(url);
    });
});

describe("kubeconfigForAddress", () => {
    test("points every server at the address and leaves the rest alone", () => {
        const before = "clusters:\n- cluster:\n    certificate-authority-data: QQ==\n    server: https://lb.kubesphere.local:6443\n  name: cluster.local\n";
        expect(kubeconfigForAddress(before, "10.32.0.10")).toBe(before.replace("https://lb.kubesphere.local:6443", "https://10.32.0.10:6443"));
    });
});
