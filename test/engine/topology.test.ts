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
        if (line === "end" || line.startsWith("direction ") || line.startsWith("classDef ")) continue;
        if ((m = /^subgraph (\w+)\["(.*)"\]$/.exec(line)) || (m = /^(\w+)(?:\(\(|\(\[|\[\/|\[\[|\[)"?(.*?)"?(?:\)\)|\]\)|\/\]|\]\]|\])$/.exec(line))) {
            defined.push(m[1]);
            nodes.set(m[1], m[2]);
        } else if ((m = /^(\w+) (-->|---|-\.->)(?:\|"?(.*?)"?\|)? (\w+)$/.exec(line))) edges.push({ from: m[1], kind: m[2], label: m[3] ?? "", to: m[4] });
        else if (!line.startsWith("class ")) throw new Error(`unparsed line: ${line}`);
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
    // each release hangs off its component's box, and that box off its cluster's
    const above = (id: string): string[] => edges.filter((e) => e.to === id && e.kind !== "---" && !e.label).flatMap((e) => [e.from, ...above(e.from)]);
    for (const r of shown) {
        expect(edges.some((e) => e.from === nodeId(r.parent!) && e.to === nodeId(r.urn))).toBe(true);
        expect(above(nodeId(r.urn)).some((id) => / cluster /.test(nodes.get(id) ?? ""))).toBe(true);
    }
    // every platform component is a box (nested ones past three of a kind as one box with their count), but the
    // network's own, which are the VPCs and the hub
    const components = plan.resources.filter((r) => !r.custom && r.type.startsWith("platform:") && !/^platform:network:(Vpc|Hub|HubAttachment|Egress)$/.test(r.type));
    const grouped = (r: (typeof components)[number]) => [...nodes.values()].some((l) => l.startsWith(`${r.type.split(":").pop()} x`));
    expect(components.filter((r) => !nodes.has(nodeId(r.urn)) && !grouped(r)).map((r) => `${r.type} ${r.name}`)).toEqual([]);
    // node pools by shape
    const pools = plan.resources.filter((r) => r.type === "alicloud:cs/nodePool:NodePool");
    const escape = (t: string) => t.replace(/\./g, "\\.");
    for (const pool of pools) expect(nodes.get(nodeId(pool.parent!))).toMatch(new RegExp(`^pool .* ${escape(String((pool.inputs.instanceTypes as string[])[0]))} x(\\d+|\\d+-\\d+ autoscaled)$`));
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
    // a deleted release by its chart, under its component
    expect(nodes.get(nodeId(ksCore.urn))).toBe("deleted: ks-core 1.1.4");
});

test("with a diff: a change inside a component marks it, a replacement inside as replaced; a pool's change marks the pool, not the cluster", () => {
    const edit = (name: string, change: (i: Record<string, unknown>) => void): PlanFile => {
        const head = structuredClone(prod);
        change(head.resources.find((r) => r.name === name)!.inputs);
        return head;
    };
    const urnOf = (name: string) => prod.resources.find((r) => r.name === name)!.urn;
    const pool = prod.resources.find((r) => r.type === "alicloud:cs/nodePool:NodePool" && r.name === "prod-general-pool")!;
    const grown = edit(pool.name, (i) => (i.desiredSize = "12"));
    const marks = parse(topologyMermaid(grown, diffPlans(prod, grown))).classes;
    expect(marks.get("updated")).toEqual([nodeId(pool.parent!)]);
    const nas = edit("ops-nas-fs-extreme-h", (i) => (i.storageType = "advance"));
    const nasMarks = parse(topologyMermaid(nas, diffPlans(prod, nas))).classes;
    expect(nasMarks.get("replaced")).toEqual([nodeId(prod.resources.find((r) => r.name === "ops-nas-fs-extreme-h")!.parent!)]);
    expect(urnOf("ops-nas-fs-extreme-h")).toContain("NasStorage");
});
