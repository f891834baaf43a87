import * as k8s from "@pulumi/kubernetes";
import { HarborRegistry } from "../../components/registry/harborRegistry";
import { HARBOR_CHART, HARBOR_GENERATED, HARBOR_VALUES_FREE_FORM, harborValues } from "../../components/registry/harborValues";
import { loadRegistryConfig } from "../../config/registry";
import { chartVersion, validateChartValues } from "../../engine/reference/chartValues";
import { record } from "../support/mocks";
import { PLATFORM_RESOURCES } from "../../components/kubernetes/resources";
import { splitResources } from "../support/resources";
import { PlatformCa } from "../../components/pki/platformCa";
import { FAKE_KEY_MARKER, FAKE_PLATFORM_CA_MARKER } from "../../engine/fakes/resources";

const INPUT = {
    hostname: "harbor.ops.kube-platform.internal",
    region: "cn-hangzhou",
    bucket: "kube-platform-harbor-blobs",
    accessKeyId: "LTAI-placeholder-id",
    storageClass: "disk-essd",
    certificateChecksum: "c".repeat(64),
};
const SOURCES = ["10.0.0.0/16", "10.16.0.0/12", "10.32.0.0/12"];

describe("harborValues", () => {
    test("exact values: nginx on a ClusterIP Service serving the CA's certificate from a Secret, OSS over the intranet, volumes on the disk class, secrets by reference", () => {
        const { rest, resources } = splitResources(harborValues(INPUT));
        const R = PLATFORM_RESOURCES.harbor;
        // every container of the chart sized, from the one table
        expect(resources).toEqual({
            "database.internal.resources": R.database,
            "database.internal.initContainer.permissions.resources": R.databaseInit,
            "redis.internal.resources": R.redis,
            "core.resources": R.core,
            "jobservice.resources": R.jobservice,
            "portal.resources": R.portal,
            "nginx.resources": R.nginx,
            "registry.registry.resources": R.registry,
            "registry.controller.resources": R.registryController,
            "exporter.resources": R.exporter,
            "trivy.resources": R.trivy,
        });
        expect(rest).toEqual({
            expose: {
                type: "clusterIP",
                tls: { enabled: true, certSource: "secret", secret: { secretName: "harbor-tls" } },
                clusterIP: { name: "harbor" },
            },
            externalURL: "https://harbor.ops.kube-platform.internal",
            existingSecretAdminPassword: "harbor-admin",
            existingSecretAdminPasswordKey: "HARBOR_ADMIN_PASSWORD",
            persistence: {
                enabled: true,
                resourcePolicy: "keep",
                persistentVolumeClaim: {
                    jobservice: { jobLog: { storageClass: "disk-essd", size: "5Gi" } },
                    database: { storageClass: "disk-essd", size: "20Gi" },
                    redis: { storageClass: "disk-essd", size: "5Gi" },
                    trivy: { storageClass: "disk-essd", size: "10Gi" },
                },
                imageChartStorage: {
                    type: "oss",
                    disableredirect: true,
                    oss: {
                        accesskeyid: "LTAI-placeholder-id",
                        existingSecret: "harbor-oss",
                        region: "oss-cn-hangzhou",
                        bucket: "kube-platform-harbor-blobs",
                        endpoint: "oss-cn-hangzhou-internal.aliyuncs.com",
                        internal: true,
                        encrypt: true,
                        secure: true,
                    },
                },
            },
            // no public default credential: each internal one from a generated Secret
            existingSecretSecretKey: "harbor-secret-key",
            database: {
                type: "internal",
                external: { existingSecret: "harbor-database-password" },
                internal: {
                    initContainer: { permissions: {} },
                    extraEnvVars: [{ name: "POSTGRES_PASSWORD", valueFrom: { secretKeyRef: { name: "harbor-database-password", key: "password" } } }],
                    // the chart's database Secret gets a marker, not its public default changeit (no container reads it)
                    password: "unused-the-password-is-in-harbor-database-password",
                },
            },
            redis: { type: "internal", internal: {} },
            metrics: { enabled: true },
            core: { existingSecret: "harbor-core-secret", existingXsrfSecret: "harbor-xsrf-key", existingXsrfSecretKey: "CSRF_KEY" },
            jobservice: { existingSecret: "harbor-jobservice-secret", existingSecretKey: "JOBSERVICE_SECRET" },
            portal: {},
            nginx: { podAnnotations: { "checksum/tls": "c".repeat(64) } },
            registry: {
                registry: {},
                controller: {},
                existingSecret: "harbor-registry-http-secret",
                existingSecretKey: "REGISTRY_HTTP_SECRET",
                credentials: { username: "harbor_registry_user", existingSecret: "harbor-registry-credentials" },
            },
            exporter: {},
            trivy: {},
            // the job log volume is a disk (ReadWriteOnce): the old pod goes before the new one mounts it
            updateStrategy: { type: "Recreate" },
        });
    });

    test("validate against the chart's keys; the pinned version is the reference's", () => {
        expect(validateChartValues("harbor", harborValues(INPUT), { freeForm: [...HARBOR_VALUES_FREE_FORM] })).toEqual([]);
        expect(HARBOR_CHART.version).toBe(chartVersion("harbor"));
    });

    test("a misspelt key is an error", () => {
        const values = { ...harborValues(INPUT), externalUrl: "https://x" };
        const problems = validateChartValues("harbor", values, { freeForm: [...HARBOR_VALUES_FREE_FORM] });
        expect(problems.map((p) => p.path)).toEqual(["externalUrl"]);
    });
});

describe("HarborRegistry", () => {
    // one recording for every test of the component (each only reads it)
    let recorded: ReturnType<typeof record> | undefined;
    const declare = () => (recorded ??= record(() => {
            const provider = new k8s.Provider("ops-k8s", { kubeconfig: "fake" });
            const ca = new PlatformCa("platform-ca");
            new HarborRegistry("harbor", { provider, hostname: INPUT.hostname, region: INPUT.region, bucket: INPUT.bucket, sourceRanges: SOURCES, ca, config: loadRegistryConfig() });
        }, { stack: "prod" }));

    test("its certificate: issued by the platform CA for its host name, renewed ahead of expiry, served from a kubernetes.io/tls Secret nginx restarts on", async () => {
        const rec = await declare();
        const cert = rec.byName("harbor-tls-cert");
        expect(cert.type).toBe("tls:index/locallySignedCert:LocallySignedCert");
        expect(cert.inputs).toMatchObject({
            caCertPem: expect.stringContaining(FAKE_PLATFORM_CA_MARKER),
            caPrivateKeyPem: "[secret]",
            // a year, renewed 30 days ahead
            validityPeriodHours: 8760,
            earlyRenewalHours: 720,
            allowedUses: ["digital_signature", "key_encipherment", "server_auth"],
        });
        expect(rec.byName("harbor-tls-csr").inputs).toMatchObject({ dnsNames: [INPUT.hostname], subject: { commonName: INPUT.hostname } });
        // the CA itself: protected, a CA, its key a secret output
        expect(rec.byName("platform-ca-cert")).toMatchObject({ protect: true, inputs: expect.objectContaining({ isCaCertificate: true, validityPeriodHours: 87600 }) });
        expect(rec.byName("platform-ca-key").protect).toBe(true);
        const secret = rec.byName("harbor-tls-secret");
        expect(secret.inputs).toMatchObject({ metadata: { name: "harbor-tls", namespace: "harbor" }, type: "kubernetes.io/tls", stringData: "[secret]" });
        expect(rec.byName("harbor-release").dependencies).toContain(secret.urn);
        const values = rec.byName("harbor-release").inputs.values as { nginx: { podAnnotations: Record<string, string> }; expose: unknown };
        expect(values.nginx.podAnnotations["checksum/tls"]).toMatch(/^[0-9a-f]{64}$/);
    });

    test("its entry: the platform's intranet load balancer on 443 to nginx's 8443, open to the VPCs' ACL only; the configuration client connects there, trusting the CA", async () => {
        const rec = await declare();
        const lb = rec.byName("harbor-lb");
        const acl = rec.byName("harbor-sources");
        expect(acl.inputs).toMatchObject({ entryLists: SOURCES.map((entry) => ({ entry, comment: "platform VPC" })) });
        expect(lb.inputs).toEqual({
            apiVersion: "v1",
            kind: "Service",
            metadata: {
                name: "harbor-lb",
                namespace: "harbor",
                annotations: {
                    "service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type": "intranet",
                    "service.beta.kubernetes.io/alibaba-cloud-loadbalancer-acl-status": "on",
                    "service.beta.kubernetes.io/alibaba-cloud-loadbalancer-acl-id": expect.stringMatching(/^acl-/),
                    "service.beta.kubernetes.io/alibaba-cloud-loadbalancer-acl-type": "white",
                },
            },
            spec: { type: "LoadBalancer", selector: { release: "harbor", app: "harbor", component: "nginx" }, ports: [{ name: "tcp", port: 443, targetPort: 8443, protocol: "TCP" }] },
        });
        for (const r of rec.ofType("pulumi-nodejs:dynamic/harbor:Project")) {
            expect(r.inputs).toMatchObject({ harborUrl: `https://${INPUT.hostname}`, harborCa: expect.stringContaining(FAKE_PLATFORM_CA_MARKER), harborAddress: expect.stringMatching(/^192\.0\.2\./) });
            expect(r.dependencies).toContain(lb.urn);
        }
    });

    test("declares the protected bucket, the writer, the secrets, the release and Harbor's configuration; no secret in plain text", async () => {
        const rec = await declare();
        const release = rec.byName("harbor-release");
        expect(rec.byName("harbor-bucket").protect).toBe(true);
        expect(rec.byName("harbor-bucket").inputs).toMatchObject({ bucket: INPUT.bucket, serverSideEncryptionRule: { sseAlgorithm: "AES256" }, versioning: { status: "Enabled" } });
        expect(rec.byName("harbor-bucket-acl").inputs).toMatchObject({ acl: "private" });
        expect(JSON.parse(String(rec.byName("harbor-oss-policy").inputs.policyDocument)).Statement.flatMap((s: { Resource: string[] }) => s.Resource)).toEqual([
            `acs:oss:*:*:${INPUT.bucket}`,
            `acs:oss:*:*:${INPUT.bucket}/*`,
        ]);
        expect(rec.byName("harbor-admin-secret").secretInputs).toEqual(["stringData"]);
        expect(rec.byName("harbor-oss-secret").secretInputs).toEqual(["stringData"]);
        // every internal credential generated, of the length Harbor requires, into the Secret the values name
        const generated: Record<string, { name: string; length: number }> = {
            // what Harbor requires of each: 16 characters, 32 for the XSRF key (harborValues.ts); the database password 32
            secretKey: { name: "harbor-secret-key", length: 16 },
            core: { name: "harbor-core-secret", length: 16 },
            xsrf: { name: "harbor-xsrf-key", length: 32 },
            jobservice: { name: "harbor-jobservice-secret", length: 16 },
            registryHttp: { name: "harbor-registry-http-secret", length: 16 },
            database: { name: "harbor-database-password", length: 32 },
        };
        expect(Object.keys(HARBOR_GENERATED).sort()).toEqual(Object.keys(generated).sort());
        for (const [role, g] of Object.entries(generated)) {
            expect(rec.byName(`harbor-${role}-value`).inputs).toMatchObject({ length: g.length, special: false });
            const s = rec.byName(`harbor-${role}-generated`);
            expect(s.inputs).toMatchObject({ metadata: { name: g.name, namespace: "harbor" }, type: "Opaque", stringData: "[secret]" });
            expect(release.dependencies).toContain(s.urn);
        }
        expect(rec.byName("harbor-registry-credentials").inputs).toMatchObject({ metadata: { name: "harbor-registry-credentials" }, stringData: "[secret]" });
        expect(rec.byName("harbor-registry-password").inputs).toMatchObject({ length: 32 });
        expect(release.inputs).toMatchObject({ chart: "harbor", version: "1.19.1", repositoryOpts: { repo: "https://helm.goharbor.io" }, namespace: "harbor" });
        expect(release.secretInputs).toEqual([]);
        expect(rec.ofType("pulumi-nodejs:dynamic/harbor:Robot").map((r) => r.name).sort()).toEqual(["harbor-config-robot-nonprod", "harbor-config-robot-ops", "harbor-config-robot-prod"]);
        for (const r of rec.ofType("pulumi-nodejs:dynamic/harbor:Project")) expect(r.secretInputs).toEqual(["harborPassword"]);
        const everything = JSON.stringify(rec.resources.map((r) => r.inputs));
        expect(everything).not.toMatch(/fake-robot-secret|"result"/);
        expect(everything).not.toContain(FAKE_KEY_MARKER);
    });
});
