/**
 * Onboarding is data: adding a project (or a workspace and its people) to the layout changes no code, and the
 * plan of each stack changes only by creations. Plans the real program in child processes (one Pulumi runtime
 * each), with PLATFORM_TENANCY_DIR pointing at a copy of the layout.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { diffPlans } from "../../engine/diff";
import { PlanFile, mandatory, readPlan } from "../../engine/planFile";
import { TENANCY_DIR_ENV } from "../../config/tenancy";
import { ROOT } from "../support/project";
import { copyLayout } from "./support";

const work = fs.mkdtempSync(path.join(os.tmpdir(), "onboarding-"));

/** Plans a stack with the layout in `layoutDir`; nonprod answers its StackReference from `reference`. */
function plan(stack: "prod" | "nonprod", layoutDir: string, label: string, reference?: string): PlanFile {
    const file = path.join(work, `${stack}-${label}.json`);
    // the child gets the variable explicitly: jest's process.env is the test's own copy
    const result = spawnSync(
        process.execPath,
        ["--import", "tsx", path.join(ROOT, "engine", "cli", "plan.ts"), "--stack", stack, "--json", file, "--quiet", ...(reference ? ["--reference", reference] : [])],
        { cwd: ROOT, encoding: "utf8", env: { ...process.env, [TENANCY_DIR_ENV]: layoutDir }, timeout: 120_000 },
    );
    if (!fs.existsSync(file)) throw new Error(`planning ${stack} (${label}) failed (exit ${result.status}):\n${result.stderr}`);
    return readPlan(file);
}

const RETURNS_PROJECT = `
  returns:
    description: Returns and refunds
    clusters:
      prod: { cpu: 8, memory: 32Gi, pods: 100, storage: 100Gi, persistentVolumeClaims: 10 }
      nonprod: { cpu: 4, memory: 16Gi, pods: 50, storage: 100Gi, persistentVolumeClaims: 10 }
    members:
      wang-fang: admin
      chen-jing: viewer
`;

const base = copyLayout();
const withProject = copyLayout();
fs.appendFileSync(path.join(withProject, "workspaces", "retail.yaml"), RETURNS_PROJECT);
const withWorkspace = copyLayout();
fs.appendFileSync(path.join(withWorkspace, "users.yaml"), "  he-ping:\n    email: he.ping@example.com\n    displayName: He Ping\n");
fs.writeFileSync(
    path.join(withWorkspace, "workspaces", "insurance.yaml"),
    ["manager: he-ping", "clusters:", "  nonprod: { cpu: 8, memory: 32Gi }", "projects:", "  claims:", "    clusters:", "      nonprod: { cpu: 4, memory: 16Gi }", ""].join("\n"),
);

describe("prod", () => {
    let before: PlanFile;
    beforeAll(() => {
        before = plan("prod", base, "base");
    }, 120_000);

    test("the example layout plans with no mandatory violation", () => {
        expect(mandatory(before.policies.violations)).toEqual([]);
        expect(before.resources.filter((r) => r.type === "platform:tenancy:Project").length).toBeGreaterThan(0);
    });

    test("a new project: only creations, all of them the project's, on prod", () => {
        const diff = diffPlans(before, plan("prod", withProject, "project"));
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
    }, 120_000);

    test("a new workspace with a new user: only creations, on the host (nonprod's share is nonprod's stack)", () => {
        const diff = diffPlans(before, plan("prod", withWorkspace, "workspace"));
        expect(diff.summary).toEqual({ create: 5, update: 0, replace: 0, delete: 0 });
        expect(diff.changes.map((c) => `${c.type} ${c.name}`).sort()).toEqual([
            "kubernetes:iam.kubesphere.io/v1beta1:GlobalRoleBinding tenancy-users-he-ping-role",
            "kubernetes:iam.kubesphere.io/v1beta1:User tenancy-users-he-ping",
            "kubernetes:iam.kubesphere.io/v1beta1:WorkspaceRoleBinding workspace-insurance-he-ping",
            "kubernetes:tenant.kubesphere.io/v1beta1:WorkspaceTemplate workspace-insurance-template",
            "platform:tenancy:Workspace workspace-insurance",
        ]);
    }, 120_000);
});

describe("nonprod", () => {
    let reference: string;
    let before: PlanFile;
    beforeAll(() => {
        reference = path.join(work, "prod-base.json");
        if (!fs.existsSync(reference)) plan("prod", base, "base");
        before = plan("nonprod", base, "base", reference);
    }, 180_000);

    test("the example layout plans with no mandatory violation", () => {
        expect(mandatory(before.policies.violations)).toEqual([]);
    });

    test("a new project and a new workspace: only creations, on nonprod", () => {
        const project = diffPlans(before, plan("nonprod", withProject, "project", reference));
        expect(project.summary).toEqual({ create: 11, update: 0, replace: 0, delete: 0 });
        expect(project.changes.every((c) => c.name.startsWith("nonprod-tenancy-returns"))).toBe(true);
        const workspace = diffPlans(before, plan("nonprod", withWorkspace, "workspace", reference));
        expect(workspace.summary.update + workspace.summary.replace + workspace.summary.delete).toBe(0);
        expect(workspace.changes.map((c) => c.name).sort()).toEqual([
            "nonprod-tenancy-claims", "nonprod-tenancy-claims-allow-dns", "nonprod-tenancy-claims-allow-platform", "nonprod-tenancy-claims-allow-same-namespace",
            "nonprod-tenancy-claims-deny-all", "nonprod-tenancy-claims-limits", "nonprod-tenancy-claims-ns", "nonprod-tenancy-claims-pull", "nonprod-tenancy-claims-quota",
            "nonprod-tenancy-insurance-quota",
        ]);
    }, 120_000);
});
