/**
 * Whatever a layout holds, parseTenancy either returns it or throws one SettingsError whose every problem says
 * where (file and key), what was expected, what was found and how to fix it: never another exception.
 */
import fc from "fast-check";
import { isSettingsError } from "../../config/problems";
import { TenancySources, parseTenancy } from "../../config/tenancy";
import { setPath, smallSources } from "./support";

const TRICKY = ["__proto__", "constructor", "toString", "hasOwnProperty", "", " ", "prod", "nonprod", "ops", "staging", "default", "kube-system",
    "monitoring", "ann", "bob", "zed", "shop", "web", "admin", "viewer", "regular", "owner", "16", "500m", "64Gi", "64G", "0", "-1", "1e3", "Ann"];
const text = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom(...TRICKY));
const amount = fc.oneof(fc.integer({ min: -2, max: 5000 }), fc.double({ noNaN: false }), fc.constantFrom("100m", "0.5", "2.25", "64Gi", "1Ti", "512Mi", "1.5Gi", "8", "0m"), text);
const value: fc.Arbitrary<unknown> = fc.oneof(
    { weight: 3, arbitrary: text },
    { weight: 3, arbitrary: amount },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
    { weight: 1, arbitrary: fc.dictionary(text, fc.oneof(amount, text), { maxKeys: 3 }) },
    { weight: 1, arbitrary: fc.constantFrom<unknown>(null, undefined, true, {}, [], { cpu: 1, memory: "1Gi" }, { prod: { cpu: 1, memory: "1Gi" } }) },
);

/** Every path of the compliant layout's values, to change one of them. */
function paths(v: unknown, at: (string | number)[] = []): (string | number)[][] {
    if (v === null || typeof v !== "object") return [at];
    const own = Array.isArray(v) ? v.map((_, i) => i) : Object.keys(v);
    return [at, ...own.flatMap((k) => paths((v as Record<string | number, unknown>)[k], [...at, k]))];
}

type Mutation = { op: "set"; target: number; value: unknown } | { op: "delete"; target: number } | { op: "add"; target: number; key: string; value: unknown };
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    fc.record({ op: fc.constant("set" as const), target: fc.nat(), value }),
    fc.record({ op: fc.constant("delete" as const), target: fc.nat() }),
    fc.record({ op: fc.constant("add" as const), target: fc.nat(), key: text, value }),
);

function apply(sources: TenancySources, m: Mutation): void {
    // what the files hold; the folder, file names and paths come from the reader (a workspace's name may change)
    const all = paths(sources).filter((p) => (p[0] === "settings" || p[0] === "users") || (p[0] === "workspaces" && (p[2] === "content" || (p[2] === "name" && m.op === "set" && typeof m.value === "string"))));
    const at = all[m.target % all.length];
    if (m.op === "set") setPath(sources, at, m.value);
    else if (m.op === "delete") setPath(sources, at, undefined);
    else {
        const parent = at.reduce<unknown>((node, k) => (node as Record<string | number, unknown>)[k], sources);
        if (parent !== null && typeof parent === "object" && !Array.isArray(parent)) Object.defineProperty(parent, m.key, { value: m.value, enumerable: true, configurable: true, writable: true });
    }
}

function readable(sources: TenancySources): void {
    try {
        parseTenancy(sources, { prod: { cpuMilli: 100_000, memoryMiB: 400_000 } });
    } catch (err) {
        if (!isSettingsError(err)) throw err;
        expect(err.problems.length).toBeGreaterThan(0);
        for (const p of err.problems) {
            for (const field of [p.file, p.key, p.expected, p.found, p.fix]) {
                expect(typeof field).toBe("string");
                expect(field.length).toBeGreaterThan(0);
            }
            expect(p.file.startsWith("layout/")).toBe(true);
        }
        expect(err.message.startsWith("Invalid settings (")).toBe(true);
    }
}

test("one to four changes to a compliant layout: it parses, or every problem is readable", () => {
    fc.assert(
        fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (mutations) => {
            const sources = smallSources();
            for (const m of mutations) apply(sources, m);
            readable(sources);
        }),
        { numRuns: 300 },
    );
});

test("whole files replaced by anything: every problem is readable", () => {
    fc.assert(
        fc.property(value, value, fc.array(fc.tuple(text, value), { maxLength: 3 }), (settings, users, workspaces) => {
            readable({
                dir: "layout",
                settings,
                users,
                workspaces: workspaces.map(([name, content]) => ({ name, file: `layout/workspaces/${name}.yaml`, content })),
            });
        }),
        { numRuns: 150 },
    );
});

/** Structurally valid layouts with random quotas: what the fit and capacity rules see most. */
const quota = fc.record({ cpu: fc.integer({ min: 1, max: 64 }), memory: fc.integer({ min: 1, max: 256 }).map((n) => `${n}Gi`), pods: fc.option(fc.integer({ min: 1, max: 500 }), { nil: undefined }) }, { requiredKeys: ["cpu", "memory"] });
const project = fc.record({ clusters: fc.dictionary(fc.constantFrom("prod", "nonprod", "ops", "staging"), quota, { minKeys: 1, maxKeys: 3 }), members: fc.dictionary(fc.constantFrom("ann", "bob", "zed"), fc.constantFrom("admin", "operator", "viewer"), { maxKeys: 2 }) });
const workspace = fc.record({
    manager: fc.constantFrom("ann", "bob", "zed"),
    members: fc.dictionary(fc.constantFrom("ann", "bob", "cy"), fc.constantFrom("regular", "viewer"), { maxKeys: 2 }),
    clusters: fc.dictionary(fc.constantFrom("prod", "nonprod", "ops"), quota, { minKeys: 1, maxKeys: 3 }),
    projects: fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9-]{0,8}[a-z0-9]$/), project, { maxKeys: 4 }),
});

test("random but well-formed layouts: they parse, or every problem is readable", () => {
    fc.assert(
        fc.property(fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9-]{0,6}$/), workspace, { minKeys: 1, maxKeys: 3 }), (workspaces) => {
            const sources = smallSources();
            setPath(sources, ["workspaces"], Object.entries(workspaces).map(([name, content]) => ({ name, file: `layout/workspaces/${name}.yaml`, content })));
            readable(sources);
        }),
        { numRuns: 150 },
    );
});
