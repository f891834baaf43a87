import { createHash } from "crypto";
import { secretEnvelope } from "../serialized";

/**
 * What the cloud would compute for a resource at creation, per resource type: ids in the provider's own form
 * and the computed outputs later resources read (a VPC's route table, a transit router's id). Types not
 * listed get an id and echo their inputs, which is what every provider does for input properties.
 */

type Inputs = Record<string, unknown>;
interface Fake {
    readonly id: string;
    readonly outputs?: Inputs;
}
type FakeFn = (name: string, inputs: Inputs, hash: (salt: string) => string) => Fake;

/** The region in fake endpoints (both stacks' `alicloud:region`). */
const FAKE_REGION = "cn-hangzhou";

/** Every fake RAM access key secret starts with this (tests search registered inputs for it). */
export const FAKE_ACCESS_KEY_SECRET_PREFIX = "fake-ak-secret-";

const FAKES: Readonly<Record<string, FakeFn>> = {
    "alicloud:vpc/network:Network": (_n, _i, h) => ({ id: `vpc-${h("id")}`, outputs: { routeTableId: `vtb-${h("rt")}`, routerId: `vrt-${h("vrt")}` } }),
    "alicloud:vpc/switch:Switch": (_n, _i, h) => ({ id: `vsw-${h("id")}` }),
    "alicloud:ecs/securityGroup:SecurityGroup": (_n, _i, h) => ({ id: `sg-${h("id")}` }),
    "alicloud:ecs/securityGroupRule:SecurityGroupRule": (_n, _i, h) => ({ id: `sgr-${h("id")}` }),
    // self-managed clusters: private IPs from 198.18.0.0/15 (RFC 2544 benchmarking: clearly not real, and
    // two octets of room so a cluster's nodes do not collide); the key pair's id is its name, as the API's
    "alicloud:ecs/instance:Instance": (_n, i, h) => {
        const ip = typeof i.privateIp === "string" && i.privateIp !== "" ? i.privateIp : `198.18.${parseInt(h("ip").slice(0, 2), 16)}.${parseInt(h("ip").slice(2, 4), 16) % 254 + 1}`;
        return { id: `i-${h("id")}`, outputs: { privateIp: ip, primaryIpAddress: ip, publicIp: "", status: "Running", cpu: 32, memory: 131072 } };
    },
    "alicloud:ecs/ecsKeyPair:EcsKeyPair": (_n, i, h) => ({ id: String(i.keyPairName ?? `kp-${h("id")}`), outputs: { fingerPrint: h("fp") } }),
    // what a remote command prints is unknowable offline; the one output the program reads is a kubeconfig
    // read back from a node (KubeKey's admin.conf, pointing at its internal load balancer)
    "command:remote:Command": (_n, i, h) => ({
        id: `cmd-${h("id")}`,
        outputs: { stdout: String(i.create ?? "").includes("/etc/kubernetes/admin.conf") ? fakeAdminConf() : "", stderr: "" },
    }),
    "alicloud:cen/instance:Instance": (_n, _i, h) => ({ id: `cen-${h("id")}` }),
    "alicloud:cen/transitRouter:TransitRouter": (_n, i, h) => {
        const tr = `tr-${h("tr")}`;
        return { id: `${String(i.cenId)}:${tr}`, outputs: { transitRouterId: tr, status: "Active" } };
    },
    "alicloud:cen/transitRouterRouteTable:TransitRouterRouteTable": (_n, i, h) => {
        const rt = `vtb-${h("rt")}`;
        return { id: `${String(i.transitRouterId)}:${rt}`, outputs: { transitRouterRouteTableId: rt, status: "Active" } };
    },
    "alicloud:cen/transitRouterVpcAttachment:TransitRouterVpcAttachment": (_n, i, h) => {
        const att = `tr-attach-${h("att")}`;
        return { id: `${String(i.cenId)}:${att}`, outputs: { transitRouterAttachmentId: att, status: "Attached" } };
    },
    "alicloud:cen/transitRouterRouteTableAssociation:TransitRouterRouteTableAssociation": (_n, i) => ({
        id: `${String(i.transitRouterAttachmentId)}:${String(i.transitRouterRouteTableId)}`,
    }),
    "alicloud:cen/transitRouterRouteTablePropagation:TransitRouterRouteTablePropagation": (_n, i) => ({
        id: `${String(i.transitRouterAttachmentId)}:${String(i.transitRouterRouteTableId)}`,
    }),
    "alicloud:cs/managedKubernetes:ManagedKubernetes": (_n, _i, h) => ({
        id: `c${h("id")}`,
        outputs: {
            // TEST-NET addresses: clearly not real, shaped like ACK's answer
            connections: {
                apiServerIntranet: `https://192.0.2.${parseInt(h("ip").slice(0, 2), 16) % 250 + 2}:6443`,
                apiServerInternet: "",
                masterPublicIp: "",
                serviceDomain: "*.cluster.local",
            },
            state: "running",
        },
    }),
    "alicloud:cs/kubernetesAddon:KubernetesAddon": (_n, i) => ({ id: `${String(i.clusterId)}:${String(i.name)}`, outputs: { version: "fake-1.0.0" } }),
    "alicloud:cs/nodePool:NodePool": (_n, i, h) => {
        const np = `np${h("np")}`;
        return { id: `${String(i.clusterId)}:${np}`, outputs: { nodePoolId: np } };
    },
    // Harbor's configuration (components/registry/harbor): the ids and names Harbor assigns
    "pulumi-nodejs:dynamic/harbor:Project": (_n, i, h) => ({ id: `project-${String(i.name)}`, outputs: { projectId: parseInt(h("p").slice(0, 6), 16) } }),
    "pulumi-nodejs:dynamic/harbor:Registry": (_n, i, h) => ({ id: `registry-${String(i.name)}`, outputs: { registryId: parseInt(h("r").slice(0, 6), 16) } }),
    "pulumi-nodejs:dynamic/harbor:Robot": (_n, i, h) => ({
        id: `robot-${String(i.name)}`,
        outputs: { robotId: parseInt(h("id").slice(0, 6), 16), fullName: `robot$${String(i.name)}`, secret: `fake-robot-secret-${h("s")}` },
    }),
    "pulumi-nodejs:dynamic/harbor:Retention": (_n, _i, h) => ({ id: `retention-${h("id")}`, outputs: { retentionId: parseInt(h("r").slice(0, 6), 16) } }),
    "pulumi-nodejs:dynamic/harbor:GcSchedule": () => ({ id: "gc-schedule" }),
    "alicloud:vpc/routeEntry:RouteEntry": (_n, i) => ({
        id: `${String(i.routeTableId)}:${String(i.destinationCidrblock)}:${String(i.nexthopType)}:${String(i.nexthopId)}`,
    }),
    // NAS ids: standard `0a1b2c3d4e`, extreme `extreme-0a1b2c3d`; mount target domains `<fs>-<x>.<region>.[extreme.]nas.aliyuncs.com`
    "alicloud:nas/fileSystem:FileSystem": (_n, i, h) => ({
        id: i.fileSystemType === "extreme" ? `extreme-${h("id").slice(0, 8)}` : h("id").slice(0, 10),
        outputs: { status: "Running", encryptType: i.encryptType ?? 0, fileSystemType: i.fileSystemType ?? "standard", zoneId: i.zoneId ?? `${FAKE_REGION}-h` },
    }),
    "alicloud:nas/accessGroup:AccessGroup": (_n, i) => ({
        id: `${String(i.accessGroupName)}:${String(i.fileSystemType ?? "standard")}`,
        outputs: { fileSystemType: i.fileSystemType ?? "standard", regionId: FAKE_REGION },
    }),
    "alicloud:nas/accessRule:AccessRule": (_n, i, h) => {
        const ruleId = String(parseInt(h("rule").slice(0, 4), 16) % 1000);
        return { id: `${String(i.accessGroupName)}:${ruleId}:${String(i.fileSystemType ?? "standard")}`, outputs: { accessRuleId: ruleId, regionId: FAKE_REGION } };
    },
    "alicloud:nas/mountTarget:MountTarget": (_n, i, h) => {
        const fs = String(i.fileSystemId);
        const extreme = fs.startsWith("extreme-");
        const domain = `${extreme ? fs.slice("extreme-".length) : fs}-${h("mt").slice(0, 5)}.${FAKE_REGION}.${extreme ? "extreme.nas" : "nas"}.aliyuncs.com`;
        return { id: `${fs}:${domain}`, outputs: { mountTargetDomain: domain, status: "Active" } };
    },
    // OSS: a bucket's id is its name; endpoints as the provider reports them (no scheme)
    "alicloud:oss/bucket:Bucket": (_n, i, h) => ({
        id: String(i.bucket ?? `bucket-${h("id")}`),
        outputs: {
            location: `oss-${FAKE_REGION}`,
            intranetEndpoint: `oss-${FAKE_REGION}-internal.aliyuncs.com`,
            extranetEndpoint: `oss-${FAKE_REGION}.aliyuncs.com`,
            owner: "1234567890123456",
            creationDate: "2025-01-01",
        },
    }),
    // RAM: user ids are numeric, a custom policy's id is its name, an access key id starts with LTAI and its
    // secret is a secret output (the SDK lists it in additionalSecretOutputs)
    "alicloud:ram/user:User": (_n, _i, h) => ({ id: String(parseInt(h("id").slice(0, 12), 16)).padStart(16, "2") }),
    "alicloud:ram/policy:Policy": (_n, i) => ({
        id: String(i.policyName),
        outputs: { name: i.policyName, type: "Custom", defaultVersion: "v1", attachmentCount: 0, versionId: "v1" },
    }),
    "alicloud:ram/accessKey:AccessKey": (_n, _i, h) => ({
        id: `LTAI${h("id").toUpperCase()}`,
        outputs: { secret: secretEnvelope(`${FAKE_ACCESS_KEY_SECRET_PREFIX}${h("secret")}`), status: "Active", createTime: "2025-01-01T00:00:00Z" },
    }),
    // a LoadBalancer Service gets an address from the cloud controller (TEST-NET, clearly not real); the
    // provider reports the Service created only once it has one
    "kubernetes:core/v1:Service": (_n, i, h) => {
        const meta = (i.metadata ?? {}) as { name?: string; namespace?: string };
        const spec = (i.spec ?? {}) as { type?: string };
        const id = meta.name ? `${meta.namespace ?? "default"}/${meta.name}` : `service-${h("id")}`;
        if (spec.type !== "LoadBalancer") return { id };
        return { id, outputs: { status: { loadBalancer: { ingress: [{ ip: `192.0.2.${(parseInt(h("lb").slice(0, 2), 16) % 250) + 2}` }] } } } };
    },
    // the platform CA and the certificates it issues (@pulumi/tls): placeholder PEMs, clearly not real, the key a
    // secret output as the SDK's additionalSecretOutputs make it
    "tls:index/privateKey:PrivateKey": (_n, _i, h) => ({
        id: h("id"),
        outputs: { privateKeyPem: secretEnvelope(fakePem("PRIVATE KEY", `${FAKE_KEY_MARKER}-${h("key")}`)), publicKeyPem: fakePem("PUBLIC KEY", h("pub")), publicKeyFingerprintSha256: h("fp") },
    }),
    "tls:index/selfSignedCert:SelfSignedCert": (_n, _i, h) => ({ id: h("id"), outputs: { certPem: fakePem("CERTIFICATE", `${FAKE_PLATFORM_CA_MARKER}-${h("cert")}`), readyForRenewal: false } }),
    "tls:index/certRequest:CertRequest": (_n, _i, h) => ({ id: h("id"), outputs: { certRequestPem: fakePem("CERTIFICATE REQUEST", h("csr")) } }),
    "tls:index/locallySignedCert:LocallySignedCert": (_n, _i, h) => ({ id: h("id"), outputs: { certPem: fakePem("CERTIFICATE", `FAKE-SERVER-CERT-${h("cert")}`), readyForRenewal: false } }),
    // PrivateZone: zone ids are hex, a record's id is `<recordId>:<zoneId>` (the provider's form)
    "alicloud:pvtz/zone:Zone": (_n, _i, h) => ({ id: h("id").slice(0, 16), outputs: { recordCount: 0, isPtr: false } }),
    "alicloud:pvtz/zoneAttachment:ZoneAttachment": (_n, i) => ({ id: String(i.zoneId) }),
    "alicloud:pvtz/zoneRecord:ZoneRecord": (_n, i, h) => {
        const recordId = String(parseInt(h("rec").slice(0, 8), 16));
        return { id: `${recordId}:${String(i.zoneId)}`, outputs: { recordId } };
    },
    // CLB: a server certificate's id is `<account>-<region>-<hex>`, an ACL's `acl-<hex>`
    "alicloud:slb/serverCertificate:ServerCertificate": (_n, _i, h) => ({ id: `1234567890123456-${FAKE_REGION}-${h("id").slice(0, 8)}` }),
    "alicloud:slb/acl:Acl": (_n, _i, h) => ({ id: `acl-${h("id")}` }),
    // random passwords: letters and digits of the asked length; secret, as the provider's additionalSecretOutputs make them
    "alicloud:vpc/natGateway:NatGateway": (_n, _i, h) => ({ id: `ngw-${h("id")}`, outputs: { snatTableIds: `stb-${h("snat")}`, forwardTableIds: `ftb-${h("dnat")}`, status: "Available" } }),
    "alicloud:ecs/eipAddress:EipAddress": (_n, _i, h) => ({ id: `eip-${h("id")}`, outputs: { ipAddress: `203.0.113.${parseInt(h("ip").slice(0, 2), 16) % 254 + 1}`, status: "Available" } }),
    "random:index/randomPassword:RandomPassword": (_n, i, h) => {
        const result = fakePassword(h, typeof i.length === "number" ? i.length : 16);
        return { id: "none", outputs: { result: secretEnvelope(result), bcryptHash: secretEnvelope(`$2a$10$${fakePassword((salt) => h(`bcrypt-${salt}`), 53)}`) } };
    },
    // a ServiceAccount token Secret gets what the token controller writes (the provider waits for it); a Secret
    // read back with `Secret.get` has no inputs, and the platform reads back only token Secrets
    "kubernetes:core/v1:Secret": (_n, i, h) => {
        const meta = (i.metadata ?? {}) as { name?: string; namespace?: string };
        const id = meta.name ? `${meta.namespace ?? "default"}/${meta.name}` : `secret-${h("id")}`;
        if (i.type !== SERVICE_ACCOUNT_TOKEN && Object.keys(i).length > 0) return { id };
        const data = { token: base64(`${FAKE_TOKEN_PREFIX}${h("token")}`), "ca.crt": base64(fakeCaPem(h("ca"))), namespace: base64(meta.namespace ?? "default") };
        return { id, outputs: { type: SERVICE_ACCOUNT_TOKEN, data: secretEnvelope(data) } };
    },
};

const SERVICE_ACCOUNT_TOKEN = "kubernetes.io/service-account-token";
/** Every fake ServiceAccount token starts with this (tests search plan output for it). */
export const FAKE_TOKEN_PREFIX = "fake-sa-token-";
/** Every fake private key's PEM holds this line (tests search plan output for it). */
export const FAKE_KEY_MARKER = "FAKE-PRIVATE-KEY";
/** The fake platform CA certificate's PEM holds this line. */
export const FAKE_PLATFORM_CA_MARKER = "FAKE-PLATFORM-CA";

function fakePem(label: string, body: string): string {
    return [`-----BEGIN ${label}-----`, body, `-----END ${label}-----`, ""].join("\n");
}

/** Every fake cluster CA's PEM holds this line (tests search plan output for it, and for its base64). */
export const FAKE_CA_MARKER = "FAKE-CLUSTER-CA";

const base64 = (text: string) => Buffer.from(text, "utf8").toString("base64");

function fakeCaPem(serial: string): string {
    return ["-----BEGIN CERTIFICATE-----", `${FAKE_CA_MARKER}-${serial}`, "-----END CERTIFICATE-----", ""].join("\n");
}

function fakePassword(hash: (salt: string) => string, length: number): string {
    let out = "";
    for (let i = 0; out.length < length; i++) out += hash(`pw${i}`);
    return out.slice(0, length);
}

/** A kubeconfig shaped like the one KubeKey writes to /etc/kubernetes/admin.conf; its credentials are placeholders. */
function fakeAdminConf(): string {
    return [
        "apiVersion: v1",
        "kind: Config",
        "clusters:",
        "- cluster:",
        "    certificate-authority-data: RkFLRQ==",
        "    server: https://lb.kubesphere.local:6443",
        "  name: cluster.local",
        "contexts:",
        "- context: {cluster: cluster.local, user: kubernetes-admin}",
        "  name: kubernetes-admin@cluster.local",
        "current-context: kubernetes-admin@cluster.local",
        "users:",
        "- name: kubernetes-admin",
        "  user: {client-certificate-data: RkFLRQ==, client-key-data: RkFLRQ==}",
        "",
    ].join("\n");
}

/** The fake creation result of a resource: its id and its state (inputs plus computed outputs). */
export function fakeResource(type: string, name: string, urn: string, inputs: Inputs): { id: string; state: Inputs } {
    const hash = (salt: string) => createHash("sha256").update(`${urn}#${salt}`).digest("hex").slice(0, 20);
    const fake = FAKES[type];
    if (!fake) {
        const short = type.split(":").pop()!.toLowerCase();
        return { id: `${short}-${hash("id")}`, state: { ...inputs } };
    }
    const result = fake(name, inputs, hash);
    return { id: result.id, state: { ...inputs, ...result.outputs } };
}
