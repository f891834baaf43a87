/**
 * The RAM role a self-managed cluster's ECS nodes carry, and what it may do: the calls Alibaba Cloud's CSI driver
 * makes for the cluster's disk and NAS volumes. Without an ACK addon token or an AccessKey, the driver takes the
 * node's instance RAM role from the metadata server (alibaba-cloud-csi-driver v1.37.1 pkg/utils/auth.go:240-285,
 * `getStsToken`). The actions are those its disk and NAS code calls (pkg/disk, pkg/nas, pkg/cloud at v1.37.1),
 * snapshots and file-system creation left out (the platform's classes neither snapshot nor create file systems).
 * Pure.
 */

/** ECS's service principal, which may assume the role for the instances it is attached to. */
export const ECS_SERVICE = "ecs.aliyuncs.com";

/** The driver's disk calls (create, attach, detach, resize, delete, tags) and the NAS calls of subpath volumes (directories, quotas). */
export const CSI_NODE_ACTIONS: readonly string[] = [
    "ecs:CreateDisk",
    "ecs:AttachDisk",
    "ecs:DetachDisk",
    "ecs:DeleteDisk",
    "ecs:ResizeDisk",
    "ecs:DescribeDisks",
    "ecs:DescribeInstances",
    "ecs:DescribeInstanceHistoryEvents",
    "ecs:DescribeTags",
    "ecs:AddTags",
    "ecs:RemoveTags",
    "nas:DescribeFileSystems",
    "nas:DescribeMountTargets",
    "nas:CreateDir",
    "nas:SetDirQuota",
    "nas:CancelDirQuota",
];

/** The role's trust policy: ECS may assume it. */
export function nodeTrustPolicy(): string {
    return JSON.stringify({ Version: "1", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { Service: [ECS_SERVICE] } }] });
}

/** The role's permissions: {@link CSI_NODE_ACTIONS}, on the account's resources (the driver names disks and file systems it has not made yet). */
export function csiNodePolicy(): string {
    return JSON.stringify({ Version: "1", Statement: [{ Effect: "Allow", Action: [...CSI_NODE_ACTIONS], Resource: "*" }] });
}

/** RAM names: letters, digits, `-`, at most 64 characters. */
export function nodeRoleName(cluster: string): string {
    const name = `kube-platform-${cluster}-nodes`;
    if (!/^[A-Za-z0-9-]{1,64}$/.test(name)) throw new Error(`nodeRoleName: ${JSON.stringify(name)} is not a RAM name`);
    return name;
}
