import { Environment, NetworkName } from "../../config/topology";

/** The short suffix of a zone id, used in child names: `cn-hangzhou-h` -> `h`. */
export function zoneSuffix(zone: string): string {
    const parts = zone.split("-");
    return parts[parts.length - 1];
}

/** Tags every cloud resource of the platform carries: who owns it and where it belongs. */
export function platformTags(environment: Environment, network: NetworkName, extra: Record<string, string> = {}): Record<string, string> {
    return { "managed-by": "pulumi", platform: "kube-platform", environment, network, ...extra };
}
