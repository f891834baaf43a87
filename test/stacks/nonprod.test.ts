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

    test("reads prod's contract: its nodes trust prod's CA for prod's Harbor; its zone of the platform's name serves prod's records and its own; its API record goes into prod's zone too", () => {
        const byName = (name: string) => {
            const found = plan.resources.filter((r) => r.name === name);
            expect(found).toHaveLength(1);
            return found[0];
        };
        const caPem = (prod.outputs.pki as { caCertPem: string }).caCertPem;
        for (const pool of plan.resources.filter((r) => r.type === "alicloud:cs/nodePool:NodePool")) {
            // public: the CA certificate and Harbor's name come from outputs that hold no secret
            expect(pool.secretInputs).toEqual([]);
            const script = Buffer.from(String(pool.inputs.preUserData), "base64").toString("utf8");
            expect(script).toContain(caPem.trim());
            expect(script).toContain("/etc/containerd/cert.d/harbor.ops.kube-platform.internal/hosts.toml");
        }
        const dns = prod.outputs.dns as { zoneId: string; zoneName: string; records: Record<string, { name: string; address: string }> };
        expect(byName("platform-dns-zone").inputs).toMatchObject({ zoneName: dns.zoneName });
        const binding = byName("platform-dns-vpcs");
        expect(binding.dependencies).toContain(byName("nonprod-vpc").urn);
        const records = plan.resources.filter((r) => r.type === "alicloud:pvtz/zoneRecord:ZoneRecord");
        const inOwnZone = records.filter((r) => r.name.startsWith("platform-dns-")).map((r) => [r.inputs.rr, r.inputs.value]).sort();
        expect(inOwnZone).toEqual(
            [...Object.values(dns.records).map((r) => [r.name, r.address]), ["api.nonprod", expect.stringMatching(/^192\.0\.2\./)]].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
        );
        expect(byName("prod-zone-api-nonprod").inputs).toMatchObject({ zoneId: dns.zoneId, rr: "api.nonprod", type: "A" });
        expect(plan.outputs.kubesphere).toEqual({ adminPasswords: { nonprod: "[secret]" } });
        expect(plan.secretOutputs).toContain("kubesphere.adminPasswords.nonprod");
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

    test("monitoring: the agent's namespace first, then the registration; the agent itself comes from prod's InstallPlan, which places it on nonprod by name", async () => {
        // one InstallPlan per extension on the host (it is named after its extension): prod's
        expect(plan.resources.filter((r) => r.type.startsWith("kubernetes:kubesphere.io/"))).toEqual([]);
        const placement = prod.resources.find((r) => r.type === "kubernetes:kubesphere.io/v1alpha1:InstallPlan" && r.name === "ops-platform-monitoring-whizard-plan")!.inputs.spec as { clusterScheduling: { placement: { clusters: string[] } } };
        expect(placement.clusterScheduling.placement.clusters).toContain("nonprod");
        const ns = plan.resources.find((r) => r.name === "nonprod-monitoring-agent-ns")!;
        expect(ns.inputs.metadata).toMatchObject({ name: "kubesphere-monitoring-system", labels: { "pod-security.kubernetes.io/enforce": "privileged" } });
        const registration = plan.resources.find((r) => r.type === "kubernetes:cluster.kubesphere.io/v1alpha1:Cluster")!;
        expect(registration.dependencies).toContain(ns.urn);
        // no ks-core release of nonprod's own: the host installs it
        expect(plan.resources.filter((r) => r.type === "kubernetes:helm.sh/v3:Release").map((r) => r.inputs.chart)).toEqual(["filebeat"]);
    });

    test("no policy is violated", () => {
        expect(plan.policies.violations).toEqual([]);
    });

    test("matches the checked-in URN record (stacks/urns/nonprod.txt): no rename without an alias", () => {
        const check = checkUrnRecord(plan, readUrnRecord("nonprod"));
        expect(explainUrnRecord("nonprod", check)).toBe("");
    });
});
