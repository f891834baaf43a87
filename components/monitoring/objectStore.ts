/**
 * Thanos' object store configuration (its bucket and writer: components/storage/privateBucket.ts).
 */
import * as YAML from "yaml";
import { ossIntranetEndpoint } from "../storage/privateBucket";

export { ossIntranetEndpoint };

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

