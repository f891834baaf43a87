import * as pulumi from "@pulumi/pulumi";
import { ElastAlert, Filebeat } from "../components/logging";
import { Grafana, MonitoringAgent, PlatformMonitoring, Thanos, alertmanagerAddressOf, receiveUrlOf } from "../components/monitoring";
import { platformTags } from "../components/network";
import { PLATFORM_RECORDS, fqdn } from "../config/dns";
import { ElastAlertRule } from "../config/elastalertRules";
import { Settings } from "../config/load";
import { NETWORK_NAMES, SHARED_NETWORK } from "../config/topology";
import { DeclaredCluster } from "./clusters";
import { roleNamed } from "./names";
import { ReleaseImages } from "../components/registry/mirror";

/** Where every cluster's Prometheus sends metrics and alerts: Thanos Receive and the Alertmanager in ops, by their names in the platform's zone. */
export interface ObservabilityExport {
    readonly remoteWriteUrl: pulumi.Input<string>;
    readonly alertmanagerAddress: pulumi.Input<string>;
}

/** The central observability's intranet load balancer IPs, for their DNS records. */
export interface CentralAddresses {
    readonly thanosReceive: pulumi.Output<string>;
    readonly alertmanager: pulumi.Output<string>;
}

/**
 * A cluster's share of the observability that it declares itself: the home of the monitoring agent KubeSphere
 * installs on it (whizard-monitoring, from the host's InstallPlan), and its log shipping. On the host also the
 * webhook Secret of the one Alertmanager.
 */
export function declareClusterObservability(settings: Settings, cluster: DeclaredCluster, images: ReleaseImages): MonitoringAgent {
    const name = cluster.settings.network;
    const host = name === SHARED_NETWORK;
    const agentName = roleNamed(name, "monitoring");
    const agent = new MonitoringAgent(agentName.name, { provider: cluster.cluster.provider, ...(host ? { alertWebhookUrl: settings.secrets.alertWebhookUrl! } : {}) }, agentName.opts);
    const filebeat = roleNamed(name, "filebeat");
    new Filebeat(filebeat.name, { provider: cluster.cluster.provider, clusterName: name, logstashHosts: settings.observability.logstashHosts, images }, filebeat.opts);
    return agent;
}

/** Whether a cluster's monitoring differs from whizard-monitoring's config, which is an ACK cluster's. */
export function needsOwnMonitoring(c: DeclaredCluster): boolean {
    return c.cluster.monitoring.scrapesControlPlane || !c.cluster.monitoring.blockStorage;
}

/**
 * The central observability of the prod stack, in ops: Thanos on OSS, Grafana on Thanos Query, ElastAlert 2,
 * and KubeSphere's monitoring extensions on the host, whose Prometheus stack runs on every cluster of every
 * stack (placed by name: a cluster nonprod registers later gets its agent when it joins). Declare after the
 * clusters' agents and the prod stack's registrations (`before`). Every Prometheus reaches Thanos Receive and
 * the Alertmanager by their names in the platform's zone (their records point at the load balancers' addresses,
 * which a re-created load balancer changes).
 */
export function declareCentralObservability(
    settings: Settings,
    rules: readonly ElastAlertRule[],
    ops: DeclaredCluster,
    registered: readonly DeclaredCluster[],
    images: ReleaseImages,
    before: readonly pulumi.Resource[],
): { central: ObservabilityExport; addresses: CentralAddresses } {
    // parseSettings guarantees these on the prod stack
    const retention = settings.observability.metricsRetention!;
    const elasticsearch = settings.observability.elasticsearch!;
    const webhook = settings.secrets.alertWebhookUrl!;
    const zone = settings.conventions.dns.zone;
    const [thanosName, grafana, elastAlert, platformMonitoring] = ["thanos", "grafana", "elastalert", "platform-monitoring"].map((role) => roleNamed(SHARED_NETWORK, role));
    const thanos = new Thanos(
        thanosName.name,
        { provider: ops.cluster.provider, region: settings.region, bucket: settings.metricsBucket!, retention, tags: platformTags(settings.environment, SHARED_NETWORK), images },
        thanosName.opts,
    );
    new Grafana(grafana.name, { provider: ops.cluster.provider, thanosQueryUrl: thanos.queryUrl, images }, grafana.opts);
    new ElastAlert(elastAlert.name, { provider: ops.cluster.provider, elasticsearch, rules, alertWebhookUrl: webhook, images }, elastAlert.opts);
    const central = {
        remoteWriteUrl: receiveUrlOf(fqdn(zone, PLATFORM_RECORDS.thanosReceive)),
        alertmanagerAddress: alertmanagerAddressOf(fqdn(zone, PLATFORM_RECORDS.alertmanager)),
    };
    const monitoring = new PlatformMonitoring(
        platformMonitoring.name,
        {
            provider: ops.cluster.provider,
            hostCluster: SHARED_NETWORK,
            clusters: NETWORK_NAMES,
            waitForClusters: [SHARED_NETWORK, ...registered.map((c) => c.settings.network)],
            // the clusters whose monitoring differs from the config's (an ACK cluster's): their own override
            selfManagedClusters: [ops, ...registered].filter((c) => needsOwnMonitoring(c)).map((c) => ({ name: c.settings.network, blockStorage: c.cluster.monitoring.blockStorage })),
            remoteWriteUrl: central.remoteWriteUrl,
            alertmanagerHost: fqdn(zone, PLATFORM_RECORDS.alertmanager),
            images,
        },
        { ...platformMonitoring.opts, dependsOn: [...before] },
    );
    return { central, addresses: { thanosReceive: thanos.receiveAddress, alertmanager: monitoring.alertmanagerIp } };
}
