import { PlatformInputs } from "../config/inputs";
import { PLATFORM_RECORDS, SHARED_RECORDS, apiRecord, fqdn, relativeName } from "../config/dns";
import { HarborRegistry } from "../components/registry/harborRegistry";
import { Hub, platformTags } from "../components/network";
import { PrivateZone } from "../components/network/privateZone";
import { PlatformCa } from "../components/pki/platformCa";
import { IdentityProviders } from "../components/federation/identityProviders";
import { apiServerAddress, clusterOutputs, declareCluster, declareIdcStorage } from "./clusters";
import { ProdExports } from "./contract";
import { declareFederationHost } from "./federation";
import { harborImages } from "./images";
import { imageMirror } from "../components/registry/mirror";
import { declareTenancy, tenancyOutputs } from "./tenancy";
import { declareCentralObservability, declareClusterObservability } from "./observability";
import { declareNetwork, networkOutputs } from "./networks";

/**
 * The prod stack: the hub, the shared ops network and the prod network, the platform CA and the platform's
 * zone. Its outputs are what the nonprod stack reads (stacks/contract.ts), so they hold ids, addresses and
 * the CA's public certificate, and credentials only as secrets.
 */
export function prodStack(inputs: PlatformInputs) {
    // every input was read and checked before this first resource (config/inputs.ts)
    const { settings, layout } = inputs;
    const registry = settings.registry!; // parseSettings requires it on the prod stack
    const registryConfig = inputs.registry!; // loadPlatformInputs reads it on the prod stack
    const zone = settings.conventions.dns.zone;
    const opsTags = platformTags(settings.environment, "ops");
    const hub = new Hub("hub", { tags: opsTags });
    const ca = new PlatformCa("platform-ca");
    const declared = settings.networks.map((n) => declareNetwork(settings, n, hub));
    const trust = { host: registry.hostname, caCertPem: ca.certPem };
    const clusters = settings.clusters.map((c) => declareCluster(settings, c, declared[settings.networks.findIndex((n) => n.name === c.network)], trust));
    const cluster = (network: string) => clusters.find((c) => c.settings.network === network)!;
    const sourceCidrs = Object.values(settings.addressPlan);
    const harbor = new HarborRegistry("harbor", {
        provider: cluster("ops").cluster.provider,
        hostname: registry.hostname,
        region: settings.region,
        bucket: registry.bucket,
        sourceRanges: sourceCidrs,
        ca,
        config: registryConfig,
        tags: opsTags,
    });
    const dns = new PrivateZone("platform-dns", { zoneName: zone, vpcIds: declared.map((d) => d.vpc.vpcId), tags: opsTags });
    const harborName = relativeName(zone, registry.hostname)!; // parseSettings: the host name is inside the zone
    const harborRecord = dns.record({ key: "harbor", name: harborName, address: harbor.address });
    // everything but Harbor itself pulls through Harbor's proxy caches, once they and Harbor's name exist
    const mirror = imageMirror(registry.hostname, registryConfig);
    const images = harborImages(mirror, [harbor.configuration, harborRecord]);
    const idcStorage = new Map(clusters.map((c) => [c, declareIdcStorage(c, images)]));
    // each cluster's home for the monitoring agent (and its log shipping) first: KubeSphere installs the agent on a
    // member as soon as it joins
    const agents = Object.fromEntries(clusters.map((c) => [c.settings.network, declareClusterObservability(settings, c, images)]));
    const federation = declareFederationHost(
        cluster("ops"),
        [{ network: "prod", cluster: cluster("prod"), before: [agents.prod] }],
        { ca, hostname: fqdn(zone, PLATFORM_RECORDS.console), sourceCidrs, tags: opsTags },
        images,
    );
    // the company's identity providers on the host (users log in there; members trust the host's tokens)
    if (settings.identityProviders.length > 0) {
        new IdentityProviders(
            "ops-identity",
            { provider: cluster("ops").cluster.provider, names: settings.identityProviders.map((p) => p.name), options: settings.secrets.identityProviders!, consoleUrl: federation.console.url },
            { dependsOn: [federation.host] },
        );
    }
    const observability = declareCentralObservability(settings, inputs.elastAlertRules!, cluster("ops"), [cluster("prod")], images, [federation.host, ...federation.registrations, ...Object.values(agents)]);
    const shared = {
        harbor: { name: harborName, address: harbor.address },
        console: { name: PLATFORM_RECORDS.console, address: federation.console.address },
        thanosReceive: { name: PLATFORM_RECORDS.thanosReceive, address: observability.addresses.thanosReceive },
        alertmanager: { name: PLATFORM_RECORDS.alertmanager, address: observability.addresses.alertmanager },
    };
    for (const key of SHARED_RECORDS.filter((k) => k !== "harbor")) dns.record({ key, ...shared[key] });
    for (const c of clusters) dns.record({ key: `api-${c.settings.network}`, name: apiRecord(c.settings.network), address: apiServerAddress(c) });
    const tenancy = declareTenancy({
        layout,
        host: { provider: cluster("ops").cluster.provider, dependsOn: [federation.host] },
        // a member's KubeSphere (its roles) is the host's install, done when its registration is
        clusters: ["ops", "prod"].map((network, i) => ({
            network,
            provider: cluster(network).cluster.provider,
            pull: { server: registry.hostname, credentials: harbor.pullCredentials[network] },
            dependsOn: i === 0 ? [federation.host] : [...federation.registrations],
        })),
    });
    const contract = {
        hub: { cenId: hub.cenId, transitRouterId: hub.transitRouterId, routeTableIds: hub.routeTableIds },
        // for nonprod's member: a credential that may only register the nonprod cluster (the host gives it the jwtSecret)
        federation: { hostEndpoint: federation.hostEndpoint, registrarKubeconfig: federation.registrarKubeconfig },
        // for nonprod's nodes: Harbor's address, and the nonprod cluster's pull-only robot (secret)
        registry: { url: harbor.url, hostname: harbor.hostname, mirror },
        pullCredentials: { nonprod: harbor.pullCredentials.nonprod },
        // for nonprod's Prometheus: Thanos Receive and the Alertmanager in ops, by name
        observability: observability.central,
        // for nonprod's nodes: the CA Harbor's certificate is issued by (public)
        pki: { caCertPem: ca.certPem },
        // for nonprod's zone: prod's records, and the zone nonprod adds its own to
        dns: { zoneId: dns.zoneId, zoneName: dns.zoneName, records: shared },
    } satisfies ProdExports;
    return {
        ...contract,
        tenancy: tenancyOutputs(tenancy, layout),
        networks: Object.fromEntries(declared.map((d) => [d.network, networkOutputs(d)])),
        clusters: Object.fromEntries(clusters.map((c) => [c.settings.network, clusterOutputs(c, idcStorage.get(c))])),
        // the console, and each cluster's admin password (secret): the first login, and break-glass
        kubesphere: { consoleUrl: federation.console.url, adminPasswords: federation.adminPasswords },
    };
}
