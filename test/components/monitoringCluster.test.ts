// Each cluster's Prometheus stack (whizard-monitoring's agent, configured by its InstallPlan), Grafana in ops,
// and the components that declare them.
import * as fs from "fs";
import * as path from "path";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as YAML from "yaml";
import { WHIZARD_MONITORING, WHIZARD_TELEMETRY, extensionReleases } from "../../components/federation/extensions";
import { PLATFORM_RESOURCES } from "../../components/kubernetes/resources";
import { Grafana, MonitoringAgent, PlatformMonitoring } from "../../components/monitoring/clusterMonitoring";
import { KPS_OFF, KPS_VALUES_FREE_FORM, KUBE_PROMETHEUS_STACK_CHART, grafanaValues } from "../../components/monitoring/kubePrometheusValues";
import {
    CLUSTER_LABEL_TEMPLATE,
    WHIZARD_ALERTMANAGER,
    whizardMonitoringConfig,
    whizardMonitoringHostOverride,
    whizardMonitoringImages,
    whizardMonitoringSelfManagedOverride,
    whizardTelemetryConfig,
} from "../../components/monitoring/whizardValues";
import { imageMirror } from "../../components/registry/mirror";
import { loadRegistryConfig } from "../../config/registry";
import { chartVersion, validateChartValues } from "../../engine/reference/chartValues";
import { customResourceVersions, validateCustomResourceWith } from "../../engine/reference/crd";
import { validateKubernetesObject } from "../../engine/reference/kubeModels";
import { referenceFile } from "../../engine/reference/paths";
import { record } from "../support/mocks";
import { splitResources } from "../support/resources";

const RECEIVE = "http://thanos-receive.ops.kube-platform.internal:19291/api/v1/receive";
const ALERTMANAGER = "alertmanager.ops.kube-platform.internal";
const QUERY = "http://thanos-query.thanos.svc.cluster.local:9090";
/** The fake notification webhook; its token must never appear in plain text. */
const WEBHOOK = "https://notify.example.com/hooks/FAKE-WEBHOOK-TOKEN";
const MIRROR = imageMirror("harbor.ops.kube-platform.internal", loadRegistryConfig());
const value = <T>(o: pulumi.Output<T>) => new Promise<T>((resolve) => o.apply(resolve));
const R = PLATFORM_RESOURCES.kubePrometheusStack;

describe("whizard-monitoring's config: every cluster's Prometheus", () => {
    const config = whizardMonitoringConfig({ remoteWriteUrl: RECEIVE, alertmanagerTarget: `${ALERTMANAGER}:9093`, storageClass: "disk-essd" });

    test("labels its series with the cluster's name (templated), remote-writes to Thanos Receive, keeps 7 days on a disk, alerts to ops", () => {
        const { rest, resources } = splitResources(config);
        expect(rest).toEqual({
            "whizard-monitoring-helper": { hook: {} },
            "kube-prometheus-stack": {
                // ACK runs these out of the cluster's reach: no scrape, no target down forever
                kubeControllerManager: { enabled: false },
                kubeScheduler: { enabled: false },
                kubeEtcd: { enabled: false },
                kubeProxy: { enabled: false },
                prometheus: {
                    prometheusSpec: {
                        externalLabels: { cluster: "{{ .Values.global.clusterInfo.name }}" },
                        remoteWrite: [{ url: RECEIVE }],
                        retention: "7d",
                        storageSpec: { volumeClaimTemplate: { spec: { storageClassName: "disk-essd", accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "50Gi" } } } } },
                        additionalAlertManagerConfigs: [{ scheme: "http", api_version: "v2", static_configs: [{ targets: [`${ALERTMANAGER}:9093`] }] }],
                    },
                },
                prometheusOperator: { prometheusConfigReloader: {}, admissionWebhooks: { patch: {} } },
                "kube-state-metrics": { kubeRBACProxy: {} },
                "prometheus-node-exporter": { kubeRBACProxy: {} },
            },
        });
        // every container the agent runs, sized from the one table
        expect(resources).toEqual({
            "whizard-monitoring-helper.hook.resources": R.hook,
            "kube-prometheus-stack.prometheus.prometheusSpec.resources": R.prometheus,
            "kube-prometheus-stack.prometheusOperator.resources": R.operator,
            "kube-prometheus-stack.prometheusOperator.prometheusConfigReloader.resources": R.configReloader,
            "kube-prometheus-stack.prometheusOperator.admissionWebhooks.patch.resources": R.admissionJobs,
            "kube-prometheus-stack.kube-state-metrics.resources": R.kubeStateMetrics,
            "kube-prometheus-stack.kube-state-metrics.kubeRBACProxy.resources": R.rbacProxy,
            "kube-prometheus-stack.prometheus-node-exporter.resources": R.nodeExporter,
            "kube-prometheus-stack.prometheus-node-exporter.kubeRBACProxy.resources": R.rbacProxy,
        });
        expect(CLUSTER_LABEL_TEMPLATE).toBe("{{ .Values.global.clusterInfo.name }}");
    });

    test("as the controller installs it: the cluster label template and the host's Alertmanager only in ops' agent", () => {
        const releases = extensionReleases(WHIZARD_MONITORING, config, { clusters: ["ops", "prod"], overrides: { ops: whizardMonitoringHostOverride({ storageClass: "disk-essd" }) } }, "ops");
        const kps = (v: Record<string, unknown>) => v["kube-prometheus-stack"] as Record<string, { enabled?: boolean; alertmanagerSpec?: { secrets?: string[] } }>;
        expect(releases.map((r) => [r.cluster, r.releaseName, kps(r.values).alertmanager?.enabled ?? false])).toEqual([
            ["ops", "whizard-monitoring", false],
            ["ops", "whizard-monitoring-agent", true],
            ["prod", "whizard-monitoring-agent", false],
        ]);
        expect(kps(releases[1].values).alertmanager.alertmanagerSpec?.secrets).toEqual(["alertmanager-webhook"]);
    });

    test("a self-managed control plane is scraped (its components run on the cluster's own nodes)", () => {
        const values = whizardMonitoringConfig({ remoteWriteUrl: RECEIVE, alertmanagerTarget: "a:9093", storageClass: "disk-essd", controlPlane: "selfManaged" });
        const kps = values["kube-prometheus-stack"] as Record<string, { enabled?: boolean }>;
        expect(["kubeControllerManager", "kubeScheduler", "kubeEtcd", "kubeProxy"].map((k) => kps[k].enabled)).toEqual([true, true, true, true]);
    });

    test("every image through its own upstream's proxy cache (the chart's global.imageRegistry would give quay.io's images Docker Hub paths)", () => {
        const text = JSON.stringify(whizardMonitoringImages(MIRROR));
        const registries = [...new Set(text.match(/"registry":"[^"]+"/g)!.map((r) => r.slice(12, -1)))].sort();
        expect(registries).toEqual([MIRROR["docker.io"], MIRROR["quay.io"]].sort());
        expect(JSON.stringify(whizardMonitoringConfig({ remoteWriteUrl: RECEIVE, alertmanagerTarget: "a:9093", storageClass: "s" }))).not.toContain("registry");
    });

    test("whizard-telemetry: the console reads every cluster's Prometheus through KubeSphere; logging and events off, their admin/admin servers removed", () => {
        expect(whizardTelemetryConfig(MIRROR)).toEqual({
            "whizard-telemetry": {
                config: { logging: { enable: false, servers: null }, events: { enable: false, servers: null } },
                apiserver: { resources: { requests: { cpu: "50m", memory: "128Mi" }, limits: { cpu: "1", memory: "1Gi" } }, image: { registry: "harbor.ops.kube-platform.internal/dockerhub" } },
            },
        });
    });
});

describe("Grafana's kube-prometheus-stack release", () => {
    const values = grafanaValues({ thanosQueryUrl: QUERY });

    test("runs Grafana on Thanos Query only: no operator, Prometheus, Alertmanager, exporter, rule or CRD of its own", () => {
        for (const part of KPS_OFF) expect([part, values[part]]).toEqual([part, { enabled: false }]);
        expect(KPS_OFF).toEqual(expect.arrayContaining(["crds", "prometheusOperator", "prometheus", "alertmanager", "kubeStateMetrics", "nodeExporter"]));
        expect(values.defaultRules).toEqual({ create: false });
        const grafana = values.grafana as Record<string, unknown>;
        expect(grafana).toMatchObject({
            enabled: true,
            serviceMonitor: { enabled: false },
            admin: { existingSecret: "grafana-admin", userKey: "admin-user", passwordKey: "admin-password" },
            sidecar: { datasources: { defaultDatasourceEnabled: false }, dashboards: { multicluster: { global: { enabled: true } } } },
            additionalDataSources: [{ name: "Thanos", uid: "thanos", type: "prometheus", access: "proxy", url: QUERY, isDefault: true, editable: false, jsonData: { prometheusType: "Thanos" } }],
        });
        expect(validateChartValues("kube-prometheus-stack", values, { freeForm: KPS_VALUES_FREE_FORM })).toEqual([]);
        expect(validateChartValues("kube-prometheus-stack", grafanaValues({ thanosQueryUrl: QUERY, mirror: MIRROR }), { freeForm: KPS_VALUES_FREE_FORM })).toEqual([]);
    });

    test("each free-form path is needed (the grafana subchart's keys) and nothing else is", () => {
        const all = [...validateChartValues("kube-prometheus-stack", grafanaValues({ thanosQueryUrl: QUERY, mirror: MIRROR }))].map((p) => p.path).sort();
        expect(all.every((p) => KPS_VALUES_FREE_FORM.some((f) => p === f || p.startsWith(`${f}.`)))).toBe(true);
        for (const f of KPS_VALUES_FREE_FORM) expect([f, all.some((p) => p === f || p.startsWith(`${f}.`))]).toEqual([f, true]);
    });

    test("the chart version is the reference's", () => {
        expect(KUBE_PROMETHEUS_STACK_CHART.version).toBe(chartVersion("kube-prometheus-stack"));
    });
});

describe("MonitoringAgent", () => {
    test("every cluster: the agent's namespace, privileged for node-exporter, made before KubeSphere installs there", async () => {
        const rec = await record(() => new MonitoringAgent("prod", { provider: new k8s.Provider("prod-k8s", { kubeconfig: "fake" }) }));
        const ns = rec.byName("prod-agent-ns");
        expect(ns.inputs.metadata).toEqual({
            name: "kubesphere-monitoring-system",
            labels: { "kubesphere.io/workspace": "system-workspace", "pod-security.kubernetes.io/enforce": "privileged", "pod-security.kubernetes.io/warn": "privileged" },
        });
        expect(validateKubernetesObject(ns.inputs)).toEqual([]);
        expect(rec.resources.filter((r) => r.type === "kubernetes:core/v1:Secret")).toEqual([]);
    });

    test("the host: the webhook URL in a Secret beside the Alertmanager, a secret input only", async () => {
        // the webhook URL is passed in plain on purpose: the component must keep it secret by itself
        const rec = await record(() => new MonitoringAgent("ops", { provider: new k8s.Provider("ops-k8s", { kubeconfig: "fake" }), alertWebhookUrl: WEBHOOK }));
        expect(rec.byName("ops-webhook").inputs).toEqual({
            apiVersion: "v1",
            kind: "Secret",
            metadata: { name: "alertmanager-webhook", namespace: "kubesphere-monitoring-system" },
            type: "Opaque",
            stringData: "[secret]",
        });
        expect(rec.resources.filter((r) => r.secretInputs.length > 0).map((r) => [r.name, r.secretInputs])).toEqual([["ops-webhook", ["stringData"]]]);
        expect(JSON.stringify(rec.resources)).not.toContain("FAKE-WEBHOOK-TOKEN");
    });
});

describe("PlatformMonitoring", () => {
    const declare = () =>
        record(() => {
            const provider = new k8s.Provider("ops-k8s", { kubeconfig: "fake" });
            return new PlatformMonitoring("ops", {
                provider,
                hostCluster: "ops",
                clusters: ["ops", "prod", "nonprod"],
                waitForClusters: ["ops", "prod"],
                remoteWriteUrl: RECEIVE,
                alertmanagerHost: ALERTMANAGER,
                images: { mirror: MIRROR, ready: [] },
            });
        });
    const CRDS = customResourceVersions();

    test("declares per extension its chart's ConfigMap, the Extension, the ExtensionVersion and the InstallPlan, and the Alertmanager's load balancer", async () => {
        const rec = await declare();
        expect(rec.resources.filter((r) => r.type.startsWith("kubernetes:")).map((r) => `${r.type} ${r.name}`).sort()).toEqual([
            "kubernetes:core/v1:ConfigMap ops-telemetry-chart",
            "kubernetes:core/v1:ConfigMap ops-whizard-chart",
            "kubernetes:core/v1:Service ops-alertmanager-lb",
            "kubernetes:kubesphere.io/v1alpha1:Extension ops-telemetry-extension",
            "kubernetes:kubesphere.io/v1alpha1:Extension ops-whizard-extension",
            "kubernetes:kubesphere.io/v1alpha1:ExtensionVersion ops-telemetry-version",
            "kubernetes:kubesphere.io/v1alpha1:ExtensionVersion ops-whizard-version",
            "kubernetes:kubesphere.io/v1alpha1:InstallPlan ops-telemetry-plan",
            "kubernetes:kubesphere.io/v1alpha1:InstallPlan ops-whizard-plan",
        ]);
        for (const r of rec.resources.filter((x) => x.type.startsWith("kubernetes:kubesphere.io"))) expect([r.name, validateCustomResourceWith(r.inputs, CRDS, "reference")]).toEqual([r.name, []]);
    });

    // the names, versions and namespaces of extensions.test.ts (each extension.yaml's own)
    test.each([
        ["ops-whizard", { name: "whizard-monitoring", version: "1.1.1", namespace: "kubesphere-monitoring-system" }],
        ["ops-telemetry", { name: "whizard-telemetry", version: "1.2.2", namespace: "extension-whizard-telemetry" }],
    ])("%s: the chart is the vendored archive, byte for byte the reference's, in binaryData; the version points at it; the plan at the version", async (name, ext) => {
        const rec = await declare();
        const chart = rec.byName(`${name}-chart`);
        const bytes = Buffer.from((chart.inputs.binaryData as Record<string, string>)["chart.tgz"], "base64");
        expect(bytes.equals(fs.readFileSync(referenceFile("charts", `${ext.name}-${ext.version}.tgz`)))).toBe(true);
        expect(chart.inputs.metadata).toMatchObject({ name: `${ext.name}-${ext.version}-chart`, namespace: "kubesphere-system" });
        const version = rec.byName(`${name}-version`);
        expect(version.inputs.metadata).toMatchObject({ name: `${ext.name}-${ext.version}`, labels: { "kubesphere.io/extension-ref": ext.name } });
        expect(version.inputs.spec).toMatchObject({ version: ext.version, namespace: ext.namespace, chartDataRef: { namespace: "kubesphere-system", name: `${ext.name}-${ext.version}-chart`, key: "chart.tgz" } });
        expect(version.inputs.spec).not.toHaveProperty("chartURL");
        expect(version.dependencies).toEqual(expect.arrayContaining([chart.urn, rec.byName(`${name}-extension`).urn]));
        const plan = rec.byName(`${name}-plan`);
        expect(plan.inputs.metadata).toMatchObject({ name: ext.name });
        expect(plan.inputs.spec).toMatchObject({ extension: { name: ext.name, version: ext.version }, enabled: true });
        expect(plan.dependencies).toContain(version.urn);
    });

    test("whizard-monitoring on every cluster by name, the one Alertmanager in ops' override; up waits for the host and the clusters this stack registers", async () => {
        const rec = await declare();
        const plan = rec.byName("ops-whizard-plan");
        const spec = plan.inputs.spec as { config: string; clusterScheduling: { placement: { clusters: string[] }; overrides: Record<string, string> } };
        // the config's key fields (the whole of it, without the mirror: the first describe's test)
        const config = YAML.parse(spec.config);
        expect(Object.keys(config).sort()).toEqual(["dcgm-exporter", "kube-prometheus-stack", "whizard-monitoring-helper"]);
        const kps = config["kube-prometheus-stack"];
        expect(kps.prometheus.prometheusSpec).toMatchObject({
            externalLabels: { cluster: "{{ .Values.global.clusterInfo.name }}" },
            remoteWrite: [{ url: "http://thanos-receive.ops.kube-platform.internal:19291/api/v1/receive" }],
            retention: "7d",
            storageSpec: { volumeClaimTemplate: { spec: { storageClassName: "disk-essd", accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "50Gi" } } } } },
            additionalAlertManagerConfigs: [{ scheme: "http", api_version: "v2", static_configs: [{ targets: ["alertmanager.ops.kube-platform.internal:9093"] }] }],
            image: { registry: "harbor.ops.kube-platform.internal/quay" },
        });
        for (const off of ["kubeControllerManager", "kubeScheduler", "kubeEtcd", "kubeProxy"]) expect([off, kps[off]]).toEqual([off, { enabled: false }]);
        expect(config["whizard-monitoring-helper"].hook.image).toEqual({ registry: "harbor.ops.kube-platform.internal/dockerhub" });
        expect(kps.alertmanager).toEqual({ alertmanagerSpec: { image: { registry: "harbor.ops.kube-platform.internal/quay" } } });
        expect(spec.clusterScheduling.placement).toEqual({ clusters: ["ops", "prod", "nonprod"] });
        expect(Object.keys(spec.clusterScheduling.overrides)).toEqual(["ops"]);
        // the one Alertmanager: every alert but the Watchdog's to the webhook whose URL is in the mounted Secret
        expect(YAML.parse(spec.clusterScheduling.overrides.ops)).toEqual({
            "kube-prometheus-stack": {
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
                        resources: { requests: { cpu: "100m", memory: "256Mi" }, limits: { cpu: "500m", memory: "1Gi" } },
                        secrets: ["alertmanager-webhook"],
                        storage: { volumeClaimTemplate: { spec: { storageClassName: "disk-essd", accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "5Gi" } } } } },
                    },
                },
            },
        });
        expect((plan.inputs.metadata as { annotations: Record<string, string> }).annotations).toEqual({
            "pulumi.com/waitFor": JSON.stringify([
                "jsonpath={.status.state}=Installed",
                "jsonpath={.status.clusterSchedulingStatuses.ops.state}=Installed",
                "jsonpath={.status.clusterSchedulingStatuses.prod.state}=Installed",
            ]),
            "pulumi.com/timeoutSeconds": "1800",
        });
        // the executor's hook image through Harbor (KubeSphere would prefix it with an empty extension.imageRegistry)
        expect((rec.byName("ops-whizard-version").inputs.metadata as { annotations: Record<string, string> }).annotations).toEqual({
            "executor-hook-image.kubesphere.io/install": `${MIRROR["docker.io"]}/kubesphere/whizard-monitoring-helm-init:v0.1.0`,
            "executor-hook-image.kubesphere.io/upgrade": `${MIRROR["docker.io"]}/kubesphere/whizard-monitoring-helm-init:v0.1.0`,
        });
        // whizard-telemetry is HostOnly: no placement
        expect(rec.byName("ops-telemetry-plan").inputs.spec).not.toHaveProperty("clusterScheduling");
        expect(YAML.parse((rec.byName("ops-telemetry-plan").inputs.spec as { config: string }).config)).toEqual({
            "whizard-telemetry": {
                config: { logging: { enable: false, servers: null }, events: { enable: false, servers: null } },
                apiserver: { resources: { requests: { cpu: "50m", memory: "128Mi" }, limits: { cpu: "1", memory: "1Gi" } }, image: { registry: "harbor.ops.kube-platform.internal/dockerhub" } },
            },
        });
    });

    test("the Alertmanager is reached through an intranet load balancer selecting the agent's Alertmanager pods; its address is an output", async () => {
        let monitoring: PlatformMonitoring | undefined;
        const rec = await record(() => {
            monitoring = new PlatformMonitoring("ops", {
                provider: new k8s.Provider("ops-k8s", { kubeconfig: "fake" }),
                hostCluster: "ops",
                clusters: ["ops"],
                waitForClusters: ["ops"],
                remoteWriteUrl: RECEIVE,
                alertmanagerHost: ALERTMANAGER,
            });
        });
        const lb = rec.byName("ops-alertmanager-lb");
        expect(lb.inputs).toEqual({
            apiVersion: "v1",
            kind: "Service",
            metadata: { name: "alertmanager-lb", namespace: "kubesphere-monitoring-system", annotations: { "service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type": "intranet" } },
            spec: {
                type: "LoadBalancer",
                selector: { "app.kubernetes.io/name": "alertmanager", alertmanager: "whizard-monitoring-agent-k-alertmanager" },
                ports: [{ name: "tcp", port: 9093, targetPort: 9093, protocol: "TCP" }],
            },
        });
        expect(WHIZARD_ALERTMANAGER).toBe("whizard-monitoring-agent-k-alertmanager");
        expect(lb.dependencies).toContain(rec.byName("ops-whizard-plan").urn);
        expect(await value(monitoring!.alertmanagerIp)).toMatch(/^192\.0\.2\.\d+$/);
    });

    test("the host must be among the clusters", async () => {
        await expect(
            record(() => new PlatformMonitoring("ops", { provider: new k8s.Provider("k", { kubeconfig: "x" }), hostCluster: "ops", clusters: ["prod"], waitForClusters: [], remoteWriteUrl: RECEIVE, alertmanagerHost: ALERTMANAGER })),
        ).rejects.toThrow("clusters must include the host ops");
    });
});

describe("Grafana", () => {
    test("the release, its admin Secret and generated password, under the names the whole stack's ClusterMonitoring gave them (aliased)", async () => {
        let grafana: Grafana | undefined;
        const rec = await record(() => {
            grafana = new Grafana("ops", { provider: new k8s.Provider("ops-k8s", { kubeconfig: "fake" }), thanosQueryUrl: QUERY });
        });
        expect(rec.resources.filter((r) => r.parent?.endsWith("::ops") && r.parent.includes("Grafana")).map((r) => `${r.type} ${r.name}`).sort()).toEqual([
            "kubernetes:core/v1:Namespace ops-ns",
            "kubernetes:core/v1:Secret ops-grafana-admin",
            "kubernetes:helm.sh/v3:Release ops-release",
            "random:index/randomPassword:RandomPassword ops-grafana-password",
        ]);
        expect(rec.byName("ops").aliases).toEqual(["urn:pulumi:test::platform::platform:monitoring:ClusterMonitoring::ops"]);
        const release = rec.byName("ops-release");
        expect(release.inputs).toMatchObject({ name: "kube-prometheus-stack", chart: "kube-prometheus-stack", namespace: "monitoring" });
        // the values' key fields (the whole of them: "Grafana's kube-prometheus-stack release" above)
        const values = release.inputs.values as Record<string, unknown>;
        for (const off of ["crds", "prometheusOperator", "prometheus", "alertmanager", "kubeStateMetrics", "nodeExporter"]) expect([off, values[off]]).toEqual([off, { enabled: false }]);
        expect(values.grafana).toMatchObject({
            enabled: true,
            admin: { existingSecret: "grafana-admin", userKey: "admin-user", passwordKey: "admin-password" },
            additionalDataSources: [{ name: "Thanos", uid: "thanos", type: "prometheus", access: "proxy", url: QUERY, isDefault: true, editable: false, jsonData: { prometheusType: "Thanos" } }],
        });
        const password = await value(grafana!.adminPassword);
        expect(password).toHaveLength(32);
        expect(await pulumi.isSecret(grafana!.adminPassword)).toBe(true);
        expect(JSON.stringify(rec.resources)).not.toContain(password);
    });
});

test("the vendored extension charts are the reference's, byte for byte", () => {
    for (const ext of [WHIZARD_MONITORING, WHIZARD_TELEMETRY]) {
        const vendored = fs.readFileSync(path.join(__dirname, "..", "..", "components", "federation", "charts", ext.archive));
        expect([ext.archive, vendored.equals(fs.readFileSync(referenceFile("charts", ext.archive)))]).toEqual([ext.archive, true]);
    }
});

describe("a self-managed member's monitoring: its override of whizard-monitoring's config", () => {
    test("as the agent renders it: the control plane scraped, Prometheus on an emptyDir (no block storage there), still remote-writing with its label", async () => {
        const { helmTemplate } = await import("../../engine/render/render");
        const { readManifests } = await import("../../engine/manifests");
        const config = whizardMonitoringConfig({ remoteWriteUrl: RECEIVE, alertmanagerTarget: `${ALERTMANAGER}:9093`, storageClass: "disk-essd" });
        const placement = { clusters: ["ops", "nonprod"], overrides: { nonprod: whizardMonitoringSelfManagedOverride({ blockStorage: false }) } };
        const render = (cluster: string) => {
            const rel = extensionReleases(WHIZARD_MONITORING, config, placement, "ops").find((r) => r.role === "agent" && r.cluster === cluster)!;
            const spec = { chart: WHIZARD_MONITORING.name, version: WHIZARD_MONITORING.version, releaseName: rel.releaseName, namespace: rel.namespace, timeoutSeconds: 600 };
            const manifest = helmTemplate({ id: `${cluster}/x`, resource: "t", installedBy: "installplan-controller", cluster, spec, archive: WHIZARD_MONITORING.archive, releaseName: rel.releaseName, namespace: rel.namespace, values: rel.values, placeholders: [] }, ["monitoring.coreos.com/v1"]);
            return readManifests(manifest, cluster, { namespace: rel.namespace }).objects.map((o) => o.object as Record<string, any>); // eslint-disable-line @typescript-eslint/no-explicit-any
        };
        const [acked, selfManaged] = [render("ops"), render("nonprod")];
        const prometheus = (objects: Record<string, any>[]) => objects.find((o) => o.kind === "Prometheus")!.spec; // eslint-disable-line @typescript-eslint/no-explicit-any
        expect(prometheus(acked).storage.volumeClaimTemplate.spec.storageClassName).toBe("disk-essd");
        expect(prometheus(selfManaged).storage).toEqual({ emptyDir: { sizeLimit: "50Gi" }, volumeClaimTemplate: null });
        expect(prometheus(selfManaged)).toMatchObject({ externalLabels: { cluster: "nonprod" }, remoteWrite: [{ url: RECEIVE }] });
        const scraped = (objects: Record<string, any>[]) => objects.filter((o) => o.kind === "ServiceMonitor" && /kube-(controller-manager|scheduler|etcd|proxy)/.test(o.metadata.name)).length; // eslint-disable-line @typescript-eslint/no-explicit-any
        expect([scraped(acked), scraped(selfManaged)]).toEqual([0, 4]);
    });
});
