import * as alicloud from "@pulumi/alicloud";
import * as k8s from "@pulumi/kubernetes";
import { PolicyConfigSchema, PolicyResource, ResourceValidationPolicy, StackValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { EXTREME_ROOT, NAS_MOUNT_OPTIONS, NAS_PROVISIONER } from "../components/storage/storageClasses";
import { Cidr, contains, parseCidr } from "../config/cidr";
import { NETWORK_NAMES, NetworkName } from "../config/topology";
import { configured, dependencyOf, ofType, platformConventions, violation } from "./support";

const NETWORK = "alicloud:vpc/network:Network";
const SWITCH = "alicloud:vpc/switch:Switch";
const FILE_SYSTEM = "alicloud:nas/fileSystem:FileSystem";
const ACCESS_GROUP = "alicloud:nas/accessGroup:AccessGroup";
const ACCESS_RULE = "alicloud:nas/accessRule:AccessRule";
const MOUNT_TARGET = "alicloud:nas/mountTarget:MountTarget";

const EXTREME_DOMAIN = ".extreme.nas.aliyuncs.com";

/** Every NAS file system is encrypted at rest (it can only be chosen at creation). */
export const nasEncrypted: ResourceValidationPolicy = {
    name: "nas-encrypted",
    description: "NAS file systems must be encrypted at rest, with a NAS-managed key (encryptType 1) or a KMS key (2).",
    enforcementLevel: "mandatory",
    validateResource: validateResourceOfType(alicloud.nas.FileSystem, (fs, args, reportViolation) => {
        if (fs.encryptType === 1 || fs.encryptType === 2) return;
        reportViolation(
            violation({
                resource: `NAS file system ${args.name}`,
                field: "encryptType",
                expected: "1 (NAS-managed key) or 2 (a KMS key, extreme NAS only)",
                found: fs.encryptType === undefined ? "unset (0, not encrypted)" : String(fs.encryptType),
                fix: "set encryptType: 1; encryption is chosen at creation, so an existing file system is replaced and its data must be copied first",
            }),
        );
    }),
};

/** NAS file systems are protected: deleting one, or replacing it, deletes every volume on it. */
export const nasProtected: ResourceValidationPolicy = {
    name: "nas-protected",
    description: "NAS file systems must be declared with protect: true, because deleting or replacing one loses its data.",
    enforcementLevel: "mandatory",
    validateResource: validateResourceOfType(alicloud.nas.FileSystem, (_fs, args, reportViolation) => {
        if (args.opts.protect) return;
        reportViolation(
            violation({
                resource: `NAS file system ${args.name}`,
                field: "opts.protect",
                expected: "true",
                found: String(args.opts.protect),
                fix: "declare it with { protect: true }; to retire a file system, unprotect it in a reviewed change of its own",
            }),
        );
    }),
};

interface AddressPlanConfig {
    addressPlan: Record<NetworkName, string>;
}

/** A rule's source as a block: a CIDR, or a single address as a /32. */
function sourceBlock(text: string): Cidr | undefined {
    return parseCidr(text) ?? parseCidr(`${text}/32`);
}

/** The access group a rule or mount target names: its dependency, or the group with that name and type. */
function groupOf(r: PolicyResource, groups: PolicyResource[], fileSystemType: () => string): PolicyResource | undefined {
    const dep = dependencyOf(r, "accessGroupName");
    if (dep?.type === ACCESS_GROUP) return dep;
    const type = fileSystemType();
    return groups.find((g) => g.props.accessGroupName === r.props.accessGroupName && (g.props.fileSystemType ?? "standard") === type);
}

/** The VPC a mount target lives in: its `vpcId` dependency, or the VPC of its vSwitch. */
function vpcOfMountTarget(mt: PolicyResource): PolicyResource | undefined {
    const vpc = dependencyOf(mt, "vpcId");
    if (vpc?.type === NETWORK) return vpc;
    const vswitch = dependencyOf(mt, "vswitchId");
    const viaSwitch = vswitch?.type === SWITCH ? dependencyOf(vswitch, "vpcId") : undefined;
    return viaSwitch?.type === NETWORK ? viaSwitch : undefined;
}

function mountTargetFileSystemType(mt: PolicyResource): string {
    const fs = dependencyOf(mt, "fileSystemId");
    if (fs?.type === FILE_SYSTEM) return String(fs.props.fileSystemType ?? "standard");
    return String(mt.props.fileSystemId).startsWith("extreme-") ? "extreme" : "standard";
}

/**
 * NAS access rules admit only the VPC whose mount targets use their group. When no mount target of the group
 * resolves to a VPC of the stack, the rule must at least lie inside a VPC of the stack or of the address plan.
 */
export const nasAccessVpcOnly: StackValidationPolicy = {
    name: "nas-access-vpc-only",
    description: "NAS access rules must admit only the CIDR of the VPC that mounts the file system, never 0.0.0.0/0.",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            addressPlan: {
                type: "object",
                description: "VPC CIDR of each network (defaults to config/platform.yaml).",
                properties: Object.fromEntries(NETWORK_NAMES.map((n) => [n, { type: "string" as const }])),
            },
        },
    } satisfies PolicyConfigSchema,
    validateStack: (args, reportViolation) => {
        const { addressPlan } = configured<AddressPlanConfig>(args, { addressPlan: platformConventions().addressPlan });
        const groups = ofType(args, ACCESS_GROUP);
        const vpcsByGroup = new Map<PolicyResource, Set<PolicyResource>>();
        for (const mt of ofType(args, MOUNT_TARGET)) {
            const group = groupOf(mt, groups, () => mountTargetFileSystemType(mt));
            const vpc = vpcOfMountTarget(mt);
            if (group && vpc) vpcsByGroup.set(group, (vpcsByGroup.get(group) ?? new Set()).add(vpc));
        }
        const known = [
            ...ofType(args, NETWORK).map((v) => ({ label: `VPC ${v.name}`, text: String(v.props.cidrBlock) })),
            ...NETWORK_NAMES.map((n) => ({ label: `the ${n} network`, text: addressPlan[n] })),
        ].flatMap((k) => {
            const cidr = parseCidr(k.text);
            return cidr ? [{ label: k.label, cidr }] : [];
        });

        for (const rule of ofType(args, ACCESS_RULE)) {
            if (typeof rule.props.sourceCidrIp !== "string") continue;
            const source = rule.props.sourceCidrIp;
            const block = sourceBlock(source);
            const group = groupOf(rule, groups, () => String(rule.props.fileSystemType ?? "standard"));
            const mounting = [...(group ? (vpcsByGroup.get(group) ?? []) : [])].flatMap((v) => {
                const cidr = parseCidr(String(v.props.cidrBlock));
                return cidr ? [{ label: `VPC ${v.name}`, cidr }] : [];
            });
            const allowed = mounting.length > 0 ? mounting : known;
            if (block && block.prefix > 0 && allowed.some((a) => contains(a.cidr, block))) continue;
            const where =
                mounting.length > 0
                    ? `the CIDR of the VPC that mounts access group ${String(rule.props.accessGroupName)} (${mounting.map((m) => `${m.label} ${m.cidr.text}`).join(", ")})`
                    : "the CIDR of a VPC of the stack or of the address plan";
            reportViolation(
                violation({
                    resource: `NAS access rule ${rule.name}`,
                    field: "sourceCidrIp",
                    expected: `a block inside ${where}`,
                    found: block?.prefix === 0 ? `${source}, every address` : source,
                    fix: "set sourceCidrIp to the cluster VPC's CIDR (or a block inside it)",
                }),
                rule.urn,
            );
        }
    },
};

/** The path a NAS class mounts: the `path` parameter, or the part of `server` after the colon. */
function nasPath(parameters: Record<string, string>): string {
    if (parameters.path) return parameters.path;
    const server = parameters.server ?? "";
    const colon = server.indexOf(":");
    return colon < 0 ? "/" : server.slice(colon + 1) || "/";
}

/**
 * StorageClasses on the NAS CSI driver mount with `nolock,tcp,noresvport` and `vers=3`; a class on extreme NAS
 * mounts a path under `/share` (all extreme NAS exports) and retains its volumes.
 */
export const nasStorageClassConventions: ResourceValidationPolicy = {
    name: "nas-storageclass-conventions",
    description: "NAS StorageClasses must mount with nolock,tcp,noresvport and vers=3; extreme NAS classes use a path under /share and reclaimPolicy Retain.",
    enforcementLevel: "mandatory",
    validateResource: validateResourceOfType(k8s.storage.v1.StorageClass, (sc, args, reportViolation) => {
        if (sc.provisioner !== NAS_PROVISIONER) return;
        const resource = `StorageClass ${sc.metadata?.name ?? args.name}`;
        const options = sc.mountOptions ?? [];
        const tokens = new Set(options.flatMap((o) => o.split(",").map((t) => t.trim())));
        const missing = NAS_MOUNT_OPTIONS.flatMap((o) => o.split(",")).filter((t) => !tokens.has(t));
        if (missing.length > 0) {
            reportViolation(
                violation({
                    resource,
                    field: "mountOptions",
                    expected: `${JSON.stringify(NAS_MOUNT_OPTIONS)} (missing ${missing.join(", ")})`,
                    found: JSON.stringify(options),
                    fix: `set mountOptions: ${JSON.stringify(NAS_MOUNT_OPTIONS)}`,
                }),
            );
        }
        const parameters = (sc.parameters ?? {}) as Record<string, string>;
        if (!String(parameters.server ?? "").includes(EXTREME_DOMAIN)) return;
        const path = nasPath(parameters);
        if (path !== EXTREME_ROOT && !path.startsWith(`${EXTREME_ROOT}/`)) {
            reportViolation(
                violation({
                    resource,
                    field: parameters.path ? "parameters.path" : "parameters.server",
                    expected: `a path under ${EXTREME_ROOT} (extreme NAS exports only ${EXTREME_ROOT})`,
                    found: parameters.path ?? parameters.server,
                    fix: `mount a directory under ${EXTREME_ROOT}, e.g. <mount target domain>:${EXTREME_ROOT}/k8s`,
                }),
            );
        }
        if (sc.reclaimPolicy !== "Retain") {
            reportViolation(
                violation({
                    resource,
                    field: "reclaimPolicy",
                    expected: "Retain (extreme NAS holds the stateful workloads' data)",
                    found: sc.reclaimPolicy ?? "unset (Delete)",
                    fix: "set reclaimPolicy: Retain",
                }),
            );
        }
    }),
};

export const storagePolicies = [nasEncrypted, nasProtected, nasAccessVpcOnly, nasStorageClassConventions];
