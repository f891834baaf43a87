/**
 * The values of KubeSphere's monitoring extensions, as their InstallPlans carry them. One Prometheus stack per
 * cluster: whizard-monitoring's (KubeSphere's fork of kube-prometheus-stack 61.3.6) on every cluster, the host
 * included, each Prometheus labelling its series `cluster: <its name>` and remote-writing them to Thanos
 * Receive in ops, alerting to the one Alertmanager, which runs in ops. Paths checked by rendering the pinned
 * charts (test/render): every one under `kube-prometheus-stack.` is the fork's
 * (charts/kube-prometheus-stack/values.yaml in whizard-monitoring-1.1.1.tgz). Pure.
 */
import { PLATFORM_RESOURCES } from "../kubernetes/resources";
import { ImageMirror, mergeValues } from "../registry/mirror";
import { WHIZARD_MONITORING, agentReleaseName } from "../federation/extensions";
import { ALERTMANAGER_PORT, CONTROL_PLANE_EXPORTERS, LOCAL_RETENTION, MONITORING_VOLUMES, WEBHOOK_SECRET, alertmanagerConfig } from "./kubePrometheusValues";

/**
 * The `cluster` external label, from the value the InstallPlan controller sets on each agent
 * (`global.clusterInfo.name`); the fork passes `externalLabels` through `tpl`, so one config labels every
 * cluster with its own name.
 */
export const CLUSTER_LABEL_TEMPLATE = "{{ .Values.global.clusterInfo.name }}";

/**
 * The Alertmanager's name in ops: the fork's `kube-prometheus-stack.fullname` (the release and chart names,
 * cut to 26 characters) and `-alertmanager`. Its pods carry `alertmanager: <name>`.
 */
export const WHIZARD_ALERTMANAGER = `${`${agentReleaseName(WHIZARD_MONITORING)}-kube-prometheus-stack`.slice(0, 26).replace(/-+$/, "")}-alertmanager`;
/** Pod labels the operator gives the Alertmanager's pods (the intranet load balancer selects them). */
export const WHIZARD_ALERTMANAGER_POD_LABELS = { "app.kubernetes.io/name": "alertmanager", alertmanager: WHIZARD_ALERTMANAGER } as const;
/** The Service KubeSphere's ReverseProxy and whizard-telemetry read Prometheus through (the fork's `extraManifestsTpl`). */
export const WHIZARD_PROMETHEUS_SERVICE = "prometheus-k8s";

/** What every cluster's whizard-monitoring agent needs. */
export interface WhizardMonitoringInput {
    /** Thanos Receive's remote-write URL, by its name in the platform's zone. */
    readonly remoteWriteUrl: string;
    /** The Alertmanager in ops, `<name>:9093`. */
    readonly alertmanagerTarget: string;
    readonly storageClass: string;
    /**
     * `managed` (ACK: kube-controller-manager, kube-scheduler, etcd and kube-proxy are out of the cluster's reach,
     * so their scrapes would only show targets down) or `selfManaged`. Defaults to managed.
     */
    readonly controlPlane?: "managed" | "selfManaged";
    /** Where images come through Harbor. Defaults to the upstream registries. */
    readonly mirror?: ImageMirror;
}

/** A volumeClaimTemplate on the given class. */
function claim(storageClass: string, size: string) {
    return { volumeClaimTemplate: { spec: { storageClassName: storageClass, accessModes: ["ReadWriteOnce"], resources: { requests: { storage: size } } } } };
}

/**
 * The registry of every image the agent can render, through Harbor's proxy caches: per image, since the images
 * come from two registries and the chart's `global.imageRegistry` replaces the host of every one (quay.io's
 * too) with one prefix.
 */
export function whizardMonitoringImages(m: ImageMirror): Record<string, unknown> {
    const quay = { registry: m["quay.io"] };
    const hub = { registry: m["docker.io"] };
    return {
        "whizard-monitoring-helper": { hook: { image: hub } },
        "kube-prometheus-stack": {
            prometheus: { prometheusSpec: { image: quay } },
            alertmanager: { alertmanagerSpec: { image: quay } },
            prometheusOperator: { image: quay, prometheusConfigReloader: { image: quay }, thanosImage: quay, admissionWebhooks: { patch: { image: hub } } },
            "kube-state-metrics": { image: hub, kubeRBACProxy: { image: quay } },
            "prometheus-node-exporter": { image: quay, kubeRBACProxy: { image: quay } },
        },
        // off (no GPU nodes); its key is the subchart's, not dcgmExporter's
        "dcgm-exporter": { image: hub },
    };
}

/**
 * The config every cluster's agent shares: the Prometheus (its cluster label, remote write, retention, a disk
 * volume, alerts to ops), its operator and exporters sized, ACK's control plane not scraped. The Alertmanager
 * stays off (the fork's default): only ops runs one ({@link whizardMonitoringHostOverride}).
 */
export function whizardMonitoringConfig(i: WhizardMonitoringInput): Record<string, unknown> {
    const R = PLATFORM_RESOURCES.kubePrometheusStack;
    const scraped = (i.controlPlane ?? "managed") === "selfManaged";
    const values: Record<string, unknown> = {
        "whizard-monitoring-helper": { hook: { resources: R.hook } },
        "kube-prometheus-stack": {
            ...Object.fromEntries(CONTROL_PLANE_EXPORTERS.map((e) => [e, { enabled: scraped }])),
            prometheus: {
                prometheusSpec: {
                    resources: R.prometheus,
                    externalLabels: { cluster: CLUSTER_LABEL_TEMPLATE },
                    remoteWrite: [{ url: i.remoteWriteUrl }],
                    retention: LOCAL_RETENTION,
                    storageSpec: claim(i.storageClass, MONITORING_VOLUMES.prometheus),
                    // alertingEndpoints take Services only: the Alertmanager in ops is reached by its name
                    additionalAlertManagerConfigs: [{ scheme: "http", api_version: "v2", static_configs: [{ targets: [i.alertmanagerTarget] }] }],
                },
            },
            prometheusOperator: {
                resources: R.operator,
                prometheusConfigReloader: { resources: R.configReloader },
                admissionWebhooks: { patch: { resources: R.admissionJobs } },
            },
            "kube-state-metrics": { resources: R.kubeStateMetrics, kubeRBACProxy: { resources: R.rbacProxy } },
            "prometheus-node-exporter": { resources: R.nodeExporter, kubeRBACProxy: { resources: R.rbacProxy } },
        },
    };
    return i.mirror ? mergeValues(values, whizardMonitoringImages(i.mirror)) : values;
}

/**
 * The host's (ops') override: the one Alertmanager, routing to the company's webhook, whose URL it reads from
 * the Secret {@link WEBHOOK_SECRET} (created by the program in the agent's namespace before the install), so no
 * secret is in the InstallPlan, which any reader of InstallPlans sees.
 */
export function whizardMonitoringHostOverride(i: Pick<WhizardMonitoringInput, "storageClass">): Record<string, unknown> {
    return {
        "kube-prometheus-stack": {
            alertmanager: {
                enabled: true,
                config: alertmanagerConfig(),
                alertmanagerSpec: {
                    resources: PLATFORM_RESOURCES.kubePrometheusStack.alertmanager,
                    secrets: [WEBHOOK_SECRET.name],
                    storage: claim(i.storageClass, MONITORING_VOLUMES.alertmanager),
                },
            },
        },
    };
}

/**
 * A self-managed member's override: its control plane runs on its own nodes, so it is scraped; and in an IDC it
 * has no block storage (a VPC's has the disk class, on Alibaba Cloud's CSI driver), so there its Prometheus keeps
 * its data in an emptyDir, which the operator takes
 * before a claim template (prometheus-operator's storage order: emptyDir, ephemeral, then the template); the
 * config's template is nulled, which the API server prunes. Thanos Receive holds every series it has
 * remote-written; a restart loses only what was not yet sent.
 */
/** How much a self-managed member's Prometheus may keep in its emptyDir (its 7 days of a member cluster's series fit). */
export const SELF_MANAGED_PROMETHEUS_EMPTYDIR = "50Gi";

export function whizardMonitoringSelfManagedOverride(opts: { readonly blockStorage: boolean }): Record<string, unknown> {
    return {
        "kube-prometheus-stack": {
            ...Object.fromEntries(CONTROL_PLANE_EXPORTERS.map((e) => [e, { enabled: true }])),
            ...(opts.blockStorage ? {} : { prometheus: { prometheusSpec: { storageSpec: { emptyDir: { sizeLimit: SELF_MANAGED_PROMETHEUS_EMPTYDIR }, volumeClaimTemplate: null } } } }),
        },
    };
}

/** The Alertmanager's address for the Prometheus of every cluster: its name in the platform's zone and port. */
export function alertmanagerTarget(host: string): string {
    return `${host}:${ALERTMANAGER_PORT}`;
}

/**
 * whizard-telemetry's config: the console's monitoring API reads each cluster's Prometheus through KubeSphere
 * (`kind: 0`, the ReverseProxy every agent installs); logging and events are off (the platform's logs go to the
 * company's Elasticsearch through Filebeat, not to an OpenSearch of KubeSphere), and their servers, which carry
 * the chart's public `admin`/`admin`, are removed.
 */
export function whizardTelemetryConfig(mirror?: ImageMirror): Record<string, unknown> {
    return {
        "whizard-telemetry": {
            config: {
                logging: { enable: false, servers: null },
                events: { enable: false, servers: null },
            },
            apiserver: {
                resources: PLATFORM_RESOURCES.whizardTelemetry.apiserver,
                ...(mirror ? { image: { registry: mirror["docker.io"] } } : {}),
            },
        },
    };
}

/** The executor hook images of an extension, pulled through Harbor (KubeSphere prefixes them only with `extension.imageRegistry`, which stays empty). */
export function mirroredHookImages(hookImages: Readonly<Record<string, string>>, mirror?: ImageMirror): Record<string, string> {
    if (!mirror) return { ...hookImages };
    return Object.fromEntries(Object.entries(hookImages).map(([k, image]) => [k, `${mirror["docker.io"]}/${image}`]));
}
