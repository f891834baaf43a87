import { chartRelease } from "../kubernetes/charts";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { RegistryConfig } from "../../config/registry";
import { intranetLoadBalancer, platformNamespace } from "../kubernetes/objects";
import { PlatformCa } from "../pki/platformCa";
import { DISK_CLASS } from "../storage/storageClasses";
import { vpcSourceAcl } from "../network/sourceAcl";
import { createHash } from "crypto";
import { privateBucketWithWriter } from "../storage/privateBucket";
import { HarborConfiguration } from "./harbor/configuration";
import {
    HARBOR_CHART,
    HARBOR_ENTRY,
    HARBOR_GENERATED,
    HARBOR_REGISTRY_CREDENTIALS,
    HARBOR_REGISTRY_USER,
    HARBOR_SECRETS,
    HARBOR_TLS_SECRET,
    harborValues,
} from "./harborValues";

/** Arguments for {@link HarborRegistry}. */
export interface HarborRegistryArgs {
    /** Provider of the ops cluster, where Harbor runs. */
    readonly provider: k8s.Provider;
    /** Harbor's intranet host name (settings: platform:registry.hostname). */
    readonly hostname: string;
    /** The region of the blob bucket (Harbor's OSS storage driver reaches it at its intranet endpoint). */
    readonly region: string;
    /** OSS bucket of the blobs (settings: platform:registry.bucket). */
    readonly bucket: string;
    /** CIDRs of the VPCs that may reach Harbor: the three networks. */
    readonly sourceRanges: readonly string[];
    /** What must exist before Harbor's API is called by its name: its DNS record. Defaults to nothing. */
    readonly dnsReady?: pulumi.Resource[];
    /** The platform CA: it issues Harbor's server certificate, and Harbor's configuration client trusts it. */
    readonly ca: PlatformCa;
    /** Projects, proxy caches, one robot per cluster, GC and retention (config/registry.yaml). */
    readonly config: RegistryConfig;
    /** StorageClass of Harbor's volumes (database, redis, job logs, trivy). Defaults to the disk class `disk-essd`. */
    readonly storageClass?: string;
    /** Tags of the blob bucket and the load balancer's access-control list. Defaults to none. */
    readonly tags?: Record<string, string>;
}

/**
 * The platform's Harbor in ops: its blob bucket (private, encrypted, versioned, protected) with a RAM user
 * limited to it, the admin password from @pulumi/random, a server certificate from the platform CA, the
 * goharbor release behind an intranet load balancer, and Harbor's own configuration applied through its API
 * (projects, proxy caches, robots, GC, retention), verifying Harbor against the CA.
 */
export class HarborRegistry extends pulumi.ComponentResource {
    public readonly url: string;
    public readonly hostname: string;
    /** The intranet load balancer's IP (the DNS record of {@link hostname} points here). */
    public readonly address: pulumi.Output<string>;
    /** Harbor's configuration: each project, for releases that pull through it. */
    public readonly configuration: HarborConfiguration;
    /** Each cluster's pull-only robot credential (secret). */
    public readonly pullCredentials: Record<string, pulumi.Output<{ username: string; password: string }>>;
    /** The admin password (secret). */
    public readonly adminPassword: pulumi.Output<string>;

    constructor(name: string, args: HarborRegistryArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:registry:Harbor", name, {}, opts);
        const store = privateBucketWithWriter(name, { bucket: args.bucket, userName: `harbor-${args.bucket}`.slice(0, 64), purpose: "Harbor registry", tags: args.tags }, this);
        const password = new random.RandomPassword(`${name}-admin-password`, { length: 32, special: false }, { parent: this });
        this.adminPassword = pulumi.secret(password.result);

        const k8sOpts = { parent: this, provider: args.provider };
        const namespace = platformNamespace(`${name}-ns`, HARBOR_CHART.namespace, "baseline", k8sOpts);
        const secret = (role: keyof typeof HARBOR_SECRETS, value: pulumi.Input<string>) =>
            new k8s.core.v1.Secret(
                `${name}-${role}-secret`,
                {
                    metadata: { name: HARBOR_SECRETS[role].name, namespace: namespace.metadata.name },
                    type: "Opaque",
                    stringData: { [HARBOR_SECRETS[role].key]: pulumi.secret(value) },
                },
                k8sOpts,
            );
        const certificate = args.ca.issue(`${name}-tls`, [args.hostname], this);
        const tlsSecret = new k8s.core.v1.Secret(
            `${name}-tls-secret`,
            {
                metadata: { name: HARBOR_TLS_SECRET, namespace: namespace.metadata.name },
                type: "kubernetes.io/tls",
                stringData: { "tls.crt": certificate.certPem, "tls.key": certificate.privateKeyPem, "ca.crt": certificate.caCertPem },
            },
            k8sOpts,
        );
        const secrets = [secret("admin", this.adminPassword), secret("oss", store.accessKeySecret), tlsSecret, ...internalCredentials(name, k8sOpts, namespace)];
        const release = chartRelease(
            `${name}-release`,
            HARBOR_CHART,
            {
                namespace: namespace.metadata.name,
                values: pulumi.all([store.accessKeyId, certificate.certPem]).apply(([accessKeyId, certPem]) =>
                    harborValues({
                        hostname: args.hostname,
                        region: args.region,
                        bucket: args.bucket,
                        accessKeyId,
                        storageClass: args.storageClass ?? DISK_CLASS.className,
                        // nginx reads the certificate at start: a renewed one rolls it (the chart does this only for its own)
                        certificateChecksum: createHash("sha256").update(certPem).digest("hex"),
                    }),
                ),
            },
            { ...k8sOpts, dependsOn: secrets },
        );

        const acl = vpcSourceAcl(`${name}-sources`, { cidrs: args.sourceRanges, tags: args.tags }, { parent: this });
        const entry = intranetLoadBalancer(
            `${name}-lb`,
            { name: "harbor-lb", namespace: HARBOR_CHART.namespace, selector: HARBOR_ENTRY.selector, port: HARBOR_ENTRY.port, targetPort: HARBOR_ENTRY.targetPort, sourceAclId: acl.id },
            { ...k8sOpts, dependsOn: [namespace] },
        );
        this.address = entry.address;
        this.hostname = args.hostname;
        this.url = `https://${args.hostname}`;
        const configuration = new HarborConfiguration(
            `${name}-config`,
            {
                harbor: { url: this.url, password: this.adminPassword, caCertPem: args.ca.certPem, address: this.address },
                projects: args.config.projects,
                robots: args.config.robots,
                gc: args.config.gc,
                dependsOn: [release, entry.service, ...(args.dnsReady ?? [])],
            },
            { parent: this },
        );
        this.configuration = configuration;
        this.pullCredentials = configuration.pullCredentials;
        this.registerOutputs({ url: this.url, hostname: this.hostname, address: this.address, pullCredentials: this.pullCredentials });
    }
}

/** Harbor's internal credentials, generated, each in the Secret the chart reads (HARBOR_GENERATED says which). */
function internalCredentials(name: string, opts: pulumi.CustomResourceOptions & { parent: pulumi.Resource }, namespace: k8s.core.v1.Namespace): k8s.core.v1.Secret[] {
    const inNamespace = (secretName: string) => ({ name: secretName, namespace: namespace.metadata.name });
    const generated = Object.entries(HARBOR_GENERATED).map(([role, g]) => {
        const value = new random.RandomPassword(`${name}-${role}-value`, { length: g.length, special: false }, { parent: opts.parent });
        return new k8s.core.v1.Secret(`${name}-${role}-generated`, { metadata: inNamespace(g.name), type: "Opaque", stringData: { [g.key]: pulumi.secret(value.result) } }, opts);
    });
    // the registry's own login: core and jobservice send the password, the registry checks it against htpasswd
    const registry = new random.RandomPassword(`${name}-registry-password`, { length: 32, special: false }, { parent: opts.parent });
    const credentials = new k8s.core.v1.Secret(
        `${name}-registry-credentials`,
        {
            metadata: inNamespace(HARBOR_REGISTRY_CREDENTIALS.name),
            type: "Opaque",
            stringData: {
                [HARBOR_REGISTRY_CREDENTIALS.passwordKey]: pulumi.secret(registry.result),
                [HARBOR_REGISTRY_CREDENTIALS.htpasswdKey]: pulumi.secret(pulumi.interpolate`${HARBOR_REGISTRY_USER}:${registry.bcryptHash}`),
            },
        },
        opts,
    );
    return [...generated, credentials];
}
