import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { TenancyLayout } from "../config/tenancy";
import { RegistryPull, TenantCluster } from "../components/tenancy/tenantCluster";
import { TenantUsers } from "../components/tenancy/tenantUsers";
import { Workspace } from "../components/tenancy/workspace";

/** A cluster the current stack declares, as tenancy needs it. */
export interface TenancyClusterArgs {
    /** The network (and KubeSphere cluster) name: ops, prod, nonprod. */
    readonly network: string;
    readonly provider: k8s.Provider;
    /** The cluster's pull-only Harbor robot: every project namespace gets it as a pull secret. */
    readonly pull: RegistryPull;
    /** What must exist before tenants' objects (ks-core on the cluster). Defaults to nothing. */
    readonly dependsOn?: pulumi.Input<pulumi.Resource>[];
}

/** Arguments of {@link declareTenancy}. */
export interface DeclareTenancyArgs {
    /** The layout, loaded (and checked against this stack's capacity) before any resource: `loadTenancy(settings)`. */
    readonly layout: TenancyLayout;
    /** The clusters this stack declares. A cluster no workspace is placed on gets nothing. */
    readonly clusters: readonly TenancyClusterArgs[];
    /** The federation host, when this stack owns it (prod): users, workspaces and their role bindings live there. */
    readonly host?: { readonly provider: k8s.Provider; readonly dependsOn?: pulumi.Input<pulumi.Resource>[] };
}

/** What {@link declareTenancy} declared. */
export interface DeclaredTenancy {
    readonly users?: TenantUsers;
    readonly workspaces: readonly Workspace[];
    readonly clusters: readonly TenantCluster[];
}

/**
 * Declares the tenancy layout on this stack's clusters: on the host (if the stack owns it) the users with
 * their global roles and the workspaces with their placement and role bindings; on each cluster a workspace
 * is placed on, the workspace quotas and each project's namespace with its quota, limits, network policies,
 * pull secret and members.
 */
export function declareTenancy(args: DeclareTenancyArgs): DeclaredTenancy {
    const { layout } = args;
    let users: TenantUsers | undefined;
    const workspaces: Workspace[] = [];
    if (args.host) {
        const host = args.host;
        users = new TenantUsers("tenancy-users", { users: layout.users, provider: host.provider, dependsOn: host.dependsOn });
        for (const w of layout.workspaces) {
            workspaces.push(new Workspace(`workspace-${w.name}`, { workspace: w, provider: host.provider, users: users.users, dependsOn: host.dependsOn }));
        }
    }
    const placed = new Set(layout.workspaces.flatMap((w) => w.placement.map((p) => p.cluster)));
    for (const c of args.clusters.filter((x) => placed.has(x.network) && !x.pull?.credentials)) {
        throw new Error(`declareTenancy: workspaces are placed on ${c.network}, but it has no Harbor pull credentials (a robot for ${c.network} in config/registry.yaml)`);
    }
    // a cluster gets its tenancy where workspaces are placed, or where a user has a cluster role
    const withRoles = new Set(layout.users.flatMap((u) => Object.keys(u.clusterRoles)));
    const clusters = args.clusters
        .filter((c) => placed.has(c.network) || withRoles.has(c.network))
        .map((c) => new TenantCluster(`${c.network}-tenancy`, { cluster: c.network, layout, provider: c.provider, pull: c.pull, dependsOn: c.dependsOn }));
    return { users, workspaces, clusters };
}

/** What a stack exports of tenancy: the workspaces and each cluster's project namespaces (no credentials). */
export function tenancyOutputs(declared: DeclaredTenancy, layout: TenancyLayout): { workspaces: string[]; namespaces: Record<string, string[]> } {
    return {
        workspaces: layout.workspaces.map((w) => w.name),
        namespaces: Object.fromEntries(declared.clusters.map((c) => [c.clusterName, c.namespaces])),
    };
}
