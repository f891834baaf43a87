import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ALERTMANAGER_LB_SERVICE, ClusterMonitoring, ClusterMonitoringArgs } from "../../components/monitoring/clusterMonitoring";
import { KPS_VALUES_FREE_FORM, KUBE_PROMETHEUS_STACK_CHART, KubePrometheusValuesInput, kubePrometheusValues } from "../../components/monitoring/kubePrometheusValues";
import { chartVersion, validateChartValues } from "../../engine/reference/chartValues";
import { validateKubernetesObject } from "../../engine/reference/kubeModels";
import { record } from "../support/mocks";
import { PLATFORM_RESOURCES } from "../../components/kubernetes/resources";
import { splitResources } from "../support/resources";

const RECEIVE = "http://192.0.2.10:19291/api/v1/receive";
const QUERY = "http://thanos-query.thanos.svc.cluster.local:9090";
/** The fake notification webhook; its token must never appear in plain text. */
const WEBHOOK = "https://notify.example.com/hooks/FAKE-WEBHOOK-TOKEN";
const value = <T>(o: pulumi.Output<T>) => new Promise<T>((resolve) => o.apply(resolve));

const HOST: KubePrometheusValuesInput = { role: "host", clusterName: "ops", remoteWriteUrl: RECEIVE, storageClass: "disk-essd", thanosQueryUrl: QUERY };
const MEMBER: KubePrometheusValuesInput = { role: "member", clusterName: "prod", remoteWriteUrl: RECEIVE, storageClass: "disk-essd", alertmanagerAddress: "192.0.2.20:9093" };

const prometheusSpec = (cluster: string) => ({
    externalLabels: { cluster },
    remoteWrite: [{ url: RECEIVE }],
    retention: "7d",
    storageSpec: { volumeClaimTemplate: { spec: { storageClassName: "disk-essd", accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "50Gi" } } } } },
    serviceMonitorSelectorNilUsesHelmValues: false,
    podMonitorSelectorNilUsesHelmValues: false,
    ruleSelectorNilUsesHelmValues: false,
});

/** What every cluster's values share on ACK (sizes aside): no scrapes, rules or dashboards of what ACK runs out of reach. */
const ACK_COMMON = {
    kubeControllerManager: { enabled: false },
    kubeScheduler: { enabled: false },
    kubeEtcd: { enabled: false },
    kubeProxy: { enabled: false },
    prometheusOperator: { prometheusConfigReloader: {}, admissionWebhooks: { patch: {} } },
    "kube-state-metrics": {},
    "prometheus-node-exporter": {},
};

describe("kube-prometheus-stack values", () => {
    test.each([
        [
            "host (ops): Alertmanager routing to the webhook read from a file, Grafana on Thanos Query",
            HOST,
            {
                ...ACK_COMMON,
                fullnameOverride: "kps",
                prometheus: { prometheusSpec: prometheusSpec("ops") },
                alertmanager: {
                    enabled: true,
                    config: {
                        route: {
                            receiver: "webhook",
                            group_by: ["cluster", "namespace", "alertname"],
                            group_wait: "30s",
                            group_interval: "5m",
                            repeat_interval: "12h",
                            routes: [
                                { receiver: "null", matchers: ['alertname = "Watchdog"'] },
                                { receiver: "null", matchers: ['alertname = "InfoInhibitor"'] },
                            ],
                        },
                        receivers: [{ name: "null" }, { name: "webhook", webhook_configs: [{ url_file: "/etc/alertmanager/secrets/alertmanager-webhook/url", send_resolved: true }] }],
                    },
                    alertmanagerSpec: {
                        secrets: ["alertmanager-webhook"],
                        storage: { volumeClaimTemplate: { spec: { storageClassName: "disk-essd", accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "5Gi" } } } } },
                    },
                },
                grafana: {
                    enabled: true,
                    testFramework: { enabled: false },
                    admin: { existingSecret: "grafana-admin", userKey: "admin-user", passwordKey: "admin-password" },
                    sidecar: { datasources: { isDefaultDatasource: false } },
                    additionalDataSources: [
                        { name: "Thanos", uid: "thanos", type: "prometheus", access: "proxy", url: QUERY, isDefault: true, editable: false, jsonData: { prometheusType: "Thanos" } },
                    ],
                },
            },
        ],
        [
            "member (prod): no Alertmanager, no Grafana, alerts to the host's Alertmanager",
            MEMBER,
            {
                ...ACK_COMMON,
                fullnameOverride: "kps",
                prometheus: {
                    prometheusSpec: {
                        ...prometheusSpec("prod"),
                        additionalAlertManagerConfigs: [{ scheme: "http", api_version: "v2", static_configs: [{ targets: ["192.0.2.20:9093"] }] }],
                    },
                },
                alertmanager: { enabled: false },
                grafana: { enabled: false },
            },
        ],
    ])("%s", (_title, input, expected) => {
        const values = kubePrometheusValues(input);
        const { rest, resources } = splitResources(values);
        expect(rest).toEqual(expected);
        // every container the chart and the operator run, sized from the one table
        const R = PLATFORM_RESOURCES.kubePrometheusStack;
        expect(resources).toEqual({
            "prometheusOperator.resources": R.operator,
            "prometheusOperator.prometheusConfigReloader.resources": R.configReloader,
            "prometheusOperator.admissionWebhooks.patch.resources": R.admissionJobs,
            "kube-state-metrics.resources": R.kubeStateMetrics,
            "prometheus-node-exporter.resources": R.nodeExporter,
            "prometheus.prometheusSpec.resources": R.prometheus,
            ...(input.role === "host"
                ? { "alertmanager.alertmanagerSpec.resources": R.alertmanager, "grafana.resources": R.grafana, "grafana.sidecar.resources": R.grafanaSidecars }
                : {}),
        });
        expect(validateChartValues("kube-prometheus-stack", values, { freeForm: KPS_VALUES_FREE_FORM })).toEqual([]);
    });

    test("the chart version is the reference's", () => {
        expect(KUBE_PROMETHEUS_STACK_CHART.version).toBe(chartVersion("kube-prometheus-stack"));
    });

    test("each free-form path is needed (the receivers default has no webhook_configs; the subcharts' keys) and nothing else is", () => {
        const problems = validateChartValues("kube-prometheus-stack", kubePrometheusValues(HOST));
        expect(problems.map((p) => p.path).sort()).toEqual([
            "alertmanager.config.receivers[1].webhook_configs",
            "grafana.resources",
            "grafana.sidecar.resources",
            "grafana.testFramework",
            "kube-state-metrics.resources",
            "prometheus-node-exporter.resources",
        ]);
        expect(validateChartValues("kube-prometheus-stack", kubePrometheusValues(MEMBER)).map((p) => p.path).sort()).toEqual(["kube-state-metrics.resources", "prometheus-node-exporter.resources"]);
    });

    test("a self-managed control plane is scraped (its components run on the cluster's own nodes)", () => {
        const values = kubePrometheusValues({ ...MEMBER, controlPlane: "selfManaged" }) as Record<string, { enabled?: boolean }>;
        expect(["kubeControllerManager", "kubeScheduler", "kubeEtcd", "kubeProxy"].map((k) => values[k].enabled)).toEqual([true, true, true, true]);
    });
});

async function declare(role: ClusterMonitoringArgs["role"], clusterName: string) {
    let monitoring: ClusterMonitoring | undefined;
    const rec = await record(() => {
        const provider = new k8s.Provider(`${clusterName}-k8s`, { kubeconfig: "fake" });
        monitoring = new ClusterMonitoring(`${clusterName}-monitoring`, { provider, clusterName, remoteWriteUrl: RECEIVE, role });
    });
    return { rec, monitoring: monitoring! };
}

// the webhook URL is passed in plain on purpose: the component must keep it secret by itself
const hostRole = (): ClusterMonitoringArgs["role"] => ({ kind: "host", thanosQueryUrl: QUERY, alertWebhookUrl: WEBHOOK });

describe("ClusterMonitoring", () => {
    test("host: namespace, webhook and Grafana Secrets, generated password, release, Alertmanager load balancer", async () => {
        const { rec } = await declare(hostRole(), "ops");
        expect(rec.resources.filter((r) => r.parent?.endsWith("::ops-monitoring")).map((r) => `${r.type} ${r.name}`).sort()).toEqual([
            "kubernetes:core/v1:Namespace ops-monitoring-ns",
            "kubernetes:core/v1:Secret ops-monitoring-grafana-admin",
            "kubernetes:core/v1:Secret ops-monitoring-webhook",
            "kubernetes:core/v1:Service ops-monitoring-alertmanager-lb",
            "kubernetes:helm.sh/v3:Release ops-monitoring-release",
            "random:index/randomPassword:RandomPassword ops-monitoring-grafana-password",
        ]);
        const release = rec.byName("ops-monitoring-release");
        expect(release.inputs).toEqual({
            name: "kube-prometheus-stack",
            chart: "kube-prometheus-stack",
            version: chartVersion("kube-prometheus-stack"),
            repositoryOpts: { repo: "https://prometheus-community.github.io/helm-charts" },
            namespace: "monitoring",
            values: kubePrometheusValues(HOST),
            maxHistory: 10,
            timeout: 600,
            compat: "true",
        });
        expect(release.provider).toBe("urn:pulumi:test::platform::pulumi:providers:kubernetes::ops-k8s");
        const parent = "urn:pulumi:test::platform::platform:monitoring:ClusterMonitoring$kubernetes:core/v1:Secret";
        expect(release.dependencies).toEqual(expect.arrayContaining([`${parent}::ops-monitoring-webhook`, `${parent}::ops-monitoring-grafana-admin`]));
    });

    test("host: the webhook URL and the Grafana password are secret inputs only; the release values are not secret", async () => {
        const { rec, monitoring } = await declare(hostRole(), "ops");
        expect(rec.resources.filter((r) => r.secretInputs.length > 0).map((r) => [r.name, r.secretInputs])).toEqual([
            ["ops-monitoring-webhook", ["stringData"]],
            ["ops-monitoring-grafana-admin", ["stringData"]],
        ]);
        expect(rec.byName("ops-monitoring-webhook").inputs).toEqual({
            apiVersion: "v1",
            kind: "Secret",
            metadata: { name: "alertmanager-webhook", namespace: "monitoring" },
            type: "Opaque",
            stringData: "[secret]",
        });
        const password = await value(monitoring.grafanaAdminPassword!);
        expect(password).toHaveLength(32);
        expect(await pulumi.isSecret(monitoring.grafanaAdminPassword!)).toBe(true);
        const text = JSON.stringify(rec.resources);
        expect(text).not.toContain("FAKE-WEBHOOK-TOKEN");
        expect(text).not.toContain(password);
    });

    test("host: the Alertmanager is reached through an intranet load balancer; its address is an output", async () => {
        const { rec, monitoring } = await declare(hostRole(), "ops");
        const lb = rec.byName("ops-monitoring-alertmanager-lb");
        expect(lb.inputs).toEqual({
            apiVersion: "v1",
            kind: "Service",
            metadata: { name: ALERTMANAGER_LB_SERVICE, namespace: "monitoring", annotations: { "service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type": "intranet" } },
            spec: {
                type: "LoadBalancer",
                selector: { "app.kubernetes.io/name": "alertmanager", alertmanager: "kps-alertmanager" },
                ports: [{ name: "tcp", port: 9093, targetPort: 9093, protocol: "TCP" }],
            },
        });
        for (const name of ["ops-monitoring-alertmanager-lb", "ops-monitoring-ns"]) expect(validateKubernetesObject(rec.byName(name).inputs)).toEqual([]);
        expect(rec.byName("ops-monitoring-ns").inputs.metadata).toEqual({
            name: "monitoring",
            labels: { "kubesphere.io/workspace": "system-workspace", "pod-security.kubernetes.io/enforce": "privileged", "pod-security.kubernetes.io/warn": "privileged" },
        });
        expect(await value(monitoring.alertmanagerAddress!)).toMatch(/^192\.0\.2\.\d+:9093$/);
    });

    test("member: only the namespace and the release, with the member values and nothing secret", async () => {
        const { rec, monitoring } = await declare({ kind: "member", alertmanagerAddress: "192.0.2.20:9093" }, "prod");
        expect(rec.resources.filter((r) => r.parent?.endsWith("::prod-monitoring")).map((r) => `${r.type} ${r.name}`).sort()).toEqual([
            "kubernetes:core/v1:Namespace prod-monitoring-ns",
            "kubernetes:helm.sh/v3:Release prod-monitoring-release",
        ]);
        expect(rec.byName("prod-monitoring-release").inputs.values).toEqual(kubePrometheusValues(MEMBER));
        expect(rec.resources.flatMap((r) => r.secretInputs)).toEqual([]);
        expect(monitoring.alertmanagerAddress).toBeUndefined();
        expect(monitoring.grafanaAdminPassword).toBeUndefined();
    });

    test("member: the receive URL and Alertmanager address may come from another stack's outputs", async () => {
        const rec = await record(() => {
            const provider = new k8s.Provider("nonprod-k8s", { kubeconfig: "fake" });
            new ClusterMonitoring("nonprod-monitoring", {
                provider,
                clusterName: "nonprod",
                remoteWriteUrl: pulumi.output(RECEIVE),
                role: { kind: "member", alertmanagerAddress: pulumi.output("192.0.2.20:9093") },
            });
        });
        expect(rec.byName("nonprod-monitoring-release").inputs.values).toEqual(kubePrometheusValues({ ...MEMBER, clusterName: "nonprod" }));
    });

    test("a cluster name that is not a DNS label fails before anything is declared", async () => {
        await expect(declare({ kind: "member", alertmanagerAddress: "x:9093" }, "Prod Cluster")).rejects.toThrow(/clusterName: expected a DNS label/);
    });
});
