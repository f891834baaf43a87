import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { TenantUser } from "../../config/tenancy";
import { globalRoleBindingObject, userObject } from "./manifests";

/** Arguments for {@link TenantUsers}. */
export interface TenantUsersArgs {
    /** Every user of the layout. */
    readonly users: readonly TenantUser[];
    /** The federation host's provider: KubeSphere keeps users there and syncs them to members. */
    readonly provider: k8s.Provider;
    /** What must exist first (ks-core on the host, for its CRDs). Defaults to nothing. */
    readonly dependsOn?: pulumi.Input<pulumi.Resource>[];
}

/** KubeSphere's users, each with their global role binding, on the federation host. */
export class TenantUsers extends pulumi.ComponentResource {
    /** The User object of each user, by name (workspaces wait for their manager's). */
    public readonly users: Readonly<Record<string, k8s.apiextensions.CustomResource>>;

    constructor(name: string, args: TenantUsersArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:tenancy:TenantUsers", name, {}, opts);
        const users: Record<string, k8s.apiextensions.CustomResource> = {};
        for (const u of args.users) {
            const user = new k8s.apiextensions.CustomResource(`${name}-${u.name}`, userObject(u), { parent: this, provider: args.provider, dependsOn: args.dependsOn });
            new k8s.apiextensions.CustomResource(`${name}-${u.name}-role`, globalRoleBindingObject(u), { parent: this, provider: args.provider, dependsOn: [user] });
            users[u.name] = user;
        }
        this.users = users;
        this.registerOutputs({});
    }
}
