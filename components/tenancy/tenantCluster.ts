import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { TenancyLayout } from "../../config/tenancy";
import { clusterRoleBindingObject, dockerConfigJson, workspaceQuotaObject } from "./manifests";
import { Project } from "./project";

/** The login of a cluster's pull-only Harbor robot. */
export interface RegistryPull {
    /** Harbor's host name, as images name it (`harbor.ops.kube-platform.internal`). */
    readonly server: pulumi.Input<string>;
    /** The robot's login (`robot$<cluster>-pull`) and secret; a secret. */
    readonly credentials: pulumi.Input<{ readonly username: string; readonly password: string }>;
}

/** Arguments for {@link TenantCluster}. */
export interface TenantClusterArgs {
    /** The cluster's name in KubeSphere (its network's name). */
    readonly cluster: string;
    /**
     * The tenancy layout (config/tenancy): the workspaces, projects and users, of which the ones placed on `cluster`
     * are declared.
     */
    readonly layout: TenancyLayout;
    /** The cluster's provider. */
    readonly provider: k8s.Provider;
    /** The cluster's Harbor robot login, as every project's pull secret. */
    readonly pull: RegistryPull;
    /** What must exist first (ks-core on the cluster, for KubeSphere's CRDs). Defaults to nothing. */
    readonly dependsOn?: pulumi.Input<pulumi.Resource>[];
}

/** The `.dockerconfigjson` of a registry login, base64, as a secret. */
export function pullSecretData(pull: RegistryPull): pulumi.Output<string> {
    return pulumi.secret(
        pulumi.all([pull.server, pull.credentials]).apply(([server, c]) => Buffer.from(dockerConfigJson(server, c.username, c.password), "utf8").toString("base64")),
    );
}

/** What tenants have on one cluster: the quota of each workspace placed on it, each project's namespace, and the users' cluster roles. */
export class TenantCluster extends pulumi.ComponentResource {
    /** The cluster's name in KubeSphere. */
    public readonly clusterName: string;
    /** Namespaces of the projects on the cluster, sorted. */
    public readonly namespaces: string[];

    constructor(name: string, args: TenantClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:tenancy:TenantCluster", name, {}, opts);
        const { cluster, layout, provider } = args;
        for (const w of layout.workspaces) {
            const placed = w.placement.find((p) => p.cluster === cluster);
            if (placed) new k8s.apiextensions.CustomResource(`${name}-${w.name}-quota`, workspaceQuotaObject(w.name, placed.quota), { parent: this, provider, dependsOn: args.dependsOn });
        }
        // the platform team's cluster-level roles on this cluster (users.yaml clusterRoles)
        for (const u of layout.users) {
            const role = u.clusterRoles[cluster as keyof typeof u.clusterRoles];
            if (role) new k8s.apiextensions.CustomResource(`${name}-${u.name}-${role}`, clusterRoleBindingObject(u.name, role), { parent: this, provider, dependsOn: args.dependsOn });
        }
        // one secret value for every namespace of the cluster
        const data = pullSecretData(args.pull);
        const namespaces: string[] = [];
        for (const p of layout.projects) {
            const placed = p.placement.find((x) => x.cluster === cluster);
            if (!placed) continue;
            new Project(`${name}-${p.name}`, { project: p, quota: placed.quota, provider, peers: layout.platformNamespaces, pullSecretData: data, dependsOn: args.dependsOn }, { parent: this });
            namespaces.push(p.name);
        }
        this.clusterName = cluster;
        this.namespaces = namespaces.sort();
        this.registerOutputs({ clusterName: this.clusterName, namespaces: this.namespaces });
    }
}
