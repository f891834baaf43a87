import { CREATION_SECONDS, DEFAULT_SECONDS, clusterOf, creationSeconds, deployTime, formatSeconds, planDeployTime } from "../../engine/deployTime";
import { STANDARD, cachedPlan } from "../support/planCache";
import { PlanFile, PlanResource } from "../../engine/planFile";

const res = (name: string, type: string, dependencies: string[] = [], extra: Partial<PlanResource> = {}): PlanResource => ({
    urn: `urn:pulumi:s::p::${type}::${name}`,
    type,
    name,
    custom: !type.startsWith("platform:"),
    dependencies: dependencies.map((d) => `urn:pulumi:s::p::${d}`),
    protect: false,
    inputs: {},
    secretInputs: [],
    ...extra,
});

describe("deployTime", () => {
    test.each([
        [{ type: "alicloud:cs/managedKubernetes:ManagedKubernetes", custom: true }, 720],
        [{ type: "alicloud:unknown/x:X", custom: true }, DEFAULT_SECONDS],
        [{ type: "platform:cluster:AckCluster", custom: false }, 0],
        [{ type: "pulumi:providers:kubernetes", custom: true }, 0],
    ])("creationSeconds(%j) = %d", (r, s) => expect(creationSeconds(r)).toBe(s));

    test("the longest weighted chain, its steps, and the sum of all creations", () => {
        const NET = "alicloud:vpc/network:Network";
        const ACK = "alicloud:cs/managedKubernetes:ManagedKubernetes";
        const POOL = "alicloud:cs/nodePool:NodePool";
        const plan = {
            resources: [
                res("vpc", NET),
                res("a", ACK, [`${NET}::vpc`]),
                res("b", ACK, [`${NET}::vpc`]),
                res("pool", POOL, [`${ACK}::a`]),
            ],
        };
        const d = deployTime(plan);
        expect(d.criticalPathSeconds).toBe(CREATION_SECONDS[NET] + CREATION_SECONDS[ACK] + CREATION_SECONDS[POOL]);
        expect(d.totalSeconds).toBe(CREATION_SECONDS[NET] + 2 * CREATION_SECONDS[ACK] + CREATION_SECONDS[POOL]);
        expect(d.criticalPath.map((s) => s.urn.split("::").pop())).toEqual(["vpc", "a", "pool"]);
    });

    test("serializing two clusters doubles the critical path", () => {
        const ACK = "alicloud:cs/managedKubernetes:ManagedKubernetes";
        const parallel = deployTime({ resources: [res("a", ACK), res("b", ACK)] });
        const serial = deployTime({ resources: [res("a", ACK), res("b", ACK, [`${ACK}::a`])] });
        expect(serial.criticalPathSeconds).toBe(2 * parallel.criticalPathSeconds);
    });

    test("resources belong to the cluster they descend from or whose provider they use", () => {
        const cluster = res("ops", "platform:cluster:AckCluster");
        const provider = res("ops-k8s", "pulumi:providers:kubernetes", [], { parent: cluster.urn });
        const sc = res("sc", "kubernetes:storage.k8s.io/v1:StorageClass", [], { provider: provider.urn });
        const vpc = res("vpc", "alicloud:vpc/network:Network");
        const byUrn = new Map([cluster, provider, sc, vpc].map((r) => [r.urn, r]));
        expect([cluster, provider, sc, vpc].map((r) => clusterOf(r, byUrn))).toEqual(["ops", "ops", "ops", undefined]);
    });

    test.each([[0, "0m 00s"], [65, "1m 05s"], [3725, "1h 02m 05s"]])("formatSeconds(%d) = %s", (s, text) => expect(formatSeconds(s)).toBe(text));
});

describe("the prod stack's deploy time", () => {
    let plan: PlanFile;
    beforeAll(async () => {
        plan = (await cachedPlan(STANDARD.prod)).plan;
    });

    test("clusters and their services deploy in parallel: critical path within 1.3x the longest cluster chain", () => {
        const d = planDeployTime(plan);
        expect(Object.keys(d.clusterChains!)).toEqual(["ops", "prod"]);
        const longest = Math.max(...Object.values(d.clusterChains!));
        expect(d.criticalPathSeconds).toBeLessThanOrEqual(1.3 * longest);
        expect(d.totalSeconds).toBeGreaterThan(2 * d.criticalPathSeconds);
        expect(plan.deploy).toEqual(d);
    });
});

test("a self-managed cluster's remote commands: KubeKey's run takes its 15 minutes, copying the key and reading the kubeconfig seconds, preparing a host two minutes", () => {
    const command = (name: string) => creationSeconds({ type: "command:remote:Command", custom: true, name });
    expect([command("nonprod-kubekey"), command("nonprod-node-key"), command("nonprod-kubeconfig"), command("nonprod-prepare-idc-cp-1")]).toEqual([900, 10, 10, 120]);
});
