import { cidr, overlaps } from "../../config/cidr";
import { checkUrnRecord, explainUrnRecord, readUrnRecord } from "../../engine/urnRecord";
import { PlanFile } from "../../engine/planFile";
import { STANDARD, cachedPlan } from "../support/planCache";

let prod: PlanFile;
let plan: PlanFile;
beforeAll(async () => {
    // nonprod as `npm run plan -- --stack nonprod --reference prod.json` plans it (test/support/planCache.ts)
    prod = (await cachedPlan(STANDARD.prod)).plan;
    plan = (await cachedPlan(STANDARD.nonprod)).plan;
});

describe("nonprod stack plan", () => {
    test("reads the hub from the prod stack through a StackReference", () => {
        const ref = plan.resources.find((r) => r.type === "pulumi:pulumi:StackReference");
        expect(ref?.inputs).toEqual({ name: "organization/platform/prod" });
        const hub = prod.outputs.hub as { cenId: string; transitRouterId: string; routeTableIds: Record<string, string> };
        const attachment = plan.resources.find((r) => r.name === "nonprod-hub-attachment")!;
        expect(attachment.inputs).toMatchObject({ cenId: hub.cenId, transitRouterId: hub.transitRouterId });
        const assoc = plan.resources.find((r) => r.name === "nonprod-hub-association")!;
        const prop = plan.resources.find((r) => r.name === "nonprod-hub-propagation")!;
        expect(assoc.inputs.transitRouterRouteTableId).toBe(hub.routeTableIds.isolated);
        expect(prop.inputs.transitRouterRouteTableId).toBe(hub.routeTableIds.shared);
    });

    test("declares only the nonprod network, which routes only to ops", () => {
        const vpcs = plan.resources.filter((r) => r.type === "alicloud:vpc/network:Network");
        expect(vpcs.map((r) => [r.name, r.inputs.cidrBlock])).toEqual([["nonprod-vpc", "10.32.0.0/12"]]);
        const routes = plan.resources.filter((r) => r.type === "alicloud:vpc/routeEntry:RouteEntry");
        expect(routes.map((r) => r.inputs.destinationCidrblock)).toEqual(["10.0.0.0/16"]);
    });

    test("no route of either stack leads from prod to nonprod or back", () => {
        const isRoute = (r: PlanFile["resources"][number]) => r.type === "alicloud:vpc/routeEntry:RouteEntry";
        const prodVpc = prod.resources.find((r) => r.name === "prod-vpc")!;
        const prodRoutes = prod.resources.filter(isRoute).filter((r) => r.dependencies.includes(prodVpc.urn));
        expect(prodRoutes).toHaveLength(1);
        for (const r of prodRoutes) expect(overlaps(cidr(String(r.inputs.destinationCidrblock)), cidr("10.32.0.0/12"))).toBe(false);
        const nonprodRoutes = plan.resources.filter(isRoute);
        expect(nonprodRoutes).toHaveLength(1);
        for (const r of nonprodRoutes) expect(overlaps(cidr(String(r.inputs.destinationCidrblock)), cidr("10.16.0.0/12"))).toBe(false);
    });

    test("no policy is violated", () => {
        expect(plan.policies.violations).toEqual([]);
    });

    test("matches the checked-in URN record (stacks/urns/nonprod.txt): no rename without an alias", () => {
        const check = checkUrnRecord(plan, readUrnRecord("nonprod"));
        expect(explainUrnRecord("nonprod", check)).toBe("");
    });
});
