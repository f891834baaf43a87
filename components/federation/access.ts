/**
 * Who may reach which cluster in the federation, as data: the ServiceAccounts, their long-lived token
 * Secrets, RBAC, and the kubeconfig built from a token. Pure functions, no Pulumi.
 */
import * as YAML from "yaml";

/** Labels on every object the federation components declare. */
export const FEDERATION_LABELS: Readonly<Record<string, string>> = {
    "app.kubernetes.io/managed-by": "pulumi",
    "app.kubernetes.io/part-of": "kubesphere-federation",
};

/** The Secret type whose token the token controller fills in and never expires. */
export const SERVICE_ACCOUNT_TOKEN_TYPE = "kubernetes.io/service-account-token";
/** The annotation that ties a token Secret to its ServiceAccount. */
export const SERVICE_ACCOUNT_NAME_ANNOTATION = "kubernetes.io/service-account.name";

/** Names of a ServiceAccount with a long-lived token and a ClusterRoleBinding. */
export interface AccessNames {
    readonly namespace: string;
    readonly serviceAccount: string;
    readonly tokenSecret: string;
    readonly binding: string;
}

/** The host's access to a member: cluster-admin, which KubeSphere needs (it installs and upgrades ks-core there). */
export const MEMBER_ACCESS: AccessNames = {
    namespace: "kube-system",
    serviceAccount: "kubesphere-federation",
    tokenSecret: "kubesphere-federation-token",
    binding: "kubesphere-federation",
};

/** The registrar's access to the host: registering clusters only, in a namespace of its own. */
export const REGISTRAR_ACCESS: AccessNames & { readonly clusterRole: string } = {
    namespace: "cluster-registrar",
    serviceAccount: "cluster-registrar",
    tokenSecret: "cluster-registrar-token",
    binding: "cluster-registrar",
    clusterRole: "cluster-registrar",
};

/** A policy rule of a ClusterRole. */
export interface PolicyRule {
    readonly apiGroups: string[];
    readonly resources: string[];
    readonly resourceNames?: string[];
    readonly verbs: string[];
}

/**
 * The registrar's rules: create any `Cluster` (RBAC cannot limit create by name; creating an existing name
 * fails, so the host's and other stacks' registrations cannot be overwritten), and read, change and delete
 * only the registrations named in `clusterNames`. Delete is granted so the owning stack can remove or replace
 * its own registration (KubeSphere's finalizer then cleans up). And read and patch the InstallPlans named in
 * `installPlans`: a stack's server-side-apply patch owns only its own cluster's key of their
 * `spec.clusterScheduling.overrides` (a self-managed member's monitoring). Nothing else: no Secrets, no other kind.
 */
export function registrarRules(clusterNames: readonly string[], installPlans: readonly string[] = []): PolicyRule[] {
    if (clusterNames.length === 0) throw new Error("registrarRules: name at least one cluster the registrar may manage");
    return [
        { apiGroups: ["cluster.kubesphere.io"], resources: ["clusters"], verbs: ["create"] },
        {
            apiGroups: ["cluster.kubesphere.io"],
            resources: ["clusters"],
            resourceNames: [...clusterNames],
            verbs: ["get", "list", "watch", "update", "patch", "delete"],
        },
        ...(installPlans.length > 0 ? [{ apiGroups: ["kubesphere.io"], resources: ["installplans"], resourceNames: [...installPlans], verbs: ["get", "patch"] }] : []),
    ];
}

/** The bodies of a ServiceAccount, its long-lived token Secret and its ClusterRoleBinding to `clusterRole`. */
export function accessBodies(names: AccessNames, clusterRole: string) {
    const metadata = (name: string, namespace?: string) => ({ name, ...(namespace ? { namespace } : {}), labels: { ...FEDERATION_LABELS } });
    return {
        serviceAccount: { apiVersion: "v1" as const, kind: "ServiceAccount" as const, metadata: metadata(names.serviceAccount, names.namespace) },
        tokenSecret: {
            apiVersion: "v1" as const,
            kind: "Secret" as const,
            metadata: { ...metadata(names.tokenSecret, names.namespace), annotations: { [SERVICE_ACCOUNT_NAME_ANNOTATION]: names.serviceAccount } },
            type: SERVICE_ACCOUNT_TOKEN_TYPE,
        },
        binding: {
            apiVersion: "rbac.authorization.k8s.io/v1" as const,
            kind: "ClusterRoleBinding" as const,
            metadata: metadata(names.binding),
            roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: clusterRole },
            subjects: [{ kind: "ServiceAccount", name: names.serviceAccount, namespace: names.namespace }],
        },
    };
}

/** What a kubeconfig for one ServiceAccount token needs. */
export interface TokenKubeconfigOptions {
    /** The cluster's name in the kubeconfig (`prod`, `ops`). */
    readonly clusterName: string;
    /** The API server, `https://<intranet address>:6443`. */
    readonly server: string;
    /** The cluster CA, base64 (the token Secret's `ca.crt` as stored). */
    readonly caData: string;
    /** The bearer token, decoded. */
    readonly token: string;
    /** The user's name in the kubeconfig. */
    readonly userName: string;
}

/**
 * A kubeconfig (YAML) that authenticates with a ServiceAccount's bearer token and trusts only the cluster's
 * CA. Throws when the server is not an https URL or the token or CA is empty: such a kubeconfig would fail
 * only later, on the host, with a less helpful message.
 */
export function serviceAccountKubeconfig(o: TokenKubeconfigOptions): string {
    if (!/^https:\/\/[^/\s]+/.test(o.server)) throw new Error(`kubeconfig of ${o.clusterName}: expected an https:// API server URL, found ${JSON.stringify(o.server)}`);
    if (o.token === "") throw new Error(`kubeconfig of ${o.clusterName}: the ServiceAccount token is empty (the token Secret was read before the token controller filled it)`);
    if (o.caData === "") throw new Error(`kubeconfig of ${o.clusterName}: the cluster CA (ca.crt) is empty`);
    const context = `${o.userName}@${o.clusterName}`;
    return YAML.stringify({
        apiVersion: "v1",
        kind: "Config",
        clusters: [{ name: o.clusterName, cluster: { server: o.server, "certificate-authority-data": o.caData } }],
        users: [{ name: o.userName, user: { token: o.token } }],
        contexts: [{ name: context, context: { cluster: o.clusterName, user: o.userName } }],
        "current-context": context,
        preferences: {},
    });
}
