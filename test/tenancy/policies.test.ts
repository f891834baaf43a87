/**
 * The tenancy policies, each both ways: the prod stack's clusters with the example layout violate none; each
 * failing case changes one thing of that fixture and asserts the message.
 */
import { AnalyzedResource } from "../../engine/analyze";
import { platformPack } from "../../engine/pack";
import { configurePack, resolvePolicyConfig } from "../../engine/policyConfig";
import { tenancyPolicies } from "../../policies/tenancy";
import { cloneResources, named, setProp, violationsOf } from "../support/fixtures";
import { tenancyStack } from "./support";

let compliant: AnalyzedResource[];
beforeAll(async () => {
    compliant = await tenancyStack();
});

const pack = { ...platformPack(), policies: tenancyPolicies };
const configure = (raw: unknown) => configurePack(pack, resolvePolicyConfig(pack, raw, "policy.json"));
afterEach(() => configure({}));

const check = (rs: AnalyzedResource[], policy: string) => violationsOf(rs, tenancyPolicies, policy);
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Props = Record<string, any>;
/** A copy of the fixture with one resource's inputs and outputs changed by `change`. */
function changed(name: string, change: (props: Props) => void): AnalyzedResource[] {
    const rs = cloneResources(compliant);
    const r = named(rs, name);
    change(r.inputs);
    change(r.outputs);
    return rs;
}
const without = (...names: string[]) => cloneResources(compliant).filter((r) => !names.includes(r.name));
const messages = async (rs: AnalyzedResource[], policy: string) => (await check(rs, policy)).map((v) => `${v.enforcementLevel} ${v.message.split("\n").pop()}`);

test("the fixture has tenant namespaces, quotas, node pools; it violates no tenancy policy", async () => {
    expect(compliant.filter((r) => r.type === "kubernetes:core/v1:Namespace")).toHaveLength(8);
    expect(await violationsOf(compliant, tenancyPolicies)).toEqual([]);
});

describe("tenant-namespace-complete", () => {
    test("a namespace without its workspace label", async () => {
        const rs = changed("prod-tenancy-storefront-ns", (p) => delete p.metadata.labels["kubesphere.io/workspace"]);
        const vs = await check(rs, "tenant-namespace-complete");
        expect(vs.map((v) => v.urn)).toEqual([named(compliant, "prod-tenancy-storefront-ns").urn]);
        expect(await messages(rs, "tenant-namespace-complete")).toEqual([
            'mandatory Namespace storefront: metadata.labels["kubesphere.io/workspace"]: expected the workspace the namespace belongs to; found no workspace label. Fix: declare tenant namespaces through config/tenancy (they get the label); label platform namespaces system-workspace',
        ]);
    });

    test.each([
        ["ResourceQuota", "prod-tenancy-checkout-quota"],
        ["LimitRange", "prod-tenancy-checkout-limits"],
    ])("a tenant namespace without its %s", async (kind, name) => {
        expect(await messages(without(name), "tenant-namespace-complete")).toEqual([
            `mandatory Namespace checkout (workspace retail): ${kind}: expected a ${kind} in the namespace, on the same cluster; found none. Fix: declare the project through config/tenancy (its Project component declares both)`,
        ]);
    });

    test("a quota in a namespace of that name on another cluster does not count", async () => {
        const rs = changed("prod-tenancy-checkout-quota", () => undefined);
        (named(rs, "prod-tenancy-checkout-quota") as { provider?: string }).provider = named(rs, "ops-k8s").urn;
        expect(await check(rs, "tenant-namespace-complete")).toHaveLength(1);
    });

    test("a platform namespace in the system workspace needs no quota; other system workspaces can be configured", async () => {
        const system = without("prod-tenancy-ledger-quota", "prod-tenancy-ledger-limits");
        for (const r of [system.find((x) => x.name === "prod-tenancy-ledger-ns")!]) {
            r.inputs.metadata = { ...(r.inputs.metadata as object), labels: { "kubesphere.io/workspace": "system-workspace" } };
            r.outputs.metadata = r.inputs.metadata;
        }
        expect(await check(system, "tenant-namespace-complete")).toEqual([]);
        await configure({ "tenant-namespace-complete": { systemWorkspaces: ["platform-tools"] } });
        expect(await check(system, "tenant-namespace-complete")).toHaveLength(2);
    });
});

describe("nothing-in-default-namespace", () => {
    test("an object declared in default", async () => {
        const rs = changed("prod-tenancy-storefront-deny-all", (p) => (p.metadata.namespace = "default"));
        const vs = await check(rs, "nothing-in-default-namespace");
        expect(vs.map((v) => v.urn)).toEqual([named(compliant, "prod-tenancy-storefront-deny-all").urn]);
        expect(await messages(rs, "nothing-in-default-namespace")).toEqual([
            "mandatory NetworkPolicy deny-all: metadata.namespace: expected a project's or a platform namespace; found default. Fix: set metadata.namespace to the project it belongs to (config/tenancy/workspaces/ lists them)",
        ]);
    });

    test("a namespaced object without a namespace lands in its provider's default namespace", async () => {
        const rs = changed("prod-tenancy-storefront-pull", (p) => delete p.metadata.namespace);
        expect(await messages(rs, "nothing-in-default-namespace")).toEqual([
            "mandatory Secret harbor-pull: metadata.namespace: expected a project's or a platform namespace; found none set, so the provider's default: default. Fix: set metadata.namespace to the project it belongs to (config/tenancy/workspaces/ lists them)",
        ]);
    });

    test("...unless the provider names another default namespace", async () => {
        const rs = changed("prod-tenancy-storefront-pull", (p) => delete p.metadata.namespace);
        setProp(named(rs, "prod-k8s"), "namespace", "team-default");
        expect(await check(rs, "nothing-in-default-namespace")).toEqual([]);
    });

    test("a Helm release into default", async () => {
        const release: AnalyzedResource = {
            ...cloneResources([named(compliant, "prod-tenancy-storefront-pull")])[0],
            urn: "urn:pulumi:prod::platform::kubernetes:helm.sh/v3:Release::shop",
            type: "kubernetes:helm.sh/v3:Release",
            name: "shop",
            inputs: { chart: "shop", name: "shop", namespace: "default" },
            outputs: { chart: "shop", name: "shop", namespace: "default" },
        };
        expect(await messages([...cloneResources(compliant), release], "nothing-in-default-namespace")).toEqual([
            "mandatory Release shop: namespace: expected a project's or a platform namespace; found default. Fix: set namespace to the project it belongs to (config/tenancy/workspaces/ lists them)",
        ]);
    });

    test("cluster-scoped objects (namespaces, KubeSphere's workspaces and users) and reads (.get) are not in a namespace", async () => {
        const read = { ...cloneResources([named(compliant, "prod-tenancy-storefront-pull")])[0], urn: "urn:pulumi:prod::platform::kubernetes:core/v1:Secret::token-read", name: "token-read", inputs: {}, outputs: {} };
        expect(await check([...cloneResources(compliant), read], "nothing-in-default-namespace")).toEqual([]);
    });
});

describe("tenant-quotas-fit", () => {
    const hard = (p: Props) => p.spec.hard as Record<string, string>;

    test("projects asking more than their workspace on a cluster", async () => {
        const rs = changed("prod-tenancy-storefront-quota", (p) => (hard(p)["requests.cpu"] = "60"));
        const vs = await check(rs, "tenant-quotas-fit");
        expect(vs.map((v) => v.urn)).toEqual([named(compliant, "prod-tenancy-retail-quota").urn]);
        expect(await messages(rs, "tenant-quotas-fit")).toEqual([
            'mandatory workspace quota retail (prod-tenancy-retail-quota): spec.quota.hard["requests.cpu"]: expected at least what its projects\' quotas add up to; found projects of retail ask 100 vCPU of CPU requests; the workspace quota is 96 vCPU. Fix: raise the workspace\'s quota or lower its projects\' in config/tenancy/workspaces/retail.yaml',
        ]);
    });

    test("a project without a cap its workspace sets", async () => {
        const rs = changed("prod-tenancy-loyalty-quota", (p) => delete hard(p).pods);
        expect(await messages(rs, "tenant-quotas-fit")).toEqual([
            'mandatory ResourceQuota loyalty/loyalty (workspace retail): spec.hard["pods"]: expected a cap on pods: the workspace quota caps them at 1500 pods; found none (the namespace is unbounded). Fix: set the project\'s quota of pods in config/tenancy/workspaces/retail.yaml',
        ]);
    });

    test("memory, in binary units, counted the way Kubernetes reads quantities", async () => {
        const rs = changed("prod-tenancy-storefront-quota", (p) => (hard(p)["requests.memory"] = "240Gi"));
        expect(await messages(rs, "tenant-quotas-fit")).toEqual([
            expect.stringContaining("found projects of retail ask 400 GiB of memory requests; the workspace quota is 384 GiB"),
        ]);
    });

    test("workspaces asking more than the cluster's tenant capacity times the overcommit", async () => {
        // prod: 9 nodes of 31.85 allocatable vCPU = 286.65 vCPU, x 1.5 = 429.98; 208 asked, now 208 - 96 + 330 = 442
        const rs = changed("prod-tenancy-retail-quota", (p) => (p.spec.quota.hard["requests.cpu"] = "330"));
        const vs = await check(rs, "tenant-quotas-fit");
        expect(vs.map((v) => v.urn)).toEqual([named(compliant, "prod-k8s").urn]);
        expect(vs[0].message.split("\n").pop()).toBe(
            'workspace quotas on cluster prod (finance, logistics, retail): spec.quota.hard["requests.cpu"]: expected CPU requests within the tenant capacity: 286.65 vCPU allocatable x overcommit 1.5 = 429.98 vCPU; found 442 vCPU in total. Fix: lower workspace quotas on prod, raise its overcommit in config/tenancy/tenancy.yaml, or add nodes to its pools',
        );
    });

    test("the capacity comes from the stack's node pools: fewer nodes, less room", async () => {
        const rs = changed("prod-general-pool", (p) => (p.desiredSize = "1"));
        // 1 general node (stateful pools are no tenant capacity): 31.85 vCPU x 1.5 = 47.78 < 208; 118.58 GiB < 832 GiB
        expect((await messages(rs, "tenant-quotas-fit")).map((m) => m.replace(/^.*expected /, ""))).toEqual([
            "CPU requests within the tenant capacity: 31.85 vCPU allocatable x overcommit 1.5 = 47.78 vCPU; found 208 vCPU in total. Fix: lower workspace quotas on prod, raise its overcommit in config/tenancy/tenancy.yaml, or add nodes to its pools",
            "memory requests within the tenant capacity: 118.58 GiB allocatable x overcommit 1 = 118.58 GiB; found 832 GiB in total. Fix: lower workspace quotas on prod, raise its overcommit in config/tenancy/tenancy.yaml, or add nodes to its pools",
        ]);
    });

    test("the overcommit ratio comes from the pack's configuration (default: config/tenancy/tenancy.yaml)", async () => {
        await configure({ "tenant-quotas-fit": { overcommit: { prod: { cpu: 0.7, memory: 1 } } } });
        expect(await messages(cloneResources(compliant), "tenant-quotas-fit")).toEqual([
            expect.stringContaining("286.65 vCPU allocatable x overcommit 0.7 = 200.66 vCPU; found 208 vCPU in total"),
        ]);
    });

    test("a cluster whose node pools the stack does not declare is not checked for capacity", async () => {
        const rs = changed("prod-tenancy-retail-quota", (p) => (p.spec.quota.hard["requests.cpu"] = "5000"));
        const noPools = rs.filter((r) => r.type !== "alicloud:cs/nodePool:NodePool" || !r.name.startsWith("prod-"));
        expect(await check(noPools, "tenant-quotas-fit")).toEqual([]);
    });
});
