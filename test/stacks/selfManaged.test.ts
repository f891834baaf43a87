// kind: selfManaged is a stack option: the factory (stacks/clusters.ts declareCluster) declares KubeKey nodes
// with Calico, and the cluster joins the platform as an ACK member does. The README's example
// (Pulumi.idc.yaml: an IDC's hosts, BGP on an overlaid fabric), planned as a stack against
// prod's plan, and the same cluster on ECS in the VPC with VXLAN.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PlanFile } from "../../engine/planFile";
import { checkUrnRecord, explainUrnRecord, readUrnRecord } from "../../engine/urnRecord";
import { PlanSpec, STANDARD, cachedPlan } from "../support/planCache";
import { ROOT, runCli } from "../support/project";

const FIXTURE = path.join(ROOT, "Pulumi.idc.yaml");

/**
 * The example as a stack `idc`, edited (in a project copy), planned against prod's plan: `npm run plan -- --stack
 * idc --reference <prod's plan>` in a child process, once for these sources (test/support/planCache.ts; the
 * global setup plans the unedited example).
 */
async function planExample(edit: (text: string) => string = unedited): Promise<{ plan: PlanFile; stdout: string }> {
    const spec: PlanSpec = edit === unedited ? STANDARD.idc : { ...STANDARD.idc, files: { "Pulumi.idc.yaml": edit(fs.readFileSync(FIXTURE, "utf8")) } };
    const { plan, run } = await cachedPlan(spec);
    expect([run.code, run.stderr.split("\n").filter((l) => /error|Error|expected/.test(l))]).toEqual([0, []]);
    return { plan, stdout: run.stdout };
}
const unedited = (t: string) => t;

/** The example on ECS in the VPC: fabric vpc, no hosts, VXLAN without peers. */
const onEcs = (text: string) =>
    text
        .replace("fabric: overlay", "fabric: vpc")
        .replace(/ {8}hosts:\n( {10}- .*\n)+/, "")
        .replace("mode: bgp", "mode: vxlan")
        .replace(/ {8}# shared files.*\n {8}nfs: .*\n/, "")
        .replace(/ {10}asNumber: 64512\n {10}bgpPeers:\n( {12}- .*\n)+/, "");

describe.each([
    ["the IDC example (its hosts, bgp on an overlaid fabric)", unedited, "idc"],
    ["the same cluster on ECS in the VPC, vxlan", onEcs, "ecs"],
] as const)("%s", (_, edit, variant) => {
    let plan: PlanFile;
    let stdout: string;
    beforeAll(async () => {
        ({ plan, stdout } = await planExample(edit));
    });
    const ofType = (type: string) => plan.resources.filter((r) => r.type === type);

    test("no ACK cluster; KubeKey on the nodes, the kubeconfig read back", () => {
        expect(ofType("alicloud:cs/managedKubernetes:ManagedKubernetes")).toEqual([]);
        expect(ofType("alicloud:cs/nodePool:NodePool")).toEqual([]);
        const commands = ofType("command:remote:Command").map((r) => r.name).sort();
        expect(commands.filter((n) => !n.includes("-prepare-"))).toEqual(["nonprod-kubeconfig", "nonprod-kubekey", "nonprod-node-key"]);
        const instances = ofType("alicloud:ecs/instance:Instance").map((r) => r.name).sort();
        if (variant === "ecs") {
            expect(instances.filter((n) => n.startsWith("nonprod-cp-"))).toEqual(["nonprod-cp-0", "nonprod-cp-1", "nonprod-cp-2"]);
            expect(instances).toHaveLength(3 + 3 + 2);
            // the nodes trust the platform CA for Harbor from their first boot, as ACK's pools do
            for (const r of ofType("alicloud:ecs/instance:Instance")) expect(String(r.inputs.userData)).toContain("/etc/containerd/certs.d/harbor.ops.kube-platform.internal");
        } else {
            // the IDC's hosts, each prepared over SSH (the same prerequisites and CA trust), none created
            expect(instances).toEqual([]);
            expect(commands.filter((n) => n.includes("-prepare-"))).toHaveLength(8);
        }
    });

    test("Calico: the CRD chart before the operator, the pool and the BGP objects after it", () => {
        const releases = ofType("kubernetes:helm.sh/v3:Release");
        const crds = releases.find((r) => r.inputs.chart === "crd.projectcalico.org.v1")!;
        const operator = releases.find((r) => r.inputs.chart === "tigera-operator")!;
        expect(operator.dependencies).toContain(crds.urn);
        const objects = plan.resources.filter((r) => r.type.startsWith("kubernetes:crd.projectcalico.org/"));
        expect(objects.map((r) => r.type.split(":").pop()).sort()).toEqual(variant === "idc" ? ["BGPConfiguration", "BGPPeer", "BGPPeer", "IPPool"] : ["IPPool"]);
        for (const o of objects) expect(o.dependencies).toContain(operator.urn);
        const pool = objects.find((o) => o.type.endsWith("IPPool"))!;
        expect(pool.inputs.spec).toMatchObject({ vxlanMode: variant === "idc" ? "Never" : "Always", ipipMode: "Never" });
    });

    test("joins the platform like an ACK member: registered on the host, the monitoring agent's home, logging, tenancy; no policy violated", () => {
        const registration = ofType("kubernetes:cluster.kubesphere.io/v1alpha1:Cluster");
        expect(registration.map((r) => (r.inputs.metadata as { name: string }).name)).toEqual(["nonprod"]);
        const ns = plan.resources.find((r) => r.name === "nonprod-monitoring-agent-ns")!;
        expect(registration[0].dependencies).toContain(ns.urn);
        // storage: in a VPC, Alibaba Cloud's CSI driver (the vendored archive) and the same NAS and disk classes as
        // on ACK; in an IDC, its NFS export through csi-driver-nfs
        expect(ofType("kubernetes:helm.sh/v3:Release").map((r) => String(r.inputs.chart)).sort()).toEqual(
            variant === "idc"
                ? ["crd.projectcalico.org.v1", "csi-driver-nfs", "filebeat", "tigera-operator"]
                : ["components/storage/charts/alibaba-cloud-csi-driver-1.36.2.tgz", "crd.projectcalico.org.v1", "filebeat", "tigera-operator"],
        );
        const classes = ofType("kubernetes:storage.k8s.io/v1:StorageClass");
        expect(classes.map((r) => (r.inputs.metadata as { name: string }).name).sort()).toEqual(
            variant === "idc" ? ["nfs-shared"] : ["disk-essd", "nas-extreme-h", "nas-extreme-i", "nas-extreme-j", "nas-general"],
        );
        if (variant === "ecs") {
            // the CSI driver's credentials: the nodes' RAM role, on every node
            expect(ofType("alicloud:ram/role:Role").map((r) => r.inputs.roleName)).toEqual(["kube-platform-nonprod-nodes"]);
            expect(ofType("alicloud:ecs/ramRoleAttachment:RamRoleAttachment")).toHaveLength(8);
        }
        if (variant === "idc") {
            expect(classes[0].inputs).toMatchObject({ provisioner: "nfs.csi.k8s.io", parameters: { server: "nfs.idc.corp.internal", share: "/export/k8s", onDelete: "archive" } });
            expect((plan.outputs.clusters as Record<string, { storageClasses: unknown }>).nonprod.storageClasses).toEqual({ shared: "nfs-shared" });
        }
        expect(ofType("kubernetes:core/v1:Namespace").length).toBeGreaterThan(3);
        // its monitoring differs from an ACK member's: its key of prod's InstallPlan, patched through the registrar
        const patch = ofType("kubernetes:kubesphere.io/v1alpha1:InstallPlanPatch");
        expect(patch.map((r) => r.name)).toEqual(["nonprod-monitoring-override"]);
        expect(patch[0].provider).toMatch(/::ops-registrar$/);
        // its control plane scraped; Prometheus on an emptyDir in the IDC (no block storage), on disk-essd in a VPC
        expect(patch[0].inputs).toMatchObject({ metadata: { name: "whizard-monitoring" }, spec: { clusterScheduling: { overrides: { nonprod: expect.stringContaining("kubeScheduler:\n    enabled: true") } } } });
        const override = (patch[0].inputs.spec as { clusterScheduling: { overrides: { nonprod: string } } }).clusterScheduling.overrides.nonprod;
        expect(override.includes("emptyDir")).toBe(variant === "idc");
        expect(Object.keys((patch[0].inputs.spec as { clusterScheduling: { overrides: object } }).clusterScheduling.overrides)).toEqual(["nonprod"]);
        expect(plan.policies.violations).toEqual([]);
        expect(stdout.trimEnd().split("\n").pop()).toMatch(/^Plan of idc: \d+ resources, 0 mandatory and 0 advisory violation\(s\); exit 0/);
    });
});

test("the example stack matches its URN record (stacks/urns/idc.txt), and renders: every object valid, no mandatory violation", async () => {
    const prod = await cachedPlan(STANDARD.prod);
    const { plan } = await planExample();
    expect(explainUrnRecord("idc", checkUrnRecord(plan, readUrnRecord("idc")))).toBe("");
    // the example as it is (FIXTURE): rendered in the project itself, the manifests written to a scratch folder
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "idc-rendered-"));
    const render = runCli(ROOT, "render", ["--stack", "idc", "--reference", prod.planFile, "--out", out]);
    expect(render.code).toBe(0);
    // every image of the NFS driver through Harbor's registry.k8s.io proxy cache
    const images = [...fs.readFileSync(path.join(out, "nonprod-kube-system-csi-driver-nfs.yaml"), "utf8").matchAll(/image: "?([^"\s]+)"?/g)].map((m) => m[1]);
    expect(images.length).toBeGreaterThan(4);
    for (const image of images) expect(image).toMatch(/^harbor\.ops\.kube-platform\.internal\/k8s\/sig-storage\/[a-z-]+:v[\d.]+$/);
    // Calico's charts and the NFS driver (the program's), the member's ks-core (the host's install), Filebeat
    expect(render.stdout.split("\n").filter((l) => /^nonprod\//.test(l)).map((l) => l.split(" ")[0]).sort()).toEqual([
        "nonprod/kube-system/csi-driver-nfs",
        "nonprod/kubesphere-system/ks-core",
        "nonprod/logging/filebeat",
        "nonprod/tigera-operator/calico",
        "nonprod/tigera-operator/calico-crds",
    ]);
    expect(render.stdout.trimEnd().split("\n").pop()).toMatch(/^Render of idc: 5 releases, \d+ objects, 0 schema problem\(s\), 0 mandatory and \d+ advisory violation\(s\), \d+ exemption\(s\) applied; exit 0/);
});
