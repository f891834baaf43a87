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
 * Every kind of the GA group-versions of 1.33 is checked (the package's classes, found by apiVersion and kind).
 * An object of a built-in group in a group-version or of a kind that 1.33 does not serve (apps/v1beta1, removed
 * in 1.16; a kind's misspelling) is refused, with the GA apiVersion (or the kind) to write. Custom resources
 * (any other group) are not checked here.
 */
import * as fs from "fs";
import * as path from "path";
import { closestMatch } from "../config/spelling";
import type { ManifestObject } from "./manifests";
import { joinPath } from "./serialized";
import { YamlPositions, lineOfPath, yamlPositions } from "./yamlPositions";

/** A kubernetes-models class: `apiVersion` and `kind` statics, `validate()` throws ajv's errors. */
interface ModelClass {
    readonly apiVersion?: string;
    readonly kind?: string;
    new (data: never): { validate(): void };
}

/** The Kubernetes minor release whose OpenAPI definitions the package has: the API a manifest is held to. */
export const KUBERNETES_RELEASE = "1.33";

/**
 * Every group-version the package has a folder of (its package.json's `exports`: `./v1` is the core group's,
 * `./apps/v1beta1` the apps group's): the GA ones of Kubernetes 1.33 and the beta ones of earlier releases, which
 * the package keeps (apps/v1beta1, extensions/v1beta1, ...). Read once, when first asked.
 */
let packageGroupVersions: readonly string[] | undefined;
function groupVersionsOfPackage(): readonly string[] {
    if (packageGroupVersions) return packageGroupVersions;
    const manifest = path.join(path.dirname(require.resolve("kubernetes-models")), "package.json");
    const exports = (JSON.parse(fs.readFileSync(manifest, "utf8")) as { exports?: Record<string, unknown> }).exports ?? {};
    packageGroupVersions = Object.keys(exports).flatMap((key) => {
        const m = /^\.\/(?:([a-z0-9][-a-z0-9.]*)\/)?(v\d+(?:(?:alpha|beta)\d+)?)$/.exec(key);
        return m ? [m[1] ? `${m[1]}/${m[2]}` : m[2]] : [];
    });
    return packageGroupVersions;
}

/** The group of an apiVersion: `""` (core) for `v1`. */
export function groupOf(apiVersion: string): string {
    return apiVersion.includes("/") ? apiVersion.slice(0, apiVersion.lastIndexOf("/")) : "";
}

/** A GA version (`v1`, `v2`), not an alpha or beta one. */
const isGa = (apiVersion: string) => /^v\d+$/.test(apiVersion.slice(apiVersion.lastIndexOf("/") + 1));

/**
 * The GA group-versions Kubernetes 1.33 serves, with the package's classes of each: its GA folders (the package
 * is generated from 1.33's OpenAPI, which has only what 1.33 serves at GA; a GA version has never been removed).
 */
function servedGroupVersions(): readonly string[] {
    return groupVersionsOfPackage().filter(isGa);
}

/** The groups of Kubernetes itself (core `""`, apps, batch, extensions, policy, networking.k8s.io, ...): the package's. */
function builtInGroups(): ReadonlySet<string> {
    return new Set(groupVersionsOfPackage().map(groupOf));
}

/** Each served group-version's classes, loaded when a manifest has one of its kinds (core alone takes 0.2 s to load). */
function loadGroupVersion(apiVersion: string): Record<string, unknown> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(`kubernetes-models/${apiVersion}`) as Record<string, unknown>;
}

const loaded = new Map<string, Map<string, ModelClass>>();

/** The kinds of a served group-version, by name, with their classes (`*List` kinds among them). */
function kindsOf(apiVersion: string): Map<string, ModelClass> {
    let kinds = loaded.get(apiVersion);
    if (!kinds) {
        kinds = new Map();
        for (const value of Object.values(loadGroupVersion(apiVersion))) {
            const model = value as ModelClass;
            if (typeof model === "function" && model.apiVersion === apiVersion && typeof model.kind === "string") kinds.set(model.kind, model);
        }
        loaded.set(apiVersion, kinds);
    }
    return kinds;
}

/** The model of `apiVersion` `kind`, or undefined when the package has none (not a built-in GA kind). */
export function modelOf(apiVersion: string, kind: string): ModelClass | undefined {
    return servedGroupVersions().includes(apiVersion) ? kindsOf(apiVersion).get(kind) : undefined;
}

/** Every kind the GA APIs of Kubernetes 1.33 serve (`Deployment`, `ConfigMap`, ...; not their `*List` kinds). Loads them all (0.4 s). */
export function builtInKinds(): ReadonlySet<string> {
    return new Set(servedGroupVersions().flatMap((v) => [...kindsOf(v).keys()].filter((k) => !k.endsWith("List"))));
}

/** The group-versions whose kinds are checked: every GA one of Kubernetes 1.33 (the package is read when first asked). */
export function checkedGroupVersions(): readonly string[] {
    return servedGroupVersions();
}

/**
 * The built-in APIs that Kubernetes stopped serving, with the release that removed them: from the Kubernetes
 * project's "Deprecated API Migration Guide" (https://kubernetes.io/docs/reference/using-api/deprecation-guide/,
 * "Removed APIs by release", and the v1.16 removals of https://kubernetes.io/blog/2019/07/18/api-deprecations-in-1-16/).
 * Only the release is taken from here: what replaces an API is what 1.33 serves (the package's GA classes).
 */
export const API_REMOVALS: readonly (readonly [release: string, apiVersion: string, kinds: readonly string[]])[] = [
    ["1.16", "extensions/v1beta1", ["DaemonSet", "Deployment", "ReplicaSet", "NetworkPolicy", "PodSecurityPolicy"]],
    ["1.16", "apps/v1beta1", ["Deployment", "StatefulSet", "ReplicaSet"]],
    ["1.16", "apps/v1beta2", ["DaemonSet", "Deployment", "StatefulSet", "ReplicaSet"]],
    ["1.22", "admissionregistration.k8s.io/v1beta1", ["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"]],
    ["1.22", "apiextensions.k8s.io/v1beta1", ["CustomResourceDefinition"]],
    ["1.22", "apiregistration.k8s.io/v1beta1", ["APIService"]],
    ["1.22", "authentication.k8s.io/v1beta1", ["TokenReview"]],
    ["1.22", "authorization.k8s.io/v1beta1", ["LocalSubjectAccessReview", "SelfSubjectAccessReview", "SubjectAccessReview", "SelfSubjectRulesReview"]],
    ["1.22", "certificates.k8s.io/v1beta1", ["CertificateSigningRequest"]],
    ["1.22", "coordination.k8s.io/v1beta1", ["Lease"]],
    ["1.22", "extensions/v1beta1", ["Ingress"]],
    ["1.22", "networking.k8s.io/v1beta1", ["Ingress", "IngressClass"]],
    ["1.22", "rbac.authorization.k8s.io/v1beta1", ["ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding"]],
    ["1.22", "scheduling.k8s.io/v1beta1", ["PriorityClass"]],
    ["1.22", "storage.k8s.io/v1beta1", ["CSIDriver", "CSINode", "StorageClass", "VolumeAttachment"]],
    ["1.25", "batch/v1beta1", ["CronJob"]],
    ["1.25", "discovery.k8s.io/v1beta1", ["EndpointSlice"]],
    ["1.25", "events.k8s.io/v1beta1", ["Event"]],
    ["1.25", "autoscaling/v2beta1", ["HorizontalPodAutoscaler"]],
    ["1.25", "policy/v1beta1", ["PodDisruptionBudget", "PodSecurityPolicy"]],
    ["1.25", "node.k8s.io/v1beta1", ["RuntimeClass"]],
    ["1.26", "flowcontrol.apiserver.k8s.io/v1beta1", ["FlowSchema", "PriorityLevelConfiguration"]],
    ["1.26", "autoscaling/v2beta2", ["HorizontalPodAutoscaler"]],
    ["1.27", "storage.k8s.io/v1beta1", ["CSIStorageCapacity"]],
    ["1.29", "flowcontrol.apiserver.k8s.io/v1beta2", ["FlowSchema", "PriorityLevelConfiguration"]],
    ["1.32", "flowcontrol.apiserver.k8s.io/v1beta3", ["FlowSchema", "PriorityLevelConfiguration"]],
];

/** The release that stopped serving `apiVersion` `kind` (the migration guide's), if it is one of {@link API_REMOVALS}. */
export function removedIn(apiVersion: string, kind: string): string | undefined {
    return API_REMOVALS.find(([, v, kinds]) => v === apiVersion && kinds.includes(kind))?.[0];
}

/** Higher versions first: v2 before v1 (autoscaling/v2 is the HorizontalPodAutoscaler to write). */
const byVersionDescending = (a: string, b: string) => Number(/(\d+)$/.exec(b)?.[1] ?? 0) - Number(/(\d+)$/.exec(a)?.[1] ?? 0);

/** What a manifest should write instead of an API that is not served: the GA group-version and kind that are. */
interface ServedApiProblem {
    /** The key to change first (`apiVersion`, or `kind` when only its spelling is wrong). */
    readonly key: "apiVersion" | "kind";
    /** `apps/v1beta1 Deployment: Kubernetes 1.33 serves no such API (removed in 1.16); write apiVersion: apps/v1`. */
    readonly message: string;
}

/**
 * Why Kubernetes 1.33 would refuse an object of a built-in group (`no matches for kind "Deployment" in version
 * "apps/v1beta1"`, as kubectl and Helm say it at apply), with what to write instead; undefined for a served kind
 * and for any other group (custom resources, which their CRDs serve).
 */
export function servedApiProblem(apiVersion: string, kind: string): ServedApiProblem | undefined {
    const group = groupOf(apiVersion);
    if (!builtInGroups().has(group) || modelOf(apiVersion, kind) !== undefined) return undefined;
    const served = servedGroupVersions();
    const sameGroup = served.filter((v) => groupOf(v) === group).sort(byVersionDescending);
    const candidates = [...sameGroup, ...served.filter((v) => groupOf(v) !== group)];
    const serving = (k: string) => candidates.find((v) => kindsOf(v).has(k));
    // the kind as written, else the one it is in another case (deployment), else a close spelling in the group
    let meant: string | undefined = serving(kind) ? kind : undefined;
    if (meant === undefined) {
        for (const v of candidates) {
            meant = [...kindsOf(v).keys()].find((k) => k.toLowerCase() === kind.toLowerCase());
            if (meant) break;
        }
    }
    if (meant === undefined && sameGroup.length > 0) meant = closestMatch(kind, sameGroup.flatMap((v) => [...kindsOf(v).keys()].filter((k) => !k.endsWith("List"))));
    const release = removedIn(apiVersion, kind) ?? (meant ? removedIn(apiVersion, meant) : undefined);
    const head = `${apiVersion} ${kind}: Kubernetes ${KUBERNETES_RELEASE} serves no such API${release ? ` (removed in ${release})` : ""}`;
    const target = meant === undefined ? undefined : serving(meant);
    if (meant !== undefined && target !== undefined) {
        const writes = [target === apiVersion ? "" : `apiVersion: ${target}`, meant === kind ? "" : `kind: ${meant}`].filter((w) => w !== "");
        const cased = meant !== kind && meant.toLowerCase() === kind.toLowerCase() ? " (a kind is case-sensitive)" : "";
        return { key: target === apiVersion ? "kind" : "apiVersion", message: `${head}; write ${writes.join(" and ")}${cased}` };
    }
    if (kind === "PodSecurityPolicy") {
        // the guide: no successor API; Pod Security Admission (or a third-party admission webhook) instead
        return { key: "apiVersion", message: `${head}; no API replaces it: enforce the Pod Security Standards with Pod Security Admission instead (the namespace label pod-security.kubernetes.io/enforce: baseline or restricted) and remove the object` };
    }
    const lists = "kubectl api-resources lists what a cluster serves";
    if (served.includes(apiVersion)) {
        const kinds = [...kindsOf(apiVersion).keys()].filter((k) => !k.endsWith("List")).sort();
        return { key: "kind", message: `${head} (${apiVersion} serves ${kinds.join(", ")}); correct the kind, or write the apiVersion that serves it (${lists})` };
    }
    const offer =
        sameGroup.length > 0
            ? `${group === "" ? "the core group" : group} is served as ${sameGroup.join(", ")}, with no ${kind}; a beta version only where the API server enables it, --runtime-config`
            : `no GA API of Kubernetes ${KUBERNETES_RELEASE} has a kind ${kind}`;
    return { key: "apiVersion", message: `${head} (${offer}); write the apiVersion and kind of a served API (${lists})` };
}

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

const QUANTITY_WORDS = "a Kubernetes quantity: a number with an optional suffix, binary Ki, Mi, Gi, Ti or decimal k, M, G, T, or m for thousandths (256Mi, 2Gi, 500m, 1.5)";

/** The quantity a text meant: `256MB` is 256Mi (Kubernetes reads no B), `1 Gi` is 1Gi. */
export function quantityFix(key: string, value: string): string {
    const m = /^\s*(\d+(?:\.\d+)?)\s*([KMGTPE])(i?)B?\s*$/i.exec(value);
    if (m) return `write ${key}: ${m[1]}${m[2].toUpperCase() === "K" && !m[3] ? "Ki" : `${m[2].toUpperCase()}i`} (binary units end in i; Kubernetes reads no B, and a bare number is bytes or cores)`;
    return `write a quantity such as 256Mi or 500m (a bare number is bytes for memory and cores for cpu)`;
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
            // a quantity whose text matches no quantity: the text branch failed its pattern, only "a number" is left
            const quantity = types.size === 1 && types.has("number") && typeof value === "string" && other.some((o) => /format "quantity"|pattern/.test(o));
            if (quantity) problems.push({ path, expected: QUANTITY_WORDS, found: foundKind(value), fix: quantityFix(key, value) });
            else if (types.size > 0) problems.push({ path, expected: expectedOf(types), found: foundKind(value), fix: typeFix(types, key, value) });
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
    const where = (m: ManifestObject, path: readonly (string | number)[]) => {
        positions ??= yamlPositions(text);
        const line = lineOf(positions, m, path);
        return `document ${m.document}${m.item === undefined ? "" : `, items[${m.item}]`}${line === undefined ? "" : `, line ${line}`}`;
    };
    for (const m of objects) {
        // an API the cluster does not serve: the API server refuses the object whatever its fields
        const unserved = servedApiProblem(m.apiVersion, m.kind);
        if (unserved) {
            out.push(`${m.source}: ${where(m, [unserved.key])}: ${label(m)}: ${unserved.key}: ${unserved.message}`);
            continue;
        }
        for (const p of schemaProblems(m.object) ?? []) {
            out.push(`${m.source}: ${where(m, p.path)}: ${label(m)}: ${formatPath(p.path) || "(the object)"}: expected ${p.expected}; found ${p.found}. Fix: ${p.fix}`);
        }
    }
    return out;
}
