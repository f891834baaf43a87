import { Settings } from "../config/load";
import { Hub, platformTags } from "../components/network";
import { declareNetwork, networkOutputs } from "./networks";

/**
 * The prod stack: the hub, the shared ops network and the prod network. Its outputs are what the nonprod
 * stack reads, so they hold ids and addresses, never credentials in plain text.
 */
export function prodStack(settings: Settings) {
    const hub = new Hub("hub", { tags: platformTags(settings.environment, "ops") });
    const networks = Object.fromEntries(
        settings.networks.map((n) => [n.name, networkOutputs(declareNetwork(settings, n, hub))]),
    );
    return {
        hub: { cenId: hub.cenId, transitRouterId: hub.transitRouterId, routeTableIds: hub.routeTableIds },
        networks,
    };
}
