import * as alicloud from "@pulumi/alicloud";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { intranetLoadBalancer } from "../kubernetes/objects";
import { vpcSourceAcl } from "../network/sourceAcl";
import { PlatformCa } from "../pki/platformCa";
import { KUBESPHERE_NAMESPACE } from "./values";

/**
 * KubeSphere's console behind the platform's load balancer: ks-core's own Service selects `app: ks-console`
 * and forwards to the container's port 8000 (templates/ks-console.yaml), plain HTTP.
 */
export const KS_CONSOLE_ENTRY = { selector: { app: "ks-console" }, port: 443, targetPort: 8000 } as const;

/** Arguments for {@link KubeSphereConsole}. */
export interface KubeSphereConsoleArgs {
    /** Provider of the host cluster. */
    readonly provider: k8s.Provider;
    /** The console's name in the platform's zone (`console.ops.<zone>`). */
    readonly hostname: string;
    /** Issues the console's certificate. */
    readonly ca: PlatformCa;
    /** CIDRs that may reach the console: the platform's VPCs. */
    readonly sourceCidrs: readonly string[];
    /** Tags of the load balancer's certificate and access-control list. Defaults to none. */
    readonly tags?: Record<string, string>;
}

/**
 * The host's console on an intranet load balancer that terminates HTTPS on 443 with a certificate from the
 * platform CA (uploaded as a CLB server certificate; the CCM's `cert-id` annotation names it) and answers the
 * platform's VPCs only (a CLB ACL); ks-core itself exposes no NodePort (see `ksCoreValues`).
 * A renewed certificate is a new CLB certificate (every field of one forces a new id): the annotation moves
 * to it, then the old one is deleted.
 */
export class KubeSphereConsole extends pulumi.ComponentResource {
    public readonly url: string;
    /** The load balancer's IP (the DNS record of the console points here). */
    public readonly address: pulumi.Output<string>;

    constructor(name: string, args: KubeSphereConsoleArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:federation:KubeSphereConsole", name, {}, opts);
        const certificate = args.ca.issue(`${name}-tls`, [args.hostname], this);
        const uploaded = new alicloud.slb.ServerCertificate(
            `${name}-certificate`,
            { name, serverCertificate: certificate.certPem, privateKey: certificate.privateKeyPem, tags: args.tags },
            // the SDK does not mark the key secret; it is one
            { parent: this, additionalSecretOutputs: ["privateKey"] },
        );
        const acl = vpcSourceAcl(`${name}-console-sources`, { cidrs: args.sourceCidrs, tags: args.tags, aclName: `${name}-sources` }, { parent: this });
        const entry = intranetLoadBalancer(
            `${name}-console-lb`,
            { name: "ks-console-lb", namespace: KUBESPHERE_NAMESPACE, ...KS_CONSOLE_ENTRY, httpsCertificateId: uploaded.id, sourceAclId: acl.id },
            { parent: this, provider: args.provider, dependsOn: opts?.dependsOn },
        );
        this.address = entry.address;
        this.url = `https://${args.hostname}`;
        this.registerOutputs({ url: this.url, address: this.address });
    }
}
