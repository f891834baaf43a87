import { PolicyConfigJSONSchema, PolicyConfigJSONSchemaDefinition } from "@pulumi/policy/schema";

/**
 * Validates a value against the JSON-schema subset the pack's configSchemas use (type, enum, const, minimum,
 * maximum, minLength, maxLength, pattern, items, minItems, maxItems, properties, required,
 * additionalProperties): what the Pulumi CLI checks a policy's configuration against before it configures the pack.
 */

/** One mismatch: where in the value, what the schema expected, what was there. */
export interface SchemaError {
    readonly path: string;
    readonly expected: string;
    readonly found: unknown;
    /** The pattern a text did not match, when that is the mismatch (a message can say it in words). */
    readonly pattern?: string;
}

function typeOf(value: unknown): string {
    if (value === null) return "null";
    if (Array.isArray(value)) return "array";
    if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
    return typeof value;
}

function typeMatches(value: unknown, type: string): boolean {
    const actual = typeOf(value);
    return actual === type || (type === "number" && actual === "integer");
}

function child(path: string, key: string | number): string {
    if (typeof key === "number") return `${path}[${key}]`;
    return path === "" ? key : `${path}.${key}`;
}

/** Every mismatch of `value` against `schema`, with paths relative to `path`. */
export function validateSchema(value: unknown, schema: PolicyConfigJSONSchemaDefinition, path = ""): SchemaError[] {
    if (schema === true) return [];
    if (schema === false) return [{ path, expected: "nothing (no such setting)", found: value }];
    const s: PolicyConfigJSONSchema = schema;
    const error = (expected: string): SchemaError[] => [{ path, expected, found: value }];

    if (s.type !== undefined) {
        const types = Array.isArray(s.type) ? s.type : [s.type];
        if (!types.some((t) => typeMatches(value, t))) return error(typeWords(types));
    }
    if (s.enum && !s.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) return error(`one of ${s.enum.map((e) => JSON.stringify(e)).join(", ")}`);
    if (s.const !== undefined && JSON.stringify(s.const) !== JSON.stringify(value)) return error(JSON.stringify(s.const));

    if (typeof value === "number") {
        if (s.minimum !== undefined && value < s.minimum) return error(`a number of at least ${s.minimum}`);
        if (s.maximum !== undefined && value > s.maximum) return error(`a number of at most ${s.maximum}`);
    }
    if (typeof value === "string") {
        if (s.minLength !== undefined && value.length < s.minLength) return error(`a text of at least ${s.minLength} character(s)`);
        if (s.maxLength !== undefined && value.length > s.maxLength) return error(`a text of at most ${s.maxLength} character(s)`);
        if (s.pattern !== undefined && !new RegExp(s.pattern, "u").test(value)) return [{ path, expected: `a text matching ${s.pattern}`, found: value, pattern: s.pattern }];
    }
    if (Array.isArray(value)) {
        if (s.minItems !== undefined && value.length < s.minItems) return error(`a list of at least ${s.minItems} item(s)`);
        if (s.maxItems !== undefined && value.length > s.maxItems) return error(`a list of at most ${s.maxItems} item(s)`);
        const items = s.items;
        if (items !== undefined) {
            return value.flatMap((item, i) => validateSchema(item, Array.isArray(items) ? (items[i] ?? s.additionalItems ?? true) : items, child(path, i)));
        }
    }
    if (typeOf(value) === "object") {
        const object = value as Record<string, unknown>;
        const errors: SchemaError[] = (s.required ?? [])
            .filter((key) => object[key] === undefined)
            .map((key) => ({ path: child(path, key), expected: required(key, s.properties?.[key]), found: undefined }));
        for (const [key, v] of Object.entries(object)) {
            const property = s.properties?.[key] ?? s.additionalProperties;
            errors.push(...validateSchema(v, property ?? true, child(path, key)));
        }
        return errors;
    }
    return [];
}

/** JSON-schema types in the words of a settings message. */
const TYPE_WORDS: Readonly<Record<string, string>> = {
    string: "a text value",
    number: "a number",
    integer: "a whole number",
    boolean: "true or false",
    array: "a list",
    object: "a mapping",
    null: "null",
};

/** `a text value`, `a list or a mapping`. */
export function typeWords(types: readonly string[]): string {
    return types.map((t) => TYPE_WORDS[t] ?? `a value of type ${t}`).join(" or ");
}

/** What a missing required key should hold: `its reason (required)`, with its description and type when the schema has them. */
function required(key: string, schema: PolicyConfigJSONSchemaDefinition | undefined): string {
    if (schema === undefined || typeof schema === "boolean") return `its ${key} (required)`;
    const about = [schema.description?.replace(/\.$/, ""), schema.type ? typeWords(Array.isArray(schema.type) ? schema.type : [schema.type]) : undefined].filter(Boolean);
    return `its ${key} (required${about.length ? `: ${about.join(", ")}` : ""})`;
}

/** A one-line description of what a schema accepts, for a missing value. */
export function describe(schema: PolicyConfigJSONSchemaDefinition): string {
    if (typeof schema === "boolean") return schema ? "any value" : "nothing";
    const parts = [schema.type ? typeWords(Array.isArray(schema.type) ? schema.type : [schema.type]) : "a value"];
    if (schema.description) parts.push(`(${schema.description.replace(/\.$/, "")})`);
    return parts.join(" ");
}
