import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ClusterRegistration, FederationMember, HostRegistrar, KsCore, clusterGroup, federationJwtSecret } from "../components/federation";
import { NetworkName } from "../config/topology";
import { DeclaredCluster } from "./clusters";

/** What the prod stack exports for nonprod's member: the limited registrar credential, the shared jwtSecret. */
export interface FederationExport {
    readonly hostEndpoint: pulumi.Output<string>;
    /** A kubeconfig that may only register the named clusters on the host (secret). */
    readonly registrarKubeconfig: pulumi.Output<string>;
    /** The jwtSecret every member shares with the host (secret). */
    readonly jwtSecret: pulumi.Output<string>;
    /** The host's ks-core: KubeSphere's API (users, workspaces) exists once it is installed. */
    readonly host: KsCore;
}

/** Registers a member cluster on the host: ks-core as member, its access, and the `Cluster` on the host. */
export function declareMember(
    network: NetworkName,
    member: DeclaredCluster,
    host: { provider: k8s.Provider; core?: KsCore },
    jwtSecret: pulumi.Input<string>,
): KsCore {
    const core = new KsCore(network, { provider: member.cluster.provider, role: "member", jwtSecret });
    const access = new FederationMember(network, { provider: member.cluster.provider, clusterName: network, server: member.cluster.intranetEndpoint });
    new ClusterRegistration(
        network,
        { hostProvider: host.provider, clusterName: network, kubeconfig: access.kubeconfig, group: clusterGroup(network), chartConfig: core.chartConfig },
        // the host must serve the Cluster API (its ks-core) and the member its ks-core before registration
        { dependsOn: host.core ? [host.core, core] : [core] },
    );
    return core;
}

/**
 * The prod stack's federation: the host on ops, prod as a member, and the registrar that nonprod registers
 * its member through (it may register only the nonprod cluster, nothing else).
 */
export function declareFederationHost(ops: DeclaredCluster, members: readonly { network: NetworkName; cluster: DeclaredCluster }[]): FederationExport {
    const jwtSecret = federationJwtSecret("federation-jwt");
    const host = new KsCore("ops", { provider: ops.cluster.provider, role: "host", jwtSecret });
    for (const m of members) declareMember(m.network, m.cluster, { provider: ops.cluster.provider, core: host }, jwtSecret);
    const registrar = new HostRegistrar("ops", { provider: ops.cluster.provider, server: ops.cluster.intranetEndpoint, clusterNames: ["nonprod"] }, { dependsOn: [host] });
    return { hostEndpoint: ops.cluster.intranetEndpoint, registrarKubeconfig: registrar.kubeconfig, jwtSecret, host };
}

/** The nonprod stack's federation: its member, registered on the host through prod's limited registrar. */
export function declareFederationMember(nonprod: DeclaredCluster, fromProd: { registrarKubeconfig: pulumi.Input<string>; jwtSecret: pulumi.Input<string> }): KsCore {
    // clusterIdentifier: a rotated registrar token must not replace the provider, or the Cluster with it
    const host = new k8s.Provider("ops-registrar", { kubeconfig: pulumi.secret(fromProd.registrarKubeconfig), clusterIdentifier: "ops" });
    return declareMember("nonprod", nonprod, { provider: host }, pulumi.secret(fromProd.jwtSecret));
}
