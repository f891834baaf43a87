import { HarborApiError, HarborClient } from "../../components/registry/harbor/api";
import { SwaggerServer } from "../support/swaggerServer";
import { ADMIN, FakeHarbor } from "./fakeHarbor";
import { BASE, desired } from "./fixtures";
import { Stack } from "./lifecycle";

let harbor: FakeHarbor;
let server: SwaggerServer;

beforeEach(async () => {
    harbor = new FakeHarbor();
    server = await harbor.serve();
});
afterEach(async () => {
    expect(server.requests.filter((r) => r.rejected)).toEqual([]);
    await server.close();
});

/** The error an apply of the base settings stops with. */
async function failure(stack = new Stack(), password = ADMIN.password): Promise<Error> {
    const err = await stack.up(desired(server.url, BASE, password)).then(
        () => undefined,
        (e: unknown) => e as Error,
    );
    if (!err) throw new Error("the apply did not fail");
    return err;
}

describe("a Harbor API error reaches the user as an Error naming the operation, the path and Harbor's message", () => {
    test.each<[string, number, string, string, string]>([
        ["createProject", 403, "FORBIDDEN", "Only system admin can create project", "Harbor createProject (POST /api/v2.0/projects) failed: 403 FORBIDDEN: Only system admin can create project"],
        ["createRegistry", 500, "UNKNOWN", "failed to ping registry", "Harbor createRegistry (POST /api/v2.0/registries) failed: 500 UNKNOWN: failed to ping registry"],
        ["CreateRobot", 409, "CONFLICT", "robot account robot$prod-pull already exists", "Harbor CreateRobot (POST /api/v2.0/robots) failed: 409 CONFLICT: robot account robot$prod-pull already exists"],
        ["createGCSchedule", 400, "BAD_REQUEST", "invalid cron", "Harbor createGCSchedule (POST /api/v2.0/system/gc/schedule) failed: 400 BAD_REQUEST: invalid cron"],
    ])("%s answering %i", async (operationId, status, code, message, expected) => {
        harbor.failNext(operationId, status, code, message);
        const err = await failure();
        expect(err).toBeInstanceOf(HarborApiError);
        expect(err.message).toBe(expected);
        expect(err.message).not.toContain(ADMIN.password);
        expect(JSON.stringify(err)).not.toContain(ADMIN.password);
    });

    test("on update too, after a successful create", async () => {
        const stack = new Stack();
        await stack.up(desired(server.url));
        harbor.failNext("updateProject", 500, "UNKNOWN", "database is locked");
        await expect(stack.up(desired(server.url, { ...BASE, kubesphere: { name: "kubesphere", public: false } }))).rejects.toThrow(
            "Harbor updateProject (PUT /api/v2.0/projects/2) failed: 500 UNKNOWN: database is locked",
        );
    });

    test("a wrong admin password is a 401, and neither password appears in the error", async () => {
        const wrong = "Wrong-Password-123";
        const err = await failure(new Stack(), wrong);
        expect(err.message).toBe("Harbor createRegistry (POST /api/v2.0/registries) failed: 401 UNAUTHORIZED: unauthorized");
        expect(err.message).not.toContain(wrong);
        expect(err.stack ?? "").not.toContain(wrong);
    });

    test("a Harbor message that echoes the password is redacted", async () => {
        harbor.failNext("createRegistry", 400, "BAD_REQUEST", `bad credential admin:${ADMIN.password}`);
        const err = await failure();
        expect(err.message).toBe("Harbor createRegistry (POST /api/v2.0/registries) failed: 400 BAD_REQUEST: bad credential admin:[redacted]");
    });

    test("an upstream secret echoed by Harbor is redacted too", async () => {
        harbor.failNext("createRegistry", 400, "BAD_REQUEST", "login to https://hub.docker.com as bot with hub-token-123 failed");
        const err = await new Stack().up(desired(server.url, { ...BASE, dockerhub: { ...BASE.dockerhub, accessKey: "bot", accessSecret: "hub-token-123" } })).catch((e: Error) => e);
        expect((err as Error).message).toBe("Harbor createRegistry (POST /api/v2.0/registries) failed: 400 BAD_REQUEST: login to https://hub.docker.com as bot with [redacted] failed");
    });

    test("an unreachable Harbor is named, with the reason", async () => {
        const url = server.url;
        await server.close();
        server = await harbor.serve();
        const client = new HarborClient({ url, username: ADMIN.username, password: ADMIN.password });
        await expect(client.getProject(1)).rejects.toThrow(new RegExp(`^Harbor getProject \\(GET /api/v2.0/projects/1\\) failed: Harbor is unreachable at ${url}: .*ECONNREFUSED`));
    });
});

describe("settings Harbor would refuse are stopped by the provider's check, before any request", () => {
    test.each<[string, string, Partial<typeof BASE>, string]>([
        ["a five-field cron", "gc", { gc: { cron: "0 3 * * 6" } }, 'gc schedule: cron must have six fields, seconds first (e.g. "0 0 3 * * 6"), found "0 3 * * 6"'],
        ["too many GC workers", "gc", { gc: { cron: "0 0 3 * * 6", workers: 9 } }, "gc schedule: workers must be 1 to 5, found 9"],
        ["an uppercase project name", "project-kubesphere", { kubesphere: { name: "KubeSphere" } }, 'project name "KubeSphere" is invalid'],
        ["a zero quota", "project-kubesphereio", { kubesphereio: { name: "kubesphereio", storageQuotaGiB: 0 } }, "storageQuotaGiB must be -1 (unlimited) or more than 0, found 0"],
        ["a registry type Harbor cannot proxy", "registry-docker.io", { dockerhub: { name: "docker.io", type: "helm-hub", url: "https://hub.helm.sh" } }, 'registry "docker.io": type must be one of'],
        ["a retention rule without its count", "retention-kubesphere", { retention: { rules: [{ template: "latestPushedK" }] } }, "rule 1 (latestPushedK) needs a whole count above 0"],
        ["a robot with no project", "robot-prod", { robots: { prod: [] } }, 'robot "prod-pull": list at least one project it may pull from'],
    ])("%s", async (_what, key, change, message) => {
        const d = desired(server.url, { ...BASE, ...change }).find((x) => x.key === key)!;
        const checked = await d.provider.check!({}, d.inputs(() => ({ projectId: 1, registryId: 1 })));
        expect(checked.failures!.map((f) => f.reason)).toEqual([expect.stringContaining(message)]);
        expect(server.requests).toEqual([]);
        // and an apply stops at that resource with the same reason
        await expect(new Stack().up(desired(server.url, { ...BASE, ...change }))).rejects.toThrow(`${key}: `);
    });
});

describe("the client", () => {
    const client = () => new HarborClient({ url: `${server.url}/`, username: ADMIN.username, password: ADMIN.password });

    test("reads an absent entity as undefined, including Harbor's 500 for a missing retention policy", async () => {
        expect(await client().getProject(42)).toBeUndefined();
        expect(await client().getRobot(42)).toBeUndefined();
        expect(await client().getRetention(42)).toBeUndefined();
        expect(await client().getGcSchedule()).toBeUndefined();
    });

    test("deleting an absent entity is not an error", async () => {
        await expect(client().deleteRobot(42)).resolves.toBeUndefined();
        await expect(client().deleteRetention(42)).resolves.toBeUndefined();
    });

    test("takes the new id from the Location header", async () => {
        expect(await client().createRegistry({ name: "quay.io", type: "quay", url: "https://quay.io" })).toBe(1);
        expect(await client().createProject({ project_name: "quay-proxy", registry_id: 1 })).toBe(2);
    });
});
