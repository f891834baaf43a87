/**
 * The generic structural-schema validator, keyword by keyword: one passing and one failing value each,
 * asserting the path and what was expected and found.
 */
import fc from "fast-check";
import { runInNewContext } from "vm";
import { StructuralSchema, schemaPattern, validateAgainstSchema } from "../../engine/reference/schema";

const obj = (properties: Record<string, StructuralSchema>, extra: Partial<StructuralSchema> = {}): StructuralSchema => ({ type: "object", properties, ...extra });

describe("validateAgainstSchema accepts", () => {
    it.each<[string, StructuralSchema, unknown]>([
        ["each scalar type", obj({ s: { type: "string" }, i: { type: "integer" }, n: { type: "number" }, b: { type: "boolean" } }), { s: "x", i: 3, n: 1.5, b: false }],
        ["a value in the enum", { type: "string", enum: ["direct", "proxy"] }, "direct"],
        ["a string matching the pattern", { type: "string", pattern: "^[a-z]+$" }, "abc"],
        ["int-or-string: an integer", { "x-kubernetes-int-or-string": true, anyOf: [{ type: "integer" }, { type: "string" }] }, 4],
        ["int-or-string: a string (the pattern applies to strings only)", { "x-kubernetes-int-or-string": true, pattern: "^[0-9]+m?$" }, "500m"],
        ["a date-time", { type: "string", format: "date-time" }, "2026-01-02T03:04:05.123+08:00"],
        ["base64 bytes", { type: "string", format: "byte" }, Buffer.from("apiVersion: v1\n").toString("base64")],
        ["bounds at their limits", obj({ n: { type: "integer", minimum: 1, maximum: 3 }, s: { type: "string", minLength: 2, maxLength: 2 }, l: { type: "array", minItems: 1, maxItems: 1 } }), { n: 3, s: "ab", l: [1] }],
        ["additionalProperties with a schema", { type: "object", additionalProperties: { type: "string" } }, { any: "x", other: "y" }],
        ["additionalProperties: true", { type: "object", additionalProperties: true }, { any: { deep: 1 } }],
        ["unknown fields under x-kubernetes-preserve-unknown-fields", obj({ a: { type: "string" } }, { "x-kubernetes-preserve-unknown-fields": true }), { a: "x", b: { c: 1 } }],
        ["null where nullable", obj({ a: { type: "string", nullable: true } }), { a: null }],
        ["items of the item schema", { type: "array", items: obj({ name: { type: "string" } }, { required: ["name"] }) }, [{ name: "a" }, { name: "b" }]],
        ["a list-type map with distinct keys", { type: "array", "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["name"], items: obj({ name: { type: "string" } }) }, [{ name: "a" }, { name: "b" }]],
        ["anyOf with one match", { anyOf: [{ type: "integer" }, { type: "boolean" }] }, true],
        ["an opaque value (a Pulumi output) anywhere", obj({ a: { type: "integer" } }), { a: new (class Output {})() }],
    ])("%s", (_, schema, value) => {
        expect(validateAgainstSchema(value, schema)).toEqual([]);
    });
});

describe("validateAgainstSchema rejects", () => {
    it.each<[string, StructuralSchema, unknown, string, RegExp]>([
        ["a wrong type", obj({ port: { type: "integer" } }), { port: "6443" }, "port", /expected an integer, found string "6443"/],
        ["a float for an integer", { type: "integer" }, 1.5, "", /expected an integer, found number 1.5/],
        ["a list for an object", obj({ spec: obj({}) }), { spec: [] }, "spec", /expected an object \(a map\), found a list of 0 items/],
        ["a missing required field", obj({ spec: obj({ placement: obj({}) }, { required: ["placement"] }) }), { spec: {} }, "spec.placement", /expected a value \(the field is required\), found nothing/],
        ["a value outside the enum", obj({ type: { type: "string", enum: ["direct", "proxy"] } }), { type: "Direct" }, "type", /expected one of "direct", "proxy", found string "Direct"/],
        ["a string not matching the pattern", { type: "string", pattern: "^[a-z]+$" }, "aB", "", /expected a string matching the pattern \^\[a-z\]\+\$, found string "aB"/],
        ["a bad date-time", { type: "string", format: "date-time" }, "2026-01-02", "", /RFC 3339 date-time/],
        ["raw text for base64 bytes", obj({ kubeconfig: { type: "string", format: "byte" } }), { kubeconfig: "apiVersion: v1" }, "kubeconfig", /expected base64-encoded bytes/],
        ["a boolean for int-or-string", { "x-kubernetes-int-or-string": true }, true, "", /expected an integer or a string, found boolean true/],
        ["a number below minimum", { type: "integer", minimum: 1 }, 0, "", /expected a number >= 1, found 0/],
        ["a number at an exclusive maximum", { type: "number", maximum: 1, exclusiveMaximum: true }, 1, "", /expected a number < 1, found 1/],
        ["a string too short", { type: "string", minLength: 8 }, "short", "", /expected at least 8 characters, found 5 characters/],
        ["a string too long", { type: "string", maxLength: 3 }, "four", "", /expected at most 3 characters, found 4 characters/],
        ["too few items", { type: "array", minItems: 1 }, [], "", /expected at least 1 items, found a list of 0 items/],
        ["too many items", { type: "array", maxItems: 1 }, [1, 2], "", /expected at most 1 items/],
        ["an unknown field, suggesting the closest", obj({ kubeconfig: { type: "string" }, token: { type: "string" } }), { kubeconfg: "x" }, "kubeconfg", /expected one of the fields kubeconfig, token \(did you mean kubeconfig\?\), found unknown field "kubeconfg", which the API server prunes/],
        ["a field under an object schema without properties", obj({ meta: { type: "object" } }), { meta: { a: 1 } }, "meta.a", /expected no fields here/],
        ["additionalProperties: false", { type: "object", additionalProperties: false, properties: {} }, { a: 1 }, "a", /unknown field "a"/],
        ["a value against additionalProperties' schema", { type: "object", additionalProperties: { type: "string" } }, { "limits.cpu": 4 }, '["limits.cpu"]', /expected a string, found number 4/],
        ["null where not nullable", obj({ a: { type: "string" } }), { a: null }, "a", /expected a string \(null is not allowed: the field is not nullable\), found null/],
        ["a wrong item, at its index", { type: "array", items: { type: "string" } }, ["a", 2], "[1]", /expected a string, found number 2/],
        ["a duplicate key in a list-type map", { type: "array", "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["name"], items: obj({ name: { type: "string" } }) }, [{ name: "a" }, { name: "a" }], "[1]", /items unique by key \(name\).*a duplicate of item \[0\]/],
        ["a duplicate in a list-type set", { type: "array", "x-kubernetes-list-type": "set", items: { type: "string" } }, ["a", "a"], "[1]", /items unique by value/],
        ["no anyOf match", { anyOf: [{ type: "integer" }, { type: "boolean" }] }, "x", "", /at least one of the schemas in anyOf/],
        ["two oneOf matches", { oneOf: [{ type: "integer" }, { type: "number" }] }, 1, "", /exactly one of the schemas in oneOf/],
    ])("%s", (_, schema, value, path, message) => {
        const problems = validateAgainstSchema(value, schema);
        expect(problems).toHaveLength(1);
        expect(problems[0].path).toBe(path);
        expect(problems[0].message).toMatch(message);
    });

    it("checks plain objects made in another realm (structuredClone, vm) instead of taking them for outputs", () => {
        const foreign = runInNewContext("({ port: '6443' })") as unknown;
        expect(validateAgainstSchema(foreign, obj({ port: { type: "integer" } })).map((p) => p.path)).toEqual(["port"]);
    });

    it("reports every problem, with the base path prefixed", () => {
        const schema = obj({ a: { type: "string" }, b: { type: "integer" } }, { required: ["c"] });
        expect(validateAgainstSchema({ a: 1, b: "x" }, schema, "spec").map((p) => p.path)).toEqual(["spec.c", "spec.a", "spec.b"]);
    });
});

describe("properties", () => {
    it("an untyped schema without properties accepts any JSON value", () => {
        fc.assert(fc.property(fc.jsonValue(), (v) => expect(validateAgainstSchema(v, {})).toEqual([])));
    });

    it("a field outside the declared properties is always reported at its path", () => {
        const schema = obj({ known: { type: "string" } });
        fc.assert(
            fc.property(
                fc.string({ minLength: 1 }).filter((k) => k !== "known" && k !== "__proto__"),
                fc.jsonValue(),
                (key, v) => {
                    const problems = validateAgainstSchema({ known: "x", [key]: v }, schema);
                    expect(problems).toHaveLength(1);
                    expect(problems[0].found).toBe(`unknown field ${JSON.stringify(key)}, which the API server prunes`);
                },
            ),
        );
    });
});

describe("schemaPattern: a CRD's RE2 pattern in JavaScript", () => {
    test.each([
        ["^(?i)(Trace|Info)?$", "info", true],
        ["^(?i)(Trace|Info)?$", "Warn", false],
        ["(?i)^abc$", "ABC", true],
        ["^abc$", "ABC", false],
    ])("%s against %s", (pattern, value, matches) => expect(schemaPattern(pattern).test(value)).toBe(matches));
});
