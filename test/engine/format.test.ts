// The plan printout: one count everywhere, a summary by component and type, the tree behind --tree, a verdict.
import { formatSummary, formatTree, formatVerdict, resourceCount } from "../../engine/format";
import { PlanFile, PlanResource } from "../../engine/planFile";
import { STACK_URN, componentUrn, plan, resource } from "./planFixtures";

const VPC = "platform:network:Vpc";
const component = (type: string, name: string): PlanResource => ({ ...resource(type, name, {}), custom: false });
const stackResource: PlanResource = { ...resource("pulumi:pulumi:Stack", "platform-prod", {}), urn: STACK_URN, parent: undefined, custom: false };

/** Two VPCs (2 and 1 resources under them), one Harbor with a protected bucket and a secret. */
function fixture(violations: PlanFile["policies"]["violations"] = []): PlanFile {
    const ops = componentUrn(VPC, "ops");
    const prod = componentUrn(VPC, "prod");
    const harbor = componentUrn("platform:registry:Harbor", "harbor");
    return {
        ...plan([
            stackResource,
            component(VPC, "ops"),
            component(VPC, "prod"),
            component("platform:registry:Harbor", "harbor"),
            resource("alicloud:vpc/network:Network", "ops-vpc", {}, { parent: ops }),
            resource("alicloud:vpc/switch:Switch", "ops-h", {}, { parent: ops }),
            resource("alicloud:vpc/network:Network", "prod-vpc", {}, { parent: prod }),
            { ...resource("alicloud:oss/bucket:Bucket", "harbor-blobs", {}, { parent: harbor }), protect: true },
            resource("kubernetes:core/v1:Secret", "harbor-oss", {}, { parent: harbor, secretInputs: ["stringData"] }),
        ]),
        policies: { pack: "platform-policies@0.1.0", violations },
    };
}

describe("resourceCount", () => {
    test("counts every registration but the stack", () => {
        expect(resourceCount(fixture())).toBe(8);
        expect(resourceCount(plan([]))).toBe(0);
    });
});

describe("formatSummary", () => {
    test("the count, each component type with its components and everything under them, then the types", () => {
        expect(formatSummary(fixture())).toBe(
            [
                "Stack prod (project platform): 8 resources",
                "By component (each count: the components and every resource under them):",
                "     5  platform:network:Vpc x2: ops, prod",
                "     3  platform:registry:Harbor x1: harbor",
                "",
                "Resources by type:",
                "     1  alicloud:oss/bucket:Bucket",
                "     2  alicloud:vpc/network:Network",
                "     1  alicloud:vpc/switch:Switch",
                "     1  kubernetes:core/v1:Secret",
                "",
                "(npm run plan -- --tree prints every resource under its component, with its protection and secret inputs)",
            ].join("\n"),
        );
    });

    test("names four components of a type, then says how many more", () => {
        const names = ["a", "b", "c", "d", "e", "f"];
        const p = plan([stackResource, ...names.map((n) => component(VPC, n))]);
        expect(formatSummary(p).split("\n")[2]).toBe("     6  platform:network:Vpc x6: a, b, c, d and 2 more");
    });

    test("its counts add up to the headline's, as the tree's do", () => {
        const summary = formatSummary(fixture());
        const sum = summary.split("\n").filter((l) => / x\d+: /.test(l)).reduce((n, l) => n + Number(l.trim().split(/\s+/)[0]), 0);
        expect(sum).toBe(resourceCount(fixture()));
        expect(formatTree(fixture()).split("\n")[0]).toBe(summary.split("\n")[0]);
    });
});

describe("formatTree", () => {
    test("every resource under its component, with the resources under each and its flags", () => {
        expect(formatTree(fixture()).split("\n").slice(0, 9)).toEqual([
            "Stack prod (project platform): 8 resources",
            "  platform:network:Vpc ops (2 resources)",
            "    alicloud:vpc/network:Network ops-vpc",
            "    alicloud:vpc/switch:Switch ops-h",
            "  platform:network:Vpc prod (1 resources)",
            "    alicloud:vpc/network:Network prod-vpc",
            "  platform:registry:Harbor harbor (2 resources)",
            "    alicloud:oss/bucket:Bucket harbor-blobs  [protected]",
            "    kubernetes:core/v1:Secret harbor-oss  [secret: stringData]",
        ]);
    });
});

describe("formatVerdict", () => {
    const violation = (enforcementLevel: "mandatory" | "advisory") => ({ policy: "p", enforcementLevel, urn: STACK_URN, message: "m" });

    test.each([
        [[], "Plan of prod: 8 resources, 0 mandatory and 0 advisory violation(s); exit 0: no mandatory violation"],
        [[violation("advisory")], "Plan of prod: 8 resources, 0 mandatory and 1 advisory violation(s); exit 0: no mandatory violation (advisory ones are reported, not enforced)"],
        [
            [violation("mandatory"), violation("advisory"), violation("mandatory")],
            "Plan of prod: 8 resources, 2 mandatory and 1 advisory violation(s); exit 1: a mandatory policy is violated, pulumi preview/up with the pack would refuse this change",
        ],
    ])("%j", (violations, line) => {
        expect(formatVerdict(fixture(violations as PlanFile["policies"]["violations"]))).toBe(line);
    });
});
