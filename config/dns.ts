/**
 * The platform's names in its private DNS zone (conventions: `dns.zone`, e.g. `kube-platform.internal`):
 * one record per intranet endpoint others reach, each a relative name under the zone. Pure functions.
 *
 * The zone is authoritative in every VPC it is bound to: a name under it that the platform declares no
 * record for does not resolve there, which is why external hosts named in the settings must live outside it.
 */
import { NetworkName } from "./topology";

/** The relative names of what the ops cluster serves to every network. */
export const PLATFORM_RECORDS = {
    /** KubeSphere's console (the host's ks-console behind an HTTPS intranet load balancer). */
    console: "console.ops",
    /** Thanos Receive: members remote-write here. */
    thanosReceive: "thanos-receive.ops",
    /** The one Alertmanager: members' Prometheus alert here. */
    alertmanager: "alertmanager.ops",
} as const;

/** The endpoints ops serves to every network: each network's zone has their records. */
export const SHARED_RECORDS = ["harbor", "console", "thanosReceive", "alertmanager"] as const;
/** One of {@link SHARED_RECORDS}. */
export type SharedRecord = (typeof SHARED_RECORDS)[number];

/** The relative name of a cluster's intranet API server. */
export function apiRecord(network: NetworkName): string {
    return `api.${network}`;
}

/** The full name of a relative name in the zone. */
export function fqdn(zone: string, relative: string): string {
    return `${relative}.${zone}`;
}

/** The relative name of `hostname` in `zone`; undefined when the name is not inside the zone (or is the zone itself). */
export function relativeName(zone: string, hostname: string): string | undefined {
    const host = hostname.toLowerCase().replace(/\.$/, "");
    const suffix = `.${zone.toLowerCase()}`;
    return host.endsWith(suffix) && host.length > suffix.length ? host.slice(0, -suffix.length) : undefined;
}

/** The host of a `host:port` (or a bare host). */
export function hostOf(hostPort: string): string {
    return hostPort.replace(/:\d+$/, "");
}

/** The IPv4 address of an `https://a.b.c.d:port` endpoint, or undefined for a name. */
export function endpointAddress(endpoint: string): string | undefined {
    const m = /^[a-z]+:\/\/(\d{1,3}(?:\.\d{1,3}){3})(?::\d+)?(?:\/.*)?$/.exec(endpoint);
    return m?.[1];
}
