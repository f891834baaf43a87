import { PLATFORM_RESOURCES } from "../kubernetes/resources";
import { PLATFORM_CHARTS } from "../kubernetes/charts";
import { ImageMirror, mergeValues } from "../registry/mirror";
/**
 * kube-prometheus-stack as every cluster runs it. Every cluster's Prometheus labels its series with the
 * cluster's name and remote-writes them to Thanos Receive in ops. The host (ops) runs the one Alertmanager
 * and Grafana on Thanos Query; members run neither and send their alerts to the host's Alertmanager. Pure.
 */

/** The chart, pinned. */
export const KUBE_PROMETHEUS_STACK_CHART = PLATFORM_CHARTS.kubePrometheusStack;

/** `fullnameOverride`: the Prometheus and Alertmanager objects are `kps-prometheus` and `kps-alertmanager`. */
export const KPS_FULLNAME = "kps";
/** Alertmanager's port, on its pods and on the intranet load balancer members reach it through. */
export const ALERTMANAGER_PORT = 9093;
/** Pod labels the operator gives the Alertmanager's pods. */
export const ALERTMANAGER_POD_LABELS = { "app.kubernetes.io/name": "alertmanager", alertmanager: `${KPS_FULLNAME}-alertmanager` } as const;

/** The Secret holding the notification webhook's URL (it carries a token), mounted into the Alertmanager. */
export const WEBHOOK_SECRET = { name: "alertmanager-webhook", key: "url" } as const;
/** Where the operator mounts {@link WEBHOOK_SECRET}: Alertmanager reads the URL from the file, never from its config. */
export const WEBHOOK_URL_FILE = `/etc/alertmanager/secrets/${WEBHOOK_SECRET.name}/${WEBHOOK_SECRET.key}`;
/** The Secret with Grafana's admin credentials. */
export const GRAFANA_ADMIN_SECRET = { name: "grafana-admin", userKey: "admin-user", passwordKey: "admin-password" } as const;

/** Volume sizes (on the disk class). */
export const MONITORING_VOLUMES = { prometheus: "50Gi", alertmanager: "5Gi" } as const;
/** How long each cluster's Prometheus keeps data locally; Thanos keeps it for the long run. */
export const LOCAL_RETENTION = "7d";

/**
 * Keys of `alertmanager.config` the key check cannot know: the chart documents the map as the Alertmanager
 * configuration file ("Alertmanager configuration directives, ref: prometheus.io/docs/alerting/configuration"),
 * and its default lists only a `null` receiver, so `webhook_configs` (and anything a receiver takes) is
 * Alertmanager's own schema, not the chart's.
 */
export const KPS_VALUES_FREE_FORM = [
    "alertmanager.config.receivers[*]",
    // keys of the subcharts (kube-state-metrics 8.4.0, prometheus-node-exporter 4.56.1, grafana 12.11.1), whose
    // values.yaml the reference data does not hold; npm run render shows each read (every container sized)
    "kube-state-metrics.resources",
    "prometheus-node-exporter.resources",
    "grafana.resources",
    "grafana.testFramework",
    "grafana.sidecar.resources",
    // the subcharts' image paths (kubePrometheusImages): their values.yaml are not in the reference data; the
    // rendered-chart test shows every image of the release coming from its mirror
    "kube-state-metrics.image",
    "kube-state-metrics.kubeRBACProxy",
    "prometheus-node-exporter.image",
    "prometheus-node-exporter.kubeRBACProxy",
    "prometheus-node-exporter.permissionInitContainer",
    "grafana.image",
    "grafana.sidecar.image",
    "grafana.initChownData",
    "grafana.downloadDashboardsImage",
    "grafana.imageRenderer",
    "prometheus-windows-exporter.image",
] as const;

/** What both roles need. */
interface CommonInput {
    /** The cluster's name: the `cluster` label on every series and alert. */
    readonly clusterName: string;
    /** Thanos Receive's remote-write URL. */
    readonly remoteWriteUrl: string;
    readonly storageClass: string;
    /**
     * `managed` (ACK: the provider runs kube-controller-manager, kube-scheduler, etcd and kube-proxy out of the
     * cluster's reach, so their scrapes, rules and dashboards would only show targets down and alerts firing
     * forever) or `selfManaged` (KubeKey: they run on the control-plane nodes, and are scraped). Defaults to managed.
     */
    readonly controlPlane?: "managed" | "selfManaged";
    /** Where images come through Harbor. Defaults to the upstream registries (the chart's own). */
    readonly mirror?: ImageMirror;
}

/**
 * The registry of every image the chart and its subcharts can render, through Harbor's proxy caches: per
 * image, since the images come from four registries (`global.imageRegistry` would give one to all). Paths
 * checked by rendering the pinned chart with every optional image on (the rendered-chart test checks the
 * ones the platform's values render).
 */
export function kubePrometheusImages(m: ImageMirror): Record<string, unknown> {
    const quay = { registry: m["quay.io"] };
    return {
        prometheusOperator: {
            image: quay,
            prometheusConfigReloader: { image: quay },
            thanosImage: quay,
            admissionWebhooks: { deployment: { image: quay }, patch: { image: { registry: m["ghcr.io"] } } },
        },
        prometheus: { prometheusSpec: { image: quay } },
        alertmanager: { alertmanagerSpec: { image: quay } },
        thanosRuler: { thanosRulerSpec: { image: quay } },
        crds: { upgradeJob: { image: { busybox: { registry: m["docker.io"], repository: "library/busybox" }, kubectl: { registry: m["registry.k8s.io"] } } } },
        grafana: {
            image: { registry: m["docker.io"] },
            sidecar: { image: quay },
            initChownData: { image: { registry: m["docker.io"] } },
            downloadDashboardsImage: { registry: m["docker.io"] },
            imageRenderer: { image: { registry: m["docker.io"] } },
        },
        "kube-state-metrics": { image: { registry: m["registry.k8s.io"] }, kubeRBACProxy: { image: quay } },
        "prometheus-node-exporter": { image: quay, kubeRBACProxy: { image: quay }, permissionInitContainer: { image: quay } },
        "prometheus-windows-exporter": { image: { registry: m["ghcr.io"] } },
    };
}

/** The chart's control-plane exporters, each with its Services, ServiceMonitors, rule groups and dashboards. */
export const CONTROL_PLANE_EXPORTERS = ["kubeControllerManager", "kubeScheduler", "kubeEtcd", "kubeProxy"] as const;

/** Values every cluster's release shares: sizes, control-plane scrapes, no test hook. */
function commonValues(i: CommonInput): Record<string, unknown> {
    const R = PLATFORM_RESOURCES.kubePrometheusStack;
    const scraped = (i.controlPlane ?? "managed") === "selfManaged";
    return {
        ...Object.fromEntries(CONTROL_PLANE_EXPORTERS.map((e) => [e, { enabled: scraped }])),
        prometheusOperator: {
            resources: R.operator,
            // the operator adds these to every Prometheus and Alertmanager pod (config-reloader, init-config-reloader)
            prometheusConfigReloader: { resources: R.configReloader },
            admissionWebhooks: { patch: { resources: R.admissionJobs } },
        },
        "kube-state-metrics": { resources: R.kubeStateMetrics },
        "prometheus-node-exporter": { resources: R.nodeExporter },
    };
}

/** The host (ops): the Alertmanager (routing to the webhook) and Grafana on Thanos Query. */
export interface HostMonitoringInput extends CommonInput {
    readonly role: "host";
    /** Thanos Query's URL, Grafana's default data source. */
    readonly thanosQueryUrl: string;
}

/** A member: no Alertmanager, no Grafana; alerts go to the host's Alertmanager. */
export interface MemberMonitoringInput extends CommonInput {
    readonly role: "member";
    /** The host Alertmanager's intranet load balancer, `<ip>:9093`. */
    readonly alertmanagerAddress: string;
}

/** What {@link kubePrometheusValues} needs. */
export type KubePrometheusValuesInput = HostMonitoringInput | MemberMonitoringInput;

/** A volumeClaimTemplate on the given class. */
function claim(storageClass: string, size: string) {
    return { volumeClaimTemplate: { spec: { storageClassName: storageClass, accessModes: ["ReadWriteOnce"], resources: { requests: { storage: size } } } } };
}

/**
 * The Alertmanager configuration: everything to the notification webhook, grouped per cluster, except the
 * chart's always-firing Watchdog and InfoInhibitor. The URL is read from {@link WEBHOOK_URL_FILE}, so no
 * secret is in the values (Pulumi would otherwise have to hide the whole release's values).
 */
export function alertmanagerConfig(): Record<string, unknown> {
    return {
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
        receivers: [{ name: "null" }, { name: "webhook", webhook_configs: [{ url_file: WEBHOOK_URL_FILE, send_resolved: true }] }],
    };
}

/** Values of the kube-prometheus-stack chart for a host or a member cluster. */
export function kubePrometheusValues(i: KubePrometheusValuesInput): Record<string, unknown> {
    const values = roleValues(i);
    return i.mirror ? mergeValues(values, kubePrometheusImages(i.mirror)) : values;
}

function roleValues(i: KubePrometheusValuesInput): Record<string, unknown> {
    const prometheusSpec: Record<string, unknown> = {
        resources: PLATFORM_RESOURCES.kubePrometheusStack.prometheus,
        externalLabels: { cluster: i.clusterName },
        remoteWrite: [{ url: i.remoteWriteUrl }],
        retention: LOCAL_RETENTION,
        storageSpec: claim(i.storageClass, MONITORING_VOLUMES.prometheus),
        // select every ServiceMonitor, PodMonitor and rule in the cluster, not only this release's
        serviceMonitorSelectorNilUsesHelmValues: false,
        podMonitorSelectorNilUsesHelmValues: false,
        ruleSelectorNilUsesHelmValues: false,
    };
    if (i.role === "member") {
        return {
            ...commonValues(i),
            fullnameOverride: KPS_FULLNAME,
            prometheus: {
                prometheusSpec: {
                    ...prometheusSpec,
                    additionalAlertManagerConfigs: [{ scheme: "http", api_version: "v2", static_configs: [{ targets: [i.alertmanagerAddress] }] }],
                },
            },
            alertmanager: { enabled: false },
            grafana: { enabled: false },
        };
    }
    return {
        ...commonValues(i),
        fullnameOverride: KPS_FULLNAME,
        prometheus: { prometheusSpec },
        alertmanager: {
            enabled: true,
            config: alertmanagerConfig(),
            alertmanagerSpec: {
                resources: PLATFORM_RESOURCES.kubePrometheusStack.alertmanager,
                secrets: [WEBHOOK_SECRET.name],
                storage: claim(i.storageClass, MONITORING_VOLUMES.alertmanager),
            },
        },
        grafana: {
            enabled: true,
            resources: PLATFORM_RESOURCES.kubePrometheusStack.grafana,
            // its test pod is a helm test hook: an install never runs it
            testFramework: { enabled: false },
            admin: { existingSecret: GRAFANA_ADMIN_SECRET.name, userKey: GRAFANA_ADMIN_SECRET.userKey, passwordKey: GRAFANA_ADMIN_SECRET.passwordKey },
            // the local Prometheus stays available, but Thanos Query (every cluster, long retention) is the default
            sidecar: { resources: PLATFORM_RESOURCES.kubePrometheusStack.grafanaSidecars, datasources: { isDefaultDatasource: false } },
            additionalDataSources: [
                {
                    name: "Thanos",
                    uid: "thanos",
                    type: "prometheus",
                    access: "proxy",
                    url: i.thanosQueryUrl,
                    isDefault: true,
                    editable: false,
                    jsonData: { prometheusType: "Thanos" },
                },
            ],
        },
    };
}
