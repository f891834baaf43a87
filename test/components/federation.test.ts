import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import * as YAML from "yaml";
import {
    ClusterRegistration,
    FederationMember,
    HostRegistrar,
    KsCore,
    federationJwtSecret,
    memberChartConfig,
    memberReleaseValues,
    serviceAccountKubeconfig,
    toBase64,
} from "../../components/federation";
import { FAKE_CA_MARKER, FAKE_TOKEN_PREFIX } from "../../engine/fakes/resources";
import { chartVersion, validateChartValues } from "../../engine/reference/chartValues";
import { validateCustomResource } from "../../engine/reference/crd";
import { validateKubernetesObject } from "../../engine/reference/kubeModels";
import { ADMIN_PASSWORD_LENGTH } from "../../components/federation/ksCore";
import { Recording, record } from "../support/mocks";

/** ks-core's sizes (components/kubernetes/resources.ts), as requests and limits. */
const APISERVER = { requests: { cpu: "200m", memory: "512Mi" }, limits: { cpu: "2", memory: "2Gi" } };
const CONTROLLER = { requests: { cpu: "100m", memory: "256Mi" }, limits: { cpu: "1", memory: "1Gi" } };
const CONSOLE = { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "1", memory: "1Gi" } };
const HELM_EXECUTOR = { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "500m", memory: "512Mi" } };

const OPS_ENDPOINT = "https://192.0.2.20:6443";
const PROD_ENDPOINT = "https://192.0.2.10:6443";
const PROVIDER = (name: string) => `urn:pulumi:test::platform::pulumi:providers:kubernetes::${name}`;
const CHILD = (component: string, type: string, name: string) => `urn:pulumi:test::platform::platform:federation:${component}$${type}::${name}`;
const LABELS = { "app.kubernetes.io/managed-by": "pulumi", "app.kubernetes.io/part-of": "kubesphere-federation" };

/** Values of secret Outputs, captured while the program runs, to search the recording for. */
interface Captured {
    jwt?: string;
    hostValues?: unknown;
    memberValues?: unknown;
    memberKubeconfig?: string;
    registrarKubeconfig?: string;
    memberChartConfig?: string;
    secret: Record<string, Promise<boolean>>;
}

/** The prod stack's federation: ks-core host on ops and member on prod, prod's access and registration, the registrar. */
async function prodFederation(): Promise<{ rec: Recording; got: Captured }> {
    const got: Captured = { secret: {} };
    const rec = await record(() => {
        const ops = new k8s.Provider("ops-k8s", { kubeconfig: "fake" });
        const prod = new k8s.Provider("prod-k8s", { kubeconfig: "fake" });
        const jwt = federationJwtSecret("federation-jwt");
        const host = new KsCore("ops", { provider: ops, role: "host", jwtSecret: jwt });
        // a member's own: its admin password, in the config the host installs ks-core on it with (stacks/federation.ts)
        const memberAdmin = new random.RandomPassword("prod-ks-admin-password", { length: ADMIN_PASSWORD_LENGTH, special: false });
        const chartConfig = pulumi.secret(memberAdmin.bcryptHash.apply((hash) => memberChartConfig({ adminPasswordHash: hash })));
        const member = new FederationMember("prod", { provider: prod, clusterName: "prod", server: PROD_ENDPOINT });
        new ClusterRegistration("prod", { hostProvider: ops, clusterName: "prod", kubeconfig: member.kubeconfig, group: "production", chartConfig }, { dependsOn: [host] });
        const registrar = new HostRegistrar("ops", { provider: ops, server: OPS_ENDPOINT, clusterNames: ["nonprod"] });
        chartConfig.apply((v) => (got.memberChartConfig = v));
        memberAdmin.bcryptHash.apply((v) => (got.memberValues = { authentication: { adminPassword: v } }));
        jwt.apply((v) => (got.jwt = v));
        host.release.values.apply((v) => (got.hostValues = v));
        member.kubeconfig.apply((v) => (got.memberKubeconfig = v));
        registrar.kubeconfig.apply((v) => (got.registrarKubeconfig = v));
        got.secret = {
            jwt: pulumi.isSecret(jwt),
            memberKubeconfig: pulumi.isSecret(member.kubeconfig),
            registrarKubeconfig: pulumi.isSecret(registrar.kubeconfig),
            memberChartConfig: pulumi.isSecret(chartConfig),
            hostAdminPassword: pulumi.isSecret(host.adminPassword),
        };
    });
    return { rec, got };
}

let prod: { rec: Recording; got: Captured };

/** The admin password hash in a release's values. */
const adminHash = (values: unknown): string => (values as { authentication: { adminPassword: string } }).authentication.adminPassword;
beforeAll(async () => {
    prod = await prodFederation();
});

describe("the jwtSecret", () => {
    test("one RandomPassword for the federation, 32 letters and digits, secret; and one admin password per cluster", async () => {
        const pw = prod.rec.ofType("random:index/randomPassword:RandomPassword");
        expect(pw.map((r) => [r.name, r.inputs]).sort()).toEqual([
            ["federation-jwt", { length: 32, special: false }],
            ["ops-ks-admin-password", { length: 24, special: false }],
            ["prod-ks-admin-password", { length: 24, special: false }],
        ]);
        expect(prod.got.jwt).toMatch(/^[A-Za-z0-9]{32}$/);
        expect(await prod.got.secret.jwt).toBe(true);
    });
});

describe("KsCore", () => {
    test.each([["ops", "host", "ops-k8s"]] as const)("%s: the ks-core release as %s, on its cluster's provider, values secret only at their secret leaves", (cluster, _role, provider) => {
        const release = prod.rec.byName(`${cluster}-ks-core`);
        expect(release.type).toBe("kubernetes:helm.sh/v3:Release");
        expect(release.parent).toBe(`urn:pulumi:test::platform::platform:federation:KsCore::${cluster}`);
        expect(release.provider).toBe(PROVIDER(provider));
        expect(release.inputs).toEqual({
            name: "ks-core",
            chart: "ks-core",
            version: "1.1.4",
            repositoryOpts: { repo: "https://charts.kubesphere.io/main" },
            namespace: "kubesphere-system",
            timeout: 900,
            maxHistory: 10,
            compat: "true",
            values: expect.objectContaining({
                multicluster: { role: "host", hostClusterName: "ops" },
                authentication: { adminPassword: "[secret]", issuer: { jwtSecret: "[secret]" } },
                console: expect.objectContaining({ nodePort: 0 }),
            }),
        });
        // a reviewer sees every other key, and its changes; the outputs, where the provider echoes the values, stay secret
        expect(release.secretInputs.sort()).toEqual(["values.authentication.adminPassword", "values.authentication.issuer.jwtSecret"]);
        expect(release.additionalSecretOutputs).toEqual(["values"]);
        // the namespace is the program's (privileged: ks-core mounts the node's /etc/localtime); on the host
        // the telemetry Secret (enabled: false, Helm's ownership marks) exists before the chart renders its own
        const ns = prod.rec.byName(`${cluster}-ks-ns`);
        expect(ns.inputs).toMatchObject({ metadata: { name: "kubesphere-system", labels: { "pod-security.kubernetes.io/enforce": "privileged" } } });
        expect(release.dependencies).toContain(ns.urn);
        const telemetry = prod.rec.resources.find((r) => r.name === `${cluster}-ks-telemetry`);
        if (cluster === "ops") {
            expect(telemetry!.inputs).toMatchObject({
                metadata: {
                    name: "io.kubesphere.config.platformconfig.telemetry",
                    namespace: "kubesphere-system",
                    labels: { "app.kubernetes.io/managed-by": "Helm" },
                    annotations: { "meta.helm.sh/release-name": "ks-core", "meta.helm.sh/release-namespace": "kubesphere-system" },
                },
                type: "config.kubesphere.io/generic-platform-config",
            });
            expect(release.dependencies).toContain(telemetry!.urn);
        } else expect(telemetry).toBeUndefined();
        expect(release.dependencies).toContain("urn:pulumi:test::platform::random:index/randomPassword:RandomPassword::federation-jwt");
    });

    test("the host's values, exactly; a member's release is the host's install, from the member's config, with the host's jwtSecret", () => {
        const jwtSecret = prod.got.jwt!;
        const hostHash = adminHash(prod.got.hostValues);
        const memberHash = adminHash(prod.got.memberValues);
        expect(prod.got.hostValues).toEqual({
            multicluster: { role: "host", hostClusterName: "ops" },
            authentication: { adminPassword: hostHash, issuer: { jwtSecret } },
            apiserver: { resources: APISERVER },
            controller: { resources: CONTROLLER },
            console: { resources: CONSOLE, nodePort: 0 },
            helmExecutor: { resources: HELM_EXECUTOR },
        });
        // what the host's cluster controller installs (helper.go:66-82): the config, then role, multicluster, upgrade and its jwtSecret
        const installed = memberReleaseValues(YAML.parse(prod.got.memberChartConfig!), jwtSecret);
        expect(installed).toEqual({
            authentication: { adminPassword: memberHash, issuer: { jwtSecret } },
            apiserver: { resources: APISERVER },
            controller: { resources: CONTROLLER },
            role: "member",
            multicluster: { role: "member" },
            upgrade: { enabled: false },
        });
        // each cluster's own generated password, as a bcrypt hash (KubeSphere keeps a bcrypt value as it is)
        for (const hash of [hostHash, memberHash]) expect(hash).toMatch(/^\$2a\$10\$/);
        expect(hostHash).not.toBe(memberHash);
        expect(validateChartValues("ks-core", prod.got.hostValues as object)).toEqual([]);
        // the controller also sets a top-level `role`, which the chart does not read
        expect(validateChartValues("ks-core", installed, { freeForm: ["role"] })).toEqual([]);
        expect(prod.rec.byName("ops-ks-core").inputs.version).toBe(chartVersion("ks-core"));
        // the program owns no member release: the host would upgrade over it
        expect(prod.rec.ofType("kubernetes:helm.sh/v3:Release").map((r) => r.name)).toEqual(["ops-ks-core"]);
    });

    test("a member's chart config (its registration's) holds no jwtSecret and no multicluster (the host forces both), its admin hash kept, secret", async () => {
        const memberHash = adminHash(prod.got.memberValues);
        expect(YAML.parse(prod.got.memberChartConfig!)).toEqual({ authentication: { adminPassword: memberHash }, apiserver: { resources: APISERVER }, controller: { resources: CONTROLLER } });
        expect(prod.got.memberChartConfig).not.toContain(prod.got.jwt!);
        expect(YAML.parse(prod.got.memberChartConfig!)).not.toHaveProperty("multicluster");
        await expect(prod.got.secret.memberChartConfig).resolves.toBe(true);
        await expect(prod.got.secret.hostAdminPassword).resolves.toBe(true);
        expect(prod.rec.ofType("platform:federation:KsCore").map((r) => r.state)).toEqual([{ role: "host", namespace: "kubesphere-system", chartVersion: "1.1.4", status: "unknown" }]);
    });

    test("KsCore refuses the member role: the host installs a member's ks-core", async () => {
        await expect(
            record(() => new KsCore("prod", { provider: new k8s.Provider("p", { kubeconfig: "x" }), role: "member" as "host", jwtSecret: "j" })),
        ).rejects.toThrow('KsCore prod: role: expected host (the host installs ks-core on its members), found "member"');
    });
});

describe("FederationMember", () => {
    test("a ServiceAccount bound to cluster-admin and its long-lived token Secret, read back after creation", () => {
        const children = prod.rec.resources.filter((r) => r.parent === "urn:pulumi:test::platform::platform:federation:FederationMember::prod");
        expect(children.map((r) => `${r.type} ${r.name}`).sort()).toEqual([
            "kubernetes:core/v1:Secret prod-token",
            "kubernetes:core/v1:Secret prod-token-read",
            "kubernetes:core/v1:ServiceAccount prod-sa",
            "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding prod-binding",
        ]);
        for (const r of children) expect(r.provider).toBe(PROVIDER("prod-k8s"));
        const sa = prod.rec.byName("prod-sa").inputs;
        const binding = prod.rec.byName("prod-binding").inputs;
        const secret = prod.rec.byName("prod-token");
        expect(sa).toEqual({ apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "kubesphere-federation", namespace: "kube-system", labels: LABELS } });
        expect(binding).toEqual({
            apiVersion: "rbac.authorization.k8s.io/v1",
            kind: "ClusterRoleBinding",
            metadata: { name: "kubesphere-federation", labels: LABELS },
            roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "cluster-admin" },
            subjects: [{ kind: "ServiceAccount", name: "kubesphere-federation", namespace: "kube-system" }],
        });
        expect(secret.inputs).toEqual({
            apiVersion: "v1",
            kind: "Secret",
            metadata: { name: "kubesphere-federation-token", namespace: "kube-system", labels: LABELS, annotations: { "kubernetes.io/service-account.name": "kubesphere-federation" } },
            type: "kubernetes.io/service-account-token",
        });
        expect(secret.dependencies).toEqual([CHILD("FederationMember", "kubernetes:core/v1:ServiceAccount", "prod-sa")]);
        for (const body of [sa, binding, secret.inputs]) expect(validateKubernetesObject(body)).toEqual([]);

        const read = prod.rec.byName("prod-token-read");
        expect(read.inputs).toEqual({});
        expect(read.dependencies).toEqual([CHILD("FederationMember", "kubernetes:core/v1:Secret", "prod-token")]);
    });

    test("the kubeconfig: the member's intranet endpoint, the token read back, the cluster CA; secret", async () => {
        const kubeconfig = YAML.parse(prod.got.memberKubeconfig!);
        expect(kubeconfig.clusters).toEqual([{ name: "prod", cluster: { server: PROD_ENDPOINT, "certificate-authority-data": expect.any(String) } }]);
        expect(kubeconfig.users).toEqual([{ name: "kubesphere-federation", user: { token: expect.stringMatching(new RegExp(`^${FAKE_TOKEN_PREFIX}`)) } }]);
        expect(Buffer.from(kubeconfig.clusters[0].cluster["certificate-authority-data"], "base64").toString()).toContain(FAKE_CA_MARKER);
        expect(kubeconfig["current-context"]).toBe("kubesphere-federation@prod");
        expect(await prod.got.secret.memberKubeconfig).toBe(true);
        expect(prod.rec.ofType("platform:federation:FederationMember")[0].state).toEqual({ clusterName: "prod", server: PROD_ENDPOINT, kubeconfig: "[secret]" });
    });

});

describe("ClusterRegistration", () => {
    test("a Cluster on the host: direct, base64 kubeconfig (secret), the member's chart config, after the host's ks-core, waited for until the host installed the member's", () => {
        const cluster = prod.rec.byName("prod-cluster");
        expect(cluster.type).toBe("kubernetes:cluster.kubesphere.io/v1alpha1:Cluster");
        expect(cluster.provider).toBe(PROVIDER("ops-k8s"));
        expect(cluster.inputs).toEqual({
            apiVersion: "cluster.kubesphere.io/v1alpha1",
            kind: "Cluster",
            metadata: {
                name: "prod",
                labels: { "cluster.kubesphere.io/group": "production", "kubesphere.io/managed": "true", "app.kubernetes.io/managed-by": "pulumi" },
                annotations: { "pulumi.com/waitFor": "condition=KSCoreReady", "pulumi.com/timeoutSeconds": "1800" },
            },
            spec: { provider: "Aliyun ACK", connection: { type: "direct", kubeconfig: "[secret]" }, config: "[secret]" },
        });
        expect(cluster.secretInputs).toEqual(["spec.config", "spec.connection.kubeconfig"]);
        expect(cluster.dependencies).toEqual(expect.arrayContaining([CHILD("KsCore", "kubernetes:helm.sh/v3:Release", "ops-ks-core")]));
        const placeholder = toBase64(serviceAccountKubeconfig({ clusterName: "prod", server: PROD_ENDPOINT, caData: "Q0E=", token: "placeholder", userName: "kubesphere-federation" }));
        const body = { ...cluster.inputs, spec: { ...(cluster.inputs.spec as object), connection: { type: "direct", kubeconfig: placeholder } } };
        expect(validateCustomResource(body)).toEqual([]);
    });

});

describe("HostRegistrar", () => {
    test("its own namespace, a ServiceAccount, a ClusterRole that only registers clusters, the binding, the token", () => {
        const children = prod.rec.resources.filter((r) => r.parent === "urn:pulumi:test::platform::platform:federation:HostRegistrar::ops");
        expect(children.map((r) => `${r.type} ${r.name}`).sort()).toEqual([
            "kubernetes:core/v1:Namespace ops-ns",
            "kubernetes:core/v1:Secret ops-token",
            "kubernetes:core/v1:Secret ops-token-read",
            "kubernetes:core/v1:ServiceAccount ops-sa",
            "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole ops-role",
            "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding ops-binding",
        ]);
        for (const r of children) expect(r.provider).toBe(PROVIDER("ops-k8s"));
        const role = prod.rec.byName("ops-role").inputs;
        expect(role).toEqual({ apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", metadata: { name: "cluster-registrar", labels: LABELS },
            rules: [
                { apiGroups: ["cluster.kubesphere.io"], resources: ["clusters"], verbs: ["create"] },
                { apiGroups: ["cluster.kubesphere.io"], resources: ["clusters"], resourceNames: ["nonprod"], verbs: ["get", "list", "watch", "update", "patch", "delete"] },
            ],
        });
        expect(prod.rec.byName("ops-binding").inputs).toMatchObject({
            roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "cluster-registrar" },
            subjects: [{ kind: "ServiceAccount", name: "cluster-registrar", namespace: "cluster-registrar" }],
        });
        expect(prod.rec.byName("ops-sa").dependencies).toEqual([
            CHILD("HostRegistrar", "kubernetes:core/v1:Namespace", "ops-ns"),
            CHILD("HostRegistrar", "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole", "ops-role"),
        ]);
        for (const r of children.filter((c) => !c.name.endsWith("-read"))) expect(validateKubernetesObject(r.inputs)).toEqual([]);
        // nothing but the registrar's own role is bound: no cluster-admin on the host
        const bindings = prod.rec.ofType("kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding").filter((b) => b.provider === PROVIDER("ops-k8s"));
        expect(bindings.map((b) => (b.inputs.roleRef as { name: string }).name)).toEqual(["cluster-registrar"]);
    });

    test("the kubeconfig for the host's intranet endpoint, secret", async () => {
        const kubeconfig = YAML.parse(prod.got.registrarKubeconfig!);
        expect(kubeconfig.clusters[0]).toEqual({ name: "ops", cluster: { server: OPS_ENDPOINT, "certificate-authority-data": expect.any(String) } });
        expect(kubeconfig.users).toEqual([{ name: "cluster-registrar", user: { token: expect.stringMatching(new RegExp(`^${FAKE_TOKEN_PREFIX}`)) } }]);
        expect(kubeconfig.users[0].user.token).not.toBe(YAML.parse(prod.got.memberKubeconfig!).users[0].user.token);
        expect(await prod.got.secret.registrarKubeconfig).toBe(true);
    });

});

describe("secrets stay secret", () => {
    test("the jwtSecret, tokens, CAs and kubeconfigs appear in no registered input or state", () => {
        const { jwt, memberKubeconfig, registrarKubeconfig } = prod.got;
        const values = [jwt!, memberKubeconfig!, registrarKubeconfig!];
        for (const kc of [memberKubeconfig!, registrarKubeconfig!]) {
            const parsed = YAML.parse(kc);
            values.push(parsed.users[0].user.token, parsed.clusters[0].cluster["certificate-authority-data"], toBase64(kc), toBase64(parsed.users[0].user.token));
        }
        const recorded = JSON.stringify(prod.rec.resources.map((r) => ({ inputs: r.inputs, state: r.state })));
        for (const v of values) {
            expect(v.length).toBeGreaterThan(8);
            expect(recorded).not.toContain(v);
        }
        for (const marker of [FAKE_TOKEN_PREFIX, FAKE_CA_MARKER, toBase64("-----BEGIN CERTIFICATE-----").slice(0, 24)]) expect(recorded).not.toContain(marker);
    });
});
