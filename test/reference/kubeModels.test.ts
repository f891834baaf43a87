/**
 * Core Kubernetes objects through the kubernetes-models schemas, plus the name and label rules those
 * schemas leave out: one compliant object per kind, failing cases that change one field.
 */
import { KUBERNETES_MODEL_KINDS, validateKubernetesObject } from "../../engine/reference/kubeModels";

const namespace = { apiVersion: "v1", kind: "Namespace", metadata: { name: "retail-orders", labels: { "kubesphere.io/workspace": "retail" } } };

const resourceQuota = {
    apiVersion: "v1",
    kind: "ResourceQuota",
    metadata: { name: "quota", namespace: "retail-orders" },
    spec: { hard: { "limits.cpu": "16", "limits.memory": "64Gi", "requests.cpu": 8, pods: "100" } },
};

const limitRange = {
    apiVersion: "v1",
    kind: "LimitRange",
    metadata: { name: "defaults", namespace: "retail-orders" },
    spec: { limits: [{ type: "Container", default: { cpu: "500m", memory: "512Mi" }, defaultRequest: { cpu: "100m", memory: "128Mi" } }] },
};

const networkPolicy = {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: { name: "default-deny", namespace: "retail-orders" },
    spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] },
};

const storageClass = {
    apiVersion: "storage.k8s.io/v1",
    kind: "StorageClass",
    metadata: { name: "nas-extreme" },
    provisioner: "nasplugin.csi.alibabacloud.com",
    parameters: { volumeAs: "subpath", server: "xxx.cn-hangzhou.extreme.nas.aliyuncs.com:/share" },
    mountOptions: ["nolock,tcp,noresvport", "vers=3"],
    reclaimPolicy: "Retain",
    allowVolumeExpansion: true,
};

const pullSecret = {
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: "harbor-pull", namespace: "retail-orders" },
    type: "kubernetes.io/dockerconfigjson",
    data: { ".dockerconfigjson": Buffer.from('{"auths":{}}').toString("base64") },
};

const clusterRoleBinding = {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "ClusterRoleBinding",
    metadata: { name: "system:platform-registrar" },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "cluster-admin" },
    subjects: [{ kind: "ServiceAccount", name: "registrar", namespace: "kube-system" }],
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

describe("validateKubernetesObject accepts", () => {
    it.each<[string, object]>([
        ["a Namespace with a workspace label", namespace],
        ["a ResourceQuota with string and integer quantities", resourceQuota],
        ["a LimitRange", limitRange],
        ["a default-deny NetworkPolicy", networkPolicy],
        ["a NAS StorageClass", storageClass],
        ["a docker-config Secret", pullSecret],
        ["a ClusterRoleBinding whose name has a colon", clusterRoleBinding],
        ["a ServiceAccount", { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "registrar", namespace: "kube-system" } }],
    ])("%s", (_, obj) => {
        expect(validateKubernetesObject(obj)).toEqual([]);
    });
});

describe("validateKubernetesObject rejects", () => {
    it.each<[string, object, RegExp]>([
        ["a Namespace name that is not a DNS-1123 label", mutate(namespace, (n) => (n.metadata.name = "retail.orders")), /^v1 Namespace "retail.orders": metadata.name: expected a DNS-1123 label .*found "retail.orders"/],
        ["a Namespace name that is too long", mutate(namespace, (n) => (n.metadata.name = "a".repeat(64))), /metadata.name: expected a DNS-1123 label .*\(64 characters\)/],
        ["a Namespace label value with a space", mutate(namespace, (n) => (n.metadata.labels["kubesphere.io/workspace"] = "retail ops")), /metadata.labels\["kubesphere.io\/workspace"\]: expected a label value/],
        ["a Namespace with a non-string finalizer", mutate(namespace, (n) => (n.spec = { finalizers: [1] })), /spec.finalizers\[0\]: expected a value that must be string; found number 1/],
        ["a ResourceQuota quantity that is not a quantity", mutate(resourceQuota, (q) => (q.spec.hard["limits.memory"] = "64 GB")), /^v1 ResourceQuota "quota": spec.hard\["limits.memory"\]: expected a value that must be number, or must match format "quantity"; found string "64 GB"/],
        ["a ResourceQuota scope outside the enum", mutate(resourceQuota, (q) => (q.spec.scopes = ["Always"])), /spec.scopes\[0\]: expected a value that must be equal to one of the allowed values \("BestEffort", .*\); found string "Always"/],
        ["a NetworkPolicy policy type outside the enum", mutate(networkPolicy, (p) => (p.spec.policyTypes = ["Inbound"])), /spec.policyTypes\[0\]: .*\("Egress", "Ingress"\); found string "Inbound"/],
        ["a NetworkPolicy without podSelector", mutate(networkPolicy, (p) => delete p.spec.podSelector), /spec: expected a value that must have required property podSelector/],
        ["a StorageClass without provisioner", mutate(storageClass, (s) => delete s.provisioner), /\(root\): expected a value that must have required property provisioner/],
        ["a Secret whose data is not base64", mutate(pullSecret, (s) => (s.data[".dockerconfigjson"] = '{"auths":{}}')), /data\["\.dockerconfigjson"\]: expected a value that must match format "byte"/],
        ["a kind the table does not know, suggesting the closest", mutate(namespace, (n) => (n.kind = "Namepsace")), /^v1 Namepsace "retail-orders": apiVersion\/kind: expected one of v1 Namespace, .*\(did you mean v1 Namespace\?\), found v1 Namepsace/],
        ["a known kind under the wrong apiVersion", mutate(networkPolicy, (p) => (p.apiVersion = "extensions/v1beta1")), /expected one of .*found extensions\/v1beta1 NetworkPolicy/],
        ["a missing name", mutate(storageClass, (s) => delete s.metadata.name), /metadata.name: expected a name, found nothing/],
    ])("%s", (_, obj, message) => {
        const problems = validateKubernetesObject(obj);
        expect(problems).toHaveLength(1);
        expect(problems[0]).toMatch(message);
    });

    it("reports every problem at once", () => {
        const bad = mutate(resourceQuota, (q) => {
            q.metadata.name = "Quota";
            q.spec.hard.cpu = "lots";
            q.spec.scopes = ["Never"];
        });
        expect(validateKubernetesObject(bad)).toHaveLength(3);
    });

    it("rejects something that is not an object", () => {
        expect(validateKubernetesObject([namespace])).toEqual(["(object): expected a Kubernetes object (a map with apiVersion and kind), found a list of 1 item"]);
    });
});

describe("the kind table", () => {
    it("covers the kinds the platform declares", () => {
        for (const kind of ["v1 Namespace", "v1 ResourceQuota", "v1 LimitRange", "networking.k8s.io/v1 NetworkPolicy", "v1 Secret", "v1 ServiceAccount", "storage.k8s.io/v1 StorageClass", "rbac.authorization.k8s.io/v1 RoleBinding", "rbac.authorization.k8s.io/v1 ClusterRoleBinding", "apps/v1 Deployment", "apps/v1 DaemonSet", "apps/v1 StatefulSet", "v1 Service", "v1 ConfigMap"]) {
            expect(KUBERNETES_MODEL_KINDS).toContain(kind);
        }
    });

    it.each(KUBERNETES_MODEL_KINDS.map((k) => k.split(" ")))("maps %s %s to a model of that kind", (apiVersion, kind) => {
        // a minimal object: the model's own apiVersion/kind check must agree with the table's key
        const problems = validateKubernetesObject({ apiVersion, kind, metadata: { name: "x" } });
        expect(problems.filter((p) => /apiVersion|kind/.test(p.split(": ")[1] ?? ""))).toEqual([]);
    });
});
