import fc from "fast-check";
import { SwaggerServer, SwaggerSpec, startSwaggerServer } from "../support/swaggerServer";
import { HARBOR_SPEC } from "./fakeHarbor";

const spec = new SwaggerSpec(HARBOR_SPEC);
const JSON_CT = { "content-type": "application/json" };

/** The verdict's status and message, or "ok". */
function judge(method: string, url: string, body?: unknown, headers: Record<string, string> = JSON_CT): { status: number | "ok"; message: string } {
    const v = spec.validate(method, url, headers, body === undefined ? "" : typeof body === "string" ? body : JSON.stringify(body));
    return v.ok ? { status: "ok", message: v.request.operationId } : { status: v.status, message: v.message };
}

describe("the swagger validator accepts requests valid under Harbor's spec", () => {
    test.each<[string, string, string, unknown]>([
        ["createProject", "POST", "/api/v2.0/projects", { project_name: "kubesphere", metadata: { public: "true" }, storage_limit: -1 }],
        ["getProject", "GET", "/api/v2.0/projects/12", undefined],
        ["listQuotas", "GET", "/api/v2.0/quotas?reference=project&reference_id=12", undefined],
        ["createGCSchedule", "POST", "/api/v2.0/system/gc/schedule", { schedule: { type: "Custom", cron: "0 0 3 * * 6" }, parameters: { delete_untagged: true, workers: 1 } }],
        ["getRentenitionMetadata", "GET", "/api/v2.0/retentions/metadatas", undefined],
        ["UpdateRobot", "PUT", "/api/v2.0/robots/7", { id: 7, name: "robot$prod-pull", level: "system", duration: -1, permissions: [] }],
    ])("%s", (operationId, method, url, body) => {
        expect(judge(method, url, body)).toEqual({ status: "ok", message: operationId });
    });
});

describe("the swagger validator rejects requests Harbor's spec does not allow", () => {
    test.each<[string, string, string, unknown, Record<string, string> | undefined, number, string]>([
        ["an unknown path", "GET", "/api/v2.0/projectz", undefined, undefined, 404, "no path /projectz"],
        ["a path outside the base path", "GET", "/api/v1/projects", undefined, undefined, 404, "no path"],
        ["a method the path does not have", "PATCH", "/api/v2.0/projects", undefined, undefined, 405, "PATCH is not an operation of /projects"],
        ["a body that is not JSON content", "POST", "/api/v2.0/projects", { project_name: "x" }, { "content-type": "text/plain" }, 415, 'content type "text/plain"'],
        ["a body that does not parse", "POST", "/api/v2.0/projects", "{not json", JSON_CT, 400, "not JSON"],
        ["a boolean where the definition has a string", "POST", "/api/v2.0/projects", { project_name: "x", metadata: { public: true } }, JSON_CT, 422, "body.metadata.public must be string"],
        ["a string where the definition has an integer", "POST", "/api/v2.0/projects", { project_name: "x", storage_limit: "10" }, JSON_CT, 422, "body.storage_limit must be integer"],
        ["a value outside the enum", "PUT", "/api/v2.0/system/gc/schedule", { schedule: { type: "Sometimes" }, parameters: {} }, JSON_CT, 422, "body.schedule.type must be one of"],
        ["a read-only property in a request", "PUT", "/api/v2.0/system/gc/schedule", { id: 3, schedule: { type: "None" }, parameters: {} }, JSON_CT, 422, "body.id is read-only"],
        ["null where the definition is not x-nullable", "POST", "/api/v2.0/registries", { name: null }, JSON_CT, 422, "body.name must not be null"],
        ["a string longer than maxLength", "POST", "/api/v2.0/projects", { project_name: "a".repeat(256) }, JSON_CT, 422, "longer than 255"],
        ["a quota value that is not an integer", "PUT", "/api/v2.0/quotas/3", { hard: { storage: 1.5 } }, JSON_CT, 422, "body.hard.storage must be integer"],
        ["a missing required body", "POST", "/api/v2.0/robots", undefined, undefined, 422, "CreateRobot requires a body"],
        ["a body on an operation that takes none", "DELETE", "/api/v2.0/projects/3", { force: true }, JSON_CT, 400, "takes no request body"],
        ["a path parameter of the wrong type", "GET", "/api/v2.0/registries/abc", undefined, undefined, 422, "path id must be integer"],
        ["a query parameter of the wrong type", "GET", "/api/v2.0/projects?page=first", undefined, undefined, 422, "query page must be integer"],
        ["a query parameter above its maximum", "GET", "/api/v2.0/robots?page_size=500", undefined, undefined, 422, "query page_size must be <= 100"],
        ["an unknown query parameter", "GET", "/api/v2.0/quotas?reference=project&project_id=3", undefined, undefined, 422, "query parameter project_id is not a parameter of listQuotas"],
        ["a header parameter of the wrong type", "GET", "/api/v2.0/projects/kubesphere", undefined, { "x-is-resource-name": "yes" }, 422, "header X-Is-Resource-Name must be boolean"],
    ])("%s", (_what, method, url, body, headers, status, message) => {
        const verdict = judge(method, url, body, headers);
        expect(verdict.status).toBe(status);
        expect(verdict.message).toContain(message);
    });
});

describe("validator properties", () => {
    test("a createProject body with a non-integer storage_limit is always rejected", () => {
        const notInteger = fc.oneof(fc.string(), fc.boolean(), fc.double({ noInteger: true, noNaN: true, noDefaultInfinity: true }), fc.array(fc.nat()), fc.object());
        fc.assert(fc.property(notInteger, (limit) => judge("POST", "/api/v2.0/projects", { project_name: "p", storage_limit: limit }).status === 422));
    });

    test("a well-typed createProject body is always accepted, with or without extra properties", () => {
        const req = fc.record(
            { project_name: fc.string({ maxLength: 255 }), metadata: fc.record({ public: fc.constantFrom("true", "false") }), storage_limit: fc.integer({ min: -1 }), registry_id: fc.nat(), extra: fc.jsonValue() },
            { requiredKeys: [] },
        );
        fc.assert(fc.property(req, (body) => judge("POST", "/api/v2.0/projects", body).status === "ok"));
    });
});

describe("the swagger server", () => {
    let server: SwaggerServer;
    const reached: string[] = [];
    beforeAll(async () => {
        server = await startSwaggerServer(spec, (r) => {
            reached.push(r.operationId);
            return { status: 201, headers: { location: "/api/v2.0/projects/1" } };
        });
    });
    afterAll(() => server.close());

    test("answers an invalid request itself, with Harbor's error body, and never passes it on", async () => {
        const res = await fetch(`${server.url}/api/v2.0/projects`, { method: "POST", headers: JSON_CT, body: JSON.stringify({ project_name: 42 }) });
        expect(res.status).toBe(422);
        expect(await res.json()).toEqual({ errors: [{ code: "INVALID_REQUEST", message: expect.stringContaining("body.project_name must be string") }] });
        expect(reached).toEqual([]);
        expect(server.requests).toEqual([expect.objectContaining({ method: "POST", status: 422, rejected: expect.stringContaining("project_name") })]);
    });

    test("passes a valid request on and records it with its operation", async () => {
        const res = await fetch(`${server.url}/api/v2.0/projects`, { method: "POST", headers: JSON_CT, body: JSON.stringify({ project_name: "kubesphere" }) });
        expect(res.status).toBe(201);
        expect(reached).toEqual(["createProject"]);
        expect(server.requests[1]).toEqual({ method: "POST", path: "/api/v2.0/projects", operationId: "createProject", body: { project_name: "kubesphere" }, status: 201 });
    });
});
