import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ClusterRegistration, FederationMember, HostRegistrar, KsCore, clusterGroup, federationJwtSecret } from "../components/federation";
import { KubeSphereConsole } from "../components/federation/console";
import { PlatformCa } from "../components/pki/platformCa";
import { NetworkName } from "../config/topology";
import { DeclaredCluster } from "./clusters";
import { ReleaseImages } from "../components/registry/mirror";

/** What the prod stack exports for nonprod's member: the limited registrar credential, the shared jwtSecret. */
export interface FederationExport {
    readonly hostEndpoint: pulumi.Output<string>;
    /** A kubeconfig that may only register the named clusters on the host (secret). */
    readonly registrarKubeconfig: pulumi.Output<string>;
    /** The jwtSecret every member shares with the host (secret). */
    readonly jwtSecret: pulumi.Output<string>;
    /** The host's ks-core: KubeSphere's API (users, workspaces) exists once it is installed. */
    readonly host: KsCore;
    /** The console behind its HTTPS intranet load balancer. */
    readonly console: KubeSphereConsole;
    /** Each cluster's KubeSphere admin password (secret), by network. */
    readonly adminPasswords: Record<string, pulumi.Output<string>>;
}

/** Registers a member cluster on the host: ks-core as member, its access, and the `Cluster` on the host. */
export function declareMember(
    network: NetworkName,
    member: DeclaredCluster,
    host: { provider: k8s.Provider; core?: KsCore },
    jwtSecret: pulumi.Input<string>,
    images: ReleaseImages,
): KsCore {
    const core = new KsCore(network, {
        provider: member.cluster.provider,
        role: "member",
        jwtSecret,
        images,
    });
    const access = new FederationMember(network, { provider: member.cluster.provider, clusterName: network, server: member.cluster.intranetEndpoint });
    new ClusterRegistration(
        network,
        { hostProvider: host.provider, clusterName: network, kubeconfig: access.kubeconfig, group: clusterGroup(network), chartConfig: core.chartConfig },
        // the host must serve the Cluster API (its ks-core) and the member its ks-core before registration
        { dependsOn: host.core ? [host.core, core] : [core] },
    );
    return core;
}

/** What the host's console needs: the CA for its certificate, its name, who may reach it. */
export interface ConsoleSettings {
    readonly ca: PlatformCa;
    readonly hostname: string;
    readonly sourceCidrs: readonly string[];
    readonly tags: Record<string, string>;
}

/**
 * The prod stack's federation: the host on ops with its console, prod as a member, and the registrar that
 * nonprod registers its member through (it may register only the nonprod cluster, nothing else).
 */
export function declareFederationHost(
    ops: DeclaredCluster,
    members: readonly { network: NetworkName; cluster: DeclaredCluster }[],
    console: ConsoleSettings,
    images: ReleaseImages,
): FederationExport {
    const jwtSecret = federationJwtSecret("federation-jwt");
    const host = new KsCore("ops", { provider: ops.cluster.provider, role: "host", jwtSecret, images });
    const web = new KubeSphereConsole(
        "ops",
        { provider: ops.cluster.provider, hostname: console.hostname, ca: console.ca, sourceCidrs: console.sourceCidrs, tags: console.tags },
        { dependsOn: [host] },
    );
    const adminPasswords: Record<string, pulumi.Output<string>> = { ops: host.adminPassword };
    for (const m of members) adminPasswords[m.network] = declareMember(m.network, m.cluster, { provider: ops.cluster.provider, core: host }, jwtSecret, images).adminPassword;
    const registrar = new HostRegistrar("ops", { provider: ops.cluster.provider, server: ops.cluster.intranetEndpoint, clusterNames: ["nonprod"] }, { dependsOn: [host] });
    return { hostEndpoint: ops.cluster.intranetEndpoint, registrarKubeconfig: registrar.kubeconfig, jwtSecret, host, console: web, adminPasswords };
}

/** The nonprod stack's federation: its member, registered on the host through prod's limited registrar. */
export function declareFederationMember(
    nonprod: DeclaredCluster,
    fromProd: { registrarKubeconfig: pulumi.Input<string>; jwtSecret: pulumi.Input<string> },
    images: ReleaseImages,
): KsCore {
    // clusterIdentifier: a rotated registrar token must not replace the provider, or the Cluster with it
    const host = new k8s.Provider("ops-registrar", { kubeconfig: pulumi.secret(fromProd.registrarKubeconfig), clusterIdentifier: "ops" });
    return declareMember("nonprod", nonprod, { provider: host }, pulumi.secret(fromProd.jwtSecret), images);
}
