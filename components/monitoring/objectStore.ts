/**
 * Thanos' object store: a private, encrypted, versioned OSS bucket and a RAM user that may use that bucket
 * and nothing else. Pure helpers (the policy document, the objstore configuration) and the function that
 * declares the resources as children of the Thanos component.
 */
import * as alicloud from "@pulumi/alicloud";
import * as pulumi from "@pulumi/pulumi";
import * as YAML from "yaml";

/** What Thanos does with its bucket: list blocks. */
export const BUCKET_ACTIONS = ["oss:ListObjects"] as const;
/** What Thanos does with its objects: read, write (multipart included) and delete block files (compaction deletes). */
export const OBJECT_ACTIONS = ["oss:GetObject", "oss:PutObject", "oss:DeleteObject", "oss:ListParts", "oss:AbortMultipartUpload"] as const;

/** Days a deleted or overwritten block file stays recoverable before OSS expires the old version. */
export const NONCURRENT_VERSION_DAYS = 7;

/** A RAM policy document (version 1) allowing the Thanos actions on one bucket and its objects only. */
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

/** What {@link objstoreConfig} needs. */
export interface ObjstoreInput {
    readonly region: string;
    readonly bucket: string;
    readonly accessKeyId: string;
    readonly accessKeySecret: string;
}

/** Thanos' `objstore.yml` for Alibaba Cloud OSS (type ALIYUNOSS), reaching the bucket on the intranet endpoint. */
export function objstoreConfig(i: ObjstoreInput): string {
    return YAML.stringify({
        type: "ALIYUNOSS",
        config: { endpoint: ossIntranetEndpoint(i.region), bucket: i.bucket, access_key_id: i.accessKeyId, access_key_secret: i.accessKeySecret },
    });
}

/** What {@link privateBucketWithWriter} declares. */
export interface PrivateBucketArgs {
    /** Globally unique bucket name. */
    readonly bucket: string;
    /** RAM user name; unique in the account. */
    readonly userName: string;
    readonly tags?: Record<string, string>;
}

/** The declared bucket and its writer's access key (the secret half is a Pulumi secret). */
export interface PrivateBucket {
    readonly bucket: alicloud.oss.Bucket;
    readonly accessKeyId: pulumi.Output<string>;
    readonly accessKeySecret: pulumi.Output<string>;
}

/**
 * Declares the bucket (protected: it holds every metric the platform keeps), made private by an ACL and a
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

    const user = new alicloud.ram.User(`${name}-oss-user`, { name: args.userName, comments: `Thanos: reads and writes OSS bucket ${args.bucket} only` }, { parent });
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
