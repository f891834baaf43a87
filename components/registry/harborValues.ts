import { PLATFORM_CHARTS } from "../kubernetes/charts";
import { LB_ADDRESS_TYPE_ANNOTATION } from "../kubernetes/objects";
import { PLATFORM_RESOURCES } from "../kubernetes/resources";

/** The goharbor chart, pinned (reference: /shared/reference/harbor). */
export const HARBOR_CHART = PLATFORM_CHARTS.harbor;

/** Secrets the release reads instead of plain values, so that no credential is in the Helm values. */
export const HARBOR_SECRETS = {
    admin: { name: "harbor-admin", key: "HARBOR_ADMIN_PASSWORD" },
    oss: { name: "harbor-oss", key: "REGISTRY_STORAGE_OSS_ACCESSKEYSECRET" },
} as const;

/** Keys the chart documents only in comments (its values.yaml), that the platform sets on purpose. */
export const HARBOR_VALUES_FREE_FORM = [
    // harbor's values.yaml documents each component's resources only as a comment (`# resources:`); its
    // templates read them (npm run render: every container of the release renders with requests and limits)
    "core.resources",
    "jobservice.resources",
    "portal.resources",
    "nginx.resources",
    "registry.registry.resources",
    "registry.controller.resources",
    "exporter.resources",
    "database.internal.resources",
    "database.internal.initContainer.permissions.resources",
    "redis.internal.resources",
    // the intranet OSS endpoint: blobs never cross the internet
    "persistence.imageChartStorage.oss.endpoint",
    "persistence.imageChartStorage.oss.internal",
    "persistence.imageChartStorage.oss.encrypt",
    "persistence.imageChartStorage.oss.secure",
] as const;

/** What {@link harborValues} needs. */
export interface HarborValuesInput {
    /** Harbor's intranet host name. */
    readonly hostname: string;
    readonly region: string;
    readonly bucket: string;
    /** The AccessKey id of the bucket's writer (not secret; its secret half is in a Secret). */
    readonly accessKeyId: string;
    /** StorageClass of the database, redis, jobservice and trivy volumes. */
    readonly storageClass: string;
    /** CIDRs allowed to reach the load balancer: the platform's VPCs. */
    readonly sourceRanges: readonly string[];
}

/**
 * Values of the goharbor chart: exposed by an intranet load balancer to the platform's VPCs only, TLS with
 * a generated certificate for the host name, blobs in OSS over the intranet endpoint, the internal
 * database, redis and jobservice on the extreme NAS class (kept when the release goes), and the admin
 * password and the OSS key read from Secrets.
 */
const R = PLATFORM_RESOURCES.harbor;

export function harborValues(i: HarborValuesInput): Record<string, unknown> {
    const claim = (size: string) => ({ storageClass: i.storageClass, size });
    return {
        expose: {
            type: "loadBalancer",
            tls: { enabled: true, certSource: "auto", auto: { commonName: i.hostname } },
            loadBalancer: {
                name: "harbor",
                annotations: { [LB_ADDRESS_TYPE_ANNOTATION]: "intranet" },
                sourceRanges: [...i.sourceRanges],
            },
        },
        externalURL: `https://${i.hostname}`,
        existingSecretAdminPassword: HARBOR_SECRETS.admin.name,
        existingSecretAdminPasswordKey: HARBOR_SECRETS.admin.key,
        persistence: {
            enabled: true,
            resourcePolicy: "keep",
            persistentVolumeClaim: {
                jobservice: { jobLog: claim("5Gi") },
                database: claim("20Gi"),
                redis: claim("5Gi"),
                trivy: claim("10Gi"),
            },
            imageChartStorage: {
                type: "oss",
                disableredirect: true,
                oss: {
                    accesskeyid: i.accessKeyId,
                    existingSecret: HARBOR_SECRETS.oss.name,
                    region: `oss-${i.region}`,
                    bucket: i.bucket,
                    endpoint: `oss-${i.region}-internal.aliyuncs.com`,
                    internal: true,
                    encrypt: true,
                    secure: true,
                },
            },
        },
        database: { type: "internal", internal: { resources: R.database, initContainer: { permissions: { resources: R.databaseInit } } } },
        redis: { type: "internal", internal: { resources: R.redis } },
        metrics: { enabled: true },
        core: { resources: R.core },
        jobservice: { resources: R.jobservice },
        portal: { resources: R.portal },
        nginx: { resources: R.nginx },
        registry: { registry: { resources: R.registry }, controller: { resources: R.registryController } },
        exporter: { resources: R.exporter },
        trivy: { resources: R.trivy },
    };
}
