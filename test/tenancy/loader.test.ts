import * as fs from "fs";
import * as path from "path";
import { isSettingsError, Problem } from "../../config/problems";
import { parseSettings, readConventionsFile } from "../../config/load";
import { TENANCY_DIR_ENV, TenancyLayout, loadTenancy, loadTenancySettings, tenancyDir, tenantCapacity } from "../../config/tenancy";
import { readStackConfig } from "../../engine/stackConfig";
import { copyLayout } from "./support";

const settingsOf = (stack: "prod" | "nonprod") => {
    const { config, secretKeys } = readStackConfig(path.resolve(__dirname, "../.."), stack);
    return parseSettings({ stack, config, conventions: readConventionsFile(), secretKeys });
};

function problemsLoading(dir: string, stack?: "prod" | "nonprod"): Problem[] {
    try {
        loadTenancy(stack ? settingsOf(stack) : undefined, { path: dir, display: "layout" });
        return [];
    } catch (err) {
        if (isSettingsError(err)) return [...err.problems];
        throw err;
    }
}

afterEach(() => {
    delete process.env[TENANCY_DIR_ENV];
});

describe("the shipped example layout (config/tenancy)", () => {
    let layout: TenancyLayout;
    beforeAll(() => {
        layout = loadTenancy(settingsOf("prod"));
    });

    test("fits both stacks' clusters", () => {
        expect(() => loadTenancy(settingsOf("nonprod"))).not.toThrow();
    });

    test("three workspaces, nine projects, eleven users, every user platform-regular but the platform admin", () => {
        expect(layout.workspaces.map((w) => `${w.name}: ${w.manager} on ${w.placement.map((p) => p.cluster).join("+")}`)).toEqual([
            "finance: sun-li on prod+nonprod",
            "logistics: liu-yang on prod+nonprod",
            "retail: li-wei on prod+nonprod",
        ]);
        expect(layout.projects.map((p) => `${p.workspace}/${p.name}`)).toEqual([
            "finance/payments", "finance/ledger", "logistics/warehouse", "logistics/delivery", "logistics/tracking",
            "retail/storefront", "retail/checkout", "retail/loyalty", "retail/catalog",
        ]);
        expect(layout.users).toHaveLength(11);
        expect(layout.users.filter((u) => u.globalRole !== "platform-regular").map((u) => `${u.name} ${u.globalRole}`)).toEqual(["ma-jun platform-admin"]);
    });

    test("quotas and container defaults in millicores and MiB, a project's own defaults over tenancy.yaml's", () => {
        const payments = layout.projects.find((p) => p.name === "payments")!;
        expect(payments.placement).toEqual([
            { cluster: "prod", quota: { cpu: 24000, memory: 98304, limits: { cpu: 48000, memory: 131072 }, pods: 300, storage: 1048576, persistentVolumeClaims: 30 } },
            { cluster: "nonprod", quota: { cpu: 12000, memory: 49152, pods: 150, storage: 512000, persistentVolumeClaims: 20 } },
        ]);
        expect(payments.containerDefaults).toEqual({ request: { cpu: 250, memory: 256 }, limit: { cpu: 1000, memory: 1024 }, max: { cpu: 8000, memory: 32768 } });
        const checkout = layout.projects.find((p) => p.name === "checkout")!;
        expect(checkout.containerDefaults).toEqual({ request: { cpu: 100, memory: 128 }, limit: { cpu: 2000, memory: 2048 }, max: { cpu: 8000, memory: 32768 } });
        expect(layout.overcommit("prod")).toEqual({ cpu: 1.5, memory: 1 });
        expect(layout.platformNamespaces).toEqual({ ingress: "ingress-nginx", monitoring: "monitoring", reserved: ["thanos", "harbor", "logging", "elastalert", "cluster-registrar", "tigera-operator", "calico-system"] });
    });
});

describe("where the layout is read from", () => {
    test("config/tenancy by default, PLATFORM_TENANCY_DIR when set (messages name the folder as given)", () => {
        expect(tenancyDir().display).toBe("config/tenancy");
        const dir = copyLayout();
        process.env[TENANCY_DIR_ENV] = dir;
        expect(tenancyDir()).toEqual({ path: dir, display: dir });
        fs.rmSync(path.join(dir, "workspaces", "finance.yaml"));
        expect(loadTenancy().workspaces.map((w) => w.name)).toEqual(["logistics", "retail"]);
        const settings = path.join(dir, "tenancy.yaml");
        fs.writeFileSync(settings, fs.readFileSync(settings, "utf8").replace("prod: { cpu: 1.5,", "prod: { cpu: 9,"));
        expect(() => loadTenancySettings()).toThrow(`${dir}/tenancy.yaml: overcommit.prod.cpu`);
    });
});

describe("files that are missing or not YAML are problems, reported with the rest", () => {
    test("a missing users.yaml", () => {
        const dir = copyLayout();
        fs.rmSync(path.join(dir, "users.yaml"));
        expect(problemsLoading(dir)).toEqual([{ file: "layout/users.yaml", key: "(file)", expected: "the file (the README's \"Tenancy\" says what it holds)", found: "nothing (the file is missing)", fix: "create layout/users.yaml" }]);
    });

    test("a key twice in one map, and broken YAML in another file", () => {
        const dir = copyLayout();
        fs.writeFileSync(path.join(dir, "users.yaml"), "users:\n  ann: { email: ann@example.com }\n  ann: { email: ann2@example.com }\n");
        fs.writeFileSync(path.join(dir, "workspaces", "retail.yaml"), "manager: [li-wei\n");
        const finance = path.join(dir, "workspaces", "finance.yaml");
        fs.writeFileSync(finance, fs.readFileSync(finance, "utf8").replace("prod: { cpu: 48,", "prod: { cpu: lots,"));
        const problems = problemsLoading(dir);
        expect(problems.slice(0, 2)).toEqual([
            { file: "layout/users.yaml", key: "(line 3, column 3)", expected: "valid YAML", found: "the key ann a second time in one mapping (first at line 2)", fix: "keep one of the two (YAML allows each key once per mapping)" },
            expect.objectContaining({ file: "layout/workspaces/retail.yaml", expected: "valid YAML" }),
        ]);
        // the unreadable files hide no problem of the others
        expect(problems.slice(2).map((p) => `${p.file}: ${p.key}`)).toEqual(["layout/workspaces/finance.yaml: clusters.prod.cpu"]);
    });

    test("the report is one SettingsError, printed without a stack trace", () => {
        const dir = copyLayout();
        fs.writeFileSync(path.join(dir, "workspaces", "retail.yaml"), fs.readFileSync(path.join(dir, "workspaces", "retail.yaml"), "utf8").replace("prod: { cpu: 96,", "prod: { cpu: 60,"));
        let message = "";
        try {
            loadTenancy(settingsOf("prod"), { path: dir, display: "config/tenancy" });
        } catch (err) {
            expect(isSettingsError(err)).toBe(true);
            message = (err as Error).message;
        }
        expect(message).toBe(
            [
                "Invalid settings (1 problem):",
                "  config/tenancy/workspaces/retail.yaml: clusters.prod.cpu",
                "    expected: a workspace quota that holds its projects on prod",
                "    found:    projects of retail on prod ask 72 vCPU (storefront 32 vCPU, checkout 24 vCPU, loyalty 16 vCPU); the workspace quota is 60 vCPU",
                "    fix:      raise clusters.prod.cpu to at least 72 vCPU, or lower the projects' quotas on prod",
            ].join("\n"),
        );
    });
});

describe("capacity: only the current stack's clusters, from their general pools (CI and stateful pools are tainted off)", () => {
    test.each([
        ["prod", { ops: { cpuMilli: 95550, memoryMiB: 364275 }, prod: { cpuMilli: 286650, memoryMiB: 1092825 } }],
        ["nonprod", { nonprod: { cpuMilli: 159250, memoryMiB: 607125 } }],
    ] as const)("%s", (stack, capacity) => {
        expect(tenantCapacity(settingsOf(stack))).toEqual(capacity);
    });

    test("the prod stack checks prod against its capacity; the nonprod stack checks nonprod", () => {
        const dir = copyLayout();
        // nonprod: 159.25 vCPU x 2 = 318.5 vCPU; retail alone now asks 320
        const file = path.join(dir, "workspaces", "retail.yaml");
        fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace("nonprod: { cpu: 48, memory: 192Gi,", "nonprod: { cpu: 264, memory: 192Gi,"));
        expect(problemsLoading(dir, "prod")).toEqual([]);
        expect(problemsLoading(dir, "nonprod")).toEqual([
            {
                file: "layout/workspaces/",
                key: "clusters.nonprod.cpu of every workspace",
                expected: "workspace quotas on nonprod within its tenant capacity: 159.25 vCPU allocatable (tenant pools) x overcommit 2 = 318.5 vCPU",
                found: "workspaces on nonprod ask 320 vCPU (finance 24 vCPU, logistics 32 vCPU, retail 264 vCPU)",
                fix: "lower workspace quotas on nonprod, raise overcommit.nonprod.cpu in layout/tenancy.yaml, or add nodes to nonprod's pools",
            },
        ]);
    });
});

test("a workspace file put beside tenancy.yaml instead of in workspaces/: named, not silently left out", () => {
    const dir = copyLayout();
    fs.copyFileSync(path.join(dir, "workspaces", "finance.yaml"), path.join(dir, "hr.yaml"));
    fs.writeFileSync(path.join(dir, "README.md"), "notes are not YAML, and not the layout's business\n");
    expect(problemsLoading(dir)).toEqual([
        {
            file: "layout/hr.yaml",
            key: "(file)",
            expected: "only tenancy.yaml and users.yaml in layout/ (a workspace is a file in layout/workspaces/)",
            found: "a YAML file the layout does not read",
            fix: "move it to layout/workspaces/hr.yaml if it is a workspace, else remove it",
        },
    ]);
});
