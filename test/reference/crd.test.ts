/**
 * KubeSphere custom resources against the CRDs of KubeSphere v4.1.3 in the reference data: one compliant
 * object per kind the platform declares, and failing cases that each change one field of it.
 */
import { customResourceVersions, findCustomResource, validateCustomResource } from "../../engine/reference/crd";

const kubeconfig = Buffer.from("apiVersion: v1\nkind: Config\nclusters: []\n").toString("base64");

const cluster = {
    apiVersion: "cluster.kubesphere.io/v1alpha1",
    kind: "Cluster",
    metadata: { name: "prod", labels: { "cluster-role.kubesphere.io/member": "" }, annotations: { "kubesphere.io/description": "prod cluster" } },
    spec: {
        provider: "Alibaba Cloud",
        connection: { type: "direct", kubeconfig, kubernetesAPIEndpoint: "https://10.1.0.10:6443" },
        joinFederation: false,
    },
};

const workspaceTemplate = {
    apiVersion: "tenant.kubesphere.io/v1beta1",
    kind: "WorkspaceTemplate",
    metadata: { name: "retail" },
    spec: {
        placement: { clusters: [{ name: "prod" }, { name: "nonprod" }] },
        template: { metadata: { labels: { "kubesphere.io/workspace": "retail" } }, spec: { manager: "admin" } },
    },
};

const workspaceQuota = {
    apiVersion: "quota.kubesphere.io/v1alpha2",
    kind: "ResourceQuota",
    metadata: { name: "retail" },
    spec: { quota: { hard: { "limits.cpu": 64, "limits.memory": "256Gi", "requests.cpu": "32" } }, selector: { "kubesphere.io/workspace": "retail" } },
};

const user = { apiVersion: "iam.kubesphere.io/v1beta1", kind: "User", metadata: { name: "alice" }, spec: { email: "alice@example.com", password: "Secret123" } };

const globalRoleBinding = {
    apiVersion: "iam.kubesphere.io/v1beta1",
    kind: "GlobalRoleBinding",
    metadata: { name: "alice-platform-regular" },
    roleRef: { apiGroup: "iam.kubesphere.io", kind: "GlobalRole", name: "platform-regular" },
    subjects: [{ apiGroup: "iam.kubesphere.io", kind: "User", name: "alice" }],
};

/** A fixture seen loosely, so that a case can change any field of it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = Record<string, any>;

/** A deep copy of a fixture with one change made to it. */
function mutate<T>(fixture: T, change: (copy: Loose) => void): T {
    const copy = structuredClone(fixture) as Loose;
    change(copy);
    return copy as T;
}

describe("the reference CRDs", () => {
    it("declare the kinds the platform uses (and the extension kinds), each with exactly one storage version", () => {
        const kinds = [...new Set(customResourceVersions().map((v) => `${v.apiVersion.split("/")[0]} ${v.kind}`))].sort();
        expect(kinds).toEqual([
            "cluster.kubesphere.io Cluster",
            "iam.kubesphere.io GlobalRole",
            "iam.kubesphere.io GlobalRoleBinding",
            "iam.kubesphere.io User",
            "iam.kubesphere.io WorkspaceRole",
            "iam.kubesphere.io WorkspaceRoleBinding",
            "kubesphere.io Extension",
            "kubesphere.io ExtensionVersion",
            "kubesphere.io InstallPlan",
            "kubesphere.io Repository",
            "quota.kubesphere.io ResourceQuota",
            "tenant.kubesphere.io WorkspaceTemplate",
        ]);
        for (const kind of kinds) {
            expect(customResourceVersions().filter((v) => `${v.apiVersion.split("/")[0]} ${v.kind}` === kind && v.storage)).toHaveLength(1);
        }
    });

    it("pick the version the apiVersion names", () => {
        expect(findCustomResource("tenant.kubesphere.io/v1alpha2", "WorkspaceTemplate")).toMatchObject({ storage: false, deprecated: true, served: true });
        expect(findCustomResource("tenant.kubesphere.io/v1beta1", "WorkspaceTemplate")).toMatchObject({ storage: true, deprecated: false });
    });
});

describe("validateCustomResource accepts", () => {
    it.each<[string, object]>([
        ["a direct-connection Cluster with a base64 kubeconfig", cluster],
        ["a WorkspaceTemplate placed on two clusters", workspaceTemplate],
        ["a workspace ResourceQuota with integer and string quantities", workspaceQuota],
        ["a User with a password that meets the pattern", user],
        ["a GlobalRoleBinding", globalRoleBinding],
        ["a Cluster whose kubeconfig is still unknown (plan placeholder)", mutate(cluster, (c) => (c.spec.connection.kubeconfig = "[secret]"))],
    ])("%s", (_, obj) => {
        expect(validateCustomResource(obj)).toEqual([]);
    });
});

describe("validateCustomResource rejects", () => {
    it.each<[string, object, string, RegExp]>([
        ["a missing required field", mutate(workspaceTemplate, (w) => delete w.spec.placement), "spec.placement", /expected a value \(the field is required\)/],
        ["a missing required field at the root", mutate(globalRoleBinding, (b) => delete b.roleRef), "roleRef", /the field is required/],
        ["an unknown field", mutate(cluster, (c) => (c.spec.connection.kubeconfg = kubeconfig)), "spec.connection.kubeconfg", /did you mean kubeconfig\?\), found unknown field "kubeconfg", which the API server prunes/],
        ["an unknown top-level field of spec", mutate(workspaceTemplate, (w) => (w.spec.clusters = [])), "spec.clusters", /expected one of the fields placement, template/],
        ["a raw (not base64) kubeconfig", mutate(cluster, (c) => (c.spec.connection.kubeconfig = "apiVersion: v1\nkind: Config")), "spec.connection.kubeconfig", /expected base64-encoded bytes/],
        ["a wrong type", mutate(cluster, (c) => (c.spec.connection.kubernetesAPIServerPort = "6443")), "spec.connection.kubernetesAPIServerPort", /expected an integer, found string "6443"/],
        ["a quantity that does not match the pattern", mutate(workspaceQuota, (q) => (q.spec.quota.hard["limits.memory"] = "256GB")), 'spec.quota.hard["limits.memory"]', /expected a string matching the pattern/],
        ["a password shorter than minLength", mutate(user, (u) => (u.spec.password = "Ab1")), "spec.password", /expected at least 8 characters/],
        ["a duplicate cluster in the placement (list-type map)", mutate(workspaceTemplate, (w) => w.spec.placement.clusters.push({ name: "prod" })), "spec.placement.clusters[2]", /unique by key \(name\)/],
        ["a name that is not a DNS-1123 subdomain", mutate(cluster, (c) => (c.metadata.name = "Prod_1")), "metadata.name", /expected a DNS-1123 subdomain .*found "Prod_1"/],
        ["a missing name", mutate(cluster, (c) => delete c.metadata.name), "metadata.name", /expected a name, found nothing/],
        ["a namespace on a cluster-scoped kind", mutate(workspaceQuota, (q) => (q.metadata.namespace = "default")), "metadata.namespace", /ResourceQuota is cluster-scoped/],
        ["an invalid label value", mutate(cluster, (c) => (c.metadata.labels.env = "prod cluster")), "metadata.labels.env", /expected a label value/],
        ["a non-string annotation", mutate(cluster, (c) => (c.metadata.annotations.n = 1)), "metadata.annotations.n", /expected a string, found number 1/],
        ["a version the CRD does not declare", mutate(workspaceTemplate, (w) => (w.apiVersion = "tenant.kubesphere.io/v1")), "apiVersion", /expected a version of WorkspaceTemplate that the CRD declares: tenant.kubesphere.io\/v1alpha2 WorkspaceTemplate, tenant.kubesphere.io\/v1beta1 WorkspaceTemplate/],
        ["a kind without a CRD, naming those that exist", mutate(cluster, (c) => (c.kind = "Clusters")), "apiVersion", /expected a kind with a CRD in kubesphere-v4.1.3\/crds: .*cluster.kubesphere.io\/v1alpha1 Cluster.*\(did you mean cluster.kubesphere.io\/v1alpha1 Cluster\?\)/],
        ["a missing kind", mutate(cluster, (c) => delete c.kind), "kind", /expected a non-empty string, found nothing/],
    ])("%s", (_, obj, path, message) => {
        const problems = validateCustomResource(obj);
        expect(problems).toHaveLength(1);
        expect(problems[0].path).toBe(path);
        expect(problems[0].message).toMatch(message);
    });

    it("names the resource in every message", () => {
        const [p] = validateCustomResource(mutate(cluster, (c) => (c.spec.enable = "yes")));
        expect(p).toMatchObject({ resource: 'cluster.kubesphere.io/v1alpha1 Cluster "prod"', path: "spec.enable" });
        expect(p.message).toBe('cluster.kubesphere.io/v1alpha1 Cluster "prod": spec.enable: expected a boolean, found string "yes"');
    });

    it("validates against the version named: v1alpha2 WorkspaceTemplate has no template.metadata.labels", () => {
        const old = mutate(workspaceTemplate, (w) => (w.apiVersion = "tenant.kubesphere.io/v1alpha2"));
        expect(validateCustomResource(old).map((p) => p.path)).toEqual(['spec.template.metadata.labels']);
    });

    it("rejects something that is not an object", () => {
        expect(validateCustomResource("Cluster")[0].message).toMatch(/expected a Kubernetes object/);
    });
});
