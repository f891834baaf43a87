/**
 * Inputs whose change makes the provider replace the resource (ForceNew in the provider's schema), per type.
 * The diff uses this to show such a change as a replacement, as `pulumi preview` would. A path matches
 * itself and everything below it.
 */
export const REPLACE_ON_CHANGE: Readonly<Record<string, readonly string[]>> = {
    "alicloud:vpc/network:Network": ["cidrBlock"],
    "alicloud:vpc/switch:Switch": ["vpcId", "cidrBlock", "zoneId", "availabilityZone"],
    "alicloud:ecs/securityGroup:SecurityGroup": ["vpcId", "securityGroupType"],
    "alicloud:ecs/securityGroupRule:SecurityGroupRule": [
        "securityGroupId", "type", "ipProtocol", "portRange", "cidrIp", "policy", "priority", "nicType", "sourceSecurityGroupId",
    ],
    "alicloud:cen/transitRouter:TransitRouter": ["cenId"],
    "alicloud:cen/transitRouterRouteTable:TransitRouterRouteTable": ["transitRouterId"],
    "alicloud:cen/transitRouterVpcAttachment:TransitRouterVpcAttachment": ["cenId", "transitRouterId", "vpcId"],
    "alicloud:cen/transitRouterRouteTableAssociation:TransitRouterRouteTableAssociation": ["transitRouterAttachmentId", "transitRouterRouteTableId"],
    "alicloud:cen/transitRouterRouteTablePropagation:TransitRouterRouteTablePropagation": ["transitRouterAttachmentId", "transitRouterRouteTableId"],
    "alicloud:vpc/routeEntry:RouteEntry": ["routeTableId", "destinationCidrblock", "nexthopType", "nexthopId"],
    "alicloud:cs/managedKubernetes:ManagedKubernetes": ["podVswitchIds", "serviceCidr", "name", "proxyMode", "podCidr"],
    "alicloud:cs/nodePool:NodePool": ["clusterId"],
    "alicloud:cs/kubernetesAddon:KubernetesAddon": ["clusterId", "name"],
    "alicloud:nas/fileSystem:FileSystem": ["fileSystemType", "storageType", "protocolType", "zoneId", "encryptType", "kmsKeyId"],
    "alicloud:nas/accessGroup:AccessGroup": ["accessGroupName", "accessGroupType", "fileSystemType"],
    "alicloud:nas/accessRule:AccessRule": ["accessGroupName", "fileSystemType"],
    "alicloud:nas/mountTarget:MountTarget": ["fileSystemId", "vswitchId", "vpcId", "networkType"],
    "alicloud:oss/bucket:Bucket": ["bucket", "storageClass"],
    "alicloud:ecs/instance:Instance": ["imageId", "vswitchId", "availabilityZone"],
    "kubernetes:storage.k8s.io/v1:StorageClass": ["provisioner", "parameters", "reclaimPolicy", "volumeBindingMode", "mountOptions"],
};

/** The changed paths of a resource that force its replacement. */
export function replacingPaths(type: string, changedPaths: readonly string[]): string[] {
    const prefixes = REPLACE_ON_CHANGE[type] ?? [];
    return changedPaths.filter((p) => prefixes.some((prefix) => p === prefix || p.startsWith(`${prefix}.`) || p.startsWith(`${prefix}[`)));
}
