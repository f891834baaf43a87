import * as crypto from "crypto";
import { chartName } from "../components/kubernetes/charts";
import { ChangeKind, PlanDiff } from "./diff";
import { PlanFile, PlanResource } from "./planFile";

const NETWORK = "alicloud:vpc/network:Network";
const ROUTE_ENTRY = "alicloud:vpc/routeEntry:RouteEntry";
const ATTACHMENT = "alicloud:cen/transitRouterVpcAttachment:TransitRouterVpcAttachment";
const RELEASE = "kubernetes:helm.sh/v3:Release";
const INSTALL_PLAN = "kubernetes:kubesphere.io/v1alpha1:InstallPlan";
const CLUSTER_COMPONENTS: Readonly<Record<string, string>> = { "platform:cluster:AckCluster": "ACK", "platform:cluster:SelfManagedCluster": "self-managed" };

/** A Mermaid node id for a URN: unique per URN (two resources of one name never share a box), stable across runs. */
export function nodeId(urn: string): string {
    return `n${crypto.createHash("sha256").update(urn).digest("hex").slice(0, 12)}`;
}

/** Text safe inside a Mermaid label's quotes. */
function label(text: string): string {
    return text.replace(/"/g, "'");
}

/** The change marks the topology draws, by the diff's kinds. */
const CHANGE_STYLES: Readonly<Record<ChangeKind, string>> = {
    create: "fill:#e6ffed,stroke:#22863a",
    update: "fill:#fff5b1,stroke:#b08800",
    replace: "fill:#ffdce0,stroke:#cb2431",
    delete: "fill:#eeeeee,stroke:#6a737d,stroke-dasharray:4 3",
};

/** Components drawn as the network itself (VPCs, the hub) rather than as boxes. */
const NETWORK_COMPONENTS = new Set(["platform:network:Vpc", "platform:network:Hub", "platform:network:HubAttachment"]);
/** More components of one type than this under one box are drawn as one box with their count. */
const GROUP_ABOVE = 3;

/** How strongly a change marks a box: a replacement inside marks its component replaced. */
const STRENGTH: Readonly<Record<ChangeKind, number>> = { update: 1, create: 1, delete: 1, replace: 2 };

/**
 * The platform's topology drawn from a plan as a Mermaid flowchart, top to bottom: each VPC with its CIDR and its
 * cluster; on each cluster its node pools (instance type and size) and every platform component that lives on it
 * (by the cluster its resources are on), each with its Helm releases by chart (and the KubeSphere extensions the
 * host installs), nested components under theirs, more than three of a kind as one box with their count; the
 * platform-wide components (the CA, the private zone, the registry's configuration) beside the VPCs; the hub with
 * the VPCs attached to it, and reachability as the VPCs' route tables say it: an edge from a VPC to each network
 * it has a route to (another stack's network drawn by the route's name), so that ops reaches prod and nonprod and
 * prod and nonprod stay visibly unconnected. Node ids come from URNs. With a diff, what it creates, updates,
 * replaces and deletes is marked: a box by its own change, a component (or cluster) updated by a change inside it
 * and replaced by a replacement inside it; a deleted release or component drawn from the diff under its component.
 */
export function topologyMermaid(plan: PlanFile, diff?: PlanDiff): string {
    const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
    const of = (type: string) => plan.resources.filter((r) => r.type === type);
    const tags = (r: PlanResource) => (r.inputs.tags ?? {}) as Record<string, string>;
    const lines = ["```mermaid", "flowchart TB"];
    const changeOf = new Map((diff?.changes ?? []).map((c) => [c.urn, c]));
    const marked = new Map<string, ChangeKind>();
    const markAs = (id: string, kind: ChangeKind | undefined) => {
        if (!kind) return;
        const was = marked.get(id);
        if (!was || STRENGTH[kind] > STRENGTH[was]) marked.set(id, kind);
    };

    // every resource's nearest platform component (not a network one), and what is inside each
    const children = new Map<string, PlanResource[]>();
    for (const r of plan.resources) if (r.parent) children.set(r.parent, [...(children.get(r.parent) ?? []), r]);
    const isComponent = (r: PlanResource) => !r.custom && r.type.startsWith("platform:");
    const descendants = (urn: string): PlanResource[] => (children.get(urn) ?? []).flatMap((c) => [c, ...descendants(c.urn)]);
    /** The mark a component gets from its own change and the changes inside it (deletions included). */
    const inner = (urn: string, own: readonly PlanResource[] = descendants(urn)): ChangeKind | undefined => {
        const self = changeOf.get(urn);
        if (self && (self.kind === "create" || self.kind === "delete")) return self.kind;
        const kinds = [...own.map((r) => changeOf.get(r.urn)?.kind), ...(diff?.changes ?? []).filter((c) => c.kind === "delete" && c.parent === urn).map(() => "delete" as const)].filter(
            (k): k is ChangeKind => !!k,
        );
        if (kinds.length === 0) return self?.kind;
        return kinds.includes("replace") ? "replace" : "update";
    };

    const hub = of("alicloud:cen/transitRouter:TransitRouter")[0];
    const reference = of("pulumi:pulumi:StackReference")[0];
    const hubId = hub ? nodeId(hub.urn) : "hub";
    if (hub) lines.push(`  ${hubId}(("hub: CEN transit router"))`);
    else if (reference) lines.push(`  ${hubId}(("hub (from ${label(String(reference.inputs.name))})"))`);
    if (hub) markAs(hubId, inner(hub.parent ?? ""));

    const vpcs = of(NETWORK);
    const networkOf = (vpc: PlanResource) => tags(vpc).network ?? vpc.name;
    const clusters = plan.resources.filter((r) => CLUSTER_COMPONENTS[r.type]);
    const providerOfCluster = (cluster: PlanResource) => plan.resources.find((r) => r.type === "pulumi:providers:kubernetes" && r.parent === cluster.urn);
    const clusterOfProvider = new Map(clusters.map((c) => [providerOfCluster(c)?.urn, c]));

    // top-level components by where they live: the cluster most of their resources are on, else platform-wide
    const topLevel = plan.resources.filter((r) => isComponent(r) && !CLUSTER_COMPONENTS[r.type] && !NETWORK_COMPONENTS.has(r.type) && !(r.parent && isComponent(byUrn.get(r.parent)!)));
    const homeOf = (component: PlanResource): PlanResource | undefined => {
        const counts = new Map<string, number>();
        for (const d of descendants(component.urn)) {
            const cluster = d.provider ? clusterOfProvider.get(d.provider) : undefined;
            if (cluster) counts.set(cluster.urn, (counts.get(cluster.urn) ?? 0) + 1);
        }
        const best = [...counts].sort((a, b) => b[1] - a[1])[0];
        return best ? byUrn.get(best[0]) : undefined;
    };
    const onCluster = new Map<string, PlanResource[]>();
    const platformWide: PlanResource[] = [];
    for (const c of topLevel) {
        const home = homeOf(c);
        if (home) onCluster.set(home.urn, [...(onCluster.get(home.urn) ?? []), c]);
        else if (c.type !== "platform:network:Egress") platformWide.push(c);
    }

    const shortType = (type: string) => type.split(":").pop()!;
    const releaseText = (r: PlanResource) =>
        r.type === RELEASE
            ? `${chartName({ chart: String(r.inputs.chart).replace(/-[\d.]+\.tgz$/, "").split("/").pop()! })} ${String(r.inputs.version ?? "")}`
            : `extension ${String((r.inputs.spec as { extension?: { name?: string; version?: string } } | undefined)?.extension?.name)} ${String((r.inputs.spec as { extension?: { version?: string } } | undefined)?.extension?.version ?? "")}`;
    /** A component's box, its releases and nested components under it (grouped past GROUP_ABOVE), at `indent`. */
    const drawComponent = (c: PlanResource, from: string, indent: string): void => {
        lines.push(`${indent}${nodeId(c.urn)}["${label(`${shortType(c.type)} ${c.name}`)}"]`);
        lines.push(`${indent}${from} --> ${nodeId(c.urn)}`);
        markAs(nodeId(c.urn), inner(c.urn));
        const kids = children.get(c.urn) ?? [];
        for (const r of kids.filter((k) => k.type === RELEASE || k.type === INSTALL_PLAN)) {
            lines.push(`${indent}${nodeId(r.urn)}[/"${label(releaseText(r).trim())}"/]`);
            lines.push(`${indent}${nodeId(c.urn)} --> ${nodeId(r.urn)}`);
            markAs(nodeId(r.urn), changeOf.get(r.urn)?.kind);
        }
        drawDeleted(c.urn, indent);
        const nested = kids.filter(isComponent);
        for (const type of [...new Set(nested.map((n) => n.type))]) {
            const same = nested.filter((n) => n.type === type);
            if (same.length <= GROUP_ABOVE) {
                for (const n of same) drawComponent(n, nodeId(c.urn), indent);
                continue;
            }
            const id = nodeId(`${c.urn}#${type}`);
            const created = same.filter((n) => changeOf.get(n.urn)?.kind === "create").length;
            lines.push(`${indent}${id}["${label(`${shortType(type)} x${same.length}${created ? ` (${created} new)` : ""}`)}"]`);
            lines.push(`${indent}${nodeId(c.urn)} --> ${id}`);
            for (const n of same) markAs(id, inner(n.urn));
        }
    };
    /** What the change deletes under a component: drawn from the diff, by its chart where it is a release. */
    const drawDeleted = (parentUrn: string, indent: string): void => {
        for (const d of diff?.changes.filter((x) => x.kind === "delete" && x.parent === parentUrn && (x.type === RELEASE || x.type === INSTALL_PLAN || isComponentType(x.type))) ?? []) {
            const chart = d.inputs.find((i) => i.path === "chart")?.before;
            const version = d.inputs.find((i) => i.path === "version")?.before;
            const what = chart ? `${String(chart)} ${String(version ?? "")}`.trim() : `${shortType(d.type)} ${d.name}`;
            lines.push(`${indent}${nodeId(d.urn)}[/"${label(`deleted: ${what}`)}"/]`);
            lines.push(`${indent}${nodeId(parentUrn)} -.-> ${nodeId(d.urn)}`);
            marked.set(nodeId(d.urn), "delete");
        }
    };
    const isComponentType = (type: string) => type.startsWith("platform:");

    for (const vpc of vpcs) {
        const network = networkOf(vpc);
        lines.push(`  subgraph ${nodeId(vpc.urn)}["${label(`${network} VPC ${String(vpc.inputs.cidrBlock)}`)}"]`);
        lines.push("    direction LR");
        markAs(nodeId(vpc.urn), inner(vpc.parent ?? "") ?? changeOf.get(vpc.urn)?.kind);
        for (const cluster of clusters.filter((c) => c.name === network)) {
            const clusterId = nodeId(cluster.urn);
            lines.push(`    ${clusterId}["${CLUSTER_COMPONENTS[cluster.type]} cluster ${label(cluster.name)}"]`);
            // the cluster's own resources (its control plane, its provider), not its pools or what runs on it
            const own = (children.get(cluster.urn) ?? []).filter((r) => !isComponent(r));
            markAs(clusterId, inner(cluster.urn, own));
            for (const pool of (children.get(cluster.urn) ?? []).filter(isComponent)) {
                const nodePool = descendants(pool.urn).find((r) => r.type === "alicloud:cs/nodePool:NodePool");
                const scaling = nodePool?.inputs.scalingConfig as { minSize?: number; maxSize?: number } | undefined;
                const size = nodePool?.inputs.desiredSize ?? (scaling ? `${String(scaling.minSize)}-${String(scaling.maxSize)} autoscaled` : "?");
                const shape = nodePool ? ` ${String((nodePool.inputs.instanceTypes as string[] | undefined)?.[0] ?? "")} x${String(size)}` : "";
                lines.push(`    ${nodeId(pool.urn)}(["${label(`pool ${pool.name}${shape}`)}"])`);
                lines.push(`    ${clusterId} --> ${nodeId(pool.urn)}`);
                markAs(nodeId(pool.urn), inner(pool.urn));
            }
            for (const c of onCluster.get(cluster.urn) ?? []) drawComponent(c, clusterId, "    ");
            drawDeleted(cluster.urn, "    ");
        }
        lines.push("  end");
    }
    if (platformWide.length > 0) {
        lines.push(`  subgraph platform_wide["platform-wide"]`);
        lines.push("    direction LR");
        for (const c of platformWide) {
            lines.push(`    ${nodeId(c.urn)}["${label(`${shortType(c.type)} ${c.name}`)}"]`);
            markAs(nodeId(c.urn), inner(c.urn));
        }
        lines.push("  end");
    }

    // the hub's attachments (a plain line: being attached is no reachability), then the routes (arrows)
    for (const att of of(ATTACHMENT)) {
        const vpc = att.dependencies.map((d) => byUrn.get(d)).find((r) => r?.type === NETWORK);
        if (vpc && (hub || reference)) lines.push(`  ${nodeId(vpc.urn)} ---|attached| ${hubId}`);
    }
    const vpcByCidr = new Map(vpcs.map((v) => [String(v.inputs.cidrBlock), v]));
    const others = new Map<string, string>();
    for (const route of of(ROUTE_ENTRY)) {
        const from = route.dependencies.map((d) => byUrn.get(d)).find((r) => r?.type === NETWORK) ?? vpcs.find((v) => route.name.startsWith(`${networkOf(v)}-`));
        if (!from) continue;
        const cidr = String(route.inputs.destinationCidrblock);
        const target = vpcByCidr.get(cidr);
        let to: string;
        if (target) to = nodeId(target.urn);
        else {
            // another stack's network: named by the route (`<network>-...-to-<peer>`)
            const peer = /-to-([a-z0-9-]+)$/.exec(route.name)?.[1] ?? cidr;
            to = others.get(peer) ?? `other_${peer.replace(/[^A-Za-z0-9]/g, "_")}`;
            if (!others.has(peer)) {
                others.set(peer, to);
                lines.push(`  ${to}[["${label(`${peer} VPC ${cidr} (another stack's)`)}"]]`);
            }
        }
        lines.push(`  ${nodeId(from.urn)} -->|"routes to ${label(cidr)}"| ${to}`);
    }

    // a deleted top-level component (nothing left under it in the plan): drawn beside the VPCs
    const drawn = new Set(lines.map((l) => /^\s*(n[0-9a-f]{12})[[(/]/.exec(l)?.[1]).filter(Boolean));
    for (const d of diff?.changes.filter((x) => x.kind === "delete" && (CLUSTER_COMPONENTS[x.type] || x.type === RELEASE || x.type === INSTALL_PLAN) && !drawn.has(nodeId(x.urn))) ?? []) {
        lines.push(`  ${nodeId(d.urn)}[/"${label(`deleted: ${d.name}`)}"/]`);
        marked.set(nodeId(d.urn), "delete");
    }
    for (const kind of Object.keys(CHANGE_STYLES) as ChangeKind[]) {
        const ids = [...marked].filter(([, k]) => k === kind).map(([id]) => id);
        if (ids.length === 0) continue;
        lines.push(`  classDef ${kind}d ${CHANGE_STYLES[kind]}`);
        lines.push(`  class ${ids.join(",")} ${kind}d`);
    }
    lines.push("```");
    return lines.join("\n");
}
