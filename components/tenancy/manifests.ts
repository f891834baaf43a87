import * as k8s from "@pulumi/kubernetes";
import type { ContainerDefaults, Quota, TenantProject, TenantUser, TenantWorkspace } from "../../config/tenancy";
import { formatCpu, formatMemory } from "../../config/tenancyQuantities";
import { identityAnnotation } from "../federation/identityProviders";
import {
    IAM_GROUP, IAM_VERSION, KUBESPHERE_MANAGED, MANAGED_BY, PROJECT_OBJECTS, QUOTA_VERSION, TENANT_POD_SECURITY, TENANT_VERSION, WORKSPACE_LABEL,
    bindingLabels, bindingName, describedBy, workspaceRoleName,
} from "./names";

/**
 * The tenancy objects as plain manifests: what the components declare, and what the tests validate against
 * the pinned KubeSphere CRDs and the Kubernetes schemas. Pure functions of the layout.
 */

type Meta = k8s.types.input.meta.v1.ObjectMeta & { name: string };
/** A KubeSphere custom resource (cluster-scoped, except project role bindings). */
export interface KubeSphereObject {
    readonly apiVersion: string;
    readonly kind: string;
    readonly metadata: Meta;
    readonly [field: string]: unknown;
}
interface Subject {
    readonly apiGroup: string;
    readonly kind: "User";
    readonly name: string;
}
interface RoleRef {
    readonly apiGroup: string;
    readonly kind: string;
    readonly name: string;
}

const userSubject = (user: string): Subject => ({ apiGroup: IAM_GROUP, kind: "User", name: user });

/**
 * A KubeSphere user (no password: people log in through the identity provider), mapped to its identity there
 * by the annotation KubeSphere's login looks users up by (pkg/models/auth/mapper.go).
 */
export function userObject(u: TenantUser): KubeSphereObject {
    const described = describedBy(u.description);
    const identity = u.identity ? { [identityAnnotation(u.identity.provider)]: u.identity.id } : {};
    const annotations = { ...(described.annotations ?? {}), ...identity };
    return {
        apiVersion: IAM_VERSION,
        kind: "User",
        metadata: { name: u.name, labels: { ...MANAGED_BY }, ...(Object.keys(annotations).length > 0 ? { annotations } : {}) },
        spec: { email: u.email, ...(u.displayName ? { displayName: u.displayName } : {}), ...(u.description ? { description: u.description } : {}) },
    };
}

/** The user's global role (`<user>-<role>`, as KubeSphere's API names it). */
export function globalRoleBindingObject(u: TenantUser): KubeSphereObject & { roleRef: RoleRef; subjects: Subject[] } {
    return {
        apiVersion: IAM_VERSION,
        kind: "GlobalRoleBinding",
        metadata: { name: bindingName(u.name, u.globalRole), labels: bindingLabels(u.name, u.globalRole) },
        roleRef: { apiGroup: IAM_GROUP, kind: "GlobalRole", name: u.globalRole },
        subjects: [userSubject(u.name)],
    };
}

/** The workspace, placed on its clusters; KubeSphere creates its Workspace on each and its roles. */
export function workspaceTemplateObject(w: TenantWorkspace): KubeSphereObject {
    return {
        apiVersion: TENANT_VERSION,
        kind: "WorkspaceTemplate",
        metadata: { name: w.name, labels: { ...MANAGED_BY }, ...describedBy(w.description) },
        spec: {
            template: { spec: { manager: w.manager } },
            placement: { clusters: w.placement.map((p) => ({ name: p.cluster })) },
        },
    };
}

/**
 * The workspace's role bindings: the manager as `<workspace>-admin`, each member as `<workspace>-<role>`.
 * (KubeSphere also binds the manager itself under the name `<workspace>-admin`; this binding, named after
 * the user like every other, makes the manager's role visible in the layout's plan.)
 */
export function workspaceRoleBindingObjects(w: TenantWorkspace): (KubeSphereObject & { roleRef: RoleRef; subjects: Subject[] })[] {
    return [{ user: w.manager, role: "admin" }, ...w.members].map(({ user, role }) => {
        const roleName = workspaceRoleName(w.name, role);
        return {
            apiVersion: IAM_VERSION,
            kind: "WorkspaceRoleBinding",
            metadata: { name: bindingName(user, roleName), labels: bindingLabels(user, roleName, w.name) },
            roleRef: { apiGroup: IAM_GROUP, kind: "WorkspaceRole", name: roleName },
            subjects: [userSubject(user)],
        };
    });
}

/** The ResourceQuota `hard` map of a quota. */
export function quotaHard(q: Quota): Record<string, string> {
    return {
        "requests.cpu": formatCpu(q.cpu),
        "requests.memory": formatMemory(q.memory),
        ...(q.limits ? { "limits.cpu": formatCpu(q.limits.cpu), "limits.memory": formatMemory(q.limits.memory) } : {}),
        ...(q.pods !== undefined ? { pods: String(q.pods) } : {}),
        ...(q.storage !== undefined ? { "requests.storage": formatMemory(q.storage) } : {}),
        ...(q.persistentVolumeClaims !== undefined ? { persistentvolumeclaims: String(q.persistentVolumeClaims) } : {}),
    };
}

/** The workspace's quota on one cluster: over every namespace labelled with the workspace. */
export function workspaceQuotaObject(workspace: string, quota: Quota): KubeSphereObject {
    return {
        apiVersion: QUOTA_VERSION,
        kind: "ResourceQuota",
        metadata: { name: workspace, labels: { ...MANAGED_BY, [WORKSPACE_LABEL]: workspace } },
        spec: { selector: { [WORKSPACE_LABEL]: workspace }, quota: { hard: quotaHard(quota) } },
    };
}

/**
 * The project's namespace, as KubeSphere's console creates one: in its workspace and managed by KubeSphere
 * (both labels at creation: see KUBESPHERE_MANAGED), Pod Security baseline enforced and restricted warned.
 */
export function namespaceObject(p: Pick<TenantProject, "name" | "workspace" | "description">) {
    return {
        apiVersion: "v1" as const,
        kind: "Namespace" as const,
        metadata: {
            name: p.name,
            labels: {
                ...MANAGED_BY,
                [WORKSPACE_LABEL]: p.workspace,
                ...KUBESPHERE_MANAGED,
                "pod-security.kubernetes.io/enforce": TENANT_POD_SECURITY.enforce,
                "pod-security.kubernetes.io/warn": TENANT_POD_SECURITY.warn,
            },
            ...describedBy(p.description),
        },
    };
}

/** The namespace's ResourceQuota (named after the namespace). */
export function resourceQuotaObject(namespace: string, quota: Quota) {
    return {
        apiVersion: "v1" as const,
        kind: "ResourceQuota" as const,
        metadata: { name: namespace, namespace, labels: { ...MANAGED_BY } },
        spec: { hard: quotaHard(quota) },
    };
}

const compute = (c: { cpu: number; memory: number }) => ({ cpu: formatCpu(c.cpu), memory: formatMemory(c.memory) });

/** The namespace's LimitRange: containers' default request and limit, and the most one may ask. */
export function limitRangeObject(namespace: string, d: ContainerDefaults) {
    return {
        apiVersion: "v1" as const,
        kind: "LimitRange" as const,
        metadata: { name: PROJECT_OBJECTS.limitRange, namespace, labels: { ...MANAGED_BY } },
        spec: {
            limits: [{ type: "Container", defaultRequest: compute(d.request), default: compute(d.limit), ...(d.max ? { max: compute(d.max) } : {}) }],
        },
    };
}

/** A member's project role binding, as KubeSphere's API writes it (its controller derives the RBAC binding). */
export function projectRoleBindingObject(namespace: string, user: string, role: string): KubeSphereObject & { roleRef: RoleRef; subjects: Subject[] } {
    return {
        apiVersion: IAM_VERSION,
        kind: "RoleBinding",
        metadata: { name: bindingName(user, role), namespace, labels: bindingLabels(user, role) },
        roleRef: { apiGroup: IAM_GROUP, kind: "Role", name: role },
        subjects: [userSubject(user)],
    };
}

/**
 * A user's cluster-level role on one cluster, as KubeSphere's own cluster controller grants a cluster's creator
 * (kubesphere v4.1.3 pkg/controller/cluster/cluster_controller.go:657-712): an iam ClusterRoleBinding on that
 * cluster, `<user>-<role>`, labelled with the user and the role (KubeSphere lists a user's clusters by them).
 */
export function clusterRoleBindingObject(user: string, role: string): KubeSphereObject & { roleRef: RoleRef; subjects: Subject[] } {
    return {
        apiVersion: IAM_VERSION,
        kind: "ClusterRoleBinding",
        metadata: { name: bindingName(user, role), labels: bindingLabels(user, role) },
        roleRef: { apiGroup: IAM_GROUP, kind: "ClusterRole", name: role },
        subjects: [userSubject(user)],
    };
}

/** `.dockerconfigjson` of a registry login. */
export function dockerConfigJson(server: string, username: string, password: string): string {
    const auth = Buffer.from(`${username}:${password}`, "utf8").toString("base64");
    return JSON.stringify({ auths: { [server]: { username, password, auth } } });
}

/** The Harbor pull secret; `data` is the base64 of {@link dockerConfigJson}. */
export function pullSecretObject<D>(namespace: string, data: D) {
    return {
        apiVersion: "v1" as const,
        kind: "Secret" as const,
        metadata: { name: PROJECT_OBJECTS.pullSecret, namespace, labels: { ...MANAGED_BY } },
        type: "kubernetes.io/dockerconfigjson",
        data: { ".dockerconfigjson": data },
    };
}

/** Namespaces the project's network policies name: where DNS, the ingress controller and Prometheus run. */
export interface PeerNamespaces {
    readonly ingress: string;
    readonly monitoring: string;
}

const byName = (namespace: string) => ({ matchLabels: { "kubernetes.io/metadata.name": namespace } });

/**
 * The project's network policies: deny everything, then let in and out what a project needs: its own pods,
 * DNS (CoreDNS in kube-system, port 53 over UDP and TCP), and traffic from the ingress controller and from
 * Prometheus. Anything else (another project, a database outside the cluster) is the team's own policy.
 */
export function networkPolicyObjects(namespace: string, peers: PeerNamespaces) {
    const meta = (name: string) => ({ name, namespace, labels: { ...MANAGED_BY } });
    const all = {};
    return [
        {
            apiVersion: "networking.k8s.io/v1" as const,
            kind: "NetworkPolicy" as const,
            metadata: meta(PROJECT_OBJECTS.denyAll),
            spec: { podSelector: all, policyTypes: ["Ingress", "Egress"] },
        },
        {
            apiVersion: "networking.k8s.io/v1" as const,
            kind: "NetworkPolicy" as const,
            metadata: meta(PROJECT_OBJECTS.sameNamespace),
            spec: { podSelector: all, policyTypes: ["Ingress", "Egress"], ingress: [{ from: [{ podSelector: all }] }], egress: [{ to: [{ podSelector: all }] }] },
        },
        {
            apiVersion: "networking.k8s.io/v1" as const,
            kind: "NetworkPolicy" as const,
            metadata: meta(PROJECT_OBJECTS.dns),
            spec: {
                podSelector: all,
                policyTypes: ["Egress"],
                egress: [{
                    to: [{ namespaceSelector: byName("kube-system"), podSelector: { matchLabels: { "k8s-app": "kube-dns" } } }],
                    ports: [{ protocol: "UDP", port: 53 }, { protocol: "TCP", port: 53 }],
                }],
            },
        },
        {
            apiVersion: "networking.k8s.io/v1" as const,
            kind: "NetworkPolicy" as const,
            metadata: meta(PROJECT_OBJECTS.platform),
            spec: {
                podSelector: all,
                policyTypes: ["Ingress"],
                ingress: [{ from: [{ namespaceSelector: byName(peers.ingress) }] }, { from: [{ namespaceSelector: byName(peers.monitoring) }] }],
            },
        },
    ];
}
