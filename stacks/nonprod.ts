import * as pulumi from "@pulumi/pulumi";
import { Settings } from "../config/load";
import { HubRef } from "../components/network";
import { declareNetwork, networkOutputs } from "./networks";

/** The nonprod stack: the nonprod network, attached to the hub that the prod stack owns. */
export function nonprodStack(settings: Settings) {
    // parseSettings guarantees prodStack for the nonprod environment
    const prod = new pulumi.StackReference("prod", { name: settings.prodStack! });
    const hub = prod.requireOutput("hub") as pulumi.Output<{
        cenId: string;
        transitRouterId: string;
        routeTableIds: { shared: string; isolated: string };
    }>;
    const hubRef: HubRef = {
        cenId: hub.cenId,
        transitRouterId: hub.transitRouterId,
        routeTableIds: { shared: hub.routeTableIds.shared, isolated: hub.routeTableIds.isolated },
    };
    const networks = Object.fromEntries(
        settings.networks.map((n) => [n.name, networkOutputs(declareNetwork(settings, n, hubRef))]),
    );
    return { networks };
}
