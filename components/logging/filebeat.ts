import { PLATFORM_RESOURCES } from "../kubernetes/resources";
import { PLATFORM_CHARTS, chartRelease } from "../kubernetes/charts";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as YAML from "yaml";
import { HOST_PORT } from "../../config/schema";
import { platformNamespace } from "../kubernetes/objects";
import { ImageMirror, ReleaseImages } from "../registry/mirror";

/** The elastic filebeat chart, pinned (the repository is archived; 8.5.1 is its last release line). */
export const FILEBEAT_CHART = PLATFORM_CHARTS.filebeat;

/** The DaemonSet's name; the policy pack's host-path and run-as-root exemptions name it (logging/filebeat). */
export const FILEBEAT_FULLNAME = "filebeat";

/** The ECS object Filebeat adds the cluster's name to. */
const CLUSTER_OBJECT = "orchestrator.cluster";
/** The ECS field that carries the cluster's name on every event (ElastAlert's rules group by it). */
export const CLUSTER_FIELD = `${CLUSTER_OBJECT}.name`;

/** What {@link filebeatValues} needs. */
export interface FilebeatValuesInput {
    readonly clusterName: string;
    /** The Logstash hosts, `host:port` (`platform:observability.logstashHosts`). */
    readonly logstashHosts: readonly string[];
    /** Where images come through Harbor. Defaults to Elastic's registry (the chart's own). */
    readonly mirror?: ImageMirror;
}

/** Filebeat's image without its registry (the chart's `image` is the whole reference; the tag is `imageTag`). */
export const FILEBEAT_IMAGE_PATH = "beats/filebeat";

/**
 * Filebeat's configuration: every container's log file with its Kubernetes metadata, the cluster's name in
 * {@link CLUSTER_FIELD}, shipped to Logstash with the load spread over all hosts.
 */
export function filebeatConfig(i: FilebeatValuesInput): string {
    return YAML.stringify({
        "filebeat.inputs": [
            {
                type: "container",
                paths: ["/var/log/containers/*.log"],
                processors: [{ add_kubernetes_metadata: { host: "${NODE_NAME}", matchers: [{ logs_path: { logs_path: "/var/log/containers/" } }] } }],
            },
        ],
        processors: [{ add_fields: { target: CLUSTER_OBJECT, fields: { name: i.clusterName } } }],
        "output.logstash": { hosts: [...i.logstashHosts], loadbalance: true },
    }, { lineWidth: 0 });
}

/** Values of the filebeat chart: the DaemonSet only, on every node. */
export function filebeatValues(i: FilebeatValuesInput): Record<string, unknown> {
    return {
        fullnameOverride: FILEBEAT_FULLNAME,
        ...(i.mirror ? { image: `${i.mirror["docker.elastic.co"]}/${FILEBEAT_IMAGE_PATH}` } : {}),
        daemonset: {
            enabled: true,
            // the chart's defaults read Elasticsearch credentials and certificates from Secrets of an in-cluster
            // Elasticsearch; the platform ships to Logstash, and those Secrets do not exist
            extraEnvs: [],
            secretMounts: [],
            filebeatConfig: { "filebeat.yml": filebeatConfig(i) },
            // every node's logs, the tainted CI pool's included
            tolerations: [{ operator: "Exists" }],
            // replaces the chart's default (limits 1000m / 200Mi) key by key: all four are set
            resources: PLATFORM_RESOURCES.filebeat.filebeat,
        },
        deployment: { enabled: false },
    };
}

/** Arguments for {@link Filebeat}. */
export interface FilebeatArgs {
    /** Provider of the cluster. */
    readonly provider: k8s.Provider;
    /** The cluster's name, on every event it ships. */
    readonly clusterName: string;
    /** The external Logstash cluster (`platform:observability.logstashHosts`), at least one `host:port`. */
    readonly logstashHosts: readonly string[];
    /** Where images come from, and what must exist first. Defaults to upstream. */
    readonly images?: ReleaseImages;
}

/** A Filebeat DaemonSet shipping a cluster's container logs to the external Logstash cluster. */
export class Filebeat extends pulumi.ComponentResource {
    constructor(name: string, args: FilebeatArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:logging:Filebeat", name, {}, opts);
        const bad = args.logstashHosts.filter((h) => !HOST_PORT.test(h));
        if (args.logstashHosts.length === 0 || bad.length > 0) {
            throw new Error(`Filebeat ${name}: logstashHosts: expected at least one host:port, found ${JSON.stringify(args.logstashHosts)}`);
        }
        const inCluster = { parent: this, provider: args.provider };
        // Filebeat reads root-owned log files from the node's file system
        const namespace = platformNamespace(`${name}-ns`, FILEBEAT_CHART.namespace, "privileged", inCluster);
        chartRelease(
            `${name}-release`,
            FILEBEAT_CHART,
            { namespace: namespace.metadata.name, values: pulumi.output(args.images?.mirror).apply((mirror) => filebeatValues({ clusterName: args.clusterName, logstashHosts: args.logstashHosts, mirror })) },
            { ...inCluster, dependsOn: args.images?.ready ?? [] },
        );
        this.registerOutputs({});
    }
}
