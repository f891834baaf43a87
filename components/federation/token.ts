import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { AccessNames, SERVICE_ACCOUNT_NAME_ANNOTATION, accessBodies, serviceAccountKubeconfig } from "./access";

/** Where {@link declareTokenAccess} declares its resources. */
export interface TokenAccessScope {
    /** The component the resources belong to; their names start with its name. */
    readonly parent: pulumi.ComponentResource;
    readonly name: string;
    /** Provider of the cluster the ServiceAccount lives in. */
    readonly provider: k8s.Provider;
    /** What the ServiceAccount and the binding wait for (their Namespace, the bound ClusterRole). */
    readonly dependsOn?: pulumi.Resource[];
}

/** What {@link declareTokenAccess} declared, and the credential it read back. */
export interface TokenAccess {
    readonly serviceAccount: k8s.core.v1.ServiceAccount;
    readonly binding: k8s.rbac.v1.ClusterRoleBinding;
    readonly tokenSecret: k8s.core.v1.Secret;
    /** The bearer token, decoded; secret. */
    readonly token: pulumi.Output<string>;
    /** The cluster CA, base64 as stored in the Secret; secret. */
    readonly caData: pulumi.Output<string>;
}

/**
 * Declares a ServiceAccount, its ClusterRoleBinding to `clusterRole` and a long-lived token Secret, then reads
 * the Secret back (`Secret.get`, after its creation) for the token and the CA the token controller wrote.
 * Children: `<name>-sa`, `<name>-binding`, `<name>-token`, and the read `<name>-token-read`.
 * The read takes the created Secret's id: unknown while a first preview plans the Secret, so nothing is read
 * before it exists. The Secret depends on the ServiceAccount (a token Secret for a missing account is deleted).
 */
export function declareTokenAccess(scope: TokenAccessScope, names: AccessNames, clusterRole: string): TokenAccess {
    const { parent, name, provider } = scope;
    const dependsOn = scope.dependsOn ?? [];
    const bodies = accessBodies(names, clusterRole);
    const serviceAccount = new k8s.core.v1.ServiceAccount(`${name}-sa`, bodies.serviceAccount, { parent, provider, dependsOn });
    const binding = new k8s.rbac.v1.ClusterRoleBinding(
        `${name}-binding`,
        { ...bodies.binding, subjects: [{ ...bodies.binding.subjects[0], name: serviceAccount.metadata.name }] },
        { parent, provider, dependsOn },
    );
    const tokenSecret = new k8s.core.v1.Secret(
        `${name}-token`,
        {
            ...bodies.tokenSecret,
            metadata: {
                ...bodies.tokenSecret.metadata,
                annotations: { ...bodies.tokenSecret.metadata.annotations, [SERVICE_ACCOUNT_NAME_ANNOTATION]: serviceAccount.metadata.name },
            },
        },
        { parent, provider, dependsOn: [serviceAccount] },
    );
    const read = k8s.core.v1.Secret.get(`${name}-token-read`, tokenSecret.id, { parent, provider, dependsOn: [tokenSecret] });
    const data = pulumi.secret(read.data);
    return {
        serviceAccount,
        binding,
        tokenSecret,
        token: data.apply((d) => Buffer.from(d?.token ?? "", "base64").toString("utf8")),
        caData: data.apply((d) => d?.["ca.crt"] ?? ""),
    };
}

/** A kubeconfig (secret) for a token read back by {@link declareTokenAccess}, against `server`. */
export function tokenKubeconfig(access: TokenAccess, clusterName: string, server: pulumi.Input<string>, userName: string): pulumi.Output<string> {
    return pulumi.secret(
        pulumi.all([pulumi.output(server), access.token, access.caData]).apply(([s, token, caData]) =>
            serviceAccountKubeconfig({ clusterName, server: s, caData, token, userName }),
        ),
    );
}
