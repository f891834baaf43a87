import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { Quota, TenantProject } from "../../config/tenancy";
import { PeerNamespaces, limitRangeObject, namespaceObject, networkPolicyObjects, projectRoleBindingObject, pullSecretObject, resourceQuotaObject } from "./manifests";

/** Arguments for {@link Project}. */
export interface ProjectArgs {
    /**
     * The project (config/tenancy/workspaces): its name (the namespace's), workspace, members and container defaults.
     */
    readonly project: TenantProject;
    /** The project's quota on this cluster. */
    readonly quota: Quota;
    /** The cluster's provider. */
    readonly provider: k8s.Provider;
    /** Where the ingress controller and Prometheus run (tenancy.yaml platformNamespaces). */
    readonly peers: PeerNamespaces;
    /** `.dockerconfigjson` of the cluster's Harbor robot, base64, a secret. */
    readonly pullSecretData: pulumi.Output<string>;
    /** What must exist first (ks-core on the cluster, for the role binding CRD). Defaults to nothing. */
    readonly dependsOn?: pulumi.Input<pulumi.Resource>[];
}

/**
 * A project on one cluster: its namespace in the workspace, ResourceQuota and LimitRange, default-deny
 * network policies with the allowances a project needs, the Harbor pull secret, and its members' roles.
 */
export class Project extends pulumi.ComponentResource {
    public readonly namespace: string;

    constructor(name: string, args: ProjectArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:tenancy:Project", name, {}, opts);
        const p = args.project;
        const provider = args.provider;
        const ns = new k8s.core.v1.Namespace(`${name}-ns`, namespaceObject(p), { parent: this, provider, dependsOn: args.dependsOn });
        // everything else lives in the namespace
        const inside = { parent: this, provider, dependsOn: [ns] };
        new k8s.core.v1.ResourceQuota(`${name}-quota`, resourceQuotaObject(p.name, args.quota), inside);
        new k8s.core.v1.LimitRange(`${name}-limits`, limitRangeObject(p.name, p.containerDefaults), inside);
        for (const policy of networkPolicyObjects(p.name, args.peers)) {
            new k8s.networking.v1.NetworkPolicy(`${name}-${policy.metadata.name}`, policy, inside);
        }
        new k8s.core.v1.Secret(`${name}-pull`, pullSecretObject(p.name, args.pullSecretData), inside);
        for (const m of p.members) {
            new k8s.apiextensions.CustomResource(`${name}-member-${m.user}`, projectRoleBindingObject(p.name, m.user, m.role), inside);
        }
        this.namespace = p.name;
        this.registerOutputs({ namespace: this.namespace });
    }
}
