import * as YAML from "yaml";
import {
    ACK_PROVIDER,
    HOST_CLUSTER_NAME,
    KS_CORE_CHART,
    KUBESPHERE_IMAGE_NAMESPACES,
    MEMBER_ACCESS,
    REGISTRAR_ACCESS,
    accessBodies,
    clusterGroup,
    clusterObject,
    federationRole,
    ksCoreValues,
    memberChartConfig,
    memberNameProblem,
    registrarClusterRoleBody,
    registrarNamespaceBody,
    registrarRules,
    serviceAccountKubeconfig,
    toBase64,
} from "../../components/federation";
import { chartVersion, validateChartValues } from "../../engine/reference/chartValues";
import { validateCustomResource } from "../../engine/reference/crd";
import { validateKubernetesObject } from "../../engine/reference/kubeModels";

/** ks-core's sizes (components/kubernetes/resources.ts), as requests and limits. */
const APISERVER = { requests: { cpu: "200m", memory: "512Mi" }, limits: { cpu: "2", memory: "2Gi" } };
const CONTROLLER = { requests: { cpu: "100m", memory: "256Mi" }, limits: { cpu: "1", memory: "1Gi" } };
const CONSOLE = { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "1", memory: "1Gi" } };
const HELM_EXECUTOR = { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "500m", memory: "512Mi" } };

const JWT = "0123456789abcdefABCDEF0123456789";
/** A bcrypt hash as `random.RandomPassword.bcryptHash` gives it (of "test-only"). */
const HASH = "$2a$10$abcdefghijklmnopqrstuu9eWnUq0uQ8Q5pXh0S4P2uMNiX7jzcw2";

describe("roles", () => {
    test.each([
        ["ops", "host", "development"],
        ["prod", "member", "production"],
        ["nonprod", "member", "development"],
    ] as const)("%s is the federation's %s, in group %s", (network, role, group) => {
        expect(federationRole(network)).toBe(role);
        expect(clusterGroup(network)).toBe(group);
    });

    test("the host is ops", () => expect(HOST_CLUSTER_NAME).toBe("ops"));

    test.each([
        ["prod", undefined],
        ["nonprod", undefined],
        ["ops", "the host's name"],
        ["Prod", "lower-case"],
        ["prod_1", "lower-case"],
        ["x".repeat(64), "at most 63"],
    ])("member name %s", (name, problem) => {
        if (problem === undefined) expect(memberNameProblem(name)).toBeUndefined();
        else expect(memberNameProblem(name)).toContain(problem);
    });
});

describe("ks-core", () => {
    test("the chart is pinned at the reference version, from KubeSphere's repository, as release ks-core", () => {
        expect(KS_CORE_CHART).toEqual({ chart: "ks-core", repo: "https://charts.kubesphere.io/main", version: chartVersion("ks-core"), releaseName: "ks-core", namespace: "kubesphere-system", timeoutSeconds: 900, secretValues: ["authentication.issuer.jwtSecret", "authentication.adminPassword"] });
    });

    test("its images run in kubesphere-system and kubesphere-controls-system", () => {
        expect(KUBESPHERE_IMAGE_NAMESPACES).toEqual(["kubesphere-system", "kubesphere-controls-system"]);
    });

    test.each(["host", "member"] as const)("%s values, exactly, and every key is the chart's", (role) => {
        const values = ksCoreValues({ role, jwtSecret: JWT, adminPasswordHash: HASH });
        expect(values).toEqual({
            multicluster: { role, hostClusterName: "ops" },
            authentication: { adminPassword: HASH, issuer: { jwtSecret: JWT } },
            apiserver: { resources: APISERVER },
            controller: { resources: CONTROLLER },
            console: { resources: CONSOLE, nodePort: 0 },
            helmExecutor: { resources: HELM_EXECUTOR },
        });
        expect(validateChartValues("ks-core", values)).toEqual([]);
    });

    test("an image registry moves every image (global.imageRegistry), still a chart key", () => {
        const values = ksCoreValues({ role: "member", jwtSecret: JWT, imageRegistry: "harbor.ops.internal", hostClusterName: "central", adminPasswordHash: HASH });
        expect(values).toEqual({
            global: { imageRegistry: "harbor.ops.internal" },
            multicluster: { role: "member", hostClusterName: "central" },
            authentication: { adminPassword: HASH, issuer: { jwtSecret: JWT } },
            apiserver: { resources: APISERVER },
            controller: { resources: CONTROLLER },
            console: { resources: CONSOLE, nodePort: 0 },
            helmExecutor: { resources: HELM_EXECUTOR },
        });
        expect(validateChartValues("ks-core", values)).toEqual([]);
    });

    test("the key check would catch a misplaced role", () => {
        const problems = validateChartValues("ks-core", { multicluster: { clusterRole: "member" } });
        expect(problems.map((p) => p.path)).toEqual(["multicluster.clusterRole"]);
    });

    test("a member's chart config holds only what the host does not force: images, the admin password hash, what a member runs sized", () => {
        const config = memberChartConfig({ adminPasswordHash: HASH });
        expect(config).not.toContain("jwtSecret");
        const parsed = YAML.parse(config);
        expect(parsed).toEqual({
            authentication: { adminPassword: HASH },
            apiserver: { resources: APISERVER },
            controller: { resources: CONTROLLER },
        });
        expect(validateChartValues("ks-core", parsed)).toEqual([]);
        expect(YAML.parse(memberChartConfig({ imageRegistry: "harbor.ops.internal", adminPasswordHash: HASH })).global).toEqual({ imageRegistry: "harbor.ops.internal" });
    });
});

describe("serviceAccountKubeconfig", () => {
    const opts = { clusterName: "prod", server: "https://192.0.2.10:6443", caData: "Q0E=", token: "tok.en", userName: "kubesphere-federation" };

    test("token user, cluster CA, one context", () => {
        const text = serviceAccountKubeconfig(opts);
        expect(YAML.parse(text)).toEqual({
            apiVersion: "v1",
            kind: "Config",
            clusters: [{ name: "prod", cluster: { server: "https://192.0.2.10:6443", "certificate-authority-data": "Q0E=" } }],
            users: [{ name: "kubesphere-federation", user: { token: "tok.en" } }],
            contexts: [{ name: "kubesphere-federation@prod", context: { cluster: "prod", user: "kubesphere-federation" } }],
            "current-context": "kubesphere-federation@prod",
            preferences: {},
        });
    });

    test.each([
        [{ server: "http://192.0.2.10:6443" }, "https:// API server URL"],
        [{ server: "" }, "https:// API server URL"],
        [{ token: "" }, "token is empty"],
        [{ caData: "" }, "CA (ca.crt) is empty"],
    ])("refuses %j", (change, message) => {
        expect(() => serviceAccountKubeconfig({ ...opts, ...change })).toThrow(message);
    });
});

describe("access objects", () => {
    const member = accessBodies(MEMBER_ACCESS, "cluster-admin");
    const registrar = accessBodies(REGISTRAR_ACCESS, REGISTRAR_ACCESS.clusterRole);
    const labels = { "app.kubernetes.io/managed-by": "pulumi", "app.kubernetes.io/part-of": "kubesphere-federation" };

    test("the member's ServiceAccount, token Secret and cluster-admin binding", () => {
        expect(member).toEqual({
            serviceAccount: { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "kubesphere-federation", namespace: "kube-system", labels } },
            tokenSecret: {
                apiVersion: "v1",
                kind: "Secret",
                metadata: { name: "kubesphere-federation-token", namespace: "kube-system", labels, annotations: { "kubernetes.io/service-account.name": "kubesphere-federation" } },
                type: "kubernetes.io/service-account-token",
            },
            binding: {
                apiVersion: "rbac.authorization.k8s.io/v1",
                kind: "ClusterRoleBinding",
                metadata: { name: "kubesphere-federation", labels },
                roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "cluster-admin" },
                subjects: [{ kind: "ServiceAccount", name: "kubesphere-federation", namespace: "kube-system" }],
            },
        });
    });

    test.each([
        ["member ServiceAccount", member.serviceAccount],
        ["member token Secret", member.tokenSecret],
        ["member binding", member.binding],
        ["registrar Namespace", registrarNamespaceBody()],
        ["registrar ServiceAccount", registrar.serviceAccount],
        ["registrar token Secret", registrar.tokenSecret],
        ["registrar binding", registrar.binding],
        ["registrar ClusterRole", registrarClusterRoleBody(["nonprod"])],
    ])("%s validates with kubernetes-models", (_what, body) => expect(validateKubernetesObject(body)).toEqual([]));

    test("the registrar binds its own role, in its own namespace", () => {
        expect(registrar.binding.roleRef).toEqual({ apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "cluster-registrar" });
        expect(registrar.binding.subjects).toEqual([{ kind: "ServiceAccount", name: "cluster-registrar", namespace: "cluster-registrar" }]);
    });
});

describe("registrarRules: registering clusters and nothing more", () => {
    test("create any Cluster; read, change and delete only the named ones", () => {
        expect(registrarRules(["nonprod"])).toEqual([
            { apiGroups: ["cluster.kubesphere.io"], resources: ["clusters"], verbs: ["create"] },
            { apiGroups: ["cluster.kubesphere.io"], resources: ["clusters"], resourceNames: ["nonprod"], verbs: ["get", "list", "watch", "update", "patch", "delete"] },
        ]);
    });

    test("no wildcard, no other group or resource, no escalation verb", () => {
        for (const rule of registrarRules(["nonprod", "staging"])) {
            expect(rule.apiGroups).toEqual(["cluster.kubesphere.io"]);
            expect(rule.resources).toEqual(["clusters"]);
            for (const verb of rule.verbs) expect(["get", "list", "watch", "create", "update", "patch", "delete"]).toContain(verb);
        }
    });

    test("a registrar for nobody is refused", () => expect(() => registrarRules([])).toThrow("at least one cluster"));
});

describe("clusterObject: a member's registration", () => {
    const kubeconfig = serviceAccountKubeconfig({ clusterName: "prod", server: "https://192.0.2.10:6443", caData: "Q0E=", token: "placeholder", userName: "kubesphere-federation" });
    const body = clusterObject({ name: "prod", group: "production", clusterProvider: ACK_PROVIDER, kubeconfigBase64: toBase64(kubeconfig), chartConfigBase64: toBase64(memberChartConfig({ adminPasswordHash: HASH })) });

    test("direct connection, base64 kubeconfig and chart config, group label, ACK provider", () => {
        expect(body).toEqual({
            apiVersion: "cluster.kubesphere.io/v1alpha1",
            kind: "Cluster",
            metadata: { name: "prod", annotations: { "pulumi.com/waitFor": "condition=KSCoreReady", "pulumi.com/timeoutSeconds": "1800" },
                labels: { "cluster.kubesphere.io/group": "production", "kubesphere.io/managed": "true", "app.kubernetes.io/managed-by": "pulumi" } },
            spec: { provider: "Aliyun ACK", connection: { type: "direct", kubeconfig: toBase64(kubeconfig) }, config: toBase64(memberChartConfig({ adminPasswordHash: HASH })) },
        });
        // the CRD leaves connection.type a free string: direct is asserted here
        expect(body.spec.connection.type).toBe("direct");
        expect(Buffer.from(body.spec.connection.kubeconfig, "base64").toString()).toBe(kubeconfig);
    });

    test("validates against the Cluster CRD", () => {
        expect(validateCustomResource(body)).toEqual([]);
        expect(validateCustomResource(clusterObject({ name: "nonprod", group: "development", clusterProvider: ACK_PROVIDER, kubeconfigBase64: "cGxhY2Vob2xkZXI=" }))).toEqual([]);
    });

    test("the CRD check would catch a wrong type", () => {
        const bad = { ...body, spec: { ...body.spec, joinFederation: "yes" } };
        expect(validateCustomResource(bad).map((p) => p.path)).toEqual(["spec.joinFederation"]);
    });
});
