import * as pulumi from "@pulumi/pulumi";
import { HarborGcSchedule, HarborProject, HarborRegistry, HarborRetention, HarborRobot } from "../../components/registry/harbor";
import { RecordingMonitor } from "../../engine/recorder";
import { installMonitor, settle } from "../../engine/run";
import { record } from "../support/mocks";
import { SwaggerServer } from "../support/swaggerServer";
import { ADMIN, FakeHarbor } from "./fakeHarbor";

const URL = "https://harbor.ops.example.com";
const harbor = { url: URL, password: ADMIN.password };
const TOKEN = (kind: string) => `pulumi-nodejs:dynamic/harbor:${kind}`;
/** Pulumi's secret envelope on the wire: this key with this value, beside `value`. */
const SECRET_SIG = ["4dabf18193072939515e22adb298388d", "1b47061264138c4ac30d75fd1eb44270"] as const;

/** Every string in a wire value outside Pulumi's secret envelopes. */
function plainStrings(v: unknown): string[] {
    if (typeof v === "string") return [v];
    if (Array.isArray(v)) return v.flatMap(plainStrings);
    if (v && typeof v === "object") {
        const o = v as Record<string, unknown>;
        if (o[SECRET_SIG[0]] === SECRET_SIG[1]) return [];
        return Object.values(o).flatMap(plainStrings);
    }
    return [];
}

describe("Harbor resources register under Pulumi's mock runtime", () => {
    test("each kind with its type token and inputs, the admin password secret even when passed plain", async () => {
        const rec = await record(() => {
            new HarborRegistry("dockerhub", { harbor, name: "docker.io", type: "docker-hub", url: "https://hub.docker.com", credential: { accessKey: "bot", accessSecret: "hub-token" } });
            const project = new HarborProject("kubesphere", { harbor, name: "kubesphere", public: true, registryId: 3 });
            new HarborRobot("prod", { harbor, name: "prod-pull", projects: [project.name] });
            new HarborGcSchedule("gc", { harbor, cron: "0 0 3 * * 6", deleteUntagged: true });
            new HarborRetention("retention", { harbor, projectId: 7, rules: [{ template: "latestPushedK", count: 10 }] });
        });
        // registration order follows closure serialization, which is asynchronous: compare sorted by name
        expect(rec.resources.map((r) => [r.name, r.type]).sort()).toEqual([
            ["dockerhub", TOKEN("Registry")],
            ["gc", TOKEN("GcSchedule")],
            ["kubesphere", TOKEN("Project")],
            ["prod", TOKEN("Robot")],
            ["retention", TOKEN("Retention")],
        ]);
        const conn = { harborUrl: URL, harborUsername: "admin", harborPassword: "[secret]" };
        const inputs = (name: string) => {
            const { __provider, ...rest } = rec.byName(name).inputs;
            expect(__provider).toContain("exports.handler");
            return rest;
        };
        expect(inputs("kubesphere")).toEqual({ harborKind: "project", ...conn, name: "kubesphere", public: true, registryId: 3 });
        expect(inputs("dockerhub")).toEqual({ harborKind: "registry", ...conn, name: "docker.io", type: "docker-hub", url: "https://hub.docker.com", accessKey: "bot", accessSecret: "[secret]" });
        expect(inputs("prod")).toEqual({ harborKind: "robot", ...conn, name: "prod-pull", projects: ["kubesphere"] });
        expect(inputs("gc")).toEqual({ harborKind: "gcSchedule", ...conn, cron: "0 0 3 * * 6", deleteUntagged: true });
        expect(inputs("retention")).toEqual({ harborKind: "retention", ...conn, projectId: 7, rules: [{ template: "latestPushedK", count: 10 }] });
        // one provider object for every kind: Pulumi serializes it once, and every resource carries the same code
        expect(new Set(rec.resources.map((r) => r.inputs.__provider)).size).toBe(1);
        for (const r of rec.resources) expect(r.secretInputs).toContain("harborPassword");
        expect(rec.byName("dockerhub").secretInputs).toEqual(["accessSecret", "harborPassword"]);
    });

    test("no secret travels in plain text: not in inputs, not in the serialized provider; outputs are declared secret", async () => {
        const monitor = new RecordingMonitor(async () => ({ outputs: {}, secretOutputNames: [] }));
        installMonitor(monitor, "platform", "test");
        new HarborRegistry("dockerhub", { harbor, name: "docker.io", type: "docker-hub", url: "https://hub.docker.com", credential: { accessKey: "bot", accessSecret: "hub-token" } });
        new HarborRobot("prod", { harbor, name: "prod-pull", projects: ["kubesphere"] });
        await settle(monitor);
        for (const r of monitor.recorded) {
            const plain = plainStrings(r.wireInputs).join("\n");
            expect(plain).not.toContain(ADMIN.password);
            expect(plain).not.toContain("hub-token");
        }
        expect(monitor.recorded.map((r) => [r.name, r.additionalSecretOutputs]).sort()).toEqual([
            ["dockerhub", ["harborPassword", "accessSecret"]],
            ["prod", ["harborPassword", "secret"]],
        ]);
    });
});

describe("under pulumi.runtime.setMocks itself", () => {
    test("a robot registers with its type token and inputs", async () => {
        const seen: pulumi.runtime.MockResourceArgs[] = [];
        await pulumi.runtime.setMocks({ newResource: (a) => (seen.push(a), { id: "robot-1", state: a.inputs }), call: () => ({}) }, "platform", "test");
        const robot = new HarborRobot("prod", { harbor, name: "prod-pull", projects: ["kubesphere", "kubesphereio"] });
        await new Promise((resolve) => robot.urn.apply(resolve));
        expect(seen.map((a) => [a.type, a.name])).toEqual([[TOKEN("Robot"), "prod"]]);
        const { __provider, ...inputs } = seen[0].inputs as Record<string, unknown>;
        expect(typeof __provider).toBe("string");
        const secret = { [SECRET_SIG[0]]: SECRET_SIG[1], value: ADMIN.password };
        expect(inputs).toEqual({ harborKind: "robot", harborUrl: URL, harborUsername: "admin", harborPassword: secret, name: "prod-pull", projects: ["kubesphere", "kubesphereio"] });
    });
});

describe("the serialized provider is self-contained", () => {
    let server: SwaggerServer;
    let fake: FakeHarbor;
    beforeAll(async () => {
        fake = new FakeHarbor();
        server = await fake.serve();
    });
    afterAll(() => server.close());

    test("the __provider text a resource registers, loaded on its own as Pulumi's provider host does, creates a project", async () => {
        const rec = await record(() => new HarborProject("kubesphere", { harbor, name: "kubesphere" }));
        const text = String(rec.byName("kubesphere").inputs.__provider);
        expect(text.length).toBeLessThan(100_000);
        const exports: { handler?: () => pulumi.dynamic.ResourceProvider } = {};
        new Function("exports", "require", text)(exports, require);
        const provider = exports.handler!();
        const conn = { harborKind: "project", harborUrl: server.url, harborUsername: ADMIN.username, harborPassword: ADMIN.password };
        const checked = await provider.check!({}, { ...conn, name: "kubesphere" });
        expect(checked.failures).toEqual([]);
        const created = await provider.create(checked.inputs);
        expect(created).toEqual({ id: "1", outs: { ...conn, name: "kubesphere", public: false, storageQuotaGiB: -1, projectId: 1 } });
        expect(fake.project("kubesphere")).toBeDefined();
        expect(server.requests.filter((r) => r.rejected)).toEqual([]);
    });
});
