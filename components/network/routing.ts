import { NetworkName, SHARED_NETWORK, reachableNetworks } from "../../config/topology";

/** Which of the hub's two route tables an attachment uses. */
export type HubTable = "shared" | "isolated";

/** The transit-router wiring of one network's attachment. */
export interface AttachmentRouting {
    /** The table the attachment is associated with: it forwards by this table's routes. */
    readonly associateWith: HubTable;
    /** The table the attachment propagates its VPC's routes into. */
    readonly propagateTo: HubTable;
    /** Networks whose VPC CIDRs get a route entry in this network's VPC route table. */
    readonly routesTo: readonly NetworkName[];
}

/**
 * The isolation rule as data. The ops attachment is associated with the shared table, into which prod and
 * nonprod propagate; prod and nonprod are associated with the isolated table, into which only ops propagates.
 * So prod and nonprod learn only ops's routes, and nothing forwards between them.
 */
export function attachmentRouting(network: NetworkName): AttachmentRouting {
    const shared = network === SHARED_NETWORK;
    return {
        associateWith: shared ? "shared" : "isolated",
        propagateTo: shared ? "isolated" : "shared",
        routesTo: reachableNetworks(network),
    };
}
