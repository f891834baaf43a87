import { PLATFORM_CHARTS } from "../kubernetes/charts";
import { PLATFORM_RESOURCES } from "../kubernetes/resources";

/** The goharbor chart, pinned (reference: /shared/reference/harbor). */
export const HARBOR_CHART = PLATFORM_CHARTS.harbor;

/** Secrets the release reads instead of plain values, so that no credential is in the Helm values. */
export const HARBOR_SECRETS = {
    admin: { name: "harbor-admin", key: "HARBOR_ADMIN_PASSWORD" },
    oss: { name: "harbor-oss", key: "REGISTRY_STORAGE_OSS_ACCESSKEYSECRET" },
} as const;

/** The registry's login name for core and jobservice (the chart's default; the password is generated). */
export const HARBOR_REGISTRY_USER = "harbor_registry_user";

/**
 * Harbor's internal credentials, each generated (@pulumi/random) into a Secret of its own that the chart reads
 * instead of its public defaults: `secretKey` (the encryption key, default `not-a-secure-key`), the internal
 * database password (default `changeit`: the chart has no Secret for the database itself, so its container's
 * POSTGRES_PASSWORD comes from `extraEnvVars`, which wins over the chart's `envFrom`), the registry's login
 * (default `harbor_registry_password`) and the core, XSRF, jobservice and registry HTTP secrets. Length: what
 * Harbor requires of each (16 characters, 32 for the XSRF key).
 */
export const HARBOR_GENERATED = {
    secretKey: { name: "harbor-secret-key", key: "secretKey", length: 16 },
    core: { name: "harbor-core-secret", key: "secret", length: 16 },
    xsrf: { name: "harbor-xsrf-key", key: "CSRF_KEY", length: 32 },
    jobservice: { name: "harbor-jobservice-secret", key: "JOBSERVICE_SECRET", length: 16 },
    registryHttp: { name: "harbor-registry-http-secret", key: "REGISTRY_HTTP_SECRET", length: 16 },
    database: { name: "harbor-database-password", key: "password", length: 32 },
} as const;

/** The registry's credentials: the password for core and jobservice, and its htpasswd line (bcrypt). */
export const HARBOR_REGISTRY_CREDENTIALS = { name: "harbor-registry-credentials", passwordKey: "REGISTRY_PASSWD", htpasswdKey: "REGISTRY_HTPASSWD" } as const;

/**
 * Harbor's server certificate, issued by the platform CA, in the Secret the chart's nginx serves
 * (`expose.tls.certSource: secret`; keys `tls.crt`, `tls.key`, and `ca.crt` for clients to read).
 */
export const HARBOR_TLS_SECRET = "harbor-tls";

/**
 * Harbor's entry point: the chart's nginx, which the chart exposes on a ClusterIP Service; the platform's own
 * intranet load balancer selects its pods (labels of templates/nginx/deployment.yaml: `harbor.matchLabels`
 * and `component: nginx`) and forwards 443 to its HTTPS port 8443, so the address is an output the DNS
 * record reads.
 */
export const HARBOR_ENTRY = {
    selector: { release: HARBOR_CHART.releaseName, app: "harbor", component: "nginx" },
    port: 443,
    targetPort: 8443,
} as const;

/** nginx's pod annotation carrying the certificate's checksum (see {@link HarborValuesInput.certificateChecksum}). */
export const HARBOR_CERT_CHECKSUM_ANNOTATION = "checksum/tls";

/**
 * What the chart's own database Secret holds instead of its public default `changeit`: a marker, not a
 * credential. The chart writes `database.internal.password` into that Secret whatever else is set
 * (templates/database/database-secret.yaml), but no container reads it any more: postgres takes
 * POSTGRES_PASSWORD from `extraEnvVars` (env wins over envFrom), core and the exporter from
 * `database.external.existingSecret`.
 */
export const HARBOR_UNUSED_DATABASE_PASSWORD = "unused-the-password-is-in-harbor-database-password";

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
    /** StorageClass of the database, redis, jobservice and trivy volumes (the disk class: block storage). */
    readonly storageClass: string;
    /** SHA-256 of the server certificate: nginx's pod annotation, so that a renewed certificate restarts it. */
    readonly certificateChecksum: string;
}

/**
 * Values of the goharbor chart: nginx on a ClusterIP Service behind the platform's intranet load balancer
 * (HARBOR_ENTRY), TLS with the platform CA's certificate for the host name (HARBOR_TLS_SECRET), blobs in OSS over the intranet endpoint, the internal
 * database, redis and jobservice on the disk class (kept when the release goes), and the admin
 * password and the OSS key read from Secrets.
 */
const R = PLATFORM_RESOURCES.harbor;
const G = HARBOR_GENERATED;

export function harborValues(i: HarborValuesInput): Record<string, unknown> {
    const claim = (size: string) => ({ storageClass: i.storageClass, size });
    return {
        expose: {
            type: "clusterIP",
            tls: { enabled: true, certSource: "secret", secret: { secretName: HARBOR_TLS_SECRET } },
            clusterIP: { name: "harbor" },
        },
        externalURL: `https://${i.hostname}`,
        // the job service's log volume is a disk (ReadWriteOnce): a rolling update would start the new pod while the
        // old one still holds it; Recreate stops it first (the chart's note on updateStrategy)
        updateStrategy: { type: "Recreate" },
        existingSecretAdminPassword: HARBOR_SECRETS.admin.name,
        existingSecretAdminPasswordKey: HARBOR_SECRETS.admin.key,
        existingSecretSecretKey: G.secretKey.name,
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
        database: {
            type: "internal",
            // core, the exporter and the migration job read the password from here whatever the type
            external: { existingSecret: G.database.name },
            internal: {
                resources: R.database,
                initContainer: { permissions: { resources: R.databaseInit } },
                extraEnvVars: [{ name: "POSTGRES_PASSWORD", valueFrom: { secretKeyRef: { name: G.database.name, key: G.database.key } } }],
                password: HARBOR_UNUSED_DATABASE_PASSWORD,
            },
        },
        redis: { type: "internal", internal: { resources: R.redis } },
        metrics: { enabled: true },
        core: { resources: R.core, existingSecret: G.core.name, existingXsrfSecret: G.xsrf.name, existingXsrfSecretKey: G.xsrf.key },
        jobservice: { resources: R.jobservice, existingSecret: G.jobservice.name, existingSecretKey: G.jobservice.key },
        portal: { resources: R.portal },
        nginx: { resources: R.nginx, podAnnotations: { [HARBOR_CERT_CHECKSUM_ANNOTATION]: i.certificateChecksum } },
        registry: {
            registry: { resources: R.registry },
            controller: { resources: R.registryController },
            existingSecret: G.registryHttp.name,
            existingSecretKey: G.registryHttp.key,
            credentials: { username: HARBOR_REGISTRY_USER, existingSecret: HARBOR_REGISTRY_CREDENTIALS.name },
        },
        exporter: { resources: R.exporter },
        trivy: { resources: R.trivy },
    };
}
