import { SwaggerServer } from "../support/swaggerServer";
import { FakeHarbor } from "./fakeHarbor";
import { BASE, Fixture, calls, desired, writes } from "./fixtures";
import { Stack } from "./lifecycle";

let harbor: FakeHarbor;
let server: SwaggerServer;
let stack: Stack;

beforeEach(async () => {
    harbor = new FakeHarbor();
    server = await harbor.serve();
    stack = new Stack();
    await stack.up(desired(server.url));
    server.requests.length = 0;
});
afterEach(async () => {
    expect(server.requests.filter((r) => r.rejected)).toEqual([]);
    await server.close();
});

/** Refreshes, then applies the base settings again; returns the keys whose diff named changes. */
async function refreshAndApply(f: Fixture = BASE): Promise<string[]> {
    await stack.refresh();
    const drifted: string[] = [];
    for (const d of desired(server.url, f)) if ((await stack.diff(d)).changes) drifted.push(d.key);
    // reading and diffing never writes
    expect(writes(server.requests)).toEqual([]);
    server.requests.length = 0;
    await stack.up(desired(server.url, f));
    return drifted;
}

describe("drift made in Harbor is seen on refresh and corrected by the next apply", () => {
    test("a project made private in the UI is made public again", async () => {
        harbor.project("kubesphere")!.metadata.public = "false";
        expect(await refreshAndApply()).toEqual(["project-kubesphere"]);
        expect(calls(writes(server.requests))).toEqual(["PUT /api/v2.0/projects/2"]);
        expect(harbor.project("kubesphere")!.metadata.public).toBe("true");
    });

    test("a quota changed in the UI is set back", async () => {
        [...harbor.quotas.values()][1].storage = 10 * 1024 ** 3;
        expect(await refreshAndApply()).toEqual(["project-kubesphereio"]);
        expect([...harbor.quotas.values()][1].storage).toBe(50 * 1024 ** 3);
    });

    test("a robot given push access and disabled in the UI is made pull-only and enabled again", async () => {
        const bot = harbor.robots.get(10)!;
        bot.permissions![0].access!.push({ resource: "repository", action: "push" });
        bot.disable = true;
        expect(await refreshAndApply()).toEqual(["robot-nonprod"]);
        expect(calls(writes(server.requests))).toEqual(["PUT /api/v2.0/robots/10"]);
        expect(bot.disable).toBe(false);
        expect(bot.permissions!.flatMap((p) => p.access!.map((a) => `${p.namespace}:${a.action}`))).toEqual(["kubesphere:pull", "kubesphereio:pull"]);
    });

    test("a registry endpoint pointed elsewhere is pointed back", async () => {
        harbor.registries.get(1)!.url = "https://mirror.example.com";
        expect(await refreshAndApply()).toEqual(["registry-docker.io"]);
        expect(harbor.registries.get(1)!.url).toBe("https://hub.docker.com");
    });

    test("a retention rule loosened in the UI is restored", async () => {
        harbor.retentions.get(11)!.rules![0].params = { latestPushedK: 3 };
        expect(await refreshAndApply()).toEqual(["retention-kubesphere"]);
        expect(calls(writes(server.requests))).toEqual(["PUT /api/v2.0/retentions/11"]);
        expect(harbor.retentions.get(11)!.rules![0].params).toEqual({ latestPushedK: 10 });
    });

    test("an unscheduled GC is scheduled again", async () => {
        harbor.gc = undefined;
        const steps = await stack.refresh();
        expect(steps).toContainEqual({ key: "gc", op: "gone" });
        await stack.up(desired(server.url));
        expect(harbor.gc).toEqual({ type: "Custom", cron: "0 0 3 * * 6", params: { delete_untagged: true, workers: 1 } });
    });

    test("a project deleted in the UI comes back, with its retention policy", async () => {
        harbor.projects.delete(2);
        harbor.retentions.delete(11);
        const steps = await stack.refresh();
        expect(steps.filter((s) => s.op === "gone").map((s) => s.key)).toEqual(["project-kubesphere", "retention-kubesphere"]);
        server.requests.length = 0;
        await stack.up(desired(server.url));
        expect(calls(writes(server.requests))).toEqual(["POST /api/v2.0/projects", "POST /api/v2.0/retentions"]);
        const project = harbor.project("kubesphere")!;
        expect(harbor.retentions.get(Number(project.metadata.retention_id))!.scope).toEqual({ level: "project", ref: project.project_id });
    });
});

describe("an entry removed from the settings is removed from Harbor", () => {
    test("a cluster's robot", async () => {
        const steps = await stack.up(desired(server.url, { ...BASE, robots: { prod: BASE.robots.prod } }));
        expect(steps.filter((s) => s.op !== "same")).toEqual([{ key: "robot-nonprod", op: "delete" }]);
        expect(calls(server.requests)).toEqual(["DELETE /api/v2.0/robots/10"]);
        expect([...harbor.robots.values()].map((b) => b.name)).toEqual(["robot$prod-pull"]);
    });

    test("a project's retention policy, with the project's link to it, so that a new one can be attached later", async () => {
        const list = desired(server.url).filter((d) => d.key !== "retention-kubesphere");
        await stack.up(list);
        expect(calls(server.requests)).toEqual(["DELETE /api/v2.0/retentions/11", "GET /api/v2.0/projects/2", "DELETE /api/v2.0/projects/2/metadatas/retention_id"]);
        expect(harbor.retentions.has(11)).toBe(false);
        expect(harbor.project("kubesphere")!.metadata.retention_id).toBeUndefined();
        server.requests.length = 0;
        await stack.up(desired(server.url));
        expect(calls(writes(server.requests))).toEqual(["POST /api/v2.0/retentions"]);
    });

    test("a proxy cache with its upstream endpoint: policy, then project, then endpoint", async () => {
        const gone = ["registry-docker.io", "project-dockerhub-proxy", "retention-dockerhub-proxy"];
        const list = desired(server.url, { ...BASE, robots: { prod: ["kubesphere"], nonprod: BASE.robots.nonprod } }).filter((d) => !gone.includes(d.key));
        await stack.up(list);
        expect(calls(writes(server.requests))).toEqual([
            "PUT /api/v2.0/robots/9",
            "DELETE /api/v2.0/retentions/8",
            "DELETE /api/v2.0/projects/6/metadatas/retention_id",
            "DELETE /api/v2.0/projects/6",
            "DELETE /api/v2.0/registries/1",
        ]);
        expect(harbor.project("dockerhub-proxy")).toBeUndefined();
        expect(harbor.registries.size).toBe(0);
    });

    test("the GC schedule", async () => {
        await stack.up(desired(server.url).filter((d) => d.key !== "gc"));
        expect(server.requests.map((r) => [r.method, r.path, r.body])).toEqual([["PUT", "/api/v2.0/system/gc/schedule", { schedule: { type: "None" }, parameters: {} }]]);
        expect(harbor.gc).toBeUndefined();
    });

    test("a project that still holds images is not deleted, and the user is told why", async () => {
        harbor.project("kubesphereio")!.repo_count = 3;
        const list = desired(server.url, { ...BASE, robots: { prod: ["kubesphere"], nonprod: ["kubesphere"] } }).filter((d) => d.key !== "project-kubesphereio");
        await expect(stack.up(list)).rejects.toThrow(
            "Harbor deleteProject (DELETE /api/v2.0/projects/4) failed: 412 PRECONDITION: the project contains repositories, can not be deleted",
        );
        expect(harbor.project("kubesphereio")).toBeDefined();
    });
});
