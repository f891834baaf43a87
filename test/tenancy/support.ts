import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { AnalyzedResource } from "../../engine/analyze";
import { STANDARD, cachedPlan } from "../support/planCache";
import { Problem, isSettingsError } from "../../config/problems";
import { TenancySources, parseTenancy } from "../../config/tenancy";
import { CapacityByCluster } from "../../config/tenancyRules";

export const LAYOUT_DIR = path.resolve(__dirname, "../../config/tenancy");

/**
 * A small compliant layout, in memory, as YAML would give it: two workspaces, three projects, four users.
 * Rule tests change one value of it and assert the one problem that follows.
 */
export function smallSources(): TenancySources {
    return JSON.parse(JSON.stringify({
        dir: "layout",
        settings: {
            overcommit: { prod: { cpu: 1.5, memory: 1 } },
            containerDefaults: { request: { cpu: "100m", memory: "128Mi" }, limit: { cpu: 1, memory: "1Gi" }, max: { cpu: 8, memory: "32Gi" } },
            platformNamespaces: { ingress: "ingress-nginx", monitoring: "monitoring", reserved: ["thanos"] },
        },
        users: {
            users: {
                ann: { email: "ann@example.com", displayName: "Ann" },
                bob: { email: "bob@example.com" },
                cy: { email: "cy@example.com", globalRole: "platform-admin" },
                dee: { email: "dee@example.com" },
            },
        },
        workspaces: [
            {
                name: "books",
                file: "layout/workspaces/books.yaml",
                content: { manager: "cy", clusters: { prod: { cpu: 32, memory: "128Gi" } }, projects: { ledger: { clusters: { prod: { cpu: 16, memory: "64Gi" } } } } },
            },
            {
                name: "shop",
                file: "layout/workspaces/shop.yaml",
                content: {
                    description: "The shop",
                    manager: "ann",
                    members: { bob: "regular", dee: "viewer" },
                    clusters: { prod: { cpu: 64, memory: "256Gi", pods: 500 }, nonprod: { cpu: 16, memory: "64Gi" } },
                    projects: {
                        web: {
                            description: "Storefront",
                            clusters: { prod: { cpu: 32, memory: "128Gi", pods: 200, limits: { cpu: 64, memory: "160Gi" } }, nonprod: { cpu: 8, memory: "32Gi" } },
                            members: { bob: "admin", dee: "viewer" },
                        },
                        api: { clusters: { prod: { cpu: 32, memory: "128Gi", pods: 300 } }, containerDefaults: { limit: { cpu: 2, memory: "2Gi" } } },
                    },
                },
            },
        ],
    }));
}

/** The problems of a layout (empty when it parses); any other exception fails the test. */
export function problemsOf(sources: TenancySources, capacity: CapacityByCluster = {}): Problem[] {
    try {
        parseTenancy(sources, capacity);
        return [];
    } catch (err) {
        if (isSettingsError(err)) return [...err.problems];
        throw err;
    }
}

/** Sets (or, with undefined, deletes) the value at a path of nested objects; `["workspaces", 1, "content", ...]`. */
export function setPath(root: unknown, at: readonly (string | number)[], value: unknown): void {
    let node = root as Record<string | number, unknown>;
    for (const part of at.slice(0, -1)) node = node[part] as Record<string | number, unknown>;
    const last = at[at.length - 1];
    if (value === undefined) delete node[last];
    else node[last] = value;
}

/** A copy of the shipped layout (config/tenancy) in a temporary folder, to change and point PLATFORM_TENANCY_DIR at. */
export function copyLayout(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tenancy-"));
    fs.cpSync(LAYOUT_DIR, dir, { recursive: true });
    return dir;
}

/** The prod stack's clusters with the example layout (test/tenancy/fixtures/program.ts), as the policy analyzer saw them. */
export async function tenancyStack(): Promise<AnalyzedResource[]> {
    return (await cachedPlan(STANDARD.tenancyProd)).analyzed();
}
