import * as pulumi from "@pulumi/pulumi";
import { ElastAlert, Filebeat } from "../components/logging";
import { ClusterMonitoring, Thanos, alertmanagerAddressOf, receiveUrlOf } from "../components/monitoring";
import { platformTags } from "../components/network";
import { PLATFORM_RECORDS, fqdn } from "../config/dns";
import { loadElastAlertRules } from "../config/elastalertRules";
import { Settings } from "../config/load";
import { DeclaredCluster } from "./clusters";
import { ReleaseImages } from "../components/registry/mirror";

/** Where members send metrics and alerts: Thanos Receive and the Alertmanager in ops, by their names in the platform's zone. */
export interface ObservabilityExport {
    readonly remoteWriteUrl: pulumi.Input<string>;
    readonly alertmanagerAddress: pulumi.Input<string>;
}

/** The central observability's intranet load balancer IPs, for their DNS records. */
export interface CentralAddresses {
    readonly thanosReceive: pulumi.Output<string>;
    readonly alertmanager: pulumi.Output<string>;
}

/** A member cluster's monitoring (remote write and alerts to ops) and its log shipping. */
export function declareMemberObservability(settings: Settings, member: DeclaredCluster, central: ObservabilityExport, images: ReleaseImages): void {
    const name = member.settings.network;
    new ClusterMonitoring(name, {
        provider: member.cluster.provider,
        clusterName: name,
        remoteWriteUrl: central.remoteWriteUrl,
        role: { kind: "member", alertmanagerAddress: central.alertmanagerAddress },
        images,
    });
    new Filebeat(name, { provider: member.cluster.provider, clusterName: name, logstashHosts: settings.observability.logstashHosts, images });
}

/**
 * The central observability of the prod stack, in ops: Thanos on OSS, the host's kube-prometheus-stack with
 * the one Alertmanager and Grafana on Thanos Query, Filebeat, ElastAlert 2; and each prod member's share.
 * Members reach Thanos Receive and the Alertmanager by their names in the platform's zone (their records
 * point at the load balancers' addresses, which a re-created load balancer changes).
 */
export function declareCentralObservability(
    settings: Settings,
    ops: DeclaredCluster,
    members: readonly DeclaredCluster[],
    images: ReleaseImages,
): { central: ObservabilityExport; addresses: CentralAddresses } {
    // parseSettings guarantees these on the prod stack
    const retention = settings.observability.metricsRetention!;
    const elasticsearch = settings.observability.elasticsearch!;
    const webhook = settings.secrets.alertWebhookUrl!;
    const zone = settings.conventions.dns.zone;
    const thanos = new Thanos("ops", {
        provider: ops.cluster.provider,
        region: settings.region,
        bucket: settings.metricsBucket!,
        retention,
        tags: platformTags(settings.environment, "ops"),
        images,
    });
    const host = new ClusterMonitoring("ops", {
        provider: ops.cluster.provider,
        clusterName: "ops",
        remoteWriteUrl: thanos.receiveUrl,
        role: { kind: "host", thanosQueryUrl: thanos.queryUrl, alertWebhookUrl: webhook },
        images,
    });
    new Filebeat("ops", { provider: ops.cluster.provider, clusterName: "ops", logstashHosts: settings.observability.logstashHosts, images });
    new ElastAlert("ops", { provider: ops.cluster.provider, elasticsearch, rules: loadElastAlertRules(), alertWebhookUrl: webhook, images });
    const central = {
        remoteWriteUrl: receiveUrlOf(fqdn(zone, PLATFORM_RECORDS.thanosReceive)),
        alertmanagerAddress: alertmanagerAddressOf(fqdn(zone, PLATFORM_RECORDS.alertmanager)),
    };
    for (const member of members) declareMemberObservability(settings, member, central, images);
    return { central, addresses: { thanosReceive: thanos.receiveAddress, alertmanager: host.alertmanagerIp! } };
}
