import { PLATFORM_RESOURCES } from "../kubernetes/resources";
import { PLATFORM_CHARTS } from "../kubernetes/charts";
import { ImageMirror, mergeValues } from "../registry/mirror";
/**
 * Grafana in ops, as a kube-prometheus-stack release with everything but Grafana and its dashboards off: each
 * cluster's Prometheus stack is whizard-monitoring's (./whizardValues.ts), and a second prometheus-operator on
 * a cluster would fight the first over every Prometheus object. Grafana reads Thanos Query, where every
 * cluster's series are. Also the facts the Prometheus stacks share (volumes, retention, the Alertmanager's
 * configuration and its webhook Secret). Pure.
 */
/** The chart, pinned. */
export const KUBE_PROMETHEUS_STACK_CHART = PLATFORM_CHARTS.kubePrometheusStack;

/** `fullnameOverride` of the chart's own objects (its dashboards); Grafana's, the subchart's, are `kube-prometheus-stack-grafana`. */
export const KPS_FULLNAME = "kps";
/** Alertmanager's port, on its pods and on the intranet load balancer members reach it through. */
export const ALERTMANAGER_PORT = 9093;

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

/** Keys of the Grafana release's values the key check cannot know (engine/reference/chartValues.ts). */
export const KPS_VALUES_FREE_FORM = [
    // keys of the grafana subchart (12.11.1), whose values.yaml the reference data does not hold; npm run render
    // shows each read (every container sized, every image from its mirror)
    "grafana.resources",
    "grafana.testFramework",
    "grafana.sidecar.resources",
    "grafana.image",
    "grafana.sidecar.image",
    "grafana.initChownData",
    "grafana.downloadDashboardsImage",
    "grafana.imageRenderer",
] as const;

/** The chart's control-plane exporters, each with its Services, ServiceMonitors, rule groups and dashboards. */
export const CONTROL_PLANE_EXPORTERS = ["kubeControllerManager", "kubeScheduler", "kubeEtcd", "kubeProxy"] as const;

/**
 * Every part of kube-prometheus-stack that is not Grafana: the operator and its CRDs, Prometheus, the
 * Alertmanager, the exporters, the rules and the ServiceMonitors of the Kubernetes components.
 */
export const KPS_OFF = [
    "crds",
    "prometheusOperator",
    "prometheus",
    "alertmanager",
    "thanosRuler",
    "kubeStateMetrics",
    "nodeExporter",
    "windowsMonitoring",
    "kubelet",
    "kubeApiServer",
    "coreDns",
    "kubeDns",
    ...CONTROL_PLANE_EXPORTERS,
] as const;

/** What Grafana needs. */
export interface GrafanaInput {
    /** Thanos Query's URL, Grafana's one data source. */
    readonly thanosQueryUrl: string;
    /** Where images come through Harbor. Defaults to the upstream registries. */
    readonly mirror?: ImageMirror;
}

/** The registry of each Grafana image, through Harbor's proxy caches (paths checked by rendering the pinned chart). */
export function grafanaImages(m: ImageMirror): Record<string, unknown> {
    const hub = { registry: m["docker.io"] };
    return {
        grafana: {
            image: hub,
            sidecar: { image: { registry: m["quay.io"] } },
            initChownData: { image: hub },
            downloadDashboardsImage: hub,
            imageRenderer: { image: hub },
        },
    };
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

/**
 * The kube-prometheus-stack values of Grafana in ops: every other part off ({@link KPS_OFF}), a generated admin
 * password from a Secret, Thanos Query the only data source (there is no Prometheus beside it), the chart's
 * dashboards kept (their `cluster` variable picks the cluster).
 */
export function grafanaValues(i: GrafanaInput): Record<string, unknown> {
    const values: Record<string, unknown> = {
        fullnameOverride: KPS_FULLNAME,
        ...Object.fromEntries(KPS_OFF.map((part) => [part, { enabled: false }])),
        defaultRules: { create: false },
        grafana: {
            enabled: true,
            resources: PLATFORM_RESOURCES.kubePrometheusStack.grafana,
            // its test pod is a helm test hook: an install never runs it
            testFramework: { enabled: false },
            // no Prometheus here scrapes it, and the ServiceMonitor kind is whizard-monitoring's
            serviceMonitor: { enabled: false },
            admin: { existingSecret: GRAFANA_ADMIN_SECRET.name, userKey: GRAFANA_ADMIN_SECRET.userKey, passwordKey: GRAFANA_ADMIN_SECRET.passwordKey },
            sidecar: {
                resources: PLATFORM_RESOURCES.kubePrometheusStack.grafanaSidecars,
                // the chart's own data source is its Prometheus, which is off: Thanos is the only one
                datasources: { defaultDatasourceEnabled: false },
                dashboards: { multicluster: { global: { enabled: true } } },
            },
            additionalDataSources: [
                { name: "Thanos", uid: "thanos", type: "prometheus", access: "proxy", url: i.thanosQueryUrl, isDefault: true, editable: false, jsonData: { prometheusType: "Thanos" } },
            ],
        },
    };
    return i.mirror ? mergeValues(values, grafanaImages(i.mirror)) : values;
}
