import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ClusterRegistration, FederationMember, HostRegistrar, KsCore, memberChartConfig, serviceAccountKubeconfig } from "../../components/federation";
import { FAKE_TOKEN_PREFIX } from "../../engine/fakes/resources";
import { record } from "../support/mocks";

const OPS_ENDPOINT = "https://192.0.2.20:6443";
const PROVIDER = (name: string) => `urn:pulumi:test::platform::pulumi:providers:kubernetes::${name}`;
const kubernetesResources = (rec: Awaited<ReturnType<typeof record>>) => rec.resources.filter((r) => r.type.startsWith("kubernetes:"));

describe("the nonprod stack's use", () => {
    test("nonprod registered on the host through the registrar's kubeconfig; no ks-core release and no jwtSecret of its own (the host installs it, with its own)", async () => {
        const registrarKubeconfig = serviceAccountKubeconfig({ clusterName: "ops", server: OPS_ENDPOINT, caData: "Q0E=", token: "registrar-token-from-prod", userName: "cluster-registrar" });
        const rec = await record(() => {
            // what a StackReference to prod gives: secret outputs
            const host = new k8s.Provider("ops-registrar", { kubeconfig: pulumi.secret(registrarKubeconfig) });
            const nonprod = new k8s.Provider("nonprod-k8s", { kubeconfig: "fake" });
            const member = new FederationMember("nonprod", { provider: nonprod, clusterName: "nonprod", server: "https://192.0.2.30:6443" });
            new ClusterRegistration("nonprod", {
                hostProvider: host,
                clusterName: "nonprod",
                kubeconfig: member.kubeconfig,
                group: "development",
                chartConfig: pulumi.secret(memberChartConfig({ adminPasswordHash: `$2a$10$${"n".repeat(53)}` })),
            });
        });
        expect(rec.byName("ops-registrar").secretInputs).toEqual(["kubeconfig"]);
        const cluster = rec.byName("nonprod-cluster");
        expect(cluster.provider).toBe(PROVIDER("ops-registrar"));
        expect(cluster.inputs).toMatchObject({
            metadata: { name: "nonprod", labels: { "cluster.kubesphere.io/group": "development" }, annotations: { "pulumi.com/waitFor": "condition=KSCoreReady" } },
            spec: { provider: "Aliyun ACK", connection: { type: "direct", kubeconfig: "[secret]" }, config: "[secret]" },
        });
        expect(rec.ofType("kubernetes:helm.sh/v3:Release")).toEqual([]);
        const recorded = JSON.stringify(rec.resources.map((r) => ({ inputs: r.inputs, state: r.state })));
        for (const v of ["registrar-token-from-prod", FAKE_TOKEN_PREFIX]) expect(recorded).not.toContain(v);
    });
});

describe("arguments are checked before any child exists", () => {
    test("KsCore: a timeout that is not a positive whole number", async () => {
        const rec = await record(() => {
            const p = new k8s.Provider("x-k8s", { kubeconfig: "fake" });
            expect(() => new KsCore("x", { provider: p, role: "host", jwtSecret: "s", timeoutSeconds: 0 })).toThrow("timeoutSeconds must be a positive whole number");
        });
        expect(kubernetesResources(rec)).toEqual([]);
    });

    test.each([
        ["ops", "the host's name"],
        ["Prod", "lower-case"],
    ])("FederationMember: clusterName %s", async (clusterName, message) => {
        const rec = await record(() => {
            const p = new k8s.Provider("x-k8s", { kubeconfig: "fake" });
            expect(() => new FederationMember("x", { provider: p, clusterName, server: "https://192.0.2.10:6443" })).toThrow(message);
        });
        expect(kubernetesResources(rec)).toEqual([]);
    });

    test.each([
        [{ clusterName: "ops" }, "the host's name"],
        [{ group: "staging" }, "group: expected one of production, development, testing, demo"],
    ])("ClusterRegistration: %j", async (change, message) => {
        const rec = await record(() => {
            const p = new k8s.Provider("x-k8s", { kubeconfig: "fake" });
            const args = { hostProvider: p, clusterName: "nonprod", kubeconfig: "k", group: "development", ...change } as ConstructorParameters<typeof ClusterRegistration>[1];
            expect(() => new ClusterRegistration("x", args)).toThrow(message);
        });
        expect(kubernetesResources(rec)).toEqual([]);
    });

    test.each([
        [[], "name at least one member"],
        [["ops"], "the host's name"],
    ])("HostRegistrar: clusterNames %j", async (clusterNames, message) => {
        const rec = await record(() => {
            const p = new k8s.Provider("x-k8s", { kubeconfig: "fake" });
            expect(() => new HostRegistrar("x", { provider: p, server: OPS_ENDPOINT, clusterNames })).toThrow(message);
        });
        expect(kubernetesResources(rec)).toEqual([]);
    });
});
