import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as YAML from "yaml";
import { objstoreConfig, ossIntranetEndpoint } from "../../components/monitoring/objectStore";
import { PrivateBucket, bucketPolicyDocument, privateBucketWithWriter } from "../../components/storage/privateBucket";
import { Thanos, ThanosArgs } from "../../components/monitoring/thanos";
import { THANOS_CHART, replicationFactor, retentionProblems, thanosValues } from "../../components/monitoring/thanosValues";
import { retentionDays } from "../../config/retention";
import { FAKE_ACCESS_KEY_SECRET_PREFIX } from "../../engine/fakes/resources";
import { chartVersion, validateChartValues } from "../../engine/reference/chartValues";
import { validateKubernetesObject } from "../../engine/reference/kubeModels";
import { record } from "../support/mocks";
import { splitResources } from "../support/resources";

const BUCKET = "kube-platform-thanos-metrics";
const RETENTION = { raw: "30d", fiveMinutes: "90d", oneHour: "1y" };
const PARENT = "urn:pulumi:test::platform::platform:monitoring:Thanos::thanos";
const value = <T>(o: pulumi.Output<T>) => new Promise<T>((resolve) => o.apply(resolve));

/** Thanos' chart values for RETENTION on disk-essd with 3 Receive replicas, the containers' resources aside. */
const THANOS_VALUES = {
    fullnameOverride: "thanos",
    global: { security: { allowInsecureImages: true } },
    volumePermissions: { image: { repository: "bitnamilegacy/os-shell" } },
    image: { repository: "bitnamilegacy/thanos" },
    existingObjstoreSecret: "thanos-objstore",
    query: { enabled: true, replicaCount: 2, replicaLabel: ["replica", "prometheus_replica"] },
    queryFrontend: { enabled: false },
    receive: {
        enabled: true,
        replicaCount: 3,
        replicationFactor: 3,
        service: { additionalHeadless: true },
        tsdbRetention: "1d",
        persistence: { enabled: true, storageClass: "disk-essd", size: "50Gi" },
    },
    storegateway: { enabled: true, replicaCount: 2, persistence: { enabled: true, storageClass: "disk-essd", size: "20Gi" } },
    compactor: {
        enabled: true,
        retentionResolutionRaw: "30d",
        retentionResolution5m: "90d",
        retentionResolution1h: "1y",
        persistence: { enabled: true, storageClass: "disk-essd", size: "100Gi" },
    },
};
/** Each component's requests and limits (components/kubernetes/resources.ts' table), by values path. */
const THANOS_RESOURCES = {
    "query.resources": { requests: { cpu: "200m", memory: "512Mi" }, limits: { cpu: "2", memory: "4Gi" } },
    "receive.resources": { requests: { cpu: "500m", memory: "2Gi" }, limits: { cpu: "4", memory: "8Gi" } },
    "storegateway.resources": { requests: { cpu: "200m", memory: "1Gi" }, limits: { cpu: "2", memory: "4Gi" } },
    "compactor.resources": { requests: { cpu: "200m", memory: "1Gi" }, limits: { cpu: "2", memory: "4Gi" } },
};
/** The RAM policy of BUCKET: list the bucket, read and write its objects. */
const BUCKET_POLICY = {
    Version: "1",
    Statement: [
        { Effect: "Allow", Action: ["oss:ListObjects"], Resource: ["acs:oss:*:*:kube-platform-thanos-metrics"] },
        {
            Effect: "Allow",
            Action: ["oss:GetObject", "oss:PutObject", "oss:DeleteObject", "oss:ListParts", "oss:AbortMultipartUpload"],
            Resource: ["acs:oss:*:*:kube-platform-thanos-metrics/*"],
        },
    ],
};

async function declare(extra: Partial<ThanosArgs> = {}) {
    let thanos: Thanos | undefined;
    const rec = await record(() => {
        const provider = new k8s.Provider("ops-k8s", { kubeconfig: "fake" });
        thanos = new Thanos("thanos", { provider, region: "cn-hangzhou", bucket: BUCKET, retention: RETENTION, tags: { environment: "prod" }, ...extra });
    });
    return { rec, thanos: thanos! };
}

describe("Thanos values", () => {
    test("exact values: bitnamilegacy image, objstore Secret, Receive with its hashring, Query, Store Gateway, Compactor on disk-essd", () => {
        const { rest, resources } = splitResources(thanosValues({ retention: RETENTION, storageClass: "disk-essd", receiveReplicas: 3 }));
        // every component sized (replacing the chart's "nano" preset), from the one table of sizes
        expect(resources).toEqual(THANOS_RESOURCES);
        expect(rest).toEqual(THANOS_VALUES);
    });

    test("validate against the chart's keys with no problem, and the pinned version is the reference's", () => {
        for (const receiveReplicas of [1, 3, 5]) {
            expect(validateChartValues("thanos", thanosValues({ retention: RETENTION, storageClass: "disk-essd", receiveReplicas }))).toEqual([]);
        }
        expect(THANOS_CHART.version).toBe(chartVersion("thanos"));
    });

    test("a misspelt key is caught by the key check", () => {
        const values = thanosValues({ retention: RETENTION, storageClass: "disk-essd", receiveReplicas: 3 }) as { compactor: Record<string, unknown> };
        values.compactor.retentionResolutionRaws = "30d";
        expect(validateChartValues("thanos", values).map((p) => p.path)).toEqual(["compactor.retentionResolutionRaws"]);
    });

    test.each([
        [1, 1],
        [2, 1],
        [3, 3],
        [6, 3],
    ])("%i Receive replicas replicate each series %i times", (replicas, factor) => {
        expect(replicationFactor(replicas)).toBe(factor);
    });

    test.each([
        ["30d", 30],
        ["12w", 84],
        ["1y", 365],
        ["30", undefined],
        ["1m", undefined],
    ])("retention %s is %s days", (text, days) => {
        expect(retentionDays(text)).toBe(days);
    });

    test.each([
        [RETENTION, []],
        [{ raw: "1d", fiveMinutes: "90d", oneHour: "1y" }, ["retention.raw: expected at least 2d (blocks are downsampled after 40 hours), found 1d"]],
        [{ raw: "30d", fiveMinutes: "2w", oneHour: "1y" }, ["retention.fiveMinutes: expected at least raw (30d): the 5-minute data summarises the raw, found 2w"]],
        [{ raw: "30d", fiveMinutes: "90d", oneHour: "30d" }, ["retention.oneHour: expected at least fiveMinutes (90d): the 1-hour data summarises the 5-minute, found 30d"]],
        [{ raw: "30 days", fiveMinutes: "90d", oneHour: "1y" }, ['retention.raw: expected a duration such as 30d, 12w or 1y, found "30 days"']],
    ])("retention %j: %j", (retention, problems) => {
        expect(retentionProblems(retention)).toEqual(problems);
    });
});

describe("Thanos object store", () => {
    test("the RAM policy allows Thanos' actions on the bucket and its objects, and nothing else", () => {
        expect(JSON.parse(bucketPolicyDocument(BUCKET))).toEqual(BUCKET_POLICY);
    });

    test("objstore.yml: ALIYUNOSS on the region's intranet endpoint", () => {
        expect(ossIntranetEndpoint("cn-shanghai")).toBe("https://oss-cn-shanghai-internal.aliyuncs.com");
        expect(YAML.parse(objstoreConfig({ region: "cn-hangzhou", bucket: BUCKET, accessKeyId: "LTAI1", accessKeySecret: "s3cr3t" }))).toEqual({
            type: "ALIYUNOSS",
            config: { endpoint: "https://oss-cn-hangzhou-internal.aliyuncs.com", bucket: BUCKET, access_key_id: "LTAI1", access_key_secret: "s3cr3t" },
        });
    });
});

describe("the bucket's writer", () => {
    test("the access key's secret half is a secret output, its id is not", async () => {
        let store: PrivateBucket | undefined;
        await record(() => {
            const parent = new pulumi.ComponentResource("platform:test:Parent", "parent");
            store = privateBucketWithWriter("store", { bucket: BUCKET, userName: "writer", purpose: "Thanos" }, parent);
        });
        expect(await value(store!.accessKeySecret)).toMatch(new RegExp(`^${FAKE_ACCESS_KEY_SECRET_PREFIX}`));
        expect(await pulumi.isSecret(store!.accessKeySecret)).toBe(true);
        expect(await value(store!.accessKeyId)).toMatch(/^LTAI/);
        expect(await pulumi.isSecret(store!.accessKeyId)).toBe(false);
    });
});

describe("Thanos", () => {
    test("declares the bucket, its writer, the objstore Secret, the release and the Receive load balancer, and nothing else", async () => {
        const { rec } = await declare();
        expect(rec.resources.filter((r) => r.parent === PARENT).map((r) => `${r.type} ${r.name}`).sort()).toEqual([
            "alicloud:oss/bucket:Bucket thanos-bucket",
            "alicloud:oss/bucketAcl:BucketAcl thanos-bucket-acl",
            "alicloud:oss/bucketPublicAccessBlock:BucketPublicAccessBlock thanos-bucket-public-access",
            "alicloud:ram/accessKey:AccessKey thanos-oss-key",
            "alicloud:ram/policy:Policy thanos-oss-policy",
            "alicloud:ram/user:User thanos-oss-user",
            "alicloud:ram/userPolicyAttachment:UserPolicyAttachment thanos-oss-attach",
            "kubernetes:core/v1:Namespace thanos-ns",
            "kubernetes:core/v1:Secret thanos-objstore",
            "kubernetes:core/v1:Service thanos-receive-lb",
            "kubernetes:helm.sh/v3:Release thanos-release",
        ]);
        expect(rec.ofType("kubernetes:helm.sh/v3:Release").every((r) => r.provider === "urn:pulumi:test::platform::pulumi:providers:kubernetes::ops-k8s")).toBe(true);
    });

    test("the bucket is protected, private (ACL and public-access block, not the deprecated acl), encrypted and versioned", async () => {
        const { rec } = await declare();
        const bucket = rec.byName("thanos-bucket");
        expect(bucket.protect).toBe(true);
        expect(bucket.inputs).toEqual({
            bucket: BUCKET,
            storageClass: "Standard",
            serverSideEncryptionRule: { sseAlgorithm: "AES256" },
            versioning: { status: "Enabled" },
            lifecycleRules: [{ id: "expire-old-versions", enabled: true, prefix: "", noncurrentVersionExpirations: [{ days: 7 }], abortMultipartUploads: [{ days: 1 }] }],
            tags: { environment: "prod" },
        });
        expect(rec.byName("thanos-bucket-acl").inputs).toEqual({ bucket: BUCKET, acl: "private" });
        expect(rec.byName("thanos-bucket-public-access").inputs).toEqual({ bucket: BUCKET, blockPublicAccess: true });
    });

    test("the RAM user has exactly the bucket policy, and an access key", async () => {
        const { rec } = await declare();
        expect(rec.byName("thanos-oss-user").inputs).toEqual({ name: `thanos-${BUCKET}`, comments: `Thanos: reads and writes OSS bucket ${BUCKET} only` });
        const policy = rec.byName("thanos-oss-policy");
        expect(policy.inputs.policyName).toBe(`thanos-${BUCKET}-bucket`);
        expect(JSON.parse(String(policy.inputs.policyDocument))).toEqual(BUCKET_POLICY);
        expect(rec.byName("thanos-oss-attach").inputs).toEqual({ userName: `thanos-${BUCKET}`, policyName: `thanos-${BUCKET}-bucket`, policyType: "Custom" });
        expect(rec.byName("thanos-oss-key").inputs).toEqual({ userName: `thanos-${BUCKET}` });
    });

    test("the access key's secret is only in the objstore Secret, as a secret, never in plain text", async () => {
        const { rec } = await declare();
        expect(rec.resources.filter((r) => r.secretInputs.length > 0).map((r) => [r.name, r.secretInputs])).toEqual([["thanos-objstore", ["stringData"]]]);
        expect(rec.byName("thanos-objstore").inputs).toEqual({
            apiVersion: "v1",
            kind: "Secret",
            metadata: { name: "thanos-objstore", namespace: "thanos" },
            type: "Opaque",
            stringData: "[secret]",
        });
        expect(JSON.stringify(rec.resources)).not.toContain(FAKE_ACCESS_KEY_SECRET_PREFIX);
    });

    test("the release: pinned chart from Bitnami's OCI registry, the values, in the Thanos namespace, after the objstore Secret", async () => {
        const { rec } = await declare();
        const release = rec.byName("thanos-release");
        expect(release.inputs).toEqual({
            name: "thanos",
            chart: "oci://registry-1.docker.io/bitnamicharts/thanos",
            version: chartVersion("thanos"),
            namespace: "thanos",
            values: expect.any(Object),
            maxHistory: 10,
            timeout: 600,
            compat: "true",
        });
        // the values: the exact ones of the first test, every component sized
        const { rest, resources } = splitResources(release.inputs.values as Record<string, unknown>);
        expect(rest).toEqual(THANOS_VALUES);
        expect(resources).toEqual(THANOS_RESOURCES);
        expect(release.dependencies).toContain("urn:pulumi:test::platform::platform:monitoring:Thanos$kubernetes:core/v1:Secret::thanos-objstore");
    });

    test("Receive is exposed by an intranet load balancer; the outputs are its remote-write URL and Query's in-cluster URL", async () => {
        const { rec, thanos } = await declare();
        const lb = rec.byName("thanos-receive-lb");
        expect(lb.inputs).toEqual({
            apiVersion: "v1",
            kind: "Service",
            metadata: { name: "thanos-receive-lb", namespace: "thanos", annotations: { "service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type": "intranet" } },
            spec: {
                type: "LoadBalancer",
                selector: { "app.kubernetes.io/name": "thanos", "app.kubernetes.io/instance": "thanos", "app.kubernetes.io/component": "receive" },
                ports: [{ name: "tcp", port: 19291, targetPort: "remote-write", protocol: "TCP" }],
            },
        });
        for (const name of ["thanos-receive-lb", "thanos-ns"]) expect(validateKubernetesObject(rec.byName(name).inputs)).toEqual([]);
        expect(await value(thanos.receiveUrl)).toMatch(/^http:\/\/192\.0\.2\.\d+:19291\/api\/v1\/receive$/);
        expect(await value(thanos.queryUrl)).toBe("http://thanos-query.thanos.svc.cluster.local:9090");
        expect(await value(thanos.bucketName)).toBe(BUCKET);
    });

    test("invalid arguments fail before anything is declared in the cloud", async () => {
        await expect(declare({ retention: { raw: "1d", fiveMinutes: "1d", oneHour: "1d" } })).rejects.toThrow(/retention\.raw: expected at least 2d/);
        await expect(declare({ receiveReplicas: 0 })).rejects.toThrow(/receiveReplicas: expected a whole number of at least 1, found 0/);
    });
});
