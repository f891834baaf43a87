import { MetricsRetention, retentionIssues } from "../../config/retention";
export type { MetricsRetention } from "../../config/retention";
import { ImageMirror } from "../registry/mirror";
import { PLATFORM_CHARTS } from "../kubernetes/charts";
import { PLATFORM_RESOURCES } from "../kubernetes/resources";

/**
 * The Bitnami thanos chart as the ops cluster runs it: Receive (what every cluster's Prometheus writes to),
 * Query, Store Gateway and Compactor on one OSS bucket. Pure: the chart pin, the values, the checks.
 */

/**
 * The chart, pinned. Bitnami publishes its charts as OCI artifacts on Docker Hub; the HTTP index at
 * charts.bitnami.com/bitnami is no longer the primary distribution and has been pruned of older versions,
 * so a pinned version is only reliably found in the OCI registry.
 */
export const THANOS_CHART = PLATFORM_CHARTS.thanos;

/**
 * Bitnami moved versioned images to `bitnamilegacy` in 2025 (docker.io/bitnami keeps only `latest` of a few
 * images). The chart's default tag exists there unchanged.
 */
export const THANOS_IMAGE_REPOSITORY = "bitnamilegacy/thanos";

/** `fullnameOverride`: object names are `thanos-<component>` whatever the release is called. */
export const THANOS_FULLNAME = "thanos";
/** The Secret (in the Thanos namespace) holding `objstore.yml`. */
export const OBJSTORE_SECRET = "thanos-objstore";
/** Receive's remote-write port, on the pods and on the intranet load balancer. */
export const RECEIVE_REMOTE_WRITE_PORT = 19291;
/** Query's HTTP port (the chart's `query.service.ports.http`). */
export const QUERY_HTTP_PORT = 9090;

/** Pod labels of the Receive StatefulSet (the chart's match labels plus its component). */
export const RECEIVE_POD_LABELS = {
    "app.kubernetes.io/name": "thanos",
    "app.kubernetes.io/instance": THANOS_CHART.releaseName,
    "app.kubernetes.io/component": "receive",
} as const;

/** Thanos Query's in-cluster URL, the data source Grafana reads. */
export const THANOS_QUERY_URL = `http://${THANOS_FULLNAME}-query.${THANOS_CHART.namespace}.svc.cluster.local:${QUERY_HTTP_PORT}`;


/** Volume sizes of the stateful components. */
export const THANOS_VOLUMES = { receive: "50Gi", storegateway: "20Gi", compactor: "100Gi" } as const;

/** What {@link thanosValues} needs. */
export interface ThanosValuesInput {
    readonly retention: MetricsRetention;
    readonly storageClass: string;
    /** Receive replicas; three or more replicate each series three times. */
    readonly receiveReplicas: number;
    /** Where images come through Harbor. Defaults to Docker Hub (the chart's own). */
    readonly mirror?: ImageMirror;
}

/** The Receive replication factor: 3 (a write needs 2 of 3) when there are at least 3 replicas, otherwise 1. */
export function replicationFactor(replicas: number): number {
    return replicas >= 3 ? 3 : 1;
}

/** Values of the thanos chart. */
export function thanosValues(i: ThanosValuesInput): Record<string, unknown> {
    const R = PLATFORM_RESOURCES.thanos;
    const persistence = (size: string) => ({ enabled: true, storageClass: i.storageClass, size });
    return {
        fullnameOverride: THANOS_FULLNAME,
        // the chart refuses images other than docker.io/bitnami/* unless told to (see THANOS_IMAGE_REPOSITORY);
        // in bitnami's charts global.imageRegistry wins over each image's registry: every image is Docker Hub's
        global: { ...(i.mirror ? { imageRegistry: i.mirror["docker.io"] } : {}), security: { allowInsecureImages: true } },
        image: { repository: THANOS_IMAGE_REPOSITORY },
        volumePermissions: { image: { repository: "bitnamilegacy/os-shell" } },
        existingObjstoreSecret: OBJSTORE_SECRET,
        // a set resources replaces the chart's "nano" preset (150m / 192Mi limits) entirely
        query: {
            enabled: true,
            replicaCount: 2,
            resources: R.query,
            // Receive labels its series replica=<pod>; Prometheus adds prometheus_replica: both are deduplicated
            replicaLabel: ["replica", "prometheus_replica"],
        },
        // Grafana queries thanos-query directly: the query-frontend (on by default) would be one more unused workload
        queryFrontend: { enabled: false },
        receive: {
            enabled: true,
            replicaCount: i.receiveReplicas,
            replicationFactor: replicationFactor(i.receiveReplicas),
            resources: R.receive,
            // the per-pod headless Service makes the chart list every replica in the hashring (without it the
            // hashring holds only 127.0.0.1, and a replication factor above 1 cannot be met)
            service: { additionalHeadless: true },
            // blocks are shipped to OSS every two hours; older data is served by the Store Gateway
            tsdbRetention: "1d",
            persistence: persistence(THANOS_VOLUMES.receive),
        },
        storegateway: { enabled: true, replicaCount: 2, resources: R.storegateway, persistence: persistence(THANOS_VOLUMES.storegateway) },
        compactor: {
            enabled: true,
            resources: R.compactor,
            retentionResolutionRaw: i.retention.raw,
            retentionResolution5m: i.retention.fiveMinutes,
            retentionResolution1h: i.retention.oneHour,
            persistence: persistence(THANOS_VOLUMES.compactor),
        },
    };
}


/**
 * What is wrong with a retention: raw data must live at least 2 days (the Compactor downsamples blocks older
 * than 40 hours), and a coarser resolution must not be kept for less time than a finer one (it would be
 * deleted while the finer data it summarises still exists, which is useless). Empty when it is fine.
 */
export function retentionProblems(r: MetricsRetention): string[] {
    return retentionIssues(r).map((p) => `retention.${p.key}: expected ${p.expected}, found ${p.found}`);
}
