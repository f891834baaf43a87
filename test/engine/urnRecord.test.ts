import * as pulumi from "@pulumi/pulumi";
import { PlanFile, PlanResource } from "../../engine/planFile";
import { record } from "../support/mocks";
import { checkUrnRecord, explainUrnRecord, urnRecordText } from "../../engine/urnRecord";

const URN = (name: string) => `urn:pulumi:prod::platform::alicloud:nas/fileSystem:FileSystem::${name}`;
const plan = (...resources: Partial<PlanResource>[]): PlanFile => ({
    stack: "prod",
    project: "platform",
    outputs: {},
    secretOutputs: [],
    policies: { pack: "p", violations: [] },
    resources: resources.map((r) => ({ urn: URN(r.name!), type: "alicloud:nas/fileSystem:FileSystem", name: r.name!, custom: true, dependencies: [], protect: true, inputs: {}, secretInputs: [], ...r })),
});

describe("the URN record", () => {
    test("is the sorted URNs, one a line", () => {
        expect(urnRecordText(plan({ name: "b" }, { name: "a" }))).toBe(`${URN("a")}\n${URN("b")}\n`);
    });

    test("an unchanged plan matches", () => {
        const check = checkUrnRecord(plan({ name: "a" }), [URN("a")]);
        expect(check).toEqual({ added: [], removedWithoutAlias: [], renamedWithAlias: [] });
        expect(explainUrnRecord("prod", check)).toBe("");
    });

    test("a rename without an alias fails, naming the lost URN and the fix", () => {
        const check = checkUrnRecord(plan({ name: "ops-nas-fs-extreme2" }), [URN("ops-nas-fs-extreme")]);
        expect(check.removedWithoutAlias).toEqual([URN("ops-nas-fs-extreme")]);
        expect(check.added).toEqual([URN("ops-nas-fs-extreme2")]);
        const text = explainUrnRecord("prod", check);
        expect(text).toContain(`stack prod: resources gone from the plan with no alias pointing at them (a real update deletes them):\n  - ${URN("ops-nas-fs-extreme")}`);
        expect(text).toContain("add `aliases: [{ name: <old name>, parent: <old parent> }]`");
    });

    test("a rename with an alias only asks for the record to be updated", () => {
        const check = checkUrnRecord(plan({ name: "new", aliases: [URN("old")] }), [URN("old")]);
        expect(check.removedWithoutAlias).toEqual([]);
        expect(check.renamedWithAlias).toEqual([{ from: URN("old"), to: URN("new") }]);
        expect(explainUrnRecord("prod", check)).toBe("stack prod: the URN record is out of date (1 new, 1 renamed with an alias): run `npm run urns:update`.");
    });
});

describe("aliases reach the plan as URNs", () => {
    test("a renamed and re-parented child keeps its old URN as an alias", async () => {
        const rec = await record(() => {
            class NasStorage extends pulumi.ComponentResource {
                constructor(name: string) {
                    super("platform:storage:NasStorage", name, {});
                }
            }
            class FileSystem extends pulumi.CustomResource {
                constructor(name: string, opts: pulumi.CustomResourceOptions) {
                    super("alicloud:nas/fileSystem:FileSystem", name, {}, opts);
                }
            }
            const parent = new NasStorage("ops-nas");
            new FileSystem("ops-nas-fs-extreme", { parent, aliases: [{ name: "ops-extreme", parent: pulumi.rootStackResource }] });
        }, { stack: "prod" });
        expect(rec.byName("ops-nas-fs-extreme").aliases).toEqual(["urn:pulumi:prod::platform::alicloud:nas/fileSystem:FileSystem::ops-extreme"]);
    });
});

describe("aliases a component's children inherit", () => {
    const C = "urn:pulumi:prod::platform::platform:monitoring:Grafana::ops";
    const OLD = "urn:pulumi:prod::platform::platform:monitoring:ClusterMonitoring::ops";
    const child = (name: string, type = "kubernetes:core/v1:Secret"): Partial<PlanResource> => ({ urn: `urn:pulumi:prod::platform::platform:monitoring:Grafana$${type}::${name}`, name, type, parent: C });
    const component: Partial<PlanResource> = { urn: C, name: "ops", type: "platform:monitoring:Grafana", custom: false, aliases: [OLD] };

    test("a child of a re-typed component is kept under the component's old URN (the engine's inherited alias)", () => {
        const old = "urn:pulumi:prod::platform::platform:monitoring:ClusterMonitoring$kubernetes:core/v1:Secret::ops-grafana-admin";
        const check = checkUrnRecord(plan(component, child("ops-grafana-admin")), [OLD, old]);
        expect(check.removedWithoutAlias).toEqual([]);
        expect(check.renamedWithAlias).toEqual([
            { from: OLD, to: C },
            { from: old, to: child("ops-grafana-admin").urn },
        ]);
    });

    test("a grandchild too, and a child of the old component that has no counterpart is a deletion", () => {
        const grandchild: Partial<PlanResource> = { urn: `${C.replace("::ops", "")}$kubernetes:core/v1:Secret$kubernetes:core/v1:ConfigMap::ops-x`, name: "ops-x", type: "kubernetes:core/v1:ConfigMap", parent: child("ops-s").urn };
        const oldGrandchild = "urn:pulumi:prod::platform::platform:monitoring:ClusterMonitoring$kubernetes:core/v1:Secret$kubernetes:core/v1:ConfigMap::ops-x";
        const gone = "urn:pulumi:prod::platform::platform:monitoring:ClusterMonitoring$kubernetes:core/v1:Service::ops-alertmanager-lb";
        const check = checkUrnRecord(plan(component, child("ops-s"), grandchild), [oldGrandchild, gone]);
        expect(check.removedWithoutAlias).toEqual([gone]);
        expect(check.renamedWithAlias.map((r) => r.from)).toEqual([oldGrandchild]);
    });
});
