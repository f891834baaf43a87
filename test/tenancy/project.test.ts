/** The exact resources tenancy declares: one project on one cluster, a workspace and users on the host, a cluster's share. */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { TenantProject, TenantWorkspace, parseTenancy } from "../../config/tenancy";
import { Project } from "../../components/tenancy/project";
import { TenantCluster, pullSecretData } from "../../components/tenancy/tenantCluster";
import { TenantUsers } from "../../components/tenancy/tenantUsers";
import { Workspace } from "../../components/tenancy/workspace";
import { declareTenancy } from "../../stacks/tenancy";
import { record } from "../support/mocks";
import { smallSources } from "./support";

const layout = parseTenancy(smallSources());
const web = layout.projects.find((p) => p.name === "web") as TenantProject;
const shop = layout.workspaces.find((w) => w.name === "shop") as TenantWorkspace;
const PASSWORD = "robot-secret-value-1234";
const pull = { server: "harbor.ops.kube-platform.internal", credentials: pulumi.secret({ username: "robot$prod-pull", password: PASSWORD }) };
const MANAGED = { "app.kubernetes.io/managed-by": "pulumi" };
const PROVIDER = "urn:pulumi:test::platform::pulumi:providers:kubernetes::prod-k8s";
const NS = "urn:pulumi:test::platform::platform:tenancy:Project$kubernetes:core/v1:Namespace::p-ns";

describe("one project on one cluster", () => {
    let rec: Awaited<ReturnType<typeof record>>;
    beforeAll(async () => {
        rec = await record(() => {
            const provider = new k8s.Provider("prod-k8s", { kubeconfig: "fake" });
            new Project("p", { project: web, quota: web.placement[0].quota, provider, peers: layout.platformNamespaces, pullSecretData: pullSecretData(pull) });
        });
    });
    const of = (name: string) => rec.byName(name);

    test("declares exactly these, all on the cluster's provider, each inside the namespace but the namespace", () => {
        // registration order follows promise timing: compare sorted
        expect(rec.resources.filter((r) => r.type !== "pulumi:providers:kubernetes").map((r) => `${r.type} ${r.name}`).sort()).toEqual([
            "platform:tenancy:Project p",
            "kubernetes:core/v1:Namespace p-ns",
            "kubernetes:core/v1:ResourceQuota p-quota",
            "kubernetes:core/v1:LimitRange p-limits",
            "kubernetes:networking.k8s.io/v1:NetworkPolicy p-deny-all",
            "kubernetes:networking.k8s.io/v1:NetworkPolicy p-allow-same-namespace",
            "kubernetes:networking.k8s.io/v1:NetworkPolicy p-allow-dns",
            "kubernetes:networking.k8s.io/v1:NetworkPolicy p-allow-platform",
            "kubernetes:core/v1:Secret p-pull",
            "kubernetes:iam.kubesphere.io/v1beta1:RoleBinding p-member-bob",
            "kubernetes:iam.kubesphere.io/v1beta1:RoleBinding p-member-dee",
        ].sort());
        for (const r of rec.resources.filter((r) => r.custom && r.type !== "pulumi:providers:kubernetes")) {
            expect(r.provider).toBe(PROVIDER);
            expect(r.parent).toBe(of("p").urn);
            if (r.name !== "p-ns") expect(r.dependencies).toEqual([NS]);
        }
    });

    test("the namespace: in workspace shop, Pod Security baseline enforced and restricted warned", () => {
        expect(of("p-ns").inputs).toEqual({
            apiVersion: "v1",
            kind: "Namespace",
            metadata: {
                name: "web",
                labels: { ...MANAGED, "kubesphere.io/workspace": "shop", "kubesphere.io/managed": "true", "pod-security.kubernetes.io/enforce": "baseline", "pod-security.kubernetes.io/warn": "restricted" },
                annotations: { "kubesphere.io/description": "Storefront" },
            },
        });
    });

    test("the quota and the container defaults", () => {
        expect(of("p-quota").inputs).toEqual({
            apiVersion: "v1",
            kind: "ResourceQuota",
            metadata: { name: "web", namespace: "web", labels: MANAGED },
            spec: { hard: { "requests.cpu": "32", "requests.memory": "128Gi", "limits.cpu": "64", "limits.memory": "160Gi", pods: "200" } },
        });
        expect(of("p-limits").inputs).toEqual({
            apiVersion: "v1",
            kind: "LimitRange",
            metadata: { name: "container-defaults", namespace: "web", labels: MANAGED },
            spec: { limits: [{ type: "Container", defaultRequest: { cpu: "100m", memory: "128Mi" }, default: { cpu: "1", memory: "1Gi" }, max: { cpu: "8", memory: "32Gi" } }] },
        });
    });

    test("network policies: deny all, then the namespace itself, DNS, the ingress controller and Prometheus", () => {
        const spec = (name: string) => (of(name).inputs as { spec: unknown }).spec;
        const all = {};
        expect(of("p-deny-all").inputs).toEqual({ apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name: "deny-all", namespace: "web", labels: MANAGED }, spec: { podSelector: all, policyTypes: ["Ingress", "Egress"] } });
        expect(spec("p-allow-same-namespace")).toEqual({ podSelector: all, policyTypes: ["Ingress", "Egress"], ingress: [{ from: [{ podSelector: all }] }], egress: [{ to: [{ podSelector: all }] }] });
        expect(spec("p-allow-dns")).toEqual({
            podSelector: all,
            policyTypes: ["Egress"],
            egress: [{
                to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } }, podSelector: { matchLabels: { "k8s-app": "kube-dns" } } }],
                ports: [{ protocol: "UDP", port: 53 }, { protocol: "TCP", port: 53 }],
            }],
        });
        expect(spec("p-allow-platform")).toEqual({
            podSelector: all,
            policyTypes: ["Ingress"],
            ingress: [
                { from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "ingress-nginx" } } }] },
                { from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "monitoring" } } }] },
            ],
        });
    });

    test("the pull secret: a dockerconfigjson whose data is only ever a secret", () => {
        expect(of("p-pull").inputs).toEqual({
            apiVersion: "v1",
            kind: "Secret",
            metadata: { name: "harbor-pull", namespace: "web", labels: MANAGED },
            type: "kubernetes.io/dockerconfigjson",
            data: "[secret]",
        });
        expect(of("p-pull").secretInputs).toEqual(["data"]);
        for (const r of rec.resources) {
            expect(JSON.stringify(r)).not.toContain(PASSWORD);
            expect(JSON.stringify(r)).not.toContain(Buffer.from(`robot$prod-pull:${PASSWORD}`).toString("base64"));
        }
    });

    test("members: KubeSphere's project role bindings, <user>-<role>", () => {
        expect(of("p-member-bob").inputs).toEqual({
            apiVersion: "iam.kubesphere.io/v1beta1",
            kind: "RoleBinding",
            metadata: { name: "bob-admin", namespace: "web", labels: { ...MANAGED, "iam.kubesphere.io/user-ref": "bob", "iam.kubesphere.io/role-ref": "admin" } },
            roleRef: { apiGroup: "iam.kubesphere.io", kind: "Role", name: "admin" },
            subjects: [{ apiGroup: "iam.kubesphere.io", kind: "User", name: "bob" }],
        });
        expect((of("p-member-dee").inputs as { metadata: { name: string } }).metadata.name).toBe("dee-viewer");
    });
});

test("the pull secret's data is the robot's login for the registry", async () => {
    const data = await new Promise<string>((resolve) => pullSecretData(pull).apply(resolve));
    expect(JSON.parse(Buffer.from(data, "base64").toString("utf8"))).toEqual({
        auths: { "harbor.ops.kube-platform.internal": { username: "robot$prod-pull", password: PASSWORD, auth: Buffer.from(`robot$prod-pull:${PASSWORD}`).toString("base64") } },
    });
});

describe("the host: users with their global role, a workspace with its placement and role bindings", () => {
    let rec: Awaited<ReturnType<typeof record>>;
    beforeAll(async () => {
        rec = await record(() => {
            const provider = new k8s.Provider("ops-k8s", { kubeconfig: "fake" });
            const users = new TenantUsers("users", { users: layout.users, provider });
            new Workspace("ws-shop", { workspace: shop, provider, users: users.users });
        });
    });

    test("each user and their GlobalRoleBinding", () => {
        expect(rec.ofType("kubernetes:iam.kubesphere.io/v1beta1:User").map((r) => r.name).sort()).toEqual(["users-ann", "users-bob", "users-cy", "users-dee"]);
        expect(rec.byName("users-ann").inputs).toEqual({ apiVersion: "iam.kubesphere.io/v1beta1", kind: "User", metadata: { name: "ann", labels: MANAGED }, spec: { email: "ann@example.com", displayName: "Ann" } });
        expect(rec.byName("users-cy-role").inputs).toEqual({
            apiVersion: "iam.kubesphere.io/v1beta1",
            kind: "GlobalRoleBinding",
            metadata: { name: "cy-platform-admin", labels: { ...MANAGED, "iam.kubesphere.io/user-ref": "cy", "iam.kubesphere.io/role-ref": "platform-admin" } },
            roleRef: { apiGroup: "iam.kubesphere.io", kind: "GlobalRole", name: "platform-admin" },
            subjects: [{ apiGroup: "iam.kubesphere.io", kind: "User", name: "cy" }],
        });
        expect((rec.byName("users-bob-role").inputs as { roleRef: { name: string } }).roleRef.name).toBe("platform-regular");
        expect(rec.byName("users-bob-role").dependencies).toEqual([rec.byName("users-bob").urn]);
    });

    test("the WorkspaceTemplate, placed on its clusters, waiting for its manager's user", () => {
        const template = rec.byName("ws-shop-template");
        expect(template.inputs).toEqual({
            apiVersion: "tenant.kubesphere.io/v1beta1",
            kind: "WorkspaceTemplate",
            metadata: { name: "shop", labels: MANAGED, annotations: { "kubesphere.io/description": "The shop" } },
            spec: { template: { spec: { manager: "ann" } }, placement: { clusters: [{ name: "prod" }, { name: "nonprod" }] } },
        });
        expect(template.dependencies).toEqual([rec.byName("users-ann").urn]);
    });

    test("the manager as <workspace>-admin, each member with their workspace role", () => {
        const bindings = rec.ofType("kubernetes:iam.kubesphere.io/v1beta1:WorkspaceRoleBinding");
        expect(bindings.map((r) => `${r.name}: ${(r.inputs as { metadata: { name: string } }).metadata.name}`).sort()).toEqual([
            "ws-shop-ann: ann-shop-admin", "ws-shop-bob: bob-shop-regular", "ws-shop-dee: dee-shop-viewer",
        ]);
        expect(rec.byName("ws-shop-bob").inputs).toEqual({
            apiVersion: "iam.kubesphere.io/v1beta1",
            kind: "WorkspaceRoleBinding",
            metadata: { name: "bob-shop-regular", labels: { ...MANAGED, "kubesphere.io/workspace": "shop", "iam.kubesphere.io/user-ref": "bob", "iam.kubesphere.io/role-ref": "shop-regular" } },
            roleRef: { apiGroup: "iam.kubesphere.io", kind: "WorkspaceRole", name: "shop-regular" },
            subjects: [{ apiGroup: "iam.kubesphere.io", kind: "User", name: "bob" }],
        });
        expect(rec.byName("ws-shop-bob").dependencies.sort()).toEqual([rec.byName("ws-shop-template").urn, rec.byName("users-bob").urn].sort());
    });
});

describe("a cluster's share: workspace quotas of the workspaces placed on it, and the projects on it", () => {
    test("prod: both workspaces' quotas and all three projects; nonprod: shop's quota and web", async () => {
        const rec = await record(() => {
            const prod = new k8s.Provider("prod-k8s", { kubeconfig: "fake" });
            const nonprod = new k8s.Provider("nonprod-k8s", { kubeconfig: "fake" });
            new TenantCluster("prod-tenancy", { cluster: "prod", layout, provider: prod, pull });
            new TenantCluster("nonprod-tenancy", { cluster: "nonprod", layout, provider: nonprod, pull });
        });
        expect(rec.ofType("kubernetes:quota.kubesphere.io/v1alpha2:ResourceQuota").map((r) => r.name).sort()).toEqual(["nonprod-tenancy-shop-quota", "prod-tenancy-books-quota", "prod-tenancy-shop-quota"]);
        expect(rec.byName("prod-tenancy-shop-quota").inputs).toEqual({
            apiVersion: "quota.kubesphere.io/v1alpha2",
            kind: "ResourceQuota",
            metadata: { name: "shop", labels: { ...MANAGED, "kubesphere.io/workspace": "shop" } },
            spec: { selector: { "kubesphere.io/workspace": "shop" }, quota: { hard: { "requests.cpu": "64", "requests.memory": "256Gi", pods: "500" } } },
        });
        expect(rec.ofType("platform:tenancy:Project").map((r) => r.name).sort()).toEqual(["nonprod-tenancy-web", "prod-tenancy-api", "prod-tenancy-ledger", "prod-tenancy-web"]);
        expect(rec.byName("nonprod-tenancy-web-quota").inputs).toMatchObject({ spec: { hard: { "requests.cpu": "8", "requests.memory": "32Gi" } } });
        expect(rec.byName("nonprod-tenancy-web-ns").provider).toBe("urn:pulumi:test::platform::pulumi:providers:kubernetes::nonprod-k8s");
    });
});

describe("declareTenancy", () => {
    test("without the host (nonprod): no users or workspaces; a cluster no workspace is placed on gets nothing", async () => {
        const rec = await record(() => {
            const nonprod = new k8s.Provider("nonprod-k8s", { kubeconfig: "fake" });
            const ops = new k8s.Provider("ops-k8s", { kubeconfig: "fake" });
            declareTenancy({ layout, clusters: [{ network: "nonprod", provider: nonprod, pull }, { network: "ops", provider: ops, pull }] });
        });
        expect([...new Set(rec.resources.map((r) => r.type))].sort()).toEqual([
            "kubernetes:core/v1:LimitRange", "kubernetes:core/v1:Namespace", "kubernetes:core/v1:ResourceQuota", "kubernetes:core/v1:Secret",
            "kubernetes:iam.kubesphere.io/v1beta1:RoleBinding", "kubernetes:networking.k8s.io/v1:NetworkPolicy", "kubernetes:quota.kubesphere.io/v1alpha2:ResourceQuota",
            "platform:tenancy:Project", "platform:tenancy:TenantCluster", "pulumi:providers:kubernetes",
        ]);
        expect(rec.ofType("platform:tenancy:TenantCluster").map((r) => r.name)).toEqual(["nonprod-tenancy"]);
    });

    test("with the host (prod): users and workspaces on the host's provider", async () => {
        const rec = await record(() => {
            const ops = new k8s.Provider("ops-k8s", { kubeconfig: "fake" });
            const prod = new k8s.Provider("prod-k8s", { kubeconfig: "fake" });
            declareTenancy({ layout, clusters: [{ network: "ops", provider: ops, pull }, { network: "prod", provider: prod, pull }], host: { provider: ops } });
        });
        expect(rec.ofType("platform:tenancy:Workspace").map((r) => r.name).sort()).toEqual(["workspace-books", "workspace-shop"]);
        expect(rec.ofType("platform:tenancy:TenantUsers").map((r) => r.name)).toEqual(["tenancy-users"]);
        for (const type of ["User", "GlobalRoleBinding", "WorkspaceRoleBinding"]) {
            for (const r of rec.ofType(`kubernetes:iam.kubesphere.io/v1beta1:${type}`)) expect(r.provider).toBe("urn:pulumi:test::platform::pulumi:providers:kubernetes::ops-k8s");
        }
        expect(rec.ofType("platform:tenancy:TenantCluster").map((r) => r.name)).toEqual(["prod-tenancy"]);
    });
});
