import { SYSTEM_WORKSPACE } from "../../config/tenancyRules";
import { WORKSPACE_LABEL } from "../tenancy/names";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { FEDERATION_LABELS, REGISTRAR_ACCESS, registrarRules } from "./access";
import { memberNameProblem } from "./federationMember";
import { declareTokenAccess, tokenKubeconfig } from "./token";
import { HOST_CLUSTER_NAME } from "./values";

/** Arguments for {@link HostRegistrar}. */
export interface HostRegistrarArgs {
    /** Provider of the host cluster. */
    readonly provider: k8s.Provider;
    /** The host's API server as other stacks reach it: its intranet endpoint (`https://<ip>:6443`). */
    readonly server: pulumi.Input<string>;
    /** The members whose registrations the registrar may read, change and delete, e.g. `["nonprod"]`. */
    readonly clusterNames: readonly string[];
    /** The host's name, in the kubeconfig. Defaults to `ops` (HOST_CLUSTER_NAME). */
    readonly hostClusterName?: string;
    /** The InstallPlans whose per-cluster overrides the registered stacks patch (their own cluster's key). Defaults to none. */
    readonly installPlans?: readonly string[];
}

/** The registrar's ClusterRole body. */
export function registrarClusterRoleBody(clusterNames: readonly string[], installPlans: readonly string[] = []) {
    return {
        apiVersion: "rbac.authorization.k8s.io/v1" as const,
        kind: "ClusterRole" as const,
        metadata: { name: REGISTRAR_ACCESS.clusterRole, labels: { ...FEDERATION_LABELS } },
        rules: registrarRules(clusterNames, installPlans),
    };
}

/** The registrar's Namespace body. */
export function registrarNamespaceBody() {
    return { apiVersion: "v1" as const, kind: "Namespace" as const, metadata: { name: REGISTRAR_ACCESS.namespace, labels: { ...FEDERATION_LABELS, [WORKSPACE_LABEL]: SYSTEM_WORKSPACE } } };
}

/**
 * On the host, the one credential other stacks get: the ServiceAccount `cluster-registrar` in a namespace
 * of its own, allowed only to register clusters (see `registrarRules`: create Clusters, and read, change or
 * delete the named ones; no Secrets, nothing cluster-admin), a long-lived token for it, and its kubeconfig
 * for the host's intranet endpoint. The prod stack exports the kubeconfig (secret) for nonprod, which
 * registers its member through it.
 */
export class HostRegistrar extends pulumi.ComponentResource {
    /** The registrations the registrar may manage. */
    public readonly clusterNames: string[];
    /** The host's API server the kubeconfig points at. */
    public readonly server: pulumi.Output<string>;
    /** Kubeconfig of the registrar's token; secret. */
    public readonly kubeconfig: pulumi.Output<string>;

    constructor(name: string, args: HostRegistrarArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:federation:HostRegistrar", name, {}, opts);
        if (args.clusterNames.length === 0) throw new Error(`HostRegistrar ${name}: clusterNames: name at least one member the registrar registers`);
        for (const cluster of args.clusterNames) {
            const problem = memberNameProblem(cluster);
            if (problem) throw new Error(`HostRegistrar ${name}: clusterNames: ${problem}`);
        }

        const namespace = new k8s.core.v1.Namespace(`${name}-ns`, registrarNamespaceBody(), { parent: this, provider: args.provider });
        const role = new k8s.rbac.v1.ClusterRole(`${name}-role`, registrarClusterRoleBody(args.clusterNames, args.installPlans), { parent: this, provider: args.provider });
        const access = declareTokenAccess(
            { parent: this, name, provider: args.provider, dependsOn: [namespace, role] },
            REGISTRAR_ACCESS,
            REGISTRAR_ACCESS.clusterRole,
        );
        this.clusterNames = [...args.clusterNames];
        this.server = pulumi.output(args.server);
        this.kubeconfig = tokenKubeconfig(access, args.hostClusterName ?? HOST_CLUSTER_NAME, args.server, REGISTRAR_ACCESS.serviceAccount);
        this.registerOutputs({ clusterNames: this.clusterNames, server: this.server, kubeconfig: this.kubeconfig });
    }
}
