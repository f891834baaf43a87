import { ReleaseImages } from "../registry/mirror";
import { chartRelease } from "../kubernetes/charts";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { DISK_CLASS } from "../storage/storageClasses";
import { intranetLoadBalancer, platformNamespace } from "../kubernetes/objects";
import {
    ALERTMANAGER_POD_LABELS,
    ALERTMANAGER_PORT,
    GRAFANA_ADMIN_SECRET,
    KUBE_PROMETHEUS_STACK_CHART,
    WEBHOOK_SECRET,
    kubePrometheusValues,
} from "./kubePrometheusValues";

/** The host (ops) cluster's part: the one Alertmanager and Grafana. */
export interface HostMonitoringRole {
    readonly kind: "host";
    /** Thanos Query's URL ({@link Thanos.queryUrl}). */
    readonly thanosQueryUrl: pulumi.Input<string>;
    /** The company's notification webhook (`platform:alertWebhookUrl`), a secret. */
    readonly alertWebhookUrl: pulumi.Input<string>;
}

/** A member cluster's part: its alerts go to the host's Alertmanager. */
export interface MemberMonitoringRole {
    readonly kind: "member";
    /** The host Alertmanager's intranet address, `<ip>:9093` ({@link ClusterMonitoring.alertmanagerAddress} of the host). */
    readonly alertmanagerAddress: pulumi.Input<string>;
}

/** Arguments for {@link ClusterMonitoring}. */
export interface ClusterMonitoringArgs {
    /** Provider of the cluster. */
    readonly provider: k8s.Provider;
    /** The cluster's name (`ops`, `prod`, `nonprod`): the `cluster` label of its series and alerts. */
    readonly clusterName: string;
    /** Thanos Receive's remote-write URL ({@link Thanos.receiveUrl}; nonprod reads it from prod's outputs). */
    readonly remoteWriteUrl: pulumi.Input<string>;
    readonly role: HostMonitoringRole | MemberMonitoringRole;
    /** StorageClass of the Prometheus and Alertmanager volumes. Defaults to the disk class (Prometheus documents NFS as unsupported for its TSDB). */
    readonly storageClass?: string;
    /** Who runs the control plane: `managed` (ACK; not scraped) or `selfManaged` (scraped). Defaults to managed. */
    readonly controlPlane?: "managed" | "selfManaged";
    /** Where images come from, and what must exist first. Defaults to upstream. */
    readonly images?: ReleaseImages;
}

/** The Alertmanager load balancer's Service name (host only). */
export const ALERTMANAGER_LB_SERVICE = "alertmanager-lb";

/**
 * kube-prometheus-stack on one cluster, with `externalLabels.cluster` and remote write to Thanos Receive.
 * On the host also the Alertmanager, reachable from the members through an intranet load balancer and routing
 * to the webhook (whose URL stays in a Secret), and Grafana with Thanos Query as its default data source and a
 * generated admin password.
 */
export class ClusterMonitoring extends pulumi.ComponentResource {
    /** Host: the Alertmanager's intranet address `<ip>:9093`, for the members. Undefined on a member. */
    public readonly alertmanagerAddress: pulumi.Output<string> | undefined;
    /** Host only: the Alertmanager's intranet load balancer IP (its DNS record points here). */
    public readonly alertmanagerIp: pulumi.Output<string> | undefined;
    /** Host: Grafana's admin password (secret). Undefined on a member. */
    public readonly grafanaAdminPassword: pulumi.Output<string> | undefined;

    constructor(name: string, args: ClusterMonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:monitoring:ClusterMonitoring", name, {}, opts);
        if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(args.clusterName)) {
            throw new Error(`ClusterMonitoring ${name}: clusterName: expected a DNS label such as ops or prod, found ${JSON.stringify(args.clusterName)}`);
        }
        const inCluster = { parent: this, provider: args.provider };
        const storageClass = args.storageClass ?? DISK_CLASS.className;
        // node-exporter reads the node's /proc, /sys and root file system in its network and PID namespaces
        const namespace = platformNamespace(`${name}-ns`, KUBE_PROMETHEUS_STACK_CHART.namespace, "privileged", inCluster);
        const ns = namespace.metadata.name;
        const role = args.role;
        const dependsOn: pulumi.Resource[] = [];
        let grafanaAdminPassword: pulumi.Output<string> | undefined;
        if (role.kind === "host") {
            dependsOn.push(
                new k8s.core.v1.Secret(
                    `${name}-webhook`,
                    { metadata: { name: WEBHOOK_SECRET.name, namespace: ns }, type: "Opaque", stringData: { [WEBHOOK_SECRET.key]: pulumi.secret(role.alertWebhookUrl) } },
                    inCluster,
                ),
            );
            const password = new random.RandomPassword(`${name}-grafana-password`, { length: 32, special: false }, { parent: this });
            grafanaAdminPassword = pulumi.secret(password.result);
            dependsOn.push(
                new k8s.core.v1.Secret(
                    `${name}-grafana-admin`,
                    {
                        metadata: { name: GRAFANA_ADMIN_SECRET.name, namespace: ns },
                        type: "Opaque",
                        stringData: { [GRAFANA_ADMIN_SECRET.userKey]: "admin", [GRAFANA_ADMIN_SECRET.passwordKey]: grafanaAdminPassword },
                    },
                    inCluster,
                ),
            );
        }
        const values =
            role.kind === "host"
                ? pulumi
                      .all([args.remoteWriteUrl, role.thanosQueryUrl, args.images?.mirror])
                      .apply(([remoteWriteUrl, thanosQueryUrl, mirror]) =>
                          kubePrometheusValues({ role: "host", clusterName: args.clusterName, remoteWriteUrl, storageClass, thanosQueryUrl, controlPlane: args.controlPlane, mirror }),
                      )
                : pulumi
                      .all([args.remoteWriteUrl, role.alertmanagerAddress, args.images?.mirror])
                      .apply(([remoteWriteUrl, alertmanagerAddress, mirror]) =>
                          kubePrometheusValues({ role: "member", clusterName: args.clusterName, remoteWriteUrl, storageClass, alertmanagerAddress, controlPlane: args.controlPlane, mirror }),
                      );
        dependsOn.push(...(args.images?.ready ?? []));
        const release = chartRelease(`${name}-release`, KUBE_PROMETHEUS_STACK_CHART, { namespace: ns, values }, { ...inCluster, dependsOn });
        if (role.kind === "host") {
            const lb = intranetLoadBalancer(
                `${name}-alertmanager-lb`,
                { name: ALERTMANAGER_LB_SERVICE, namespace: KUBE_PROMETHEUS_STACK_CHART.namespace, selector: ALERTMANAGER_POD_LABELS, port: ALERTMANAGER_PORT },
                { ...inCluster, dependsOn: [release] },
            );
            this.alertmanagerIp = lb.address;
            this.alertmanagerAddress = alertmanagerAddressOf(lb.address);
        }
        this.grafanaAdminPassword = grafanaAdminPassword;
        this.registerOutputs({ alertmanagerAddress: this.alertmanagerAddress, grafanaAdminPassword: this.grafanaAdminPassword });
    }
}

/** The Alertmanager's `host:port` on a host (a name or an address), as Prometheus' alerting targets take it. */
export function alertmanagerAddressOf(host: pulumi.Input<string>): pulumi.Output<string> {
    return pulumi.interpolate`${host}:${ALERTMANAGER_PORT}`;
}
