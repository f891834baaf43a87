/**
 * The platform's fixed topology: three networks, which stack owns which, and who may reach whom.
 * Names here are part of resource names and URNs; renaming one is a delete plus a create.
 */

export const NETWORK_NAMES = ["ops", "prod", "nonprod"] as const;
export type NetworkName = (typeof NETWORK_NAMES)[number];

export const ENVIRONMENTS = ["prod", "nonprod"] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

/** The networks each stack declares. The prod stack owns the shared ops network and the hub. */
export const STACK_NETWORKS: Readonly<Record<Environment, readonly NetworkName[]>> = {
    prod: ["ops", "prod"],
    nonprod: ["nonprod"],
};

/** The network that runs the platform's control plane and reaches every other network. */
export const SHARED_NETWORK: NetworkName = "ops";

/**
 * The networks `from` may send traffic to over the hub. ops reaches every other network; every other network
 * reaches only ops. prod and nonprod never reach each other.
 */
export function reachableNetworks(from: NetworkName): NetworkName[] {
    if (from === SHARED_NETWORK) return NETWORK_NAMES.filter((n) => n !== SHARED_NETWORK);
    return [SHARED_NETWORK];
}

/** True for networks that must be isolated from each other (everything but the shared network). */
export function isIsolated(network: NetworkName): boolean {
    return network !== SHARED_NETWORK;
}
