/**
 * Onboarding is data: adding a project (or a workspace and its people) to the layout changes no code, and the
 * plan of each stack changes only by creations. Plans the real program (`npm run plan`, one child process
 * each, through the suite's plan cache) with PLATFORM_TENANCY_DIR pointing at a copy of the layout; nonprod
 * reads the prod plan of the same layout.
 */
import * as fs from "fs";
import * as path from "path";
import { diffPlans } from "../../engine/diff";
import { PlanFile, mandatory } from "../../engine/planFile";
import { PlanSpec, cachedPlan } from "../support/planCache";
import { copyLayout } from "./support";

const prodWith = (layoutDir: string): PlanSpec => ({ stack: "prod", layoutDir });
const nonprodWith = (layoutDir: string): PlanSpec => ({ stack: "nonprod", layoutDir, reference: prodWith(layoutDir) });
const plan = async (spec: PlanSpec): Promise<PlanFile> => (await cachedPlan(spec)).plan;

/** A new project of the retail workspace, as its file would take it (the sample reports add the same one). */
const RETURNS_PROJECT = fs.readFileSync(path.join(__dirname, "fixtures", "returns-project.yaml"), "utf8");

const base = copyLayout();
const withProject = copyLayout();
fs.appendFileSync(path.join(withProject, "workspaces", "retail.yaml"), RETURNS_PROJECT);
const withWorkspace = copyLayout();
fs.appendFileSync(path.join(withWorkspace, "users.yaml"), "  he-ping:\n    email: he.ping@example.com\n    displayName: He Ping\n    identity: { provider: corp-sso, id: he.ping }\n");
fs.writeFileSync(
    path.join(withWorkspace, "workspaces", "insurance.yaml"),
    ["manager: he-ping", "clusters:", "  nonprod: { cpu: 8, memory: 32Gi }", "projects:", "  claims:", "    clusters:", "      nonprod: { cpu: 4, memory: 16Gi }", ""].join("\n"),
);

// every layout's plans at once (the cache runs two at a time): each test then only compares
beforeAll(async () => {
    await Promise.all([withProject, withWorkspace].flatMap((layout) => [plan(prodWith(layout)), plan(nonprodWith(layout))]));
});

describe("prod", () => {
    let before: PlanFile;
    beforeAll(async () => {
        before = await plan(prodWith(base));
    });

    test("the example layout plans with no mandatory violation", () => {
        expect(mandatory(before.policies.violations)).toEqual([]);
        expect(before.resources.filter((r) => r.type === "platform:tenancy:Project").length).toBeGreaterThan(0);
    });

    test("a new project: only creations, all of them the project's, on prod", async () => {
        const diff = diffPlans(before, await plan(prodWith(withProject)));
        expect(diff.summary).toEqual({ create: 11, update: 0, replace: 0, delete: 0 });
        expect(diff.changes.map((c) => `${c.type} ${c.name}`).sort()).toEqual([
            "kubernetes:core/v1:LimitRange prod-tenancy-returns-limits",
            "kubernetes:core/v1:Namespace prod-tenancy-returns-ns",
            "kubernetes:core/v1:ResourceQuota prod-tenancy-returns-quota",
            "kubernetes:core/v1:Secret prod-tenancy-returns-pull",
            "kubernetes:iam.kubesphere.io/v1beta1:RoleBinding prod-tenancy-returns-member-chen-jing",
            "kubernetes:iam.kubesphere.io/v1beta1:RoleBinding prod-tenancy-returns-member-wang-fang",
            "kubernetes:networking.k8s.io/v1:NetworkPolicy prod-tenancy-returns-allow-dns",
            "kubernetes:networking.k8s.io/v1:NetworkPolicy prod-tenancy-returns-allow-platform",
            "kubernetes:networking.k8s.io/v1:NetworkPolicy prod-tenancy-returns-allow-same-namespace",
            "kubernetes:networking.k8s.io/v1:NetworkPolicy prod-tenancy-returns-deny-all",
            "platform:tenancy:Project prod-tenancy-returns",
        ]);
    });

    test("a new workspace with a new user: only creations, on the host (nonprod's share is nonprod's stack)", async () => {
        const diff = diffPlans(before, await plan(prodWith(withWorkspace)));
        expect(diff.summary).toEqual({ create: 5, update: 0, replace: 0, delete: 0 });
        expect(diff.changes.map((c) => `${c.type} ${c.name}`).sort()).toEqual([
            "kubernetes:iam.kubesphere.io/v1beta1:GlobalRoleBinding tenancy-users-he-ping-role",
            "kubernetes:iam.kubesphere.io/v1beta1:User tenancy-users-he-ping",
            "kubernetes:iam.kubesphere.io/v1beta1:WorkspaceRoleBinding workspace-insurance-he-ping",
            "kubernetes:tenant.kubesphere.io/v1beta1:WorkspaceTemplate workspace-insurance-template",
            "platform:tenancy:Workspace workspace-insurance",
        ]);
    });
});

describe("nonprod", () => {
    let before: PlanFile;
    beforeAll(async () => {
        before = await plan(nonprodWith(base));
    });

    test("the example layout plans with no mandatory violation", () => {
        expect(mandatory(before.policies.violations)).toEqual([]);
    });

    test("a new project and a new workspace: only creations, on nonprod", async () => {
        const project = diffPlans(before, await plan(nonprodWith(withProject)));
        expect(project.summary).toEqual({ create: 11, update: 0, replace: 0, delete: 0 });
        expect(project.changes.every((c) => c.name.startsWith("nonprod-tenancy-returns"))).toBe(true);
        const workspace = diffPlans(before, await plan(nonprodWith(withWorkspace)));
        expect(workspace.summary.update + workspace.summary.replace + workspace.summary.delete).toBe(0);
        expect(workspace.changes.map((c) => c.name).sort()).toEqual([
            "nonprod-tenancy-claims", "nonprod-tenancy-claims-allow-dns", "nonprod-tenancy-claims-allow-platform", "nonprod-tenancy-claims-allow-same-namespace",
            "nonprod-tenancy-claims-deny-all", "nonprod-tenancy-claims-limits", "nonprod-tenancy-claims-ns", "nonprod-tenancy-claims-pull", "nonprod-tenancy-claims-quota",
            "nonprod-tenancy-insurance-quota",
        ]);
    });
});
