import { joinPath, SECRET_PLACEHOLDER, UNKNOWN_PLACEHOLDER } from "../serialized";
import { closestMatch } from "../../config/spelling";

/** An OpenAPI v3 structural schema as Kubernetes CRDs use it (the subset this validator understands). */
export interface StructuralSchema {
    readonly type?: "object" | "array" | "string" | "integer" | "number" | "boolean";
    readonly properties?: Readonly<Record<string, StructuralSchema>>;
    readonly additionalProperties?: StructuralSchema | boolean;
    readonly items?: StructuralSchema;
    readonly required?: readonly string[];
    readonly enum?: readonly unknown[];
    readonly pattern?: string;
    readonly format?: string;
    readonly minimum?: number;
    readonly maximum?: number;
    readonly exclusiveMinimum?: boolean;
    readonly exclusiveMaximum?: boolean;
    readonly minLength?: number;
    readonly maxLength?: number;
    readonly minItems?: number;
    readonly maxItems?: number;
    readonly minProperties?: number;
    readonly maxProperties?: number;
    readonly nullable?: boolean;
    readonly anyOf?: readonly StructuralSchema[];
    readonly allOf?: readonly StructuralSchema[];
    readonly oneOf?: readonly StructuralSchema[];
    readonly "x-kubernetes-preserve-unknown-fields"?: boolean;
    readonly "x-kubernetes-int-or-string"?: boolean;
    readonly "x-kubernetes-embedded-resource"?: boolean;
    readonly "x-kubernetes-list-type"?: "atomic" | "set" | "map";
    readonly "x-kubernetes-list-map-keys"?: readonly string[];
}

/** One place where a value does not satisfy a schema. */
export interface SchemaProblem {
    /** Where, in the path syntax of plan files: `spec.placement.clusters[0].name`. */
    readonly path: string;
    readonly expected: string;
    readonly found: string;
    /** `<path>: expected <expected>, found <found>`. */
    readonly message: string;
}

/**
 * True for a value the validators cannot see yet: a Pulumi `Output` (any non-plain object) or the plan
 * file's `[unknown]`/`[secret]` placeholders. Such values are never reported.
 */
export function isOpaque(value: unknown): boolean {
    if (value === UNKNOWN_PLACEHOLDER || value === SECRET_PLACEHOLDER) return true;
    if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
    // a plain object's prototype is some realm's Object.prototype (jest and structuredClone cross realms)
    const proto = Object.getPrototypeOf(value) as object | null;
    return proto !== null && Object.getPrototypeOf(proto) !== null;
}

/** A short rendering of a value for a message: its JSON kind and, for scalars, the value itself. */
export function describeFound(value: unknown): string {
    if (value === undefined) return "nothing";
    if (value === null) return "null";
    if (Array.isArray(value)) return `a list of ${value.length} item${value.length === 1 ? "" : "s"}`;
    if (typeof value === "object") return `a map with keys ${Object.keys(value).slice(0, 8).join(", ") || "(none)"}`;
    const text = JSON.stringify(value);
    return `${typeof value} ${text.length > 80 ? `${text.slice(0, 77)}...` : text}`;
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const patterns = new Map<string, RegExp>();

function typeOk(value: unknown, schema: StructuralSchema): string | undefined {
    if (schema["x-kubernetes-int-or-string"]) {
        return Number.isInteger(value) || typeof value === "string" ? undefined : "an integer or a string";
    }
    switch (schema.type) {
        case "object":
            return value !== null && typeof value === "object" && !Array.isArray(value) ? undefined : "an object (a map)";
        case "array":
            return Array.isArray(value) ? undefined : "an array (a list)";
        case "string":
            return typeof value === "string" ? undefined : "a string";
        case "integer":
            return Number.isInteger(value) ? undefined : "an integer";
        case "number":
            return typeof value === "number" && Number.isFinite(value) ? undefined : "a number";
        case "boolean":
            return typeof value === "boolean" ? undefined : "a boolean";
        default:
            return undefined;
    }
}

function formatOk(value: string, format: string | undefined): string | undefined {
    if (format === "date-time" && !DATE_TIME.test(value)) return "an RFC 3339 date-time (2006-01-02T15:04:05Z)";
    if (format === "date" && !DATE.test(value)) return "an RFC 3339 full-date (2006-01-02)";
    if (format === "byte" && !BASE64.test(value)) return "base64-encoded bytes (format: byte)";
    return undefined;
}

function listKeysOk(items: readonly unknown[], schema: StructuralSchema, path: string, out: SchemaProblem[]): void {
    const listType = schema["x-kubernetes-list-type"];
    if (listType !== "set" && listType !== "map") return;
    const keys = schema["x-kubernetes-list-map-keys"] ?? [];
    const seen = new Map<string, number>();
    items.forEach((item, i) => {
        if (isOpaque(item)) return;
        const id = listType === "set" ? JSON.stringify(item) : JSON.stringify(keys.map((k) => (item as Record<string, unknown>)?.[k]));
        const first = seen.get(id);
        if (first === undefined) seen.set(id, i);
        else {
            const by = listType === "set" ? "value" : `key (${keys.join(", ")})`;
            add(out, joinPath(path, i), `items unique by ${by} (x-kubernetes-list-type: ${listType})`, `a duplicate of item [${first}]`);
        }
    });
}

function add(out: SchemaProblem[], path: string, expected: string, found: string): void {
    out.push({ path, expected, found, message: `${path || "(root)"}: expected ${expected}, found ${found}` });
}

/**
 * Validates a value against a structural schema the way the Kubernetes API server does for a custom
 * resource: type, nullable, enum, pattern, format (date-time, date, byte, int-or-string), numeric and size
 * bounds, required, properties, additionalProperties (schema or boolean), items, list-type set/map
 * uniqueness, anyOf/allOf/oneOf. An unknown field of an object whose schema lists properties (and neither
 * allows additional properties nor preserves unknown fields) is a problem: the API server prunes it.
 * Returns every problem found, each naming its path; opaque values ({@link isOpaque}) are skipped.
 */
export function validateAgainstSchema(value: unknown, schema: StructuralSchema, path = ""): SchemaProblem[] {
    const out: SchemaProblem[] = [];
    if (isOpaque(value) || value === undefined) return out;
    if (value === null) {
        if (!schema.nullable && schema.type !== undefined) add(out, path, `${typeOk(undefined, schema) ?? "a value"} (null is not allowed: the field is not nullable)`, "null");
        return out;
    }
    const typeProblem = typeOk(value, schema);
    if (typeProblem) {
        add(out, path, typeProblem, describeFound(value));
        return out;
    }
    if (schema.enum && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) {
        add(out, path, `one of ${schema.enum.map((e) => JSON.stringify(e)).join(", ")}`, describeFound(value));
    }
    if (typeof value === "string") checkString(value, schema, path, out);
    if (typeof value === "number") checkNumber(value, schema, path, out);
    if (Array.isArray(value)) {
        if (schema.minItems !== undefined && value.length < schema.minItems) add(out, path, `at least ${schema.minItems} items`, describeFound(value));
        if (schema.maxItems !== undefined && value.length > schema.maxItems) add(out, path, `at most ${schema.maxItems} items`, describeFound(value));
        if (schema.items) value.forEach((item, i) => out.push(...validateAgainstSchema(item, schema.items!, joinPath(path, i))));
        listKeysOk(value, schema, path, out);
    } else if (typeof value === "object") {
        checkObject(value as Record<string, unknown>, schema, path, out);
    }
    for (const sub of schema.allOf ?? []) out.push(...validateAgainstSchema(value, sub, path));
    if (schema.anyOf && !schema["x-kubernetes-int-or-string"] && !schema.anyOf.some((s) => validateAgainstSchema(value, s, path).length === 0)) {
        add(out, path, "a value matching at least one of the schemas in anyOf", describeFound(value));
    }
    if (schema.oneOf && schema.oneOf.filter((s) => validateAgainstSchema(value, s, path).length === 0).length !== 1) {
        add(out, path, "a value matching exactly one of the schemas in oneOf", describeFound(value));
    }
    return out;
}

function checkString(value: string, schema: StructuralSchema, path: string, out: SchemaProblem[]): void {
    const length = [...value].length;
    if (schema.minLength !== undefined && length < schema.minLength) add(out, path, `at least ${schema.minLength} characters`, `${length} characters`);
    if (schema.maxLength !== undefined && length > schema.maxLength) add(out, path, `at most ${schema.maxLength} characters`, `${length} characters`);
    if (schema.pattern !== undefined) {
        let re = patterns.get(schema.pattern);
        if (!re) patterns.set(schema.pattern, (re = schemaPattern(schema.pattern)));
        if (!re.test(value)) add(out, path, `a string matching the pattern ${schema.pattern}`, describeFound(value));
    }
    const formatProblem = formatOk(value, schema.format);
    if (formatProblem) add(out, path, formatProblem, describeFound(value));
}

function checkNumber(value: number, schema: StructuralSchema, path: string, out: SchemaProblem[]): void {
    if (schema.minimum !== undefined && (schema.exclusiveMinimum ? value <= schema.minimum : value < schema.minimum)) {
        add(out, path, `a number ${schema.exclusiveMinimum ? ">" : ">="} ${schema.minimum}`, String(value));
    }
    if (schema.maximum !== undefined && (schema.exclusiveMaximum ? value >= schema.maximum : value > schema.maximum)) {
        add(out, path, `a number ${schema.exclusiveMaximum ? "<" : "<="} ${schema.maximum}`, String(value));
    }
}

function checkObject(value: Record<string, unknown>, schema: StructuralSchema, path: string, out: SchemaProblem[]): void {
    const keys = Object.keys(value).filter((k) => value[k] !== undefined);
    if (schema.minProperties !== undefined && keys.length < schema.minProperties) add(out, path, `at least ${schema.minProperties} fields`, describeFound(value));
    if (schema.maxProperties !== undefined && keys.length > schema.maxProperties) add(out, path, `at most ${schema.maxProperties} fields`, describeFound(value));
    for (const req of schema.required ?? []) {
        if (value[req] === undefined) add(out, joinPath(path, req), "a value (the field is required)", "nothing (the field is missing)");
    }
    const props = schema.properties ?? {};
    const extra = schema.additionalProperties;
    // an untyped schema without properties says nothing about the value's fields: anything goes
    const untyped = schema.type === undefined && schema.properties === undefined && extra === undefined;
    const preserve = untyped || schema["x-kubernetes-preserve-unknown-fields"] === true;
    const embedded = schema["x-kubernetes-embedded-resource"] === true;
    for (const key of keys) {
        const at = joinPath(path, key);
        if (Object.prototype.hasOwnProperty.call(props, key)) out.push(...validateAgainstSchema(value[key], props[key], at));
        else if (typeof extra === "object") out.push(...validateAgainstSchema(value[key], extra, at));
        else if (extra === true || preserve || (embedded && ["apiVersion", "kind", "metadata"].includes(key))) continue;
        else {
            const known = Object.keys(props);
            const near = closestMatch(key, known);
            const expected = known.length > 0 ? `one of the fields ${known.join(", ")}${near ? ` (did you mean ${near}?)` : ""}` : "no fields here (the schema declares none)";
            add(out, at, expected, `unknown field ${JSON.stringify(key)}, which the API server prunes`);
        }
    }
}

/**
 * A CRD's `pattern` as a JavaScript RegExp. Kubernetes evaluates patterns as RE2 (Go), whose leading inline
 * flags (`^(?i)...` in Calico's `logSeverityScreen`) JavaScript does not know: they become the RegExp's flags.
 */
export function schemaPattern(pattern: string): RegExp {
    // flags at the start, before or after the anchor: `(?i)^a`, `^(?i)a`
    const inline = /^(\^?)\(\?([ims]+)\)/.exec(pattern);
    return inline ? new RegExp(`${inline[1]}${pattern.slice(inline[0].length)}`, inline[2]) : new RegExp(pattern);
}
