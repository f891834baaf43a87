import { ReleaseImages } from "../registry/mirror";
import { chartRelease } from "../kubernetes/charts";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { DISK_CLASS } from "../storage/storageClasses";
import { intranetLoadBalancer, platformNamespace } from "../kubernetes/objects";
import { privateBucketWithWriter } from "../storage/privateBucket";
import { objstoreConfig } from "./objectStore";
import {
    MetricsRetention,
    OBJSTORE_SECRET,
    RECEIVE_POD_LABELS,
    RECEIVE_REMOTE_WRITE_PORT,
    THANOS_CHART,
    THANOS_QUERY_URL,
    retentionProblems,
    thanosValues,
} from "./thanosValues";

/** Arguments for {@link Thanos}. */
export interface ThanosArgs {
    /** Provider of the ops cluster. */
    readonly provider: k8s.Provider;
    /** The region of the bucket and the cluster (`platform:region`); picks the OSS intranet endpoint. */
    readonly region: string;
    /** OSS bucket name (`platform:metricsBucket`), globally unique. */
    readonly bucket: string;
    /** Compactor retention per resolution (`platform:observability.metricsRetention`). */
    readonly retention: MetricsRetention;
    /** Tags of the bucket. Defaults to none. */
    readonly tags?: Record<string, string>;
    /** StorageClass of Receive, Store Gateway and Compactor volumes. Defaults to the disk class. */
    readonly storageClass?: string;
    /** Receive replicas. Defaults to 3 (each series then written to all three). */
    readonly receiveReplicas?: number;
    /** Where images come from, and what must exist first. Defaults to upstream. */
    readonly images?: ReleaseImages;
}

/** The Receive load balancer's Service name. */
export const RECEIVE_LB_SERVICE = "thanos-receive-lb";

/**
 * Thanos in the ops cluster: an OSS bucket (private, encrypted, versioned, protected) reached with a RAM user
 * limited to it, the objstore configuration as a Secret, and the thanos chart with Receive behind an intranet
 * load balancer (every cluster's Prometheus remote-writes there over the hub), Query, Store Gateway and
 * Compactor (retention from the settings), their volumes on the disk class.
 */
export class Thanos extends pulumi.ComponentResource {
    public readonly bucketName: pulumi.Output<string>;
    /** Where Prometheus remote-writes: `http://<intranet lb ip>:19291/api/v1/receive`. */
    public readonly receiveUrl: pulumi.Output<string>;
    /** Thanos Receive's intranet load balancer IP (its DNS record points here). */
    public readonly receiveAddress: pulumi.Output<string>;
    /** Thanos Query inside the ops cluster (Grafana's data source). */
    public readonly queryUrl: pulumi.Output<string>;

    constructor(name: string, args: ThanosArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:monitoring:Thanos", name, {}, opts);
        const receiveReplicas = args.receiveReplicas ?? 3;
        const problems = retentionProblems(args.retention);
        if (!Number.isInteger(receiveReplicas) || receiveReplicas < 1) problems.push(`receiveReplicas: expected a whole number of at least 1, found ${receiveReplicas}`);
        if (problems.length > 0) throw new Error(`Thanos ${name}: invalid arguments:\n  ${problems.join("\n  ")}`);

        const store = privateBucketWithWriter(name, { bucket: args.bucket, userName: `thanos-${args.bucket}`.slice(0, 64), purpose: "Thanos", tags: args.tags }, this);
        const inCluster = { parent: this, provider: args.provider };
        const namespace = platformNamespace(`${name}-ns`, THANOS_CHART.namespace, "baseline", inCluster);
        const objstore = new k8s.core.v1.Secret(
            `${name}-objstore`,
            {
                metadata: { name: OBJSTORE_SECRET, namespace: namespace.metadata.name },
                type: "Opaque",
                stringData: {
                    "objstore.yml": pulumi.secret(
                        pulumi
                            .all([store.bucket.bucket, store.accessKeyId, store.accessKeySecret])
                            .apply(([bucket, accessKeyId, accessKeySecret]) => objstoreConfig({ region: args.region, bucket, accessKeyId, accessKeySecret })),
                    ),
                },
            },
            inCluster,
        );
        const release = chartRelease(
            `${name}-release`,
            THANOS_CHART,
            {
                namespace: namespace.metadata.name,
                values: pulumi
                    .output(args.images?.mirror)
                    .apply((mirror) => thanosValues({ retention: args.retention, storageClass: args.storageClass ?? DISK_CLASS.className, receiveReplicas, mirror })),
            },
            { ...inCluster, dependsOn: [objstore, ...(args.images?.ready ?? [])] },
        );
        const receive = intranetLoadBalancer(
            `${name}-receive-lb`,
            { name: RECEIVE_LB_SERVICE, namespace: THANOS_CHART.namespace, selector: RECEIVE_POD_LABELS, port: RECEIVE_REMOTE_WRITE_PORT, targetPort: "remote-write" },
            { ...inCluster, dependsOn: [release] },
        );

        this.bucketName = store.bucket.bucket;
        this.receiveAddress = receive.address;
        this.receiveUrl = receiveUrlOf(receive.address);
        this.queryUrl = pulumi.output(THANOS_QUERY_URL);
        this.registerOutputs({ bucketName: this.bucketName, receiveUrl: this.receiveUrl, queryUrl: this.queryUrl });
    }
}

/** Thanos Receive's remote-write URL on a host (a name or an address). */
export function receiveUrlOf(host: pulumi.Input<string>): pulumi.Output<string> {
    return pulumi.interpolate`http://${host}:${RECEIVE_REMOTE_WRITE_PORT}/api/v1/receive`;
}
