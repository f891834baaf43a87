/**
 * Whatever a user does to the settings files, `parseSettings` either parses them or throws one SettingsError
 * whose every problem says where, what was expected, what was found and how to fix it: never another exception.
 */
import fc from "fast-check";
import { RawSettings, parseSettings } from "../../config/load";
import { isSettingsError } from "../../config/problems";
import { StackName, StructuredConfig, conventionsFile, encodeConfig, stackFileConfig } from "./stackSettings";

type Json = unknown;
type Container = Record<string, Json> | Json[];

/** Strings that have tripped parsers before: Object.prototype members, near-misses of real names, blanks. */
const TRICKY = [
    "constructor",
    "__proto__",
    "toString",
    "hasOwnProperty",
    "valueOf",
    "",
    " ",
    "prod",
    "nonprod",
    "ops",
    "staging",
    "cn-hangzhou",
    "cn-hangzhou-h",
    "cn-hangzhou-k",
    "cn-shanghai-b",
    "platform:zones",
    "platform:zonez",
    "platform:networks",
    "alicloud:region",
    "nodeCidr",
    "podCidr",
    "serviceCidr",
    "zones",
    "[secret]",
    "organization/platform/prod",
    "null",
    "{",
    "[]",
];

const octet = fc.oneof(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 999 }));
/** CIDR-looking text: valid, host bits set, out of range, or mangled. */
const cidrLike = fc.oneof(
    fc.tuple(octet, octet, octet, octet, fc.integer({ min: 0, max: 40 })).map(([a, b, c, d, n]) => `${a}.${b}.${c}.${d}/${n}`),
    fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.constantFrom(8, 12, 16, 19, 20, 24)).map(([a, b, n]) => `10.${a}.${b}.0/${n}`),
    fc.string({ maxLength: 20 }),
    fc.constantFrom("10.0.0.0/8", "0.0.0.0/0", "255.255.255.255/32", "10.0.0.1/20", "10.0.0.0", "10.0.0.0/33", "010.0.0.0/8"),
);
const text = fc.oneof(
    { weight: 2, arbitrary: fc.string({ maxLength: 16 }) },
    { weight: 2, arbitrary: fc.constantFrom(...TRICKY) },
    { weight: 1, arbitrary: cidrLike },
);
const value: fc.Arbitrary<Json> = fc.oneof(
    { weight: 3, arbitrary: text },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
    { weight: 1, arbitrary: fc.array(text, { maxLength: 4 }) },
    { weight: 1, arbitrary: fc.dictionary(text, cidrLike, { maxKeys: 3 }) },
    { weight: 1, arbitrary: fc.constantFrom<Json>(null, true, 0, -1, 1.5, {}, []) },
);
const key = fc.oneof(text, fc.constantFrom("platform:zonez", "platform:region", "platform:toString", "platform:prodStack", "kubernetes:context"));

type Mutation =
    | { readonly op: "set"; readonly target: number; readonly value: Json }
    | { readonly op: "setCidr"; readonly target: number; readonly value: string }
    | { readonly op: "delete"; readonly target: number }
    | { readonly op: "add"; readonly target: number; readonly key: string; readonly value: Json }
    | { readonly op: "rawText"; readonly key: string; readonly text: string };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    fc.record({ op: fc.constant("set" as const), target: fc.nat(), value }),
    fc.record({ op: fc.constant("setCidr" as const), target: fc.nat(), value: cidrLike }),
    fc.record({ op: fc.constant("delete" as const), target: fc.nat() }),
    fc.record({ op: fc.constant("add" as const), target: fc.nat(), key, value }),
    // a key's text, as the runtime holds it, replaced by anything (for structured keys, often not JSON at all)
    fc.record({
        op: fc.constant("rawText" as const),
        key: fc.constantFrom("platform:zones", "platform:networks", "platform:environment", "platform:region", "platform:prodStack", "alicloud:region"),
        text,
    }),
);

interface Slot {
    readonly parent: Container;
    readonly key: string | number;
}

/** Every value below the two roots (the stack's config map and the conventions), as a settable slot. */
function slots(roots: readonly Container[]): Slot[] {
    const out: Slot[] = [];
    const visit = (parent: Container) => {
        for (const k of Array.isArray(parent) ? parent.keys() : Object.keys(parent)) {
            out.push({ parent, key: k });
            const child = (parent as Record<string | number, Json>)[k];
            if (child !== null && typeof child === "object") visit(child as Container);
        }
    };
    roots.forEach(visit);
    return out;
}

/** Containers below (and including) the roots, for adding keys. */
function containers(roots: readonly Container[]): Container[] {
    return [...roots, ...slots(roots).map((s) => (s.parent as Record<string | number, Json>)[s.key]).filter((v): v is Container => v !== null && typeof v === "object")];
}

/** Sets an own property, even `__proto__` (as JSON.parse and YAML would), to a copy of `value`. */
function put(parent: Container, k: string | number, value: Json): void {
    // a copy: fast-check replays the same value objects while shrinking, and the tree is mutated afterwards
    const v = JSON.parse(JSON.stringify(value)) as Json;
    if (Array.isArray(parent) && typeof k === "number") parent[k] = v;
    else Object.defineProperty(parent, String(k), { value: v, enumerable: true, writable: true, configurable: true });
}

function apply(stack: StackName, mutations: readonly Mutation[]): RawSettings {
    const config: StructuredConfig = stackFileConfig(stack);
    const conventions = conventionsFile();
    const rawText: Record<string, string> = {};
    for (const m of mutations) {
        if (m.op === "rawText") {
            rawText[m.key] = m.text;
            continue;
        }
        if (m.op === "add") {
            const all = containers([config, conventions]);
            put(all[m.target % all.length], Array.isArray(all[m.target % all.length]) ? (all[m.target % all.length] as Json[]).length : m.key, m.value);
            continue;
        }
        const all = slots([config, conventions]);
        if (all.length === 0) continue;
        const slot = all[m.target % all.length];
        if (m.op === "delete") {
            if (Array.isArray(slot.parent)) slot.parent.splice(slot.key as number, 1);
            else delete slot.parent[slot.key as string];
        } else {
            put(slot.parent, slot.key, m.value);
        }
    }
    // JSON round trip: what the runtime would hold (drops undefined, keeps own __proto__ keys)
    const encoded = encodeConfig(JSON.parse(JSON.stringify(config)) as StructuredConfig);
    return { stack, config: { ...encoded.config, ...rawText }, secretKeys: encoded.secretKeys, conventions: JSON.parse(JSON.stringify(conventions)) as unknown };
}

describe("parseSettings under random mutation", () => {
    test("parses or throws a SettingsError whose every problem is complete", () => {
        fc.assert(
            fc.property(fc.constantFrom<StackName>("prod", "nonprod"), fc.array(mutation, { minLength: 1, maxLength: 4 }), (stack, mutations) => {
                const raw = apply(stack, mutations);
                let thrown: unknown;
                try {
                    const settings = parseSettings(raw);
                    // what parses is typed as promised
                    expect(settings.stack).toBe(stack);
                    expect(settings.zones.length).toBeGreaterThanOrEqual(2);
                    for (const n of settings.networks) expect(n.zones.map((z) => z.zone)).toEqual(settings.zones);
                } catch (err) {
                    thrown = err;
                }
                if (thrown === undefined) return;
                if (!isSettingsError(thrown)) throw thrown;
                expect(thrown.problems.length).toBeGreaterThan(0);
                for (const p of thrown.problems) {
                    // a key may be a blank name the user wrote (`" "`), so only its length is required
                    expect(typeof p.key).toBe("string");
                    expect(p.key.length).toBeGreaterThan(0);
                    for (const field of [p.file, p.expected, p.found, p.fix]) {
                        expect(typeof field).toBe("string");
                        expect(field.trim()).not.toBe("");
                    }
                    expect(["Pulumi.prod.yaml", "Pulumi.nonprod.yaml", "config/platform.yaml"]).toContain(p.file);
                }
            }),
            { numRuns: 600 },
        );
    });

    test("the generator does reach both outcomes", () => {
        // guards the property above against a generator that only ever produces one kind of input
        const outcomes = new Set<string>();
        fc.assert(
            fc.property(fc.constantFrom<StackName>("prod", "nonprod"), fc.array(mutation, { minLength: 1, maxLength: 2 }), (stack, mutations) => {
                try {
                    parseSettings(apply(stack, mutations));
                    outcomes.add("parsed");
                } catch (err) {
                    outcomes.add(isSettingsError(err) ? "settings error" : "other");
                }
            }),
            { numRuns: 300, seed: 42 },
        );
        expect(outcomes.has("parsed")).toBe(true);
        expect(outcomes.has("settings error")).toBe(true);
    });
});
