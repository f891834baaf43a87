/**
 * A private, encrypted, versioned OSS bucket and a RAM user that may use that bucket and nothing else: the
 * object store of Thanos and of Harbor's registry. The policy document is a pure function.
 */
import * as alicloud from "@pulumi/alicloud";
import * as pulumi from "@pulumi/pulumi";

/** What Thanos does with its bucket: list blocks. */
export const BUCKET_ACTIONS = ["oss:ListObjects"] as const;
/** What Thanos does with its objects: read, write (multipart included) and delete block files (compaction deletes). */
export const OBJECT_ACTIONS = ["oss:GetObject", "oss:PutObject", "oss:DeleteObject", "oss:ListParts", "oss:AbortMultipartUpload"] as const;

/** Days a deleted or overwritten block file stays recoverable before OSS expires the old version. */
export const NONCURRENT_VERSION_DAYS = 7;

/** A RAM policy document (version 1) allowing those actions on one bucket and its objects only. */
export function bucketPolicyDocument(bucket: string): string {
    return JSON.stringify({
        Version: "1",
        Statement: [
            { Effect: "Allow", Action: [...BUCKET_ACTIONS], Resource: [`acs:oss:*:*:${bucket}`] },
            { Effect: "Allow", Action: [...OBJECT_ACTIONS], Resource: [`acs:oss:*:*:${bucket}/*`] },
        ],
    });
}

/** OSS' endpoint inside the region's VPCs: no internet traffic, no traffic charge. */
export function ossIntranetEndpoint(region: string): string {
    return `https://oss-${region}-internal.aliyuncs.com`;
}

/** What {@link privateBucketWithWriter} declares. */
export interface PrivateBucketArgs {
    /** Globally unique bucket name. */
    readonly bucket: string;
    /** RAM user name; unique in the account. */
    readonly userName: string;
    /** Who writes the bucket and why, for the RAM user's and policy's descriptions: `Thanos`, `Harbor`. */
    readonly purpose: string;
    /** Tags of the bucket. Defaults to none. */
    readonly tags?: Record<string, string>;
}

/** The declared bucket and its writer's access key (the secret half is a Pulumi secret). */
export interface PrivateBucket {
    readonly bucket: alicloud.oss.Bucket;
    readonly accessKeyId: pulumi.Output<string>;
    readonly accessKeySecret: pulumi.Output<string>;
}

/**
 * Declares the bucket (protected: it holds data the platform keeps: metrics, registry blobs), made private by an ACL and a
 * public-access block (the bucket's own `acl` is deprecated), encrypted at rest, versioned with old versions
 * expiring, and a RAM user whose only permission is that bucket, with an access key.
 */
export function privateBucketWithWriter(name: string, args: PrivateBucketArgs, parent: pulumi.Resource): PrivateBucket {
    const bucket = new alicloud.oss.Bucket(
        `${name}-bucket`,
        {
            bucket: args.bucket,
            storageClass: "Standard",
            serverSideEncryptionRule: { sseAlgorithm: "AES256" },
            versioning: { status: "Enabled" },
            lifecycleRules: [
                {
                    id: "expire-old-versions",
                    enabled: true,
                    prefix: "",
                    noncurrentVersionExpirations: [{ days: NONCURRENT_VERSION_DAYS }],
                    abortMultipartUploads: [{ days: 1 }],
                },
            ],
            tags: args.tags,
        },
        { parent, protect: true },
    );
    new alicloud.oss.BucketAcl(`${name}-bucket-acl`, { bucket: bucket.bucket, acl: "private" }, { parent });
    new alicloud.oss.BucketPublicAccessBlock(`${name}-bucket-public-access`, { bucket: bucket.bucket, blockPublicAccess: true }, { parent });

    const user = new alicloud.ram.User(`${name}-oss-user`, { name: args.userName, comments: `${args.purpose}: reads and writes OSS bucket ${args.bucket} only` }, { parent });
    const policy = new alicloud.ram.Policy(
        `${name}-oss-policy`,
        { policyName: `${args.userName}-bucket`, policyDocument: bucketPolicyDocument(args.bucket), description: `Read and write OSS bucket ${args.bucket} only` },
        { parent },
    );
    new alicloud.ram.UserPolicyAttachment(`${name}-oss-attach`, { userName: user.name, policyName: policy.policyName, policyType: "Custom" }, { parent });
    // the SDK already lists `secret` in additionalSecretOutputs; wrapping it too keeps it secret wherever it flows
    const key = new alicloud.ram.AccessKey(`${name}-oss-key`, { userName: user.name }, { parent, additionalSecretOutputs: ["secret"] });
    return { bucket, accessKeyId: key.id, accessKeySecret: pulumi.secret(key.secret) };
}
