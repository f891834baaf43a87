import * as pulumi from "@pulumi/pulumi";
import { PlatformInputs } from "../config/inputs";
import { SHARED_RECORDS, apiRecord } from "../config/dns";
import { PrivateZone, zoneRecord } from "../components/network/privateZone";
import { apiServerAddress, clusterOutputs, declareCluster, declareIdcStorage } from "./clusters";
import { readProd } from "./contract";
import { declareFederationMember } from "./federation";
import { harborImages } from "./images";
import { declareTenancy, tenancyOutputs } from "./tenancy";
import { declareClusterObservability, needsOwnMonitoring } from "./observability";
import { selfManagedMonitoringOverride } from "../components/monitoring/clusterMonitoring";
import { declareNetwork, networkOutputs } from "./networks";
import { platformTags } from "../components/network";

/** The nonprod stack: the nonprod network, attached to the hub that the prod stack owns, reading prod's contract. */
export function nonprodStack(inputs: PlatformInputs) {
    // every input was read and checked before this first resource (config/inputs.ts)
    const { settings, layout } = inputs;
    // parseSettings guarantees prodStack for the nonprod environment
    const prod = readProd(new pulumi.StackReference("prod", { name: settings.prodStack! }));
    const tags = platformTags(settings.environment, "nonprod");
    const declared = settings.networks.map((n) => declareNetwork(settings, n, prod.hub));
    const trust = { host: prod.registry.hostname, caCertPem: prod.pki.caCertPem };
    const clusters = settings.clusters.map((c) => declareCluster(settings, c, declared[settings.networks.findIndex((n) => n.name === c.network)], trust));
    const nonprod = clusters.find((c) => c.settings.network === "nonprod")!;
    // the platform's names in the nonprod VPC: prod's records and nonprod's own, in nonprod's zone of the same name;
    // and nonprod's API server in prod's zone too (records are independent of each other)
    const own = { key: "api-nonprod", name: apiRecord("nonprod"), address: apiServerAddress(nonprod) };
    const copied = SHARED_RECORDS.map((key) => ({ key, name: prod.dns.records[key].name, address: prod.dns.records[key].address }));
    const dns = new PrivateZone("platform-dns", { zoneName: settings.conventions.dns.zone, vpcIds: declared.map((d) => d.vpc.vpcId), tags });
    const records = [...copied, own].map((r) => dns.record(r));
    zoneRecord(`prod-zone-${own.key}`, { zoneId: prod.dns.zoneId, rr: own.name, address: own.address }, {});
    const images = harborImages(prod.registry.mirror, [records[SHARED_RECORDS.indexOf("harbor")]]);
    const idcStorage = declareIdcStorage(nonprod, images);
    // the monitoring agent's home first: the host's InstallPlan places the agent on nonprod as soon as it joins
    const agent = declareClusterObservability(settings, nonprod, images);
    const member = declareFederationMember(nonprod, prod.federation, images, [agent]);
    // a monitoring that differs from the config's (a self-managed nonprod's): its key of prod's InstallPlan
    if (needsOwnMonitoring(nonprod)) selfManagedMonitoringOverride("nonprod", nonprod.cluster.monitoring.blockStorage, member.hostProvider, { dependsOn: [member.registration] });
    const tenancy = declareTenancy({
        layout,
        clusters: [{
            network: "nonprod",
            provider: nonprod.cluster.provider,
            pull: { server: prod.registry.hostname, credentials: pulumi.secret(prod.pullCredentials.nonprod) },
            dependsOn: [member.registration],
        }],
    });
    return {
        tenancy: tenancyOutputs(tenancy, layout),
        networks: Object.fromEntries(declared.map((d) => [d.network, networkOutputs(d)])),
        clusters: Object.fromEntries(clusters.map((c) => [c.settings.network, clusterOutputs(c, c === nonprod ? idcStorage : undefined)])),
        kubesphere: { adminPasswords: { nonprod: member.adminPassword } },
    };
}
