/**
 * KubeSphere's naming and labelling conventions (v4.1, as its own API server and controllers write them),
 * which the tenancy objects follow so that the console shows them as its own: who is bound to which role,
 * in which workspace. Pure.
 */

/** The label that puts a namespace (and a workspace's objects) in a workspace. */
export const WORKSPACE_LABEL = "kubesphere.io/workspace";
/**
 * KubeSphere's mark of a namespace (and a Cluster) it manages: its project BuiltinRoles (`admin`, `operator`,
 * `viewer`) select namespaces with it (ks-core templates/builtinroles.yaml `targetSelector`), the namespace
 * controller materializes them once, when it first sees the workspace label (kubesphere v4.1.3
 * pkg/controller/namespace/namespace_controller.go:88-156), so it must be there from creation; the console
 * lists only such namespaces as projects, and the platform overview counts only such Clusters
 * (pkg/kapis/tenant/v1beta1/resource_handler.go:393-406).
 */
export const KUBESPHERE_MANAGED = { "kubesphere.io/managed": "true" } as const;
/** The user a role binding binds. */
export const USER_REF_LABEL = "iam.kubesphere.io/user-ref";
/** The role a role binding grants. */
export const ROLE_REF_LABEL = "iam.kubesphere.io/role-ref";
/** KubeSphere shows it as the object's description. */
export const DESCRIPTION_ANNOTATION = "kubesphere.io/description";
/** Who manages the object. */
export const MANAGED_BY = { "app.kubernetes.io/managed-by": "pulumi" } as const;

/** The API group of KubeSphere's users and roles. */
export const IAM_GROUP = "iam.kubesphere.io";
export const IAM_VERSION = `${IAM_GROUP}/v1beta1`;
export const TENANT_VERSION = "tenant.kubesphere.io/v1beta1";
export const QUOTA_VERSION = "quota.kubesphere.io/v1alpha2";

/** Pod Security levels of tenant namespaces: baseline enforced (the pack's rule too), restricted warned. */
export const TENANT_POD_SECURITY = { enforce: "baseline", warn: "restricted" } as const;

/** Names of the objects each project namespace holds. */
export const PROJECT_OBJECTS = {
    limitRange: "container-defaults",
    pullSecret: "harbor-pull",
    denyAll: "deny-all",
    sameNamespace: "allow-same-namespace",
    dns: "allow-dns",
    platform: "allow-platform",
} as const;

/** The workspace role KubeSphere creates for each workspace: `<workspace>-<role>`. */
export function workspaceRoleName(workspace: string, role: string): string {
    return `${workspace}-${role}`;
}

/** A role binding's name, as KubeSphere's API names a user's: `<user>-<role>`. */
export function bindingName(user: string, role: string): string {
    return `${user}-${role}`;
}

/** The labels of a role binding of `user` to `role`. */
export function bindingLabels(user: string, role: string, workspace?: string): Record<string, string> {
    return { ...MANAGED_BY, ...(workspace ? { [WORKSPACE_LABEL]: workspace } : {}), [USER_REF_LABEL]: user, [ROLE_REF_LABEL]: role };
}

/** Metadata with the `kubesphere.io/description` annotation when there is a description; nothing otherwise. */
export function describedBy(description: string | undefined): { annotations?: Record<string, string> } {
    return description ? { annotations: { [DESCRIPTION_ANNOTATION]: description } } : {};
}
