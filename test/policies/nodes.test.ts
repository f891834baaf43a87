import { AnalyzedResource } from "../../engine/analyze";
import { clusterPolicies } from "../../policies/clusters";
import { nodePolicies } from "../../policies/nodes";
import { cloneResources, declaredStack, named, setProp, violationsOf } from "../support/fixtures";

let compliant: AnalyzedResource[];
beforeAll(async () => {
    compliant = await declaredStack("prod");
});
const policies = [...nodePolicies, ...clusterPolicies];
const mutate = (name: string, key: string, value: unknown) => {
    const rs = cloneResources(compliant);
    setProp(named(rs, name), key, value);
    return rs;
};

test("the prod stack as declared violates no node or cluster policy", async () => {
    expect(await violationsOf(compliant, policies)).toEqual([]);
});

describe.each([
    ["node-pool-approved-instance-type", "instanceTypes", ["ecs.g7.4xlarge"],
        "node pool prod-general-pool: instanceTypes: expected only approved types (ecs.g7.8xlarge, ecs.g8i.8xlarge, ecs.g8a.8xlarge, ecs.g6.8xlarge); found ecs.g7.4xlarge"],
    ["node-pool-standard-image", "imageType", "CentOS",
        "node pool prod-general-pool: imageType: expected imageType AliyunLinux3 and no imageId; found CentOS"],
    ["node-pool-standard-image", "imageId", "m-custom",
        "node pool prod-general-pool: imageId: expected imageType AliyunLinux3 and no imageId; found a custom image m-custom"],
    ["node-pool-encrypted-essd", "systemDiskCategory", "cloud_efficiency",
        "node pool prod-general-pool: systemDiskCategory: expected an encrypted ESSD (category cloud_essd, encrypted); found cloud_efficiency"],
    ["node-pool-encrypted-essd", "systemDiskEncrypted", false,
        "node pool prod-general-pool: systemDiskEncrypted: expected an encrypted ESSD (category cloud_essd, encrypted); found false"],
    ["node-pool-encrypted-essd", "dataDisks", [{ category: "cloud_essd", size: 200, encrypted: "false" }],
        "node pool prod-general-pool: dataDisks[0].encrypted: expected an encrypted ESSD (category cloud_essd, encrypted); found false"],
    ["node-pool-labels", "labels", [{ key: "node.kube-platform.io/environment", value: "prod" }],
        "node pool prod-general-pool: labels: expected the labels node.kube-platform.io/environment, node.kube-platform.io/role, node.kube-platform.io/pool; found none of node.kube-platform.io/role, node.kube-platform.io/pool"],
    ["node-pool-multi-zone", "vswitchIds", ["vsw-1"],
        "node pool prod-general-pool: vswitchIds: expected vSwitches in at least two zones; found 1 vSwitch(es)"],
])("%s fails when %s changes", (policy, key, value, message) => {
    test("one mandatory violation with the message", async () => {
        const vs = await violationsOf(mutate("prod-general-pool", key, value), policies, policy);
        expect(vs).toHaveLength(1);
        expect(vs[0].enforcementLevel).toBe("mandatory");
        expect(vs[0].urn).toBe(named(compliant, "prod-general-pool").urn);
        expect(vs[0].message).toContain(message);
    });
});

describe("prod-cluster-protected", () => {
    test.each([
        ["deletionProtection", false, "cluster prod-ack (environment prod): deletionProtection: expected true; found false"],
        ["slbInternetEnabled", true, "cluster prod-ack (environment prod): slbInternetEnabled: expected false (the API server on the intranet only); found true"],
    ])("fails when %s is %j", async (key, value, message) => {
        const vs = await violationsOf(mutate("prod-ack", key, value), policies, "prod-cluster-protected");
        expect(vs.map((v) => v.message.split("\n")[1])).toEqual([message + ". Fix: " + (key === "deletionProtection" ? "set deletionProtection: true in the cluster's settings" : "set apiServer: intranet; ops reaches it over the hub")]);
    });

    test("fails when the cluster is not protected in Pulumi", async () => {
        const rs = cloneResources(compliant);
        (named(rs, "prod-ack") as { protect: boolean }).protect = false;
        const vs = await violationsOf(rs, policies, "prod-cluster-protected");
        expect(vs).toHaveLength(1);
        expect(vs[0].message).toContain("protect (resource option): expected true; found false");
    });

    test("an untagged cluster gets the prod rules; a nonprod cluster does not", async () => {
        const untagged = mutate("prod-ack", "tags", {});
        setProp(named(untagged, "prod-ack"), "slbInternetEnabled", true);
        expect(await violationsOf(untagged, policies, "prod-cluster-protected")).toHaveLength(1);
        const nonprod = mutate("prod-ack", "tags", { environment: "nonprod" });
        setProp(named(nonprod, "prod-ack"), "slbInternetEnabled", true);
        expect(await violationsOf(nonprod, policies, "prod-cluster-protected")).toEqual([]);
    });
});

describe("cluster-logs-enabled", () => {
    test("fails without the scheduler's logs", async () => {
        const vs = await violationsOf(mutate("ops-ack", "controlPlaneLogComponents", ["apiserver", "kcm", "ccm"]), policies, "cluster-logs-enabled");
        expect(vs).toHaveLength(1);
        expect(vs[0].message).toContain("cluster ops-ack: controlPlaneLogComponents: expected all of apiserver, kcm, scheduler, ccm; found apiserver, kcm, ccm. Fix: add scheduler");
    });

    test("fails without audit logs", async () => {
        const vs = await violationsOf(mutate("ops-ack", "auditLogConfig", { enabled: false }), policies, "cluster-logs-enabled");
        expect(vs).toHaveLength(1);
        expect(vs[0].message).toContain("cluster ops-ack: auditLogConfig.enabled: expected true; found false");
    });
});
