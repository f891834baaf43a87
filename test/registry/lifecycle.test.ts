import { harborProvider } from "../../components/registry/harbor/provider";
import { SwaggerServer } from "../support/swaggerServer";
import { FakeHarbor } from "./fakeHarbor";
import { BASE, calls, desired, writes } from "./fixtures";
import { Stack } from "./lifecycle";

let harbor: FakeHarbor;
let server: SwaggerServer;
let stack: Stack;

beforeEach(async () => {
    harbor = new FakeHarbor();
    server = await harbor.serve();
    stack = new Stack();
});
afterEach(async () => {
    // every request the providers sent must be valid under Harbor's spec
    expect(server.requests.filter((r) => r.rejected)).toEqual([]);
    await server.close();
});

/** Applies the base settings and forgets the requests it took. */
async function applied(): Promise<void> {
    await stack.up(desired(server.url));
    server.requests.length = 0;
}

describe("create from empty", () => {
    test("creates every entity with the expected requests, in dependency order", async () => {
        const steps = await stack.up(desired(server.url));
        expect(steps.every((s) => s.op === "create")).toBe(true);
        expect(calls(server.requests)).toEqual([
            "POST /api/v2.0/registries",
            "POST /api/v2.0/projects",
            "POST /api/v2.0/projects",
            "POST /api/v2.0/projects",
            "POST /api/v2.0/robots",
            "POST /api/v2.0/robots",
            "GET /api/v2.0/system/gc/schedule",
            "POST /api/v2.0/system/gc/schedule",
            "GET /api/v2.0/projects/2",
            "POST /api/v2.0/retentions",
            // the proxy-cache project came with Harbor's own policy (id 8): it is taken over, not duplicated
            "GET /api/v2.0/projects/6",
            "GET /api/v2.0/retentions/8",
            "PUT /api/v2.0/retentions/8",
        ]);
        expect(server.requests[1].body).toEqual({ project_name: "kubesphere", metadata: { public: "true" }, storage_limit: -1 });
        expect(server.requests[3].body).toEqual({ project_name: "dockerhub-proxy", metadata: { public: "false" }, storage_limit: -1, registry_id: 1 });
        expect(server.requests[4].body).toEqual({
            name: "prod-pull",
            description: "",
            level: "system",
            disable: false,
            duration: -1,
            permissions: ["dockerhub-proxy", "kubesphere", "kubesphereio"].map((p) => ({ kind: "project", namespace: p, access: [{ resource: "repository", action: "pull" }] })),
        });
        expect(server.requests[7].body).toEqual({ schedule: { type: "Custom", cron: "0 0 3 * * 6" }, parameters: { delete_untagged: true, workers: 1 } });

        expect([...harbor.projects.values()].map((p) => [p.name, p.metadata.public, p.registry_id])).toEqual([
            ["kubesphere", "true", undefined],
            ["kubesphereio", "true", undefined],
            ["dockerhub-proxy", "false", 1],
        ]);
        expect([...harbor.quotas.values()].map((q) => q.storage)).toEqual([-1, 50 * 1024 ** 3, -1]);
        expect(harbor.project("kubesphere")!.metadata.retention_id).toBe("11");
        expect(harbor.retentions.size).toBe(2);
        expect(harbor.gc).toEqual({ type: "Custom", cron: "0 0 3 * * 6", params: { delete_untagged: true, workers: 1 } });
    });

    test("keeps the robot's secret, which Harbor returns only at creation, in the state", async () => {
        await stack.up(desired(server.url));
        const bot = [...harbor.robots.values()].find((b) => b.name === "robot$prod-pull")!;
        expect(stack.outputs("robot-prod")).toMatchObject({ robotId: bot.id, fullName: "robot$prod-pull", secret: bot.secret });
        await stack.refresh();
        expect(stack.outputs("robot-prod").secret).toBe(bot.secret);
    });
});

describe("a second apply", () => {
    test("changes nothing and sends no request at all", async () => {
        await applied();
        const steps = await stack.up(desired(server.url));
        expect(steps.map((s) => s.op)).toEqual(Array(steps.length).fill("same"));
        expect(server.requests).toEqual([]);
    });

    test("with a rotated admin password, records it everywhere without a request to Harbor", async () => {
        await applied();
        const steps = await stack.up(desired(server.url, BASE, "Rotated-Admin-Pw-2"));
        expect(steps.map((s) => s.op)).toEqual(Array(steps.length).fill("update"));
        expect(server.requests).toEqual([]);
        expect([...stack.state.values()].map((e) => e.outputs.harborPassword)).toEqual(Array(steps.length).fill("Rotated-Admin-Pw-2"));
        expect(stack.outputs("robot-prod").secret).toEqual(expect.stringMatching(/^Robot-secret-/));
    });

    test("over state written before resources named their kind: records the kind everywhere, with no request to Harbor", async () => {
        await applied();
        for (const entry of stack.state.values()) delete entry.outputs.harborKind;
        const steps = await stack.up(desired(server.url));
        expect(steps.map((s) => s.op)).toEqual(Array(steps.length).fill("update"));
        expect(server.requests).toEqual([]);
        expect([...stack.state.values()].map((e) => e.outputs.harborKind).sort()).toEqual(
            ["gcSchedule", "project", "project", "project", "registry", "retention", "retention", "robot", "robot"],
        );
    });

    test("a resource that names no kind, or an unknown one, fails its check naming the input", async () => {
        const [first] = desired(server.url);
        const { harborKind: _, ...inputs } = first.inputs(() => ({}));
        for (const kind of [undefined, "repository"]) {
            const checked = await harborProvider.check!({}, { ...inputs, harborKind: kind });
            expect(checked.failures).toEqual([{ property: "harborKind", reason: `expected one of project, registry, robot, gcSchedule, retention; found ${JSON.stringify(kind)}` }]);
        }
        await expect(harborProvider.create(inputs)).rejects.toThrow("a Harbor resource needs harborKind (one of project, registry, robot, gcSchedule, retention); found undefined");
    });

    test("after a refresh of an undrifted Harbor, still writes nothing", async () => {
        await applied();
        expect((await stack.refresh()).map((s) => s.op)).not.toContain("gone");
        await stack.up(desired(server.url));
        expect(writes(server.requests)).toEqual([]);
    });
});

describe("an update of one setting issues exactly the expected request", () => {
    test.each<[string, Partial<typeof BASE>, string, string[], unknown]>([
        ["a project made private", { kubesphere: { name: "kubesphere", public: false } }, "project-kubesphere", ["PUT /api/v2.0/projects/2"], { metadata: { public: "false" } }],
        ["a project quota raised", { kubesphereio: { ...BASE.kubesphereio, storageQuotaGiB: 80 } }, "project-kubesphereio", ["GET /api/v2.0/quotas", "PUT /api/v2.0/quotas/5"], { hard: { storage: 80 * 1024 ** 3 } }],
        ["the GC cron changed", { gc: { ...BASE.gc, cron: "0 0 4 * * 0" } }, "gc", ["PUT /api/v2.0/system/gc/schedule"], { schedule: { type: "Custom", cron: "0 0 4 * * 0" }, parameters: { delete_untagged: true, workers: 1 } }],
        ["a registry endpoint given a credential", { dockerhub: { ...BASE.dockerhub, accessKey: "bot", accessSecret: "hub-token" } }, "registry-docker.io", ["PUT /api/v2.0/registries/1"], { name: "docker.io", description: "", url: "https://hub.docker.com", insecure: false, credential_type: "basic", access_key: "bot", access_secret: "hub-token" }],
    ])("%s", async (_what, change, key, expectedCalls, expectedBody) => {
        await applied();
        const steps = await stack.up(desired(server.url, { ...BASE, ...change }));
        expect(steps.filter((s) => s.op !== "same")).toEqual([{ key, op: "update" }]);
        expect(calls(server.requests)).toEqual(expectedCalls);
        expect(writes(server.requests).map((r) => r.body)).toEqual([expectedBody]);
    });

    test("a robot given one more project: one PUT with the whole robot under its full name", async () => {
        await applied();
        await stack.up(desired(server.url, { ...BASE, robots: { ...BASE.robots, nonprod: [...BASE.robots.nonprod, "dockerhub-proxy"] } }));
        expect(calls(server.requests)).toEqual(["PUT /api/v2.0/robots/10"]);
        expect(server.requests[0].body).toMatchObject({ id: 10, name: "robot$nonprod-pull", level: "system", duration: -1 });
        expect(harbor.robots.get(10)!.permissions!.map((p) => p.namespace)).toEqual(["dockerhub-proxy", "kubesphere", "kubesphereio"]);
    });

    test("a retention rule changed: one PUT of the policy", async () => {
        await applied();
        await stack.up(desired(server.url, { ...BASE, retention: { rules: [{ template: "latestPushedK", count: 5 }] } }));
        expect(calls(server.requests)).toEqual(["PUT /api/v2.0/retentions/11"]);
        expect(harbor.retentions.get(11)!.rules).toEqual([expect.objectContaining({ template: "latestPushedK", params: { latestPushedK: 5 } })]);
    });

    test("pointing a proxy cache at another upstream replaces the project, deleting first (the name is taken)", async () => {
        await applied();
        const list = desired(server.url);
        const quay = { key: "registry-quay.io", provider: harborProvider, inputs: () => ({ ...list[0].inputs(() => ({})), name: "quay.io", type: "docker-hub", url: "https://quay.io" }) };
        const proxyIndex = list.findIndex((d) => d.key === "project-dockerhub-proxy");
        const original = list[proxyIndex];
        const proxy = { ...original, inputs: (o: (k: string) => Record<string, unknown>) => ({ ...original.inputs(o), registryId: o("registry-quay.io").registryId }) };
        list.splice(proxyIndex, 1, quay, proxy);

        const steps = await stack.up(list);
        expect(steps.filter((s) => s.op !== "same")).toEqual([
            { key: "registry-quay.io", op: "create" },
            { key: "project-dockerhub-proxy", op: "replace", fields: ["registryId"] },
            { key: "retention-dockerhub-proxy", op: "replace", fields: ["projectId"] },
        ]);
        expect(calls(server.requests)).toEqual([
            "POST /api/v2.0/registries",
            "DELETE /api/v2.0/projects/6",
            "POST /api/v2.0/projects",
            // Harbor dropped the old policy with its project: its absence is not an error
            "DELETE /api/v2.0/retentions/8",
            "GET /api/v2.0/projects/6",
            "GET /api/v2.0/projects/13",
            "GET /api/v2.0/retentions/15",
            "PUT /api/v2.0/retentions/15",
        ]);
        expect(harbor.project("dockerhub-proxy")).toMatchObject({ project_id: 13, registry_id: 12 });
        expect(harbor.retentions.get(15)!.rules).toEqual([expect.objectContaining({ template: "nDaysSinceLastPull", params: { nDaysSinceLastPull: 14 } })]);
    });
});
