import * as pulumi from "@pulumi/pulumi";
import { Settings } from "../config/load";
import { HubRef } from "../components/network";
import { clusterOutputs, declareCluster } from "./clusters";
import { declareFederationMember } from "./federation";
import { declareTenancy, tenancyOutputs } from "./tenancy";
import { loadTenancy } from "../config/tenancy";
import { declareMemberObservability } from "./observability";
import { declareNetwork, networkOutputs } from "./networks";

/** The nonprod stack: the nonprod network, attached to the hub that the prod stack owns. */
export function nonprodStack(settings: Settings) {
    // the tenancy layout is checked (against this stack's capacity) before any resource is declared
    const layout = loadTenancy(settings);
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
    const declared = settings.networks.map((n) => declareNetwork(settings, n, hubRef));
    const clusters = settings.clusters.map((c) => declareCluster(settings, c, declared[settings.networks.findIndex((n) => n.name === c.network)]));
    const federation = prod.requireOutput("federation") as pulumi.Output<{ registrarKubeconfig: string; jwtSecret: string }>;
    const nonprod = clusters.find((c) => c.settings.network === "nonprod")!;
    const member = declareFederationMember(nonprod, { registrarKubeconfig: federation.registrarKubeconfig, jwtSecret: federation.jwtSecret });
    const central = prod.requireOutput("observability") as pulumi.Output<{ remoteWriteUrl: string; alertmanagerAddress: string }>;
    declareMemberObservability(settings, nonprod, { remoteWriteUrl: central.remoteWriteUrl, alertmanagerAddress: central.alertmanagerAddress });
    const registry = prod.requireOutput("registry") as pulumi.Output<{ url: string; nonprodPullCredential: { username: string; password: string } }>;
    const tenancy = declareTenancy({
        layout,
        clusters: [{
            network: "nonprod",
            provider: nonprod.cluster.provider,
            pull: { server: registry.url.apply((u) => u.replace(/^https:\/\//, "")), credentials: pulumi.secret(registry.nonprodPullCredential) },
            dependsOn: [member],
        }],
    });
    return {
        tenancy: tenancyOutputs(tenancy, layout),
        networks: Object.fromEntries(declared.map((d) => [d.network, networkOutputs(d)])),
        clusters: Object.fromEntries(clusters.map((c) => [c.settings.network, clusterOutputs(c)])),
    };
}
