import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import * as YAML from "yaml";
import { ExtensionPlacement, WHIZARD_MONITORING, WHIZARD_TELEMETRY, mergeOverride } from "../federation/extensions";
import { KubeSphereExtension } from "../federation/kubesphereExtension";
import { chartRelease } from "../kubernetes/charts";
import { intranetLoadBalancer, platformNamespace } from "../kubernetes/objects";
import { ImageMirror, ReleaseImages } from "../registry/mirror";
import { DISK_CLASS } from "../storage/storageClasses";
import { ALERTMANAGER_PORT, GRAFANA_ADMIN_SECRET, KUBE_PROMETHEUS_STACK_CHART, WEBHOOK_SECRET, grafanaValues } from "./kubePrometheusValues";
import {
    WHIZARD_ALERTMANAGER_POD_LABELS,
    alertmanagerTarget,
    mirroredHookImages,
    whizardMonitoringConfig,
    whizardMonitoringHostOverride,
    whizardMonitoringSelfManagedOverride,
    whizardTelemetryConfig,
} from "./whizardValues";

/** Arguments for {@link MonitoringAgent}. */
export interface MonitoringAgentArgs {
    /** Provider of the cluster. */
    readonly provider: k8s.Provider;
    /**
     * The host only: the company's notification webhook (`platform:alertWebhookUrl`), a secret, for the one
     * Alertmanager. Defaults to none: no webhook Secret (every cluster but the host).
     */
    readonly alertWebhookUrl?: pulumi.Input<string>;
}

/**
 * What a cluster holds for the whizard-monitoring agent KubeSphere installs on it: its namespace, made by the
 * program first with the Pod Security level node-exporter needs (the InstallPlan controller creates a missing
 * namespace without one, and does not relabel an existing one: installplan_controller.go:558-579), and on the
 * host the Secret with the webhook's URL, which the Alertmanager mounts.
 */
export class MonitoringAgent extends pulumi.ComponentResource {
    public readonly namespace: k8s.core.v1.Namespace;

    constructor(name: string, args: MonitoringAgentArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:monitoring:MonitoringAgent", name, {}, opts);
        const inCluster = { parent: this, provider: args.provider };
        // node-exporter reads the node's /proc, /sys and root file system in its network and PID namespaces
        this.namespace = platformNamespace(`${name}-agent-ns`, WHIZARD_MONITORING.namespace, "privileged", inCluster);
        if (args.alertWebhookUrl !== undefined) {
            new k8s.core.v1.Secret(
                `${name}-webhook`,
                {
                    metadata: { name: WEBHOOK_SECRET.name, namespace: this.namespace.metadata.name },
                    type: "Opaque",
                    stringData: { [WEBHOOK_SECRET.key]: pulumi.secret(args.alertWebhookUrl) },
                },
                inCluster,
            );
        }
        this.registerOutputs({});
    }
}

/** Arguments for {@link PlatformMonitoring}. */
export interface PlatformMonitoringArgs {
    /** Provider of the host cluster. */
    readonly provider: k8s.Provider;
    /** The host cluster's name in KubeSphere (`ops`): its agent runs the one Alertmanager. */
    readonly hostCluster: string;
    /** Every cluster that gets the agent, the host among them, by its name in KubeSphere. */
    readonly clusters: readonly string[];
    /** The placed clusters `pulumi up` waits for (the ones this stack registers). */
    readonly waitForClusters: readonly string[];
    /**
     * Self-managed clusters among them that this stack knows of, and whether each has block storage: their override
     * ({@link whizardMonitoringSelfManagedOverride}). Defaults to none: every cluster but the host gets the agent's defaults.
     */
    readonly selfManagedClusters?: readonly { readonly name: string; readonly blockStorage: boolean }[];
    /** Thanos Receive's remote-write URL, by its name in the platform's zone. */
    readonly remoteWriteUrl: pulumi.Input<string>;
    /** The Alertmanager's host name in the platform's zone. */
    readonly alertmanagerHost: pulumi.Input<string>;
    /** StorageClass of the Prometheus and Alertmanager volumes. Defaults to the disk class (Prometheus documents NFS as unsupported for its TSDB). */
    readonly storageClass?: string;
    /** Where images come from, and what must exist first. Defaults to upstream. */
    readonly images?: ReleaseImages;
}

/** The Alertmanager load balancer's Service name (host only). */
export const ALERTMANAGER_LB_SERVICE = "alertmanager-lb";

/**
 * KubeSphere's monitoring, as KubeSphere runs it: whizard-telemetry on the host (the console's monitoring API)
 * and whizard-monitoring's Prometheus stack as an agent on every cluster, each remote-writing to Thanos Receive
 * with its `cluster` label and alerting to the one Alertmanager, which the host's agent runs and an intranet
 * load balancer serves to the other networks. Declare after the agents' namespaces ({@link MonitoringAgent}).
 */
export class PlatformMonitoring extends pulumi.ComponentResource {
    /** The Alertmanager's intranet load balancer IP (its DNS record points here). */
    public readonly alertmanagerIp: pulumi.Output<string>;

    constructor(name: string, args: PlatformMonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:monitoring:PlatformMonitoring", name, {}, opts);
        if (!args.clusters.includes(args.hostCluster)) throw new Error(`PlatformMonitoring ${name}: clusters must include the host ${args.hostCluster}, found ${args.clusters.join(", ")}`);
        const inHost = { parent: this, provider: args.provider };
        const storageClass = args.storageClass ?? DISK_CLASS.className;
        const mirror: pulumi.Output<ImageMirror | undefined> = args.images ? pulumi.output(args.images.mirror) : pulumi.output(undefined);
        const ready = [...((opts?.dependsOn as pulumi.Resource[] | undefined) ?? []), ...(args.images?.ready ?? [])];
        new KubeSphereExtension(
            `${name}-telemetry`,
            { provider: args.provider, extension: WHIZARD_TELEMETRY, config: mirror.apply((m) => whizardTelemetryConfig(m)) },
            { ...inHost, dependsOn: ready },
        );
        const config = pulumi
            .all([args.remoteWriteUrl, args.alertmanagerHost, mirror])
            .apply(([remoteWriteUrl, host, m]) => whizardMonitoringConfig({ remoteWriteUrl, alertmanagerTarget: alertmanagerTarget(host), storageClass, mirror: m }));
        const placement: ExtensionPlacement = {
            clusters: args.clusters,
            // each cluster's override: the host's Alertmanager, a self-managed cluster's own (both for a self-managed host)
            overrides: Object.fromEntries(
                [...new Set([args.hostCluster, ...(args.selfManagedClusters ?? []).map((c) => c.name)])].map((c) => {
                    const selfManaged = args.selfManagedClusters?.find((s) => s.name === c);
                    return [c, mergeOverride(c === args.hostCluster ? whizardMonitoringHostOverride({ storageClass }) : {}, selfManaged ? whizardMonitoringSelfManagedOverride(selfManaged) : {})];
                }),
            ),
        };
        const monitoring = new KubeSphereExtension(
            `${name}-whizard`,
            {
                provider: args.provider,
                extension: WHIZARD_MONITORING,
                config,
                placement,
                waitForClusters: args.waitForClusters,
                hookImages: mirror.apply((m) => mirroredHookImages(WHIZARD_MONITORING.hookImages, m)),
            },
            // the console's monitoring API is whizard-telemetry's, but nothing of the install needs it: both at once
            { ...inHost, dependsOn: ready },
        );
        const lb = intranetLoadBalancer(
            `${name}-alertmanager-lb`,
            { name: ALERTMANAGER_LB_SERVICE, namespace: WHIZARD_MONITORING.namespace, selector: WHIZARD_ALERTMANAGER_POD_LABELS, port: ALERTMANAGER_PORT },
            { ...inHost, dependsOn: [monitoring] },
        );
        this.alertmanagerIp = lb.address;
        this.registerOutputs({ alertmanagerIp: this.alertmanagerIp });
    }
}

/**
 * A self-managed cluster registered from another stack: its key of whizard-monitoring's per-cluster overrides
 * (whizardMonitoringSelfManagedOverride), patched into the host's InstallPlan, which the prod stack owns, with
 * server-side apply: this patch owns `spec.clusterScheduling.overrides.<cluster>` only (the CRD leaves the map
 * granular), the prod stack the rest. Through the host's limited registrar, which may patch that InstallPlan.
 */
export function selfManagedMonitoringOverride(
    cluster: string,
    blockStorage: boolean,
    hostProvider: k8s.Provider,
    opts?: pulumi.CustomResourceOptions,
): k8s.apiextensions.CustomResourcePatch {
    return new k8s.apiextensions.CustomResourcePatch(
        `${cluster}-monitoring-override`,
        {
            apiVersion: "kubesphere.io/v1alpha1",
            kind: "InstallPlan",
            metadata: { name: WHIZARD_MONITORING.name },
            spec: { clusterScheduling: { overrides: { [cluster]: YAML.stringify(whizardMonitoringSelfManagedOverride({ blockStorage })) } } },
        },
        { ...opts, provider: hostProvider },
    );
}

/** Arguments for {@link Grafana}. */
export interface GrafanaArgs {
    /** Provider of the ops cluster. */
    readonly provider: k8s.Provider;
    /** Thanos Query's URL ({@link Thanos.queryUrl}). */
    readonly thanosQueryUrl: pulumi.Input<string>;
    /** Where images come from, and what must exist first. Defaults to upstream. */
    readonly images?: ReleaseImages;
}

/**
 * Grafana in ops, on Thanos Query, with a generated admin password: a kube-prometheus-stack release with
 * everything else off (grafanaValues). Its children keep the names they had under the ClusterMonitoring that
 * ran the whole stack here (the component's alias), so Grafana, its admin Secret and its password stay.
 */
export class Grafana extends pulumi.ComponentResource {
    /** Grafana's admin password (secret). */
    public readonly adminPassword: pulumi.Output<string>;

    constructor(name: string, args: GrafanaArgs, opts?: pulumi.ComponentResourceOptions) {
        // it was a ClusterMonitoring, under each name it had
        const formerNames = [name, ...(opts?.aliases ?? []).flatMap((a) => (typeof a === "object" && "name" in a && typeof a.name === "string" ? [a.name] : []))];
        super("platform:monitoring:Grafana", name, {}, { ...opts, aliases: [...(opts?.aliases ?? []), ...formerNames.map((n) => ({ type: "platform:monitoring:ClusterMonitoring", name: n }))] });
        const inCluster = { parent: this, provider: args.provider };
        const namespace = platformNamespace(`${name}-ns`, KUBE_PROMETHEUS_STACK_CHART.namespace, "baseline", inCluster);
        const password = new random.RandomPassword(`${name}-grafana-password`, { length: 32, special: false }, { parent: this });
        this.adminPassword = pulumi.secret(password.result);
        const admin = new k8s.core.v1.Secret(
            `${name}-grafana-admin`,
            {
                metadata: { name: GRAFANA_ADMIN_SECRET.name, namespace: namespace.metadata.name },
                type: "Opaque",
                stringData: { [GRAFANA_ADMIN_SECRET.userKey]: "admin", [GRAFANA_ADMIN_SECRET.passwordKey]: this.adminPassword },
            },
            inCluster,
        );
        const values = pulumi
            .all([args.thanosQueryUrl, args.images ? pulumi.output(args.images.mirror) : undefined])
            .apply(([thanosQueryUrl, mirror]) => grafanaValues({ thanosQueryUrl, mirror }));
        chartRelease(`${name}-release`, KUBE_PROMETHEUS_STACK_CHART, { namespace: namespace.metadata.name, values }, { ...inCluster, dependsOn: [admin, ...(args.images?.ready ?? [])] });
        this.registerOutputs({ adminPassword: this.adminPassword });
    }
}

/** The Alertmanager's `host:port` on a host (a name or an address), as Prometheus' alerting targets take it. */
export function alertmanagerAddressOf(host: pulumi.Input<string>): pulumi.Output<string> {
    return pulumi.interpolate`${host}:${ALERTMANAGER_PORT}`;
}
