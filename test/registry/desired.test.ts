import fc from "fast-check";
import {
    PROJECT_FIELDS,
    PROJECT_REPLACE_ON,
    PROXY_CACHE_TYPES,
    ProjectSpec,
    RegistrySpec,
    RobotSpec,
    UNKNOWN,
    diffSpec,
    observedProject,
    observedRegistry,
    observedRobot,
    projectCreateRequest,
    pullGrants,
    registryCreateRequest,
    robotCreateRequest,
} from "../../components/registry/harbor";
import { GcScheduleSpec, RETENTION_TEMPLATES, RetentionSpec, gcScheduleRequest, observedGcSchedule, observedRetention, retentionRequest } from "../../components/registry/harbor";

const project: ProjectSpec = { name: "kubesphere", public: true, storageQuotaGiB: -1 };

describe("diffSpec", () => {
    test.each<[string, Partial<ProjectSpec>, string[], string[]]>([
        ["nothing changed", {}, [], []],
        ["a setting changed in place", { public: false }, ["public"], []],
        ["two settings, one of them immutable", { name: "ks", storageQuotaGiB: 10 }, ["name", "storageQuotaGiB"], ["name"]],
        ["an immutable field set where it was absent", { registryId: 3 }, ["registryId"], ["registryId"]],
        ["a value not known until apply counts as changed", { public: UNKNOWN as unknown as boolean }, ["public"], []],
    ])("%s", (_what, change, changed, replaces) => {
        expect(diffSpec(project, { ...project, ...change }, PROJECT_FIELDS, PROJECT_REPLACE_ON)).toEqual({ changed, replaces });
    });

    test("key order and undefined-versus-absent do not count as changes", () => {
        const a = { name: "x", public: false, storageQuotaGiB: -1, registryId: undefined };
        const b = { storageQuotaGiB: -1, public: false, name: "x" };
        expect(diffSpec(a, b, PROJECT_FIELDS, PROJECT_REPLACE_ON).changed).toEqual([]);
    });
});

describe("request bodies", () => {
    test("a proxy-cache project with a quota", () => {
        expect(projectCreateRequest({ name: "dockerhub", public: false, storageQuotaGiB: 2, registryId: 4 })).toEqual({
            project_name: "dockerhub",
            metadata: { public: "false" },
            storage_limit: 2 * 1024 ** 3,
            registry_id: 4,
        });
    });

    test("a pull-only robot lists each project once, sorted", () => {
        const req = robotCreateRequest({ name: "prod-pull", description: "", projects: ["b", "a", "b"], disabled: false, durationDays: -1, grants: [] });
        expect(req.permissions).toEqual([
            { kind: "project", namespace: "a", access: [{ resource: "repository", action: "pull" }] },
            { kind: "project", namespace: "b", access: [{ resource: "repository", action: "pull" }] },
        ]);
    });

    test("a retention rule keeping the 10 latest pushed v* tags", () => {
        const spec: RetentionSpec = { projectId: 2, cron: "0 0 0 * * *", rules: [{ template: "latestPushedK", count: 10, repositories: "**", tags: "v*", untagged: false }] };
        expect(retentionRequest(spec).rules).toEqual([
            {
                disabled: false,
                action: "retain",
                template: "latestPushedK",
                params: { latestPushedK: 10 },
                tag_selectors: [{ kind: "doublestar", decoration: "matches", pattern: "v*", extras: '{"untagged":false}' }],
                scope_selectors: { repository: [{ kind: "doublestar", decoration: "repoMatches", pattern: "**" }] },
            },
        ]);
    });
});

// What Harbor answers for an entity created from a request must read back as the spec it came from:
// otherwise every refresh would report drift that is not there.
describe("a spec survives the round trip through Harbor", () => {
    const name = fc.stringMatching(/^[a-z0-9]+(?:[._-][a-z0-9]+)*$/).filter((s) => s.length <= 60);
    const cron = fc.tuple(fc.nat(59), fc.nat(23), fc.constantFrom("*", "6", "0,3")).map(([m, h, d]) => `0 ${m} ${h} * * ${d}`);

    test("project", () => {
        const spec = fc.record({ name, public: fc.boolean(), storageQuotaGiB: fc.oneof(fc.constant(-1), fc.integer({ min: 1, max: 4096 })), registryId: fc.option(fc.integer({ min: 1 }), { nil: undefined }) });
        fc.assert(
            fc.property(spec, (s) => {
                const req = projectCreateRequest(s);
                const read = observedProject({ name: req.project_name, metadata: req.metadata, registry_id: req.registry_id }, { hard: { storage: req.storage_limit! } });
                expect(read).toEqual(JSON.parse(JSON.stringify(s)));
            }),
        );
    });

    test("registry endpoint (Harbor masks the secret; the last one applied stands in)", () => {
        const cred = fc.option(fc.record({ accessKey: fc.string({ minLength: 1 }), accessSecret: fc.string() }), { nil: undefined });
        const spec = fc.record({ name, type: fc.constantFrom(...PROXY_CACHE_TYPES), url: fc.domain().map((d) => `https://${d}`), description: fc.string(), insecure: fc.boolean(), cred });
        fc.assert(
            fc.property(spec, ({ cred: c, ...rest }) => {
                const s: RegistrySpec = { ...rest, ...c };
                const req = registryCreateRequest(s);
                const masked = req.credential && { ...req.credential, access_secret: "*****" };
                expect(observedRegistry({ ...req, id: 1, credential: masked }, s.accessSecret)).toEqual(s);
            }),
        );
    });

    test("robot", () => {
        const spec = fc.record({ name, description: fc.string(), projects: fc.uniqueArray(name, { minLength: 1 }).map((p) => p.sort()), disabled: fc.boolean(), durationDays: fc.oneof(fc.constant(-1), fc.integer({ min: 1, max: 3650 })) });
        fc.assert(
            fc.property(spec, (s) => {
                const full: RobotSpec = { ...s, grants: pullGrants(s.projects) };
                expect(observedRobot({ ...robotCreateRequest(full), id: 9, name: `robot$${s.name}`, editable: true }, s.name)).toEqual(full);
            }),
        );
    });

    test("GC schedule (Harbor adds its own parameters)", () => {
        const spec = fc.record({ cron, deleteUntagged: fc.boolean(), workers: fc.integer({ min: 1, max: 5 }) });
        fc.assert(
            fc.property(spec, (s: GcScheduleSpec) => {
                const req = gcScheduleRequest(s);
                const stored = { schedule: req.schedule, job_parameters: JSON.stringify({ ...req.parameters, redis_url_reg: "redis://r", time_window: 2 }) };
                expect(observedGcSchedule(stored)).toEqual(s);
            }),
        );
    });

    test("retention policy", () => {
        const rule = fc.record({ template: fc.constantFrom(...RETENTION_TEMPLATES), count: fc.integer({ min: 1, max: 1000 }), repositories: fc.constantFrom("**", "kubesphere/*"), tags: fc.constantFrom("**", "v*"), untagged: fc.boolean() });
        const spec = fc.record({ projectId: fc.integer({ min: 1 }), cron: fc.oneof(fc.constant(""), cron), rules: fc.array(rule, { minLength: 1, maxLength: 15 }) });
        fc.assert(
            fc.property(spec, (s) => {
                const normal: RetentionSpec = { ...s, rules: s.rules.map(({ count, ...r }) => (r.template === "always" ? r : { ...r, count })) };
                expect(observedRetention({ ...retentionRequest(normal), id: 5 })).toEqual(normal);
            }),
        );
    });
});
