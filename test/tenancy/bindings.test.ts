/**
 * Every role binding the program declares refers to a role that exists: declared by the program, or created by
 * KubeSphere for that scope, as the rendered ks-core chart says (test/support/kubesphereRoles.ts).
 */
import { platformPack } from "../../engine/pack";
import { PlanFile } from "../../engine/planFile";
import { resolvePolicyConfig } from "../../engine/policyConfig";
import { RenderResult, renderReleases } from "../../engine/render/render";
import { releasesOf } from "../../engine/render/releases";
import { KubeSphereRoles, clusterOf, kubesphereRoles, unresolvedBindings } from "../support/kubesphereRoles";
import { STANDARD, cachedPlan } from "../support/planCache";

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function planAndRoles(stack: "prod" | "nonprod"): Promise<{ plan: PlanFile; roles: Record<string, KubeSphereRoles> }> {
    const cached = await cachedPlan(STANDARD[stack]);
    const pack = platformPack();
    const releases = releasesOf(cached.analyzed()).filter((r) => r.spec.chart === "ks-core");
    const rendered: RenderResult = await renderReleases(releases, pack, resolvePolicyConfig(pack, {}));
    const roles = Object.fromEntries(rendered.releases.map((r) => [r.release.cluster, kubesphereRoles(r.read.objects.map((o) => o.object as Obj))]));
    return { plan: cached.plan, roles };
}

let prod: { plan: PlanFile; roles: Record<string, KubeSphereRoles> };
let nonprod: { plan: PlanFile; roles: Record<string, KubeSphereRoles> };
beforeAll(async () => {
    [prod, nonprod] = [await planAndRoles("prod"), await planAndRoles("nonprod")];
});

const clone = (plan: PlanFile): PlanFile => JSON.parse(JSON.stringify(plan));

describe("the table of KubeSphere's roles, from the rendered chart", () => {
    test("project roles need kubesphere.io/managed; workspace, global and iam cluster roles as the chart ships them", () => {
        const ops = prod.roles.ops;
        expect(ops.namespace).toEqual([
            { name: "admin", selector: { "kubesphere.io/managed": "true" } },
            { name: "operator", selector: { "kubesphere.io/managed": "true" } },
            { name: "viewer", selector: { "kubesphere.io/managed": "true" } },
        ]);
        expect([...ops.workspace].sort()).toEqual(["admin", "regular", "self-provisioner", "viewer"]);
        expect(ops.global).toEqual(expect.arrayContaining(["platform-admin", "platform-regular", "platform-self-provisioner"]));
        expect(ops.cluster).toEqual(expect.arrayContaining(["cluster-admin", "cluster-viewer"]));
        // members render the project and cluster roles too
        expect(prod.roles.prod.namespace.map((r) => r.name)).toEqual(["admin", "operator", "viewer"]);
        expect(nonprod.roles.nonprod.cluster).toContain("cluster-admin");
    });
});

describe.each(["prod", "nonprod"] as const)("%s: every binding resolves", (stack) => {
    const of = () => (stack === "prod" ? prod : nonprod);

    test("as declared", () => {
        const bindings = of().plan.resources.filter((r) => /Binding$/.test(r.type));
        expect(bindings.length).toBeGreaterThan(stack === "prod" ? 30 : 5);
        expect(unresolvedBindings(of().plan, of().roles)).toEqual([]);
    });

    test("a project namespace without kubesphere.io/managed leaves its bindings pointing at nothing", () => {
        const plan = clone(of().plan);
        const ns = plan.resources.find((r) => r.type === "kubernetes:core/v1:Namespace" && (r.inputs.metadata as Obj).labels?.["kubesphere.io/workspace"] && (r.inputs.metadata as Obj).labels["kubesphere.io/workspace"] !== "system-workspace")!;
        delete (ns.inputs.metadata as Obj).labels["kubesphere.io/managed"];
        const name = (ns.inputs.metadata as Obj).name;
        const problems = unresolvedBindings(plan, of().roles);
        expect(problems.length).toBeGreaterThan(0);
        for (const p of problems) expect(p).toMatch(new RegExp(`^RoleBinding ${name}/\\S+ on \\w+: Role (admin|operator|viewer) is created only in namespaces labelled \\{"kubesphere.io/managed":"true"\\}, and ${name} is not$`));
    });

    test("a binding to a role that exists nowhere is named", () => {
        const plan = clone(of().plan);
        const b = plan.resources.find((r) => r.type === "kubernetes:iam.kubesphere.io/v1beta1:RoleBinding")!;
        (b.inputs.roleRef as Obj).name = "owner";
        expect(unresolvedBindings(plan, of().roles)).toEqual([expect.stringMatching(/: Role owner is no project role KubeSphere creates$/)]);
    });
});

test("prod: a workspace binding to another workspace's role, and a global binding to an unknown role, are named", () => {
    const plan = clone(prod.plan);
    const w = plan.resources.find((r) => r.type === "kubernetes:iam.kubesphere.io/v1beta1:WorkspaceRoleBinding")!;
    (w.inputs.roleRef as Obj).name = "nowhere-admin";
    const g = plan.resources.find((r) => r.type === "kubernetes:iam.kubesphere.io/v1beta1:GlobalRoleBinding")!;
    (g.inputs.roleRef as Obj).name = "platform-owner";
    const problems = unresolvedBindings(plan, prod.roles);
    expect(problems).toEqual(
        expect.arrayContaining([
            expect.stringMatching(/: WorkspaceRole nowhere-admin is no role KubeSphere creates for workspace \w+ /),
            expect.stringMatching(/: GlobalRole platform-owner is no GlobalRole of KubeSphere or the program$/),
        ]),
    );
    expect(problems).toHaveLength(2);
});

test("the platform team administers every cluster: an iam ClusterRoleBinding to cluster-admin on each, labelled as KubeSphere lists them", () => {
    const crbs = (p: PlanFile) => p.resources.filter((r) => r.type === "kubernetes:iam.kubesphere.io/v1beta1:ClusterRoleBinding");
    const onCluster = (p: PlanFile) => crbs(p).map((r) => `${clusterOf(p, r)} ${(r.inputs.metadata as Obj).name}`).sort();
    expect(onCluster(prod.plan)).toEqual(["ops ma-jun-cluster-admin", "prod ma-jun-cluster-admin"]);
    expect(onCluster(nonprod.plan)).toEqual(["nonprod ma-jun-cluster-admin"]);
    expect(crbs(prod.plan)[0].inputs).toMatchObject({
        metadata: { labels: { "iam.kubesphere.io/user-ref": "ma-jun", "iam.kubesphere.io/role-ref": "cluster-admin" } },
        roleRef: { apiGroup: "iam.kubesphere.io", kind: "ClusterRole", name: "cluster-admin" },
        subjects: [{ apiGroup: "iam.kubesphere.io", kind: "User", name: "ma-jun" }],
    });
});
