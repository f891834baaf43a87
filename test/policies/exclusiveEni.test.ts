import { STATEFUL_TAINT, poolTaints } from "../../components/cluster/nodeLabels";
import { tenantOffExclusiveEni, tolerates } from "../../policies/exclusiveEni";
import { at, changed, checkObjects, compliantWorkload, summaries } from "./workloadsFixtures";

const deployment = compliantWorkload("Deployment");
const pod = (obj: Record<string, unknown>) => at(obj, "spec.template.spec");

describe("stateful pools are tainted, and tenants stay off them", () => {
    test("stateful pools carry the taint, CI pools theirs, general pools none", () => {
        expect(poolTaints("stateful")).toEqual([{ key: "node.kube-platform.io/dedicated", value: "stateful", effect: "NoSchedule" }]);
        expect(poolTaints("ci").map((t) => t.value)).toEqual(["ci"]);
        expect(poolTaints("general")).toEqual([]);
    });

    test.each([
        [{ key: STATEFUL_TAINT.key, operator: "Equal", value: "stateful", effect: "NoSchedule" }, true],
        [{ key: STATEFUL_TAINT.key, value: "stateful" }, true],
        [{ operator: "Exists" }, true],
        [{ key: STATEFUL_TAINT.key, operator: "Exists" }, true],
        [{ key: STATEFUL_TAINT.key, value: "ci" }, false],
        [{ key: STATEFUL_TAINT.key, value: "stateful", effect: "NoExecute" }, false],
        [{ key: "other", operator: "Exists" }, false],
    ])("toleration %j tolerates the stateful taint: %s", (t, expected) => expect(tolerates(t, STATEFUL_TAINT)).toBe(expected));

    test("a tenant workload as the fixtures declare it passes", async () => {
        expect(await checkObjects([deployment], [tenantOffExclusiveEni])).toEqual([]);
    });

    test.each<[string, (p: Record<string, unknown>) => void, string]>([
        ["a toleration of the taint", (p) => (p.tolerations = [{ key: STATEFUL_TAINT.key, operator: "Equal", value: "stateful", effect: "NoSchedule" }]), "spec.template.spec.tolerations[0]"],
        ["an Exists toleration without a key", (p) => (p.tolerations = [{ operator: "Exists" }]), "spec.template.spec.tolerations[0]"],
        ["a node selector on Terway's label", (p) => (p.nodeSelector = { "k8s.aliyun.com/exclusive-mode-eni-type": "eniOnly" }), "spec.template.spec.nodeSelector"],
        ["a node selector on the stateful role", (p) => (p.nodeSelector = { "node.kube-platform.io/role": "stateful" }), "spec.template.spec.nodeSelector"],
        [
            "a required node affinity to exclusive ENIs",
            (p) => (p.affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: "k8s.aliyun.com/exclusive-mode-eni-type", operator: "In", values: ["eniOnly"] }] }] } } }),
            "spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0]",
        ],
    ])("%s in a tenant namespace is a violation", async (_what, mutate, field) => {
        const vs = await checkObjects([changed(deployment, (c) => mutate(pod(c)))], [tenantOffExclusiveEni]);
        expect(summaries(vs)).toHaveLength(1);
        expect(vs[0].message).toContain(`Deployment shop/web: ${field}: expected no`);
    });

    test("in a platform namespace (Filebeat tolerates every taint) it is not", async () => {
        const filebeat = changed(deployment, (c) => {
            (c.metadata as { namespace: string }).namespace = "logging";
            pod(c).tolerations = [{ operator: "Exists" }];
        });
        expect(await checkObjects([filebeat], [tenantOffExclusiveEni])).toEqual([]);
    });
});
