// The merge-request report's topology: parsed back from its Mermaid, it is the plan's, one box per resource,
// reachability as the route tables say.
import { diffPlans } from "../../engine/diff";
import { PlanFile } from "../../engine/planFile";
import { nodeId, topologyMermaid } from "../../engine/topology";
import { STANDARD, cachedPlan } from "../support/planCache";

interface Parsed {
    readonly nodes: Map<string, string>;
    readonly edges: { from: string; to: string; label: string; kind: string }[];
    readonly classes: Map<string, string[]>;
}

/** The node definitions (id -> label), edges and class assignments of a generated flowchart. */
function parse(mermaid: string): Parsed {
    const nodes = new Map<string, string>();
    const edges: Parsed["edges"] = [];
    const classes = new Map<string, string[]>();
    const defined: string[] = [];
    for (const raw of mermaid.split("\n").slice(2, -1)) {
        const line = raw.trim();
        let m: RegExpExecArray | null;
        if ((m = /^subgraph (\w+)\["(.*)"\]$/.exec(line)) || (m = /^(\w+)(?:\(\(|\[\/|\[\[|\[)"?(.*?)"?(?:\)\)|\/\]|\]\]|\])$/.exec(line))) {
            defined.push(m[1]);
            nodes.set(m[1], m[2]);
        } else if ((m = /^(\w+) (-->|---)(?:\|"?(.*?)"?\|)? (\w+)$/.exec(line))) edges.push({ from: m[1], kind: m[2], label: m[3] ?? "", to: m[4] });
        else if ((m = /^class ([\w,]+) (\w+)$/.exec(line))) classes.set(m[2], m[1].split(","));
    }
    expect(defined.length).toBe(new Set(defined).size);
    return { nodes, edges, classes };
}

let prod: PlanFile;
let nonprod: PlanFile;
beforeAll(async () => {
    [prod, nonprod] = [(await cachedPlan(STANDARD.prod)).plan, (await cachedPlan(STANDARD.nonprod)).plan];
});

test.each(["prod", "nonprod"] as const)("%s: one box per resource (ids from URNs), every release and extension by its chart, on its cluster", (stack) => {
    const plan = stack === "prod" ? prod : nonprod;
    const { nodes, edges } = parse(topologyMermaid(plan));
    const shown = plan.resources.filter((r) => r.type === "kubernetes:helm.sh/v3:Release" || r.type === "kubernetes:kubesphere.io/v1alpha1:InstallPlan");
    expect(shown.length).toBeGreaterThan(stack === "prod" ? 8 : 0);
    for (const r of shown) expect([r.name, nodes.has(nodeId(r.urn))]).toEqual([r.name, true]);
    // the four central releases of ops are four boxes, each by its chart (they were all `ops-release`)
    const opsReleases = shown.filter((r) => /^ops-(elastalert|filebeat|grafana|thanos)-release$/.test(r.name)).map((r) => nodes.get(nodeId(r.urn)));
    if (stack === "prod") expect(opsReleases.map((l) => l!.split(" ")[0]).sort()).toEqual(["elastalert2", "filebeat", "kube-prometheus-stack", "thanos"]);
    for (const r of shown) expect(edges.some((e) => e.to === nodeId(r.urn) && nodes.get(e.from)!.includes("cluster"))).toBe(true);
});

test("reachability as the route tables say: ops reaches prod and nonprod, prod and nonprod reach only ops; the hub is an attachment, not a path", () => {
    const network = (id: string, nodes: Map<string, string>) => nodes.get(id)!.split(" ")[0];
    const routes = (plan: PlanFile) => {
        const { nodes, edges } = parse(topologyMermaid(plan));
        expect(edges.filter((e) => e.kind === "---").every((e) => e.label === "attached")).toBe(true);
        return edges.filter((e) => e.label.startsWith("routes to")).map((e) => `${network(e.from, nodes)}->${network(e.to, nodes)}`).sort();
    };
    expect(routes(prod)).toEqual(["ops->nonprod", "ops->prod", "prod->ops"]);
    expect(routes(nonprod)).toEqual(["nonprod->ops"]);
    for (const r of [...routes(prod), ...routes(nonprod)]) expect(["prod->nonprod", "nonprod->prod"]).not.toContain(r);
    expect(topologyMermaid(prod)).not.toContain("<-->");
});

test("with a diff: what the change creates, updates and deletes is marked", () => {
    const release = prod.resources.find((r) => r.type === "kubernetes:helm.sh/v3:Release" && r.inputs.chart === "filebeat")!;
    const added = { ...release, urn: `${release.urn}-new`, name: "extra" };
    const head: PlanFile = {
        ...prod,
        resources: [...prod.resources.filter((r) => r.name !== "ops-kubesphere-ks-core"), added].map((r) => (r.urn === release.urn ? { ...r, inputs: { ...r.inputs, version: "8.5.2" } } : r)),
    };
    const { classes, nodes } = parse(topologyMermaid(head, diffPlans(prod, head)));
    expect(classes.get("created")).toEqual([nodeId(added.urn)]);
    expect(classes.get("updated")).toContain(nodeId(release.urn));
    const ksCore = prod.resources.find((r) => r.name === "ops-kubesphere-ks-core")!;
    expect(classes.get("deleted")).toEqual([nodeId(ksCore.urn)]);
    expect(nodes.get(nodeId(ksCore.urn))).toBe("deleted: ops-kubesphere-ks-core");
});
