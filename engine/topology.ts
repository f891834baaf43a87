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

/**
 * The platform's topology drawn from a plan as a Mermaid flowchart: each VPC with its CIDR and its cluster, every
 * Helm release on a cluster by its chart (and the KubeSphere extensions the host installs), the hub with the VPCs
 * attached to it, and reachability as the VPCs' route tables say it: an edge from a VPC to each network it has a
 * route to (another stack's network drawn by the route's name), so that ops reaches prod and nonprod and prod and
 * nonprod stay visibly unconnected. Node ids come from URNs. With a diff, what it creates, updates, replaces and
 * deletes is marked (a deleted release or cluster drawn from the diff).
 */
export function topologyMermaid(plan: PlanFile, diff?: PlanDiff): string {
    const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
    const of = (type: string) => plan.resources.filter((r) => r.type === type);
    const tags = (r: PlanResource) => (r.inputs.tags ?? {}) as Record<string, string>;
    const lines = ["```mermaid", "flowchart LR"];
    const marked = new Map<string, ChangeKind>();
    const mark = (urn: string) => {
        const change = diff?.changes.find((c) => c.urn === urn);
        if (change) marked.set(nodeId(urn), change.kind);
    };

    const hub = of("alicloud:cen/transitRouter:TransitRouter")[0];
    const reference = of("pulumi:pulumi:StackReference")[0];
    const hubId = hub ? nodeId(hub.urn) : "hub";
    if (hub) lines.push(`  ${hubId}(("hub: CEN transit router"))`);
    else if (reference) lines.push(`  ${hubId}(("hub (from ${label(String(reference.inputs.name))})"))`);

    const vpcs = of(NETWORK);
    const networkOf = (vpc: PlanResource) => tags(vpc).network ?? vpc.name;
    const clusters = plan.resources.filter((r) => CLUSTER_COMPONENTS[r.type]);
    const providerOfCluster = (cluster: PlanResource) => plan.resources.find((r) => r.type === "pulumi:providers:kubernetes" && r.parent === cluster.urn);
    for (const vpc of vpcs) {
        const network = networkOf(vpc);
        lines.push(`  subgraph ${nodeId(vpc.urn)}["${label(`${network} VPC ${String(vpc.inputs.cidrBlock)}`)}"]`);
        mark(vpc.urn);
        for (const cluster of clusters.filter((c) => c.name === network)) {
            lines.push(`    ${nodeId(cluster.urn)}["${CLUSTER_COMPONENTS[cluster.type]} cluster ${label(cluster.name)}"]`);
            mark(cluster.urn);
            const provider = providerOfCluster(cluster);
            const onCluster = plan.resources.filter((r) => provider && r.provider === provider.urn && (r.type === RELEASE || r.type === INSTALL_PLAN));
            for (const r of onCluster) {
                const text =
                    r.type === RELEASE
                        ? `${chartName({ chart: String(r.inputs.chart).replace(/-[\d.]+\.tgz$/, "").split("/").pop()! })} ${String(r.inputs.version ?? "")}`
                        : `extension ${String((r.inputs.spec as { extension?: { name?: string; version?: string } } | undefined)?.extension?.name)} ${String((r.inputs.spec as { extension?: { version?: string } } | undefined)?.extension?.version ?? "")}`;
                lines.push(`    ${nodeId(r.urn)}[/"${label(text.trim())}"/]`);
                lines.push(`    ${nodeId(cluster.urn)} --> ${nodeId(r.urn)}`);
                mark(r.urn);
            }
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

    // what the change deletes, drawn from the diff (it is not in the plan any more)
    for (const c of diff?.changes.filter((x) => x.kind === "delete" && (x.type === RELEASE || x.type === INSTALL_PLAN || CLUSTER_COMPONENTS[x.type])) ?? []) {
        lines.push(`  ${nodeId(c.urn)}[/"${label(`deleted: ${c.name}`)}"/]`);
        marked.set(nodeId(c.urn), "delete");
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
