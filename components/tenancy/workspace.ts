import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { TenantWorkspace } from "../../config/tenancy";
import { workspaceRoleBindingObjects, workspaceTemplateObject } from "./manifests";

/** Arguments for {@link Workspace}. */
export interface WorkspaceArgs {
    /**
     * The workspace (config/tenancy/workspaces/<name>.yaml): its name, manager, members and placement on the
     * clusters.
     */
    readonly workspace: TenantWorkspace;
    /** The federation host's provider. */
    readonly provider: k8s.Provider;
    /**
     * The User objects of the workspace's manager and members, by name: KubeSphere binds the manager when
     * the workspace is created and does not retry for a user that does not exist yet.
     */
    readonly users: Readonly<Record<string, pulumi.Resource>>;
    /** What must exist first (ks-core on the host). Defaults to nothing. */
    readonly dependsOn?: pulumi.Input<pulumi.Resource>[];
}

/** A KubeSphere workspace on the federation host: its WorkspaceTemplate (placement) and role bindings. */
export class Workspace extends pulumi.ComponentResource {
    public readonly workspaceName: string;

    constructor(name: string, args: WorkspaceArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:tenancy:Workspace", name, {}, opts);
        const w = args.workspace;
        const userOf = (user: string) => (args.users[user] ? [args.users[user]] : []);
        const template = new k8s.apiextensions.CustomResource(`${name}-template`, workspaceTemplateObject(w), {
            parent: this,
            provider: args.provider,
            dependsOn: [...(args.dependsOn ?? []), ...userOf(w.manager)],
        });
        for (const binding of workspaceRoleBindingObjects(w)) {
            const user = binding.subjects[0].name;
            new k8s.apiextensions.CustomResource(`${name}-${user}`, binding, { parent: this, provider: args.provider, dependsOn: [template, ...userOf(user)] });
        }
        this.workspaceName = w.name;
        this.registerOutputs({ workspaceName: this.workspaceName });
    }
}
