import { z } from "zod";
import { addressProblem, canonical, cidrProblem } from "./cidr";
import { ENVIRONMENTS, NETWORK_NAMES } from "./topology";

/** A canonical IPv4 CIDR such as `10.16.0.0/12`. */
export const cidrString = z.string().superRefine((value, ctx) => {
    const problem = cidrProblem(value);
    if (problem) {
        const block = canonical(value);
        ctx.addIssue({
            code: "custom",
            message: `an IPv4 CIDR, its block's first address and prefix length (${problem})`,
            params: { fix: block !== value ? `write ${block}` : "write the block's first address and its prefix length, e.g. 10.16.0.0/20" },
        });
    }
});

/** The two vSwitches of a network in one zone. */
export const zoneSubnetsSchema = z.strictObject({
    /** Node vSwitch: ECS nodes, load balancers, NAS mount targets. */
    nodeCidr: cidrString,
    /** Terway pod vSwitch: pod IPs come from here, so size it for the zone's pods (a /16 or /19). */
    podCidr: cidrString,
});

/** A network's egress when its settings say nothing: 100 Mbit/s, billed by traffic. */
export const EGRESS_DEFAULTS = { bandwidthMbps: 100, billing: "PayByTraffic" } as const;

/** One network the stack declares. */
export const networkSettingsSchema = z.strictObject({
    /** Kubernetes service CIDR of the network's cluster; must overlap no VPC. */
    serviceCidr: cidrString,
    /** vSwitch CIDRs per zone; the zones must be exactly `platform:zones`. */
    zones: z.record(z.string(), zoneSubnetsSchema),
    /** The network's way out to the internet (a NAT gateway with an EIP): nodes pull upstream images through it. */
    egress: z
        .strictObject({
            /** The EIP's peak bandwidth, in Mbit/s. */
            bandwidthMbps: z.number().int().min(1).max(10000).default(EGRESS_DEFAULTS.bandwidthMbps),
            /** PayByTraffic (per GB out) or PayByBandwidth (the peak, per day). */
            billing: z.enum(["PayByTraffic", "PayByBandwidth"]).default(EGRESS_DEFAULTS.billing),
        })
        .default({ ...EGRESS_DEFAULTS }),
});


export const POOL_ROLES = ["general", "stateful", "ci"] as const;
export type PoolRole = (typeof POOL_ROLES)[number];

const dnsLabel = z.string().regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, { message: "a DNS label: lowercase letters, digits and '-', at most 63" });
const labelKey = z.string().regex(/^([a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/, {
    message: "a Kubernetes label key such as team or example.com/team",
});
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;
const labelValue = z.string().superRefine((value, ctx) => {
    if (LABEL_VALUE.test(value)) return;
    // the value with every other character a '-', trimmed to what a label value may start and end with
    const meant = value.replace(/[^-A-Za-z0-9_.]+/g, "-").replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, "").slice(0, 63).replace(/[^A-Za-z0-9]+$/, "");
    ctx.addIssue({
        code: "custom",
        message: "a Kubernetes label value: at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit (no spaces)",
        params: { fix: meant !== "" && LABEL_VALUE.test(meant) ? `write ${meant}` : "write a value of letters, digits and '-', e.g. stateful-db" },
    });
});
const ipv4 = z.string().superRefine((value, ctx) => {
    const problem = addressProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: `an IPv4 address a.b.c.d, each number 0 to 255 (${problem})`, params: { fix: "write the host's or router's address as its interface has it, e.g. 10.100.1.22" } });
});

/** A node pool of a cluster. */
export const poolSchema = z.strictObject({
    /** general: tenants' workloads; stateful: exclusive ENI per pod; ci: build agents only (tainted). */
    role: z.enum(POOL_ROLES),
    /** One of config/platform.yaml nodes.approvedInstanceTypes; defaults to the first. */
    instanceType: z.string().optional(),
    /** A fixed size; or give autoscaling. */
    desiredSize: z.number().int().min(0).max(200).optional(),
    autoscaling: z.strictObject({ min: z.number().int().min(0).max(200), max: z.number().int().min(1).max(200) }).optional(),
    /** Zones to spread over (at least two); defaults to all of platform:zones. */
    zones: z.array(z.string()).optional(),
    /** Extra node labels. */
    labels: z.record(labelKey, labelValue).default({}),
});
export type PoolInput = z.infer<typeof poolSchema>;

/** Calico of a self-managed cluster. */
export const calicoSchema = z.strictObject({
    /** vxlan inside an Alibaba VPC (it does not learn BGP routes); bgp without encapsulation towards an IDC fabric. */
    mode: z.enum(["vxlan", "bgp"]),
    /** The pod IP pool; overlaps no VPC and no service CIDR. */
    ipPool: cidrString,
    /** The cluster's AS number (bgp). */
    asNumber: z.number().int().min(1).max(4294967295).optional(),
    bgpPeers: z.array(z.strictObject({ address: ipv4, asNumber: z.number().int().min(1).max(4294967295) })).default([]),
});

/** An existing host of an IDC cluster: its name (hostname and node name), its address, and what it is. */
export const idcHostSchema = z.strictObject({
    name: dnsLabel,
    address: ipv4,
    /** `control-plane`, or the name of the pool the worker belongs to. */
    role: z.string().min(1),
});

/** A cluster built with KubeKey instead of ACK: on ECS instances in the network's VPC, or on an IDC's hosts. */
export const selfManagedSchema = z.strictObject({
    /** Odd and at least 3 (etcd keeps its quorum with one member lost). */
    controlPlaneCount: z.number().int().default(3),
    kubekeyVersion: z.string().regex(/^v\d+\.\d+\.\d+$/).default("v3.1.10"),
    /**
     * What the nodes' network is: `vpc` (ECS instances in the network's VPC: Calico must encapsulate, since a VPC
     * learns no BGP routes), `routed` (an IDC's plain routed fabric) or `overlay` (an IDC fabric that is already an
     * SDN/VXLAN overlay: Calico must not encapsulate again). Defaults to vpc.
     */
    fabric: z.enum(["vpc", "routed", "overlay"]).default("vpc"),
    /** An IDC's existing hosts (fabric routed or overlay); none on a VPC, whose nodes the program creates. */
    hosts: z.array(idcHostSchema).default([]),
    /** An IDC's NFS export for shared files (the `nfs-shared` class, csi-driver-nfs); none on a VPC (NAS is its). */
    nfs: z.strictObject({ server: z.string().min(1), path: z.string().min(1) }).optional(),
    calico: calicoSchema,
});

/** The cluster of one network. */
export const clusterSchema = z.strictObject({
    kind: z.enum(["ack", "selfManaged"]).default("ack"),
    /** ACK: `1.33.3-aliyun.1`; self-managed (KubeKey): `v1.32.5`. */
    kubernetesVersion: z.string({ error: "a Kubernetes version, as text: 1.33.3-aliyun.1 on ACK, v1.32.5 self-managed" }).min(1),
    /** Where the API server is reachable; prod clusters stay on the intranet (policy). */
    apiServer: z.enum(["intranet", "internet"]).default("intranet"),
    deletionProtection: z.boolean().default(true),
    pools: z.record(dnsLabel, poolSchema),
    selfManaged: selfManagedSchema.optional(),
});
export type ClusterInput = z.infer<typeof clusterSchema>;

/** A `host:port` (a Logstash host): a name or an address, a colon, a port of up to five digits. */
export const HOST_PORT = /^[A-Za-z0-9.-]+:\d{1,5}$/;
const hostPort = z.string().regex(HOST_PORT, { message: "host:port, e.g. logstash-1.log.internal:5044" });
const retention = z.string().regex(/^\d+[dwy]$/, { message: "a Thanos retention such as 30d, 12w or 1y" });

/** Logs and metrics: where Filebeat ships, where ElastAlert reads, how long Thanos keeps metrics. */
export const observabilitySchema = z.strictObject({
    /** The external Logstash cluster Filebeat ships container logs to (every cluster). */
    logstashHosts: z.array(hostPort).min(1),
    /** The external Elasticsearch ElastAlert 2 queries (prod stack: it runs in ops). */
    elasticsearch: z.strictObject({ host: z.string().min(1), port: z.number().int().min(1).max(65535).default(9200), useSsl: z.boolean().default(true) }).optional(),
    /** Thanos Compactor retention per resolution (prod stack). */
    metricsRetention: z.strictObject({ raw: retention, fiveMinutes: retention, oneHour: retention }).optional(),
});
export type ObservabilityInput = z.infer<typeof observabilitySchema>;

/** The registry (prod stack: Harbor runs in ops). */
export const registrySchema = z.strictObject({
    /** Harbor's intranet host name, reached from the three VPCs. */
    hostname: z.string().regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, { message: "a DNS name such as harbor.ops.kube-platform.internal" }),
    /** Harbor blob bucket name (globally unique in OSS). */
    bucket: z.string().regex(/^[a-z0-9][-a-z0-9]{1,61}[a-z0-9]$/, { message: "an OSS bucket name: 3-63 lowercase letters, digits, '-'" }),
});
export type RegistryInput = z.infer<typeof registrySchema>;

/** How KubeSphere maps an identity to a user (pkg/models/auth/authenticator.go: only these three work in 4.1). */
export const MAPPING_METHODS = ["lookup", "auto", "manual"] as const;

const idpCommon = {
    /** What the console's login page shows. Defaults to the provider's name. */
    displayName: z.string().min(1).max(64).optional(),
    /** `lookup` (the default): only users the layout declares and maps may log in; `auto` creates a user at first login. */
    mappingMethod: z.enum(MAPPING_METHODS).default("lookup"),
};

/** An OpenID Connect provider (KubeSphere's OIDCIdentityProvider). `clientSecret` makes the key a secret. */
export const oidcProviderSchema = z.strictObject({
    type: z.literal("oidc"),
    ...idpCommon,
    issuer: z.string().superRefine((value, ctx) => {
        if (/^https:\/\/[^\s/]+(\/\S*)?$/.test(value)) return;
        ctx.addIssue({
            code: "custom",
            message: "the issuer's https URL (its discovery document is at /.well-known/openid-configuration)",
            params: {
                fix: /^http:\/\//.test(value)
                    ? `write it with https:// (${value.replace(/^http:/, "https:")}): KubeSphere reads the issuer's discovery document over TLS`
                    : "write the issuer as the provider publishes it (the iss claim of its tokens), e.g. https://sso.example.com/realms/corp",
            },
        });
    }),
    clientID: z.string().min(1),
    clientSecret: z.string().min(1),
    scopes: z.array(z.string().min(1)).default(["openid", "email", "profile"]),
});

/** An LDAP directory (KubeSphere's LDAPIdentityProvider). `managerPassword` makes the key a secret. */
export const ldapProviderSchema = z.strictObject({
    type: z.literal("ldap"),
    ...idpCommon,
    host: z.string().regex(/^ldaps?:\/\/[^\s/]+$/, { message: "ldaps://host:port (or ldap:// with startTLS)" }),
    startTLS: z.boolean().default(false),
    managerDN: z.string().min(1),
    managerPassword: z.string().min(1),
    userSearchBase: z.string().min(1),
    userSearchFilter: z.string().optional(),
    loginAttribute: z.string().min(1).default("uid"),
    mailAttribute: z.string().min(1).default("mail"),
});

/** The company's identity providers, by name (the console's /oauth/redirect/<name>). */
export const identityProvidersSchema = z.record(dnsLabel, z.discriminatedUnion("type", [oidcProviderSchema, ldapProviderSchema]));
export type IdentityProviderInput = z.infer<typeof oidcProviderSchema> | z.infer<typeof ldapProviderSchema>;

/** `platform:*` keys of a stack settings file (`Pulumi.<stack>.yaml`), without the namespace. */
export const stackSettingsSchema = z.strictObject({
    environment: z.enum(ENVIRONMENTS),
    region: z.string().min(1),
    zones: z.array(z.string()).min(2, { message: "at least two zones (pools and mount targets span zones)" }),
    networks: z.partialRecord(z.enum(NETWORK_NAMES), networkSettingsSchema),
    clusters: z.partialRecord(z.enum(NETWORK_NAMES), clusterSchema),
    /** Public half of the SSH key of self-managed clusters' ECS nodes (KubeKey logs in with it). */
    nodeSshPublicKey: z.string().regex(/^ssh-(ed25519|rsa) /, { message: "an OpenSSH public key (ssh-ed25519 ... or ssh-rsa ...)" }).optional(),
    /** Private half, a secret (`pulumi config set --secret platform:nodeSshPrivateKey < key`); read as an Output only. */
    nodeSshPrivateKey: z.string().optional(),
    observability: observabilitySchema,
    /** prod only. */
    registry: registrySchema.optional(),
    /** prod only: the company's notification webhook, a secret (it carries a token); read as an Output only. */
    alertWebhookUrl: z.string().optional(),
    /**
     * prod only: the identity providers KubeSphere's host signs users in through, a secret (their client secret
     * or bind password: `pulumi config set --secret --path 'platform:identityProviders.<name>.clientSecret' ...`).
     */
    identityProviders: identityProvidersSchema.optional(),
    /** prod only: the OSS bucket Thanos keeps metrics in. */
    metricsBucket: z.string().regex(/^[a-z0-9][-a-z0-9]{1,61}[a-z0-9]$/, { message: "an OSS bucket name" }).optional(),
    /** nonprod only: the prod stack to read the hub from, `<org>/<project>/<stack>`. */
    prodStack: z
        .string()
        .regex(/^([\w.-]+\/){2}[\w.-]+$/, { message: "a fully qualified stack name <org>/<project>/<stack>" })
        .optional(),
});
export type StackSettingsInput = z.infer<typeof stackSettingsSchema>;

/** `config/platform.yaml`: conventions shared by both stacks and the policy pack. */
export const platformConventionsSchema = z.strictObject({
    /** VPC CIDR of each network. Changing one replaces the VPC. */
    addressPlan: z.strictObject({ ops: cidrString, prod: cidrString, nonprod: cidrString }),
    /** Ports never open to 0.0.0.0/0. */
    adminPorts: z.array(z.number().int().min(1).max(65535)).min(1),
    /** Block storage: the ESSD performance level of the disk class databases and time series use. */
    storage: z
        .strictObject({ diskPerformanceLevel: z.enum(["PL0", "PL1", "PL2", "PL3"]).default("PL1") })
        .default({ diskPerformanceLevel: "PL1" }),
    /** The platform's private DNS zone (Alibaba Cloud PrivateZone), bound to the three VPCs. */
    dns: z.strictObject({
        zone: z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+$/, { message: "a DNS zone name such as kube-platform.internal" }),
    }),
    /** The standard worker node. */
    nodes: z.strictObject({
        /** Approved instance types, all 32 vCPU / 128 GiB; the first is the default. */
        approvedInstanceTypes: z.array(z.string()).min(1),
        /** ACK image type of every pool. */
        imageType: z.string().min(1),
        systemDiskGiB: z.number().int().min(40).max(2048),
        dataDiskGiB: z.number().int().min(40).max(32768),
        /** Nodes a rolling change may take down at once, per pool. */
        maxUnavailable: z.number().int().min(1).max(10),
    }),
});
export type PlatformConventions = z.infer<typeof platformConventionsSchema>;
