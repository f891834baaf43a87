import * as alicloud from "@pulumi/alicloud";
import * as pulumi from "@pulumi/pulumi";

/**
 * A CLB access-control list of the platform's VPC CIDRs: an intranet load balancer annotated with it (as a
 * whitelist, see `LB_ACL_ANNOTATIONS`) answers those networks only, whatever else routes to its VPC.
 */
export function vpcSourceAcl(
    name: string,
    args: { readonly cidrs: readonly string[]; readonly tags?: Record<string, string>; /** The ACL's name in the account; the resource's by default. */ readonly aclName?: string },
    opts: pulumi.CustomResourceOptions,
): alicloud.slb.Acl {
    return new alicloud.slb.Acl(
        name,
        { name: args.aclName ?? name, ipVersion: "ipv4", entryLists: args.cidrs.map((entry) => ({ entry, comment: "platform VPC" })), tags: args.tags },
        opts,
    );
}
