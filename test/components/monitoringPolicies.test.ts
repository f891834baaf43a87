import * as k8s from "@pulumi/kubernetes";
import { ElastAlert } from "../../components/logging/elastAlert";
import { Filebeat } from "../../components/logging/filebeat";
import { loadElastAlertRules } from "../../config/elastalertRules";
import { ClusterMonitoring } from "../../components/monitoring/clusterMonitoring";
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
    const host = new ClusterMonitoring("ops-monitoring", {
        provider: ops,
        clusterName: "ops",
        remoteWriteUrl: thanos.receiveUrl,
        role: { kind: "host", thanosQueryUrl: thanos.queryUrl, alertWebhookUrl: "https://notify.example.com/hooks/x" },
    });
    new ClusterMonitoring("prod-monitoring", { provider: prod, clusterName: "prod", remoteWriteUrl: thanos.receiveUrl, role: { kind: "member", alertmanagerAddress: host.alertmanagerAddress! } });
    for (const [cluster, provider] of [["ops", ops], ["prod", prod]] as const) {
        new Filebeat(`${cluster}-filebeat`, { provider, clusterName: cluster, logstashHosts: ["logstash-1.log.kube-platform.internal:5044"] });
    }
    new ElastAlert("elastalert", { provider: ops, elasticsearch: { host: "es.log.kube-platform.internal", port: 9200, useSsl: true }, rules: loadElastAlertRules(), alertWebhookUrl: "https://notify.example.com/hooks/x" });
    await settle(monitor);
    return monitor.recorded.map(toAnalyzed);
}

test("monitoring and logging, as the prod stack declares them, violate no policy of the pack", async () => {
    const resources = await declareObservability();
    expect(resources.filter((r) => r.type === "kubernetes:core/v1:Service").map((r) => r.name)).toEqual(["thanos-receive-lb", "ops-monitoring-alertmanager-lb"]);
    expect(await violationsOf(resources)).toEqual([]);
});
