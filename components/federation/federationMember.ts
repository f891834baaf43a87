import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { MEMBER_ACCESS } from "./access";
import { declareTokenAccess, tokenKubeconfig } from "./token";
import { HOST_CLUSTER_NAME } from "./values";

/** Arguments for {@link FederationMember}. */
export interface FederationMemberArgs {
    /** Provider of the member cluster. */
    readonly provider: k8s.Provider;
    /** The member's name in the federation (`prod`, `nonprod`): its `Cluster` object on the host. */
    readonly clusterName: string;
    /**
     * The member's API server as the host reaches it: the intranet endpoint (`https://<ip>:6443`, the ACK
     * cluster's `intranetEndpoint`), over the hub from the ops network.
     */
    readonly server: pulumi.Input<string>;
}

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Why `clusterName` cannot name a member, or undefined when it can. */
export function memberNameProblem(clusterName: string): string | undefined {
    if (clusterName === HOST_CLUSTER_NAME) return `${JSON.stringify(clusterName)} is the host's name: a member needs a name of its own`;
    if (clusterName.length > 63 || !DNS_SUBDOMAIN.test(clusterName)) {
        return `a member's name is its Cluster object's name: lower-case letters, digits, - and ., at most 63 characters; found ${JSON.stringify(clusterName)}`;
    }
    return undefined;
}

/**
 * The host's way into a member: the ServiceAccount `kubesphere-federation` in kube-system bound to
 * cluster-admin (the host installs and upgrades ks-core on its members, CRDs and webhooks included), a
 * long-lived token for it, and the kubeconfig built from that token for the member's intranet API endpoint,
 * which the member's registration on the host carries.
 */
export class FederationMember extends pulumi.ComponentResource {
    public readonly clusterName: string;
    /** The API server the kubeconfig points at. */
    public readonly server: pulumi.Output<string>;
    /** Kubeconfig of the ServiceAccount's token for the member's intranet endpoint; secret. */
    public readonly kubeconfig: pulumi.Output<string>;

    constructor(name: string, args: FederationMemberArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:federation:FederationMember", name, {}, opts);
        const problem = memberNameProblem(args.clusterName);
        if (problem) throw new Error(`FederationMember ${name}: clusterName: ${problem}`);

        const access = declareTokenAccess({ parent: this, name, provider: args.provider }, MEMBER_ACCESS, "cluster-admin");
        this.clusterName = args.clusterName;
        this.server = pulumi.output(args.server);
        this.kubeconfig = tokenKubeconfig(access, args.clusterName, args.server, MEMBER_ACCESS.serviceAccount);
        this.registerOutputs({ clusterName: this.clusterName, server: this.server, kubeconfig: this.kubeconfig });
    }
}
