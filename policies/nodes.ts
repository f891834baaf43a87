import * as alicloud from "@pulumi/alicloud";
import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { NODE_LABELS } from "../components/cluster/nodeLabels";
import { configured, platformConventions, violation } from "./support";

type NodePoolArgs = alicloud.cs.NodePoolArgs;
const nodes = () => platformConventions().nodes;

/** Node pools use one of the approved 32 vCPU / 128 GiB instance types. */
export const nodePoolApprovedInstanceType: ResourceValidationPolicy = {
    name: "node-pool-approved-instance-type",
    description: "Node pools use one of the platform's approved 32 vCPU / 128 GiB instance types.",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: { approvedInstanceTypes: { type: "array", items: { type: "string" }, description: "Approved instance types." } },
    },
    validateResource: validateResourceOfType(alicloud.cs.NodePool, (pool, args, reportViolation) => {
        const { approvedInstanceTypes } = configured(args, { approvedInstanceTypes: nodes().approvedInstanceTypes });
        const types = (pool.instanceTypes ?? []) as string[];
        const bad = types.filter((t) => !approvedInstanceTypes.includes(t));
        if (types.length === 0 || bad.length > 0) {
            reportViolation(violation({
                resource: `node pool ${args.name}`,
                field: "instanceTypes",
                expected: `only approved types (${approvedInstanceTypes.join(", ")})`,
                found: types.length === 0 ? "no instance type" : bad.join(", "),
                fix: `use ${approvedInstanceTypes[0]}, the standard node`,
            }));
        }
    }),
};

/** Node pools run the standard image: Alibaba Cloud Linux 3 by image type, never a custom image. */
export const nodePoolStandardImage: ResourceValidationPolicy = {
    name: "node-pool-standard-image",
    description: "Node pools run the platform's standard image (Alibaba Cloud Linux 3), not a custom image.",
    enforcementLevel: "mandatory",
    configSchema: { properties: { imageType: { type: "string", description: "The ACK image type of every pool." } } },
    validateResource: validateResourceOfType(alicloud.cs.NodePool, (pool: NodePoolArgs, args, reportViolation) => {
        const { imageType } = configured(args, { imageType: nodes().imageType });
        if (pool.imageType !== imageType || pool.imageId) {
            reportViolation(violation({
                resource: `node pool ${args.name}`,
                field: pool.imageId ? "imageId" : "imageType",
                expected: `imageType ${imageType} and no imageId`,
                found: pool.imageId ? `a custom image ${String(pool.imageId)}` : String(pool.imageType ?? "no image type"),
                fix: `set imageType: ${imageType} and remove imageId`,
            }));
        }
    }),
};

/** System and data disks are encrypted ESSDs. */
export const nodePoolEncryptedEssd: ResourceValidationPolicy = {
    name: "node-pool-encrypted-essd",
    description: "Node pools use encrypted ESSD system and data disks.",
    enforcementLevel: "mandatory",
    validateResource: validateResourceOfType(alicloud.cs.NodePool, (pool: NodePoolArgs, args, reportViolation) => {
        const report = (field: string, found: string) =>
            reportViolation(violation({
                resource: `node pool ${args.name}`,
                field,
                expected: "an encrypted ESSD (category cloud_essd, encrypted)",
                found,
                fix: "use category cloud_essd with encryption on, as StandardNodePool does",
            }));
        if (pool.systemDiskCategory !== "cloud_essd") report("systemDiskCategory", String(pool.systemDiskCategory ?? "the default category"));
        if (pool.systemDiskEncrypted !== true) report("systemDiskEncrypted", String(pool.systemDiskEncrypted ?? "unset"));
        ((pool.dataDisks ?? []) as { category?: string; encrypted?: string }[]).forEach((d, i) => {
            if (d.category !== "cloud_essd") report(`dataDisks[${i}].category`, String(d.category ?? "the default category"));
            if (d.encrypted !== "true") report(`dataDisks[${i}].encrypted`, String(d.encrypted ?? "unset"));
        });
    }),
};

/** Node pools carry the platform's labels. */
export const nodePoolLabels: ResourceValidationPolicy = {
    name: "node-pool-labels",
    description: "Node pools carry the platform's node labels: environment, pool role and pool name.",
    enforcementLevel: "mandatory",
    validateResource: validateResourceOfType(alicloud.cs.NodePool, (pool: NodePoolArgs, args, reportViolation) => {
        const keys = new Set(((pool.labels ?? []) as { key: string }[]).map((l) => l.key));
        const missing = Object.values(NODE_LABELS).filter((k) => !keys.has(k));
        if (missing.length > 0) {
            reportViolation(violation({
                resource: `node pool ${args.name}`,
                field: "labels",
                expected: `the labels ${Object.values(NODE_LABELS).join(", ")}`,
                found: `none of ${missing.join(", ")}`,
                fix: "declare the pool with StandardNodePool, which sets them",
            }));
        }
    }),
};

/** Pools span at least two zones. */
export const nodePoolMultiZone: ResourceValidationPolicy = {
    name: "node-pool-multi-zone",
    description: "Node pools span at least two zones, so a zone outage leaves capacity.",
    enforcementLevel: "mandatory",
    validateResource: validateResourceOfType(alicloud.cs.NodePool, (pool: NodePoolArgs, args, reportViolation) => {
        const vswitches = new Set((pool.vswitchIds ?? []) as string[]);
        if (vswitches.size < 2) {
            reportViolation(violation({
                resource: `node pool ${args.name}`,
                field: "vswitchIds",
                expected: "vSwitches in at least two zones",
                found: `${vswitches.size} vSwitch(es)`,
                fix: "list a node vSwitch of each zone (remove the pool's zones setting to use all)",
            }));
        }
    }),
};

export const nodePolicies = [nodePoolApprovedInstanceType, nodePoolStandardImage, nodePoolEncryptedEssd, nodePoolLabels, nodePoolMultiZone];
