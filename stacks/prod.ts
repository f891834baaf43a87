import { Settings } from "../config/load";
import { Hub, platformTags } from "../components/network";
import { clusterOutputs, declareCluster } from "./clusters";
import { declareNetwork, networkOutputs } from "./networks";

/**
 * The prod stack: the hub, the shared ops network and the prod network. Its outputs are what the nonprod
 * stack reads, so they hold ids and addresses, never credentials in plain text.
 */
export function prodStack(settings: Settings) {
    const hub = new Hub("hub", { tags: platformTags(settings.environment, "ops") });
    const declared = settings.networks.map((n) => declareNetwork(settings, n, hub));
    const clusters = settings.clusters.map((c) => declareCluster(settings, c, declared[settings.networks.findIndex((n) => n.name === c.network)]));
    return {
        hub: { cenId: hub.cenId, transitRouterId: hub.transitRouterId, routeTableIds: hub.routeTableIds },
        networks: Object.fromEntries(declared.map((d) => [d.network, networkOutputs(d)])),
        clusters: Object.fromEntries(clusters.map((c, i) => [settings.clusters[i].network, clusterOutputs(c)])),
    };
}
