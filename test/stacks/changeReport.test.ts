/**
 * What the diff makes of a change to prod's real plan: a replacement reaches every resource that takes the
 * replaced id (and every resource of a replaced provider), a create-only change is named as not applied,
 * and an update the API server refuses is named as failing.
 */
import { ResourceChange, diffPlans, formatDiffMarkdown } from "../../engine/diff";
import { PlanFile, PlanResource } from "../../engine/planFile";
import { STANDARD, cachedPlan } from "../support/planCache";

let base: PlanFile;
beforeAll(async () => {
    base = (await cachedPlan(STANDARD.prod)).plan;
});

/** prod's plan with one resource's inputs edited. */
function edited(name: string, edit: (inputs: Record<string, unknown>) => void): PlanFile {
    const head = structuredClone(base);
    const r = head.resources.find((x) => x.name === name);
    if (!r) throw new Error(`no resource ${name} in prod's plan`);
    edit(r.inputs);
    return head;
}
const byName = (changes: ResourceChange[]) => new Map(changes.map((c) => [c.name, c]));

describe("a replaced NAS file system", () => {
    test("replaces its mount target (fileSystemId) and that zone's StorageClass (parameters), each saying why, and nothing else", () => {
        const diff = diffPlans(base, edited("ops-nas-fs-extreme-h", (i) => (i.storageType = "advance")));
        const changes = byName(diff.changes);
        expect([...changes.keys()].sort()).toEqual(["ops-nas-fs-extreme-h", "ops-nas-mt-extreme-h", "ops-nas-sc-extreme-h"]);
        expect(changes.get("ops-nas-fs-extreme-h")).toMatchObject({ kind: "replace", replacedBy: ["storageType"], protectedRefusal: true });
        expect(changes.get("ops-nas-mt-extreme-h")).toMatchObject({ kind: "replace", replacedBy: ["fileSystemId"], takesReplaced: [{ input: "fileSystemId", from: expect.stringContaining("::ops-nas-fs-extreme-h") }] });
        expect(changes.get("ops-nas-sc-extreme-h")).toMatchObject({ kind: "replace", replacedBy: ["parameters"] });
        const md = formatDiffMarkdown(diff);
        expect(md).toContain("(`fileSystemId` takes the new id of replaced `ops-nas-fs-extreme-h`)");
        expect(md).toContain("(`parameters` takes the new id of replaced `ops-nas-mt-extreme-h`)");
    });
});

describe("a replaced ACK cluster", () => {
    test("replaces its Kubernetes provider (clusterIdentifier) and so every object on that cluster", () => {
        const diff = diffPlans(base, edited("ops-ack", (i) => (i.serviceCidr = "172.22.0.0/16")));
        const changes = byName(diff.changes);
        expect(changes.get("ops-ack")).toMatchObject({ kind: "replace", replacedBy: ["serviceCidr"] });
        expect(changes.get("ops-k8s")).toMatchObject({ kind: "replace", replacedBy: ["clusterIdentifier"] });
        const provider = base.resources.find((r) => r.name === "ops-k8s")!.urn;
        const onOps = base.resources.filter((r: PlanResource) => r.provider === provider);
        expect(onOps.length).toBeGreaterThan(50);
        expect(onOps.filter((r) => changes.get(r.name)?.kind !== "replace").map((r) => r.name)).toEqual([]);
        expect(formatDiffMarkdown(diff)).toContain("(its provider `ops-k8s` is replaced, so it is replaced with it)");
    });
});

describe("changes the provider does not apply as they read", () => {
    test("a new pod vSwitch on the cluster: an update that changes nothing, named with the way that does", () => {
        const diff = diffPlans(base, edited("ops-ack", (i) => (i.podVswitchIds = [...(i.podVswitchIds as string[]), "vsw-new"])));
        expect(diff.changes).toHaveLength(1);
        expect(diff.changes[0]).toMatchObject({ kind: "update", createOnly: ["podVswitchIds[3]"] });
        expect(formatDiffMarkdown(diff)).toContain("not applied: the provider's update never sends `podVswitchIds[3]` (only a create does)");
    });

    test("a StorageClass's reclaimPolicy: an update the API server refuses", () => {
        const diff = diffPlans(base, edited("ops-nas-sc-general", (i) => (i.reclaimPolicy = "Retain")));
        expect(diff.changes[0]).toMatchObject({ kind: "update", refused: ["reclaimPolicy"] });
        expect(formatDiffMarkdown(diff)).toContain("refused: the API server forbids updating `reclaimPolicy`");
    });
});
