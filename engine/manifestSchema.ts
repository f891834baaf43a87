/**
 * Field types of the built-in kinds in a manifest, checked against Kubernetes' own OpenAPI schemas before the
 * policies run: `spec.replicas: "3"`, `containers` written as a mapping, a label value that is a number,
 * `containerPort: "80"` are refused by the API server at apply (its JSON decoding), so `npm run check` refuses
 * them too, as input problems (exit 2), each with its file, document, line, key path, the type expected, what is
 * there and how to fix it.
 *
 * The schemas are the `kubernetes-models` package's (4.5.1, tommy351/kubernetes-models-ts): the Kubernetes
 * OpenAPI definitions (`api/openapi-spec/swagger.json` of kubernetes/kubernetes, of 1.33: it has 1.33's
 * `Lifecycle.stopSignal`, not 1.34's `Container.restartPolicyRules`) compiled to validators, one per
 * definition (`io.k8s.api.apps.v1.Deployment`, ...), with each field's type, enum and required fields as
 * upstream declares them, and `null` accepted where Kubernetes reads it as unset. ../shared/reference/README.md
 * names the package as the reference of Kubernetes' own object schemas; engine/reference/kubeModels.ts
 * validates what `npm run render` renders with it. No field type is written here.
 *
 * Every kind of the GA group-versions below is checked (the package's classes, found by apiVersion and kind);
 * other kinds (custom resources, beta versions) are not.
 */
import type { ManifestObject } from "./manifests";
import { joinPath } from "./serialized";
import { YamlPositions, lineOfPath, yamlPositions } from "./yamlPositions";

/** A kubernetes-models class: `apiVersion` and `kind` statics, `validate()` throws ajv's errors. */
interface ModelClass {
    readonly apiVersion?: string;
    readonly kind?: string;
    new (data: never): { validate(): void };
}

/* eslint-disable @typescript-eslint/no-require-imports */
/** Each GA group-version's classes, loaded when a manifest has one of its kinds (core alone takes 0.2 s to load). */
const GROUP_VERSIONS: Readonly<Record<string, () => Record<string, unknown>>> = {
    v1: () => require("kubernetes-models/v1"),
    "apps/v1": () => require("kubernetes-models/apps/v1"),
    "batch/v1": () => require("kubernetes-models/batch/v1"),
    "autoscaling/v1": () => require("kubernetes-models/autoscaling/v1"),
    "autoscaling/v2": () => require("kubernetes-models/autoscaling/v2"),
    "policy/v1": () => require("kubernetes-models/policy/v1"),
    "networking.k8s.io/v1": () => require("kubernetes-models/networking.k8s.io/v1"),
    "rbac.authorization.k8s.io/v1": () => require("kubernetes-models/rbac.authorization.k8s.io/v1"),
    "storage.k8s.io/v1": () => require("kubernetes-models/storage.k8s.io/v1"),
    "scheduling.k8s.io/v1": () => require("kubernetes-models/scheduling.k8s.io/v1"),
    "node.k8s.io/v1": () => require("kubernetes-models/node.k8s.io/v1"),
    "coordination.k8s.io/v1": () => require("kubernetes-models/coordination.k8s.io/v1"),
    "discovery.k8s.io/v1": () => require("kubernetes-models/discovery.k8s.io/v1"),
    "certificates.k8s.io/v1": () => require("kubernetes-models/certificates.k8s.io/v1"),
    "admissionregistration.k8s.io/v1": () => require("kubernetes-models/admissionregistration.k8s.io/v1"),
    "apiextensions.k8s.io/v1": () => require("kubernetes-models/apiextensions.k8s.io/v1"),
};
/* eslint-enable @typescript-eslint/no-require-imports */

const loaded = new Map<string, Map<string, ModelClass>>();

/** The model of `apiVersion` `kind`, or undefined when the package has none (not a built-in GA kind). */
export function modelOf(apiVersion: string, kind: string): ModelClass | undefined {
    const load = Object.prototype.hasOwnProperty.call(GROUP_VERSIONS, apiVersion) ? GROUP_VERSIONS[apiVersion] : undefined;
    if (!load) return undefined;
    let kinds = loaded.get(apiVersion);
    if (!kinds) {
        kinds = new Map();
        for (const value of Object.values(load())) {
            const model = value as ModelClass;
            if (typeof model === "function" && model.apiVersion === apiVersion && typeof model.kind === "string") kinds.set(model.kind, model);
        }
        loaded.set(apiVersion, kinds);
    }
    return kinds.get(kind);
}

/** The group-versions whose kinds are checked. */
export const CHECKED_GROUP_VERSIONS: readonly string[] = Object.keys(GROUP_VERSIONS);

/** One field of an object that the API server would refuse. */
export interface SchemaProblem {
    /** Keys and list indexes from the object's root. */
    readonly path: readonly (string | number)[];
    readonly expected: string;
    readonly found: string;
    readonly fix: string;
}

interface AjvError {
    readonly instancePath?: string;
    readonly keyword?: string;
    readonly message?: string;
    readonly params?: { type?: string; allowedValues?: unknown[]; missingProperty?: string };
}

/** `/spec/template/spec/containers/0` -> `["spec", "template", "spec", "containers", 0]`, with the value there. */
function pathOf(pointer: string, root: unknown): { path: (string | number)[]; value: unknown } {
    const path: (string | number)[] = [];
    let value = root;
    for (const raw of pointer.split("/").slice(1)) {
        const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
        const part = Array.isArray(value) && /^\d+$/.test(key) ? Number(key) : key;
        path.push(part);
        value = (value as Record<string | number, unknown> | undefined)?.[part];
    }
    return { path, value };
}

const TYPE_WORDS: Readonly<Record<string, string>> = {
    string: "a text value",
    integer: "a whole number",
    number: "a number",
    boolean: "true or false",
    array: "a list",
    object: "a mapping",
};

/** What is there, as a reader would name it: `the text "3"`, `a mapping (keys name, image)`. */
export function foundKind(value: unknown): string {
    if (value === undefined) return "nothing (the field is missing)";
    if (value === null) return "null";
    if (Array.isArray(value)) return `a list (${value.length} entr${value.length === 1 ? "y" : "ies"})`;
    if (typeof value === "object") {
        const keys = Object.keys(value);
        return `a mapping (keys ${keys.slice(0, 6).join(", ")}${keys.length > 6 ? ", ..." : ""})`.replace("(keys )", "(no keys)");
    }
    const text = JSON.stringify(value);
    const shown = text.length > 60 ? `${text.slice(0, 57)}...` : text;
    if (typeof value === "string") return `the text ${shown}`;
    if (typeof value === "number") return `the number ${shown}`;
    return `the ${typeof value} ${shown}`;
}

/** The expected types of one field, in words: an int-or-string and a quantity (oneOf of two types) by name. */
function expectedOf(types: ReadonlySet<string>): string {
    if (types.size === 2 && types.has("integer") && types.has("string")) return "a whole number or a text value (an int-or-string: a port number or name, a count or a percentage)";
    if (types.size === 2 && types.has("number") && types.has("string")) return "a quantity (a number, or a text value such as 500m, 1.5 or 2Gi)";
    return [...types].map((t) => TYPE_WORDS[t] ?? t).join(" or ");
}

/** How to fix a value of the wrong type. */
function typeFix(types: ReadonlySet<string>, key: string, value: unknown): string {
    const numeric = typeof value === "string" && /^[-+]?\d+(\.\d+)?$/.test(value.trim());
    if ((types.has("integer") || types.has("number")) && numeric && !types.has("string")) return `write the number without quotes (${key}: ${value.trim()})`;
    if (types.has("boolean") && typeof value === "string" && /^(true|false)$/i.test(value.trim())) return `write ${value.trim().toLowerCase()} without quotes`;
    if (types.size === 1 && types.has("string") && (typeof value === "number" || typeof value === "boolean")) return `quote it (${key}: "${String(value)}"): a number or true/false unquoted is not text in YAML`;
    if (types.has("array") && value !== null && typeof value === "object") return `write it as a list: each entry on its own line starting with "- " (one entry is a list of one)`;
    if (types.has("object") && Array.isArray(value)) return `write it as a mapping of keys to values, without "- "`;
    if (types.size === 2 && types.has("string") && types.has("integer")) return `give a whole number (8080) or a text value ("http", "25%")`;
    if (types.size === 2 && types.has("string") && types.has("number")) return `give one quantity (500m, 1, 2Gi)`;
    return `give ${expectedOf(types)} here`;
}

/**
 * The problems of a built-in object against its upstream schema (types, enums, required fields), one per field;
 * undefined when the package has no schema for its kind (the object is not checked).
 */
export function schemaProblems(object: Record<string, unknown>): SchemaProblem[] | undefined {
    const model = modelOf(String(object.apiVersion), String(object.kind));
    if (!model) return undefined;
    try {
        new model(object as never).validate();
        return [];
    } catch (err) {
        const errors = (err as { errors?: AjvError[] }).errors;
        if (!Array.isArray(errors)) throw err;
        const byPath = new Map<string, { path: (string | number)[]; value: unknown; types: Set<string>; enums: unknown[][]; missing: string[]; other: string[] }>();
        for (const e of errors) {
            const { path, value } = pathOf(e.instancePath ?? "", object);
            const key = JSON.stringify(path);
            const at = byPath.get(key) ?? { path, value, types: new Set<string>(), enums: [], missing: [], other: [] };
            byPath.set(key, at);
            if (e.keyword === "type" && e.params?.type) at.types.add(e.params.type);
            else if (e.keyword === "enum" && e.params?.allowedValues) at.enums.push(e.params.allowedValues);
            else if (e.keyword === "required" && e.params?.missingProperty) at.missing.push(e.params.missingProperty);
            // ajv's summary of a oneOf whose branches it lists as type errors
            else if (e.keyword !== "oneOf" && e.keyword !== "anyOf") at.other.push(e.message ?? "is valid");
        }
        const problems: SchemaProblem[] = [];
        for (const { path, value, types, enums, missing, other } of byPath.values()) {
            const key = String(path.filter((p) => typeof p === "string").pop() ?? "the value");
            if (types.size > 0) problems.push({ path, expected: expectedOf(types), found: foundKind(value), fix: typeFix(types, key, value) });
            for (const allowed of enums) {
                const list = allowed.map((v) => JSON.stringify(v)).join(", ");
                const near = typeof value === "string" ? allowed.find((v) => typeof v === "string" && v.toLowerCase() === value.toLowerCase()) : undefined;
                problems.push({ path, expected: `one of ${list}`, found: foundKind(value), fix: near !== undefined ? `write ${JSON.stringify(near)} (the values are case-sensitive)` : `use one of ${list}` });
            }
            for (const field of missing) problems.push({ path: [...path, field], expected: `${field} (a required field)`, found: "nothing (the field is missing)", fix: `add ${joinPath(formatPath(path), field)}` });
            if (types.size === 0 && enums.length === 0 && missing.length === 0 && other.length > 0) {
                problems.push({ path, expected: `a value that ${[...new Set(other)].join(" and ")}`, found: foundKind(value), fix: "correct the value (the Kubernetes API reference of the kind describes the field)" });
            }
        }
        return problems;
    }
}

/** `["spec", "ports", 0, "port"]` -> `spec.ports[0].port`; keys that are not names quoted (`metadata.labels["app.kubernetes.io/name"]`). */
export function formatPath(path: readonly (string | number)[]): string {
    return path.reduce<string>((out, part) => joinPath(out, part), "");
}

/** How messages name an object: `Deployment shop/web`, `ClusterRole view`. */
function label(m: ManifestObject): string {
    return `${m.kind} ${m.namespace ? `${m.namespace}/` : ""}${m.name}`;
}

/** The line of `path` in the object's document, when the syntax tree's document is that object. */
function lineOf(positions: YamlPositions, m: ManifestObject, path: readonly (string | number)[]): number | undefined {
    const prefix = m.item === undefined ? [] : ["items", m.item];
    const doc = positions.documents[m.document - 1];
    const node = doc?.getIn([...prefix, "kind"]);
    if (node !== m.kind) return undefined;
    return lineOfPath(positions, m.document - 1, [...prefix, ...path]);
}

/**
 * The schema problems of a file's objects (built-in kinds only), one message each: the file, the document (and
 * List item) and line, the object, the key path, what was expected, what is there, and how to fix it.
 */
export function manifestSchemaProblems(text: string, objects: readonly ManifestObject[]): string[] {
    const out: string[] = [];
    let positions: YamlPositions | undefined;
    for (const m of objects) {
        for (const p of schemaProblems(m.object) ?? []) {
            positions ??= yamlPositions(text);
            const line = lineOf(positions, m, p.path);
            const where = `document ${m.document}${m.item === undefined ? "" : `, items[${m.item}]`}${line === undefined ? "" : `, line ${line}`}`;
            out.push(`${m.source}: ${where}: ${label(m)}: ${formatPath(p.path) || "(the object)"}: expected ${p.expected}; found ${p.found}. Fix: ${p.fix}`);
        }
    }
    return out;
}
