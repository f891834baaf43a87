import { PlanFile, PlanResource } from "./planFile";

/**
 * The platform's topology drawn from a plan as a Mermaid flowchart: each VPC with its CIDR, the hub and the
 * attachments joining them, each cluster in its VPC, and the Helm releases (services) on each cluster.
 */
export function topologyMermaid(plan: PlanFile): string {
    const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
    const of = (type: string) => plan.resources.filter((r) => r.type === type);
    const id = (r: PlanResource) => r.name.replace(/[^A-Za-z0-9_]/g, "_");
    const tags = (r: PlanResource) => (r.inputs.tags ?? {}) as Record<string, string>;
    const lines = ["```mermaid", "flowchart LR"];

    const hub = of("alicloud:cen/transitRouter:TransitRouter")[0];
    const reference = of("pulumi:pulumi:StackReference")[0];
    if (hub) lines.push(`  hub(("hub: CEN transit router"))`);
    else if (reference) lines.push(`  hub(("hub (from ${String(reference.inputs.name)})"))`);

    const clusters = of("alicloud:cs/managedKubernetes:ManagedKubernetes");
    const releases = of("kubernetes:helm.sh/v3:Release");
    for (const vpc of of("alicloud:vpc/network:Network")) {
        const network = tags(vpc).network ?? vpc.name;
        lines.push(`  subgraph ${id(vpc)}["${network} VPC ${String(vpc.inputs.cidrBlock)}"]`);
        for (const cluster of clusters.filter((c) => tags(c).network === network)) {
            lines.push(`    ${id(cluster)}["ACK ${String(cluster.inputs.name)} ${String(cluster.inputs.version)}"]`);
            const provider = plan.resources.find((r) => r.type === "pulumi:providers:kubernetes" && r.dependencies.includes(cluster.urn));
            for (const release of releases.filter((r) => provider && r.provider === provider.urn)) {
                lines.push(`    ${id(release)}[/"${String(release.inputs.chart)} ${String(release.inputs.version ?? "")}"/]`);
                lines.push(`    ${id(cluster)} --> ${id(release)}`);
            }
        }
        lines.push("  end");
    }
    for (const att of of("alicloud:cen/transitRouterVpcAttachment:TransitRouterVpcAttachment")) {
        const vpc = att.dependencies.map((d) => byUrn.get(d)).find((r) => r?.type === "alicloud:vpc/network:Network");
        if (vpc && (hub || reference)) lines.push(`  ${id(vpc)} <--> hub`);
    }
    lines.push("```");
    return lines.join("\n");
}
