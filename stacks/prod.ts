import { Settings } from "../config/load";
import { loadRegistryConfig } from "../config/registry";
import { HarborRegistry } from "../components/registry/harborRegistry";
import { Hub, platformTags } from "../components/network";
import { clusterOutputs, declareCluster } from "./clusters";
import { declareFederationHost } from "./federation";
import { declareTenancy, tenancyOutputs } from "./tenancy";
import { loadTenancy } from "../config/tenancy";
import { declareCentralObservability } from "./observability";
import { declareNetwork, networkOutputs } from "./networks";

/**
 * The prod stack: the hub, the shared ops network and the prod network. Its outputs are what the nonprod
 * stack reads, so they hold ids and addresses, never credentials in plain text.
 */
export function prodStack(settings: Settings) {
    // the tenancy layout is checked (against this stack's capacity) before any resource is declared
    const layout = loadTenancy(settings);
    const hub = new Hub("hub", { tags: platformTags(settings.environment, "ops") });
    const declared = settings.networks.map((n) => declareNetwork(settings, n, hub));
    const clusters = settings.clusters.map((c) => declareCluster(settings, c, declared[settings.networks.findIndex((n) => n.name === c.network)]));
    const cluster = (network: string) => clusters.find((c) => c.settings.network === network)!;
    const federation = declareFederationHost(cluster("ops"), [{ network: "prod", cluster: cluster("prod") }]);
    const observability = declareCentralObservability(settings, cluster("ops"), [cluster("prod")]);
    const registry = settings.registry!; // parseSettings requires it on the prod stack
    const harbor = new HarborRegistry("harbor", {
        provider: cluster("ops").cluster.provider,
        hostname: registry.hostname,
        region: settings.region,
        bucket: registry.bucket,
        sourceRanges: Object.values(settings.addressPlan),
        config: loadRegistryConfig(),
        tags: platformTags(settings.environment, "ops"),
    });
    const tenancy = declareTenancy({
        layout,
        host: { provider: cluster("ops").cluster.provider, dependsOn: [federation.host] },
        clusters: ["ops", "prod"].map((network) => ({
            network,
            provider: cluster(network).cluster.provider,
            pull: { server: registry.hostname, credentials: harbor.pullCredentials[network] },
        })),
    });
    return {
        tenancy: tenancyOutputs(tenancy, layout),
        hub: { cenId: hub.cenId, transitRouterId: hub.transitRouterId, routeTableIds: hub.routeTableIds },
        networks: Object.fromEntries(declared.map((d) => [d.network, networkOutputs(d)])),
        clusters: Object.fromEntries(clusters.map((c) => [c.settings.network, clusterOutputs(c)])),
        // for nonprod's member: a credential that may only register the nonprod cluster, and the shared jwtSecret
        federation: { hostEndpoint: federation.hostEndpoint, registrarKubeconfig: federation.registrarKubeconfig, jwtSecret: federation.jwtSecret },
        // for nonprod's nodes: Harbor's address and the nonprod cluster's pull-only robot (secret)
        registry: { url: harbor.url, nonprodPullCredential: harbor.pullCredentials.nonprod },
        // for nonprod's Prometheus: Thanos Receive and the Alertmanager in ops, on the intranet
        observability: { remoteWriteUrl: observability.remoteWriteUrl, alertmanagerAddress: observability.alertmanagerAddress },
    };
}
