import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { ClusterRegistration, FederationMember, HostRegistrar, KsCore, clusterGroup, federationJwtSecret } from "../components/federation";
import { KubeSphereConsole } from "../components/federation/console";
import { ADMIN_PASSWORD_LENGTH } from "../components/federation/ksCore";
import { memberChartConfig } from "../components/federation/values";
import { WHIZARD_MONITORING } from "../components/federation/extensions";
import { PlatformCa } from "../components/pki/platformCa";
import { NetworkName, SHARED_NETWORK } from "../config/topology";
import { DeclaredCluster } from "./clusters";
import { roleNamed } from "./names";
import { ReleaseImages } from "../components/registry/mirror";

/** What the prod stack exports for nonprod's member, and what the rest of the prod stack orders after. */
export interface FederationExport {
    readonly hostEndpoint: pulumi.Output<string>;
    /** A kubeconfig that may only register the named clusters on the host (secret). */
    readonly registrarKubeconfig: pulumi.Output<string>;
    /** The host's ks-core: KubeSphere's API (users, workspaces, extensions) exists once it is installed. */
    readonly host: KsCore;
    /** The prod stack's member registrations, each done once the host has installed ks-core on its member. */
    readonly registrations: readonly ClusterRegistration[];
    /** The console behind its HTTPS intranet load balancer. */
    readonly console: KubeSphereConsole;
    /** Each cluster's KubeSphere admin password (secret), by network. */
    readonly adminPasswords: Record<string, pulumi.Output<string>>;
}

/** A member as registered: its registration (done once KubeSphere runs there) and its admin password (secret). */
export interface RegisteredMember {
    readonly registration: ClusterRegistration;
    readonly adminPassword: pulumi.Output<string>;
}

/**
 * Registers a member cluster on the host: its access for the host, and its `Cluster` on the host, whose
 * `spec.config` the host installs ks-core on the member with (the program owns no ks-core release there). `before`
 * is what must be on the member first (the monitoring agent's namespace).
 */
export function declareMember(
    network: NetworkName,
    member: DeclaredCluster,
    host: { provider: k8s.Provider; core?: KsCore },
    images: ReleaseImages,
    before: readonly pulumi.Resource[] = [],
): RegisteredMember {
    // the member's own admin password (its chart renders an admin User too), kept from when it was its KsCore's
    const admin = new random.RandomPassword(
        `${network}-ks-admin-password`,
        { length: ADMIN_PASSWORD_LENGTH, special: false },
        { aliases: [{ parent: pulumi.createUrn(network, "platform:federation:KsCore") }] },
    );
    const imageRegistry = pulumi.output(images.mirror).apply((m) => m["docker.io"]);
    const chartConfig = pulumi.secret(pulumi.all([admin.bcryptHash, imageRegistry]).apply(([hash, registry]) => memberChartConfig({ imageRegistry: registry, adminPasswordHash: hash })));
    const accessName = roleNamed(network, "federation-access");
    const access = new FederationMember(accessName.name, { provider: member.cluster.provider, clusterName: network, server: member.cluster.intranetEndpoint }, accessName.opts);
    const registrationName = roleNamed(network, "registration");
    const registration = new ClusterRegistration(
        registrationName.name,
        { hostProvider: host.provider, clusterName: network, kubeconfig: access.kubeconfig, group: clusterGroup(network), chartConfig },
        // the host must serve the Cluster API (its ks-core), and the member pull KubeSphere's images through Harbor
        { ...registrationName.opts, dependsOn: [...(host.core ? [host.core] : []), ...images.ready, ...before] },
    );
    return { registration, adminPassword: pulumi.secret(admin.result) };
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
    members: readonly { network: NetworkName; cluster: DeclaredCluster; before?: readonly pulumi.Resource[] }[],
    console: ConsoleSettings,
    images: ReleaseImages,
): FederationExport {
    const jwtSecret = federationJwtSecret("federation-jwt");
    const [kubesphere, consoleName, registrarName] = ["kubesphere", "console", "registrar"].map((role) => roleNamed(SHARED_NETWORK, role));
    const host = new KsCore(kubesphere.name, { provider: ops.cluster.provider, role: "host", jwtSecret, images }, kubesphere.opts);
    const web = new KubeSphereConsole(
        consoleName.name,
        { provider: ops.cluster.provider, hostname: console.hostname, ca: console.ca, sourceCidrs: console.sourceCidrs, tags: console.tags },
        { ...consoleName.opts, dependsOn: [host] },
    );
    const adminPasswords: Record<string, pulumi.Output<string>> = { ops: host.adminPassword };
    const registrations: ClusterRegistration[] = [];
    for (const m of members) {
        const registered = declareMember(m.network, m.cluster, { provider: ops.cluster.provider, core: host }, images, m.before);
        adminPasswords[m.network] = registered.adminPassword;
        registrations.push(registered.registration);
    }
    // nonprod may also patch its own key of whizard-monitoring's overrides (a self-managed cluster's monitoring)
    const registrar = new HostRegistrar(
        registrarName.name,
        { provider: ops.cluster.provider, server: ops.cluster.intranetEndpoint, clusterNames: ["nonprod"], installPlans: [WHIZARD_MONITORING.name] },
        { ...registrarName.opts, dependsOn: [host] },
    );
    return { hostEndpoint: ops.cluster.intranetEndpoint, registrarKubeconfig: registrar.kubeconfig, host, registrations, console: web, adminPasswords };
}

/** A member registered from another stack: its registration, its admin password, and the host as its stack reaches it. */
export interface RemoteMember extends RegisteredMember {
    /** The host through prod's limited registrar. */
    readonly hostProvider: k8s.Provider;
}

/** The nonprod stack's federation: its member, registered on the host through prod's limited registrar. */
export function declareFederationMember(
    nonprod: DeclaredCluster,
    fromProd: { registrarKubeconfig: pulumi.Input<string> },
    images: ReleaseImages,
    before: readonly pulumi.Resource[] = [],
): RemoteMember {
    // clusterIdentifier: a rotated registrar token must not replace the provider, or the Cluster with it
    const host = new k8s.Provider("ops-registrar", { kubeconfig: pulumi.secret(fromProd.registrarKubeconfig), clusterIdentifier: "ops" });
    return { ...declareMember("nonprod", nonprod, { provider: host }, images, before), hostProvider: host };
}
