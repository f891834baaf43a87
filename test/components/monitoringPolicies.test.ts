import * as k8s from "@pulumi/kubernetes";
import { ElastAlert } from "../../components/logging/elastAlert";
import { Filebeat } from "../../components/logging/filebeat";
import { loadElastAlertRules } from "../../config/elastalertRules";
import { Grafana, MonitoringAgent, PlatformMonitoring } from "../../components/monitoring/clusterMonitoring";
import { Thanos } from "../../components/monitoring/thanos";
import { toAnalyzed } from "../../engine/plan";
import { RecordingMonitor } from "../../engine/recorder";
import { installMonitor, settle } from "../../engine/run";
import { violationsOf } from "../support/fixtures";

/** The observability components wired as the prod stack wires them: ops is the host, prod a member. */
async function declareObservability() {
    const monitor = new RecordingMonitor(async (name) => {
        throw new Error(`no StackReference expected, ${name} was read`);
    });
    installMonitor(monitor, "platform", "prod");
    const ops = new k8s.Provider("ops-k8s", { kubeconfig: "fake" });
    const prod = new k8s.Provider("prod-k8s", { kubeconfig: "fake" });
    const thanos = new Thanos("thanos", { provider: ops, region: "cn-hangzhou", bucket: "kube-platform-thanos-metrics", retention: { raw: "30d", fiveMinutes: "90d", oneHour: "1y" } });
    new MonitoringAgent("ops", { provider: ops, alertWebhookUrl: "https://notify.example.com/hooks/x" });
    new MonitoringAgent("prod", { provider: prod });
    new Grafana("ops", { provider: ops, thanosQueryUrl: thanos.queryUrl });
    new PlatformMonitoring("ops", {
        provider: ops,
        hostCluster: "ops",
        clusters: ["ops", "prod", "nonprod"],
        waitForClusters: ["ops", "prod"],
        remoteWriteUrl: "http://thanos-receive.ops.kube-platform.internal:19291/api/v1/receive",
        alertmanagerHost: "alertmanager.ops.kube-platform.internal",
    });
    for (const [cluster, provider] of [["ops", ops], ["prod", prod]] as const) {
        new Filebeat(`${cluster}-filebeat`, { provider, clusterName: cluster, logstashHosts: ["logstash-1.log.kube-platform.internal:5044"] });
    }
    new ElastAlert("elastalert", { provider: ops, elasticsearch: { host: "es.log.kube-platform.internal", port: 9200, useSsl: true }, rules: loadElastAlertRules(), alertWebhookUrl: "https://notify.example.com/hooks/x" });
    await settle(monitor);
    return monitor.recorded.map(toAnalyzed);
}

test("monitoring and logging, as the prod stack declares them, violate no policy of the pack", async () => {
    const resources = await declareObservability();
    expect(resources.filter((r) => r.type === "kubernetes:core/v1:Service").map((r) => r.name).sort()).toEqual(["ops-alertmanager-lb", "thanos-receive-lb"]);
    expect(await violationsOf(resources)).toEqual([]);
});
