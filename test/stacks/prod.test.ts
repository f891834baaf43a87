import { STANDARD, cachedPlan } from "../support/planCache";
import { checkUrnRecord, explainUrnRecord, readUrnRecord } from "../../engine/urnRecord";
import { PlanFile, PlanResource } from "../../engine/planFile";

let plan: PlanFile;
beforeAll(async () => {
    plan = (await cachedPlan(STANDARD.prod)).plan;
});

const byName = (name: string): PlanResource => {
    const found = plan.resources.filter((r) => r.name === name);
    if (found.length !== 1) throw new Error(`${found.length} resources named ${name}`);
    return found[0];
};
const ofType = (type: string) => plan.resources.filter((r) => r.type === type);

describe("prod stack plan", () => {
    test("follows the plan-file contract", () => {
        expect(Object.keys(plan).sort()).toEqual(["deploy", "outputs", "policies", "project", "resources", "secretOutputs", "stack"]);
        expect(plan.stack).toBe("prod");
        expect(plan.project).toBe("platform");
        for (const r of plan.resources) {
            expect(Object.keys(r).filter((k) => !["parent", "provider", "aliases"].includes(k)).sort()).toEqual(
                ["custom", "dependencies", "inputs", "name", "protect", "secretInputs", "type", "urn"],
            );
            expect(r.urn).toBe(r.urn.trim());
            expect(r.urn.startsWith("urn:pulumi:prod::platform::")).toBe(true);
        }
        expect(plan.policies.pack).toBe("platform-policies@0.1.0");
    });

    test("declares the hub, the ops and prod networks with their egress and attachments, and nothing of nonprod", () => {
        const components = plan.resources.filter((r) => r.type.startsWith("platform:network:")).map((r) => `${r.type} ${r.name}`).sort();
        expect(components).toEqual([
            "platform:network:Egress ops-egress",
            "platform:network:Egress prod-egress",
            "platform:network:Hub hub",
            "platform:network:HubAttachment ops-hub",
            "platform:network:HubAttachment prod-hub",
            "platform:network:Vpc ops",
            "platform:network:Vpc prod",
        ]);
        expect(ofType("alicloud:vpc/network:Network").map((r) => r.inputs.cidrBlock).sort()).toEqual(["10.0.0.0/16", "10.16.0.0/12"]);
        expect(ofType("alicloud:vpc/switch:Switch")).toHaveLength(12);
    });

    test("each network's cluster waits for its way out (nodes and pods pull upstream images through it)", () => {
        for (const network of ["ops", "prod"]) {
            const cluster = plan.resources.find((r) => r.type === "platform:cluster:AckCluster" && r.name === network)!;
            // a dependency on a component is one on each of its resources: the SNAT entries included
            const snat = ofType("alicloud:vpc/snatEntry:SnatEntry").filter((r) => r.name.startsWith(`${network}-egress-`));
            expect(snat).toHaveLength(6);
            for (const s of snat) expect(cluster.dependencies).toContain(s.urn);
        }
    });

    test("prod's VPC routes only to ops, ops routes to prod and nonprod", () => {
        const prodTable = byName("prod-vpc");
        const routes = ofType("alicloud:vpc/routeEntry:RouteEntry");
        const prodRoutes = routes.filter((r) => r.dependencies.includes(prodTable.urn));
        expect(prodRoutes.map((r) => r.inputs.destinationCidrblock)).toEqual(["10.0.0.0/16"]);
        const opsRoutes = routes.filter((r) => r.dependencies.includes(byName("ops-vpc").urn));
        expect(opsRoutes.map((r) => r.inputs.destinationCidrblock).sort()).toEqual(["10.16.0.0/12", "10.32.0.0/12"]);
        for (const r of routes) expect(r.inputs.nexthopType).toBe("Attachment");
    });

    test("transit-router tables: ops uses the shared table, prod the isolated one, and each propagates into the other", () => {
        const shared = byName("hub-rt-shared");
        const isolated = byName("hub-rt-isolated");
        const tableOf = (name: string) => {
            const r = byName(name);
            return r.dependencies.includes(shared.urn) ? "shared" : r.dependencies.includes(isolated.urn) ? "isolated" : "?";
        };
        expect(tableOf("ops-hub-association")).toBe("shared");
        expect(tableOf("ops-hub-propagation")).toBe("isolated");
        expect(tableOf("prod-hub-association")).toBe("isolated");
        expect(tableOf("prod-hub-propagation")).toBe("shared");
    });

    test("exports what nonprod needs; its secrets (registrar credential, jwtSecret, pull credential) only as placeholders", () => {
        const hub = plan.outputs.hub as Record<string, unknown>;
        expect(Object.keys(hub).sort()).toEqual(["cenId", "routeTableIds", "transitRouterId"]);
        expect(Object.keys(hub.routeTableIds as object).sort()).toEqual(["isolated", "shared"]);
        expect(Object.keys(plan.outputs.networks as object).sort()).toEqual(["ops", "prod"]);
        expect(plan.secretOutputs).toEqual(["federation.jwtSecret", "federation.registrarKubeconfig", "registry.nonprodPullCredential"]);
        const federation = plan.outputs.federation as Record<string, unknown>;
        expect([federation.jwtSecret, federation.registrarKubeconfig]).toEqual(["[secret]", "[secret]"]);
    });

    test("no policy is violated", () => {
        expect(plan.policies.violations).toEqual([]);
    });

    test("matches the checked-in URN record (stacks/urns/prod.txt): no rename without an alias", () => {
        const check = checkUrnRecord(plan, readUrnRecord("prod"));
        expect(explainUrnRecord("prod", check)).toBe("");
    });
});
