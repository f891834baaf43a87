// kind: selfManaged is a stack option: the factory (stacks/clusters.ts declareCluster) declares KubeKey nodes
// with Calico, and the cluster joins the platform as an ACK member does. The README's example
// (test/fixtures/stacks/Pulumi.idc.yaml), planned as a stack against prod's plan.
import * as fs from "fs";
import * as path from "path";
import { PlanFile } from "../../engine/planFile";
import { STANDARD, cachedPlan } from "../support/planCache";
import { ROOT, copyProject, runCli } from "../support/project";

let plan: PlanFile;
let stdout: string;
beforeAll(async () => {
    const prod = await cachedPlan(STANDARD.prod);
    const dir = copyProject();
    fs.copyFileSync(path.join(ROOT, "test", "fixtures", "stacks", "Pulumi.idc.yaml"), path.join(dir, "Pulumi.idc.yaml"));
    const out = path.join(dir, "idc.json");
    const run = runCli(dir, "plan", ["--stack", "idc", "--reference", prod.planFile, "--json", out]);
    expect([run.code, run.stderr.split("\n").filter((l) => /error|Error/.test(l))]).toEqual([0, []]);
    stdout = run.stdout;
    plan = JSON.parse(fs.readFileSync(out, "utf8")) as PlanFile;
});

const ofType = (type: string) => plan.resources.filter((r) => r.type === type);

test("declares KubeKey's nodes on ECS, KubeKey itself and the kubeconfig read back; no ACK cluster", () => {
    expect(ofType("alicloud:cs/managedKubernetes:ManagedKubernetes")).toEqual([]);
    expect(ofType("alicloud:cs/nodePool:NodePool")).toEqual([]);
    const instances = ofType("alicloud:ecs/instance:Instance").map((r) => r.name).sort();
    expect(instances.filter((n) => n.startsWith("nonprod-cp-"))).toEqual(["nonprod-cp-0", "nonprod-cp-1", "nonprod-cp-2"]);
    expect(instances.length).toBe(3 + 3 + 2);
    expect(ofType("command:remote:Command").map((r) => r.name).sort()).toEqual(["nonprod-kubeconfig", "nonprod-kubekey", "nonprod-node-key"]);
    // the nodes trust the platform CA for Harbor from their first boot, as ACK's pools do
    for (const r of ofType("alicloud:ecs/instance:Instance")) expect(String(r.inputs.userData)).toContain("/etc/containerd/certs.d/harbor.ops.kube-platform.internal");
});

test("Calico: the CRD chart before the operator, the BGP objects after it", () => {
    const releases = ofType("kubernetes:helm.sh/v3:Release");
    const crds = releases.find((r) => r.inputs.chart === "crd.projectcalico.org.v1")!;
    const operator = releases.find((r) => r.inputs.chart === "tigera-operator")!;
    expect(operator.dependencies).toContain(crds.urn);
    const objects = plan.resources.filter((r) => r.type.startsWith("kubernetes:crd.projectcalico.org/"));
    expect(objects.map((r) => r.type.split(":").pop()).sort()).toEqual(["BGPConfiguration", "BGPPeer", "BGPPeer"]);
    for (const o of objects) expect(o.dependencies).toContain(operator.urn);
});

test("joins the platform like an ACK member: registered on the host, the monitoring agent's home, logging, tenancy; no policy violated", () => {
    const registration = ofType("kubernetes:cluster.kubesphere.io/v1alpha1:Cluster");
    expect(registration.map((r) => (r.inputs.metadata as { name: string }).name)).toEqual(["nonprod"]);
    const ns = plan.resources.find((r) => r.name === "nonprod-agent-ns")!;
    expect(registration[0].dependencies).toContain(ns.urn);
    expect(ofType("kubernetes:helm.sh/v3:Release").map((r) => r.inputs.chart).sort()).toEqual(["crd.projectcalico.org.v1", "filebeat", "tigera-operator"]);
    expect(ofType("kubernetes:core/v1:Namespace").length).toBeGreaterThan(3);
    expect(plan.policies.violations).toEqual([]);
    expect(stdout.trimEnd().split("\n").pop()).toMatch(/^Plan of idc: \d+ resources, 0 mandatory and 0 advisory violation\(s\); exit 0/);
});
