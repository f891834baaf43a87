/**
 * Every object tenancy declares, for the shipped example layout, validates: KubeSphere's against the pinned
 * CRD schemas (reference/kubesphere-v4.1.3/crds), Kubernetes' own with kubernetes-models.
 */
import { findCustomResource, validateCustomResource } from "../../engine/reference/crd";
import { validateKubernetesObject } from "../../engine/reference/kubeModels";
import { loadTenancy } from "../../config/tenancy";
import {
    globalRoleBindingObject, limitRangeObject, namespaceObject, networkPolicyObjects, projectRoleBindingObject, pullSecretObject,
    resourceQuotaObject, userObject, workspaceQuotaObject, workspaceRoleBindingObjects, workspaceTemplateObject,
} from "../../components/tenancy/manifests";

const layout = loadTenancy();
const name = (o: { kind: string; metadata: { name: string; namespace?: unknown } }) => `${o.kind} ${o.metadata.namespace ? `${String(o.metadata.namespace)}/` : ""}${o.metadata.name}`;

const kubesphere = [
    ...layout.users.flatMap((u) => [userObject(u), globalRoleBindingObject(u)]),
    ...layout.workspaces.flatMap((w) => [workspaceTemplateObject(w), ...workspaceRoleBindingObjects(w), ...w.placement.map((p) => workspaceQuotaObject(w.name, p.quota))]),
];
const core = layout.projects.flatMap((p) =>
    p.placement.flatMap(({ quota }) => [
        namespaceObject(p),
        resourceQuotaObject(p.name, quota),
        limitRangeObject(p.name, p.containerDefaults),
        ...networkPolicyObjects(p.name, layout.platformNamespaces),
        pullSecretObject(p.name, Buffer.from('{"auths":{}}').toString("base64")),
    ]),
);
const projectBindings = layout.projects.flatMap((p) => p.members.map((m) => projectRoleBindingObject(p.name, m.user, m.role)));

test("the example declares every kind it should", () => {
    expect([...new Set(kubesphere.map((o) => `${o.apiVersion} ${o.kind}`))].sort()).toEqual([
        "iam.kubesphere.io/v1beta1 GlobalRoleBinding", "iam.kubesphere.io/v1beta1 User", "iam.kubesphere.io/v1beta1 WorkspaceRoleBinding",
        "quota.kubesphere.io/v1alpha2 ResourceQuota", "tenant.kubesphere.io/v1beta1 WorkspaceTemplate",
    ]);
    expect([...new Set(core.map((o) => `${o.apiVersion} ${o.kind}`))].sort()).toEqual(["networking.k8s.io/v1 NetworkPolicy", "v1 LimitRange", "v1 Namespace", "v1 ResourceQuota", "v1 Secret"]);
    expect(projectBindings.length).toBeGreaterThan(0);
});

describe.each(kubesphere.map((o) => [name(o), o] as const))("%s", (_n, obj) => {
    test("validates against its pinned CRD", () => expect(validateCustomResource(obj)).toEqual([]));
});

describe.each(core.map((o) => [name(o), o] as const))("%s", (_n, obj) => {
    test("validates with kubernetes-models", () => expect(validateKubernetesObject(obj)).toEqual([]));
});

describe("project role bindings (iam.kubesphere.io/v1beta1 RoleBinding)", () => {
    test("the pinned CRDs do not include rolebindings.iam.kubesphere.io (pin it to validate against it)", () => {
        expect(findCustomResource("iam.kubesphere.io/v1beta1", "RoleBinding")).toBeUndefined();
    });

    // KubeSphere's RoleBinding type is rbac/v1's subjects and roleRef under its own group: validate that shape
    test.each(projectBindings.map((o) => [name(o), o] as const))("%s has the shape of an RBAC RoleBinding", (_n, obj) => {
        expect(validateKubernetesObject({ ...obj, apiVersion: "rbac.authorization.k8s.io/v1" })).toEqual([]);
    });
});

test("the validators are engaged: a placement without a cluster name, or a quota that is not a quantity, is caught", () => {
    const template = workspaceTemplateObject(layout.workspaces[0]);
    const broken = { ...template, spec: { ...(template.spec as object), placement: { clusters: [{ cluster: "prod" }] } } };
    expect(validateCustomResource(broken).map((p) => p.path)).toContain("spec.placement.clusters[0].name");
    const rq = resourceQuotaObject("web", layout.projects[0].placement[0].quota);
    expect(validateKubernetesObject({ ...rq, spec: { hard: { "requests.cpu": "lots" } } })).not.toEqual([]);
});
