import { joinPath } from "../serialized";
import { closestMatch } from "../../config/spelling";
import { describeFound, isOpaque } from "./schema";

/**
 * Keys whose value a chart passes verbatim into a Kubernetes object: scheduling (nodeSelector, affinity,
 * tolerations, topologySpreadConstraints), resources, security contexts, environment variables, volumes,
 * extra containers, labels and annotations. Their contents follow the Kubernetes API, not the chart's
 * example defaults, so any sub-keys are accepted under them (the kind, map or list, is still checked).
 * Examples: tigera-operator defaults `nodeSelector` to `{kubernetes.io/os: linux}`, ks-core `tolerations` to
 * items without `value`, filebeat `daemonset.extraEnvs` to an item with `valueFrom` only.
 */
export const KUBERNETES_PASSTHROUGH_KEYS: ReadonlySet<string> = new Set([
    "nodeSelector",
    "affinity",
    "tolerations",
    "topologySpreadConstraints",
    "resources",
    "securityContext",
    "podSecurityContext",
    "containerSecurityContext",
    "env",
    "envFrom",
    "extraEnv",
    "extraEnvs",
    "extraEnvVars",
    "volumes",
    "volumeMounts",
    "extraVolumes",
    "extraVolumeMounts",
    "initContainers",
    "extraInitContainers",
    "extraContainers",
    "sidecars",
    "imagePullSecrets",
    "labels",
    "annotations",
    "podLabels",
    "podAnnotations",
]);

/** A values key the defaults do not have, or whose kind differs from the default's. */
export interface KeyProblem {
    readonly path: string;
    readonly kind: "unknown-key" | "type-mismatch";
    readonly expected: string;
    readonly found: string;
    /** Unknown key: the closest sibling key, else where the defaults have a key of that name (full paths). */
    readonly suggestion?: string;
    /** Unknown key: the path of the map it was given in ("" for the top level). */
    readonly parent?: string;
    /** Unknown key: the keys the defaults have beside it. */
    readonly siblings?: readonly string[];
}

type Kind = "string" | "number" | "boolean" | "map" | "list" | "null";

function kindOf(v: unknown): Kind {
    if (v === null || v === undefined) return "null";
    if (Array.isArray(v)) return "list";
    if (typeof v === "object") return "map";
    if (typeof v === "number") return "number";
    return typeof v === "boolean" ? "boolean" : "string";
}

const KIND_TEXT: Record<Kind, string> = { string: "a string", number: "a number", boolean: "a boolean", map: "a map", list: "a list", null: "anything" };

/**
 * The default a list item is checked against: the union of the default items. Maps merge key by key, lists
 * concatenate, an empty map or list stays open, and items of different kinds give null (anything goes).
 */
export function unionOfItems(items: readonly unknown[]): unknown {
    const kinds = new Set(items.map(kindOf));
    if (kinds.size !== 1) return null;
    const [kind] = kinds;
    if (kind === "list") return items.some((i) => (i as unknown[]).length === 0) ? [] : (items as unknown[][]).flat();
    if (kind !== "map") return items[0];
    if (items.some((i) => Object.keys(i as object).length === 0)) return {};
    const byKey = new Map<string, unknown[]>();
    for (const item of items as Record<string, unknown>[]) {
        for (const [k, v] of Object.entries(item)) byKey.set(k, [...(byKey.get(k) ?? []), v]);
    }
    return Object.fromEntries([...byKey].map(([k, vs]) => [k, unionOfItems(vs)]));
}

/**
 * A predicate for the free-form paths of a caller: `a.b` and `a.b.*` accept `a.b` and everything under it,
 * `*` stands for any one key and `[*]` for any list item.
 */
export function freeFormMatcher(patterns: readonly string[]): (path: string) => boolean {
    const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const res = patterns.map((p) => {
        const base = p.endsWith(".*") ? p.slice(0, -2) : p;
        const src = base
            .split("[*]")
            .map((part) => part.split("*").map(escape).join("[^.[\\]]+"))
            .join("\\[\\d+\\]");
        return new RegExp(`^${src}(?=$|[.[])`);
    });
    return (path) => res.some((r) => r.test(path));
}

/** Every key path of the defaults, by lowercased last key, to point at a key given at the wrong level. */
function keyIndex(defaults: unknown): Map<string, string[]> {
    const index = new Map<string, string[]>();
    const walk = (v: unknown, path: string, depth: number) => {
        if (depth > 12 || kindOf(v) !== "map") return;
        for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
            const at = joinPath(path, k);
            index.set(k.toLowerCase(), [...(index.get(k.toLowerCase()) ?? []), at]);
            walk(x, at, depth + 1);
        }
    };
    walk(defaults, "", 0);
    return index;
}

/**
 * Compares declared values with a chart's defaults (see validateChartValues for the rules). Values that are
 * null (Helm's way to delete a default) or opaque (Pulumi outputs, plan placeholders) are not checked.
 */
export function compareWithDefaults(values: unknown, defaults: unknown, freeForm: readonly string[] = []): KeyProblem[] {
    const out: KeyProblem[] = [];
    const isFree = freeFormMatcher(freeForm);
    let index: Map<string, string[]> | undefined;
    const check = (value: unknown, def: unknown, path: string, key: string | undefined) => {
        if (value === undefined || value === null || isOpaque(value) || isFree(path) || def === null || def === undefined) return;
        const vk = kindOf(value);
        const dk = kindOf(def);
        if (vk !== dk) {
            out.push({ path, kind: "type-mismatch", expected: `${KIND_TEXT[dk]} (the chart's default is ${describeFound(def)})`, found: describeFound(value) });
            return;
        }
        const passthrough = key !== undefined && KUBERNETES_PASSTHROUGH_KEYS.has(key);
        if (dk === "list") {
            const items = def as unknown[];
            if (items.length === 0 || passthrough) return;
            const item = unionOfItems(items);
            (value as unknown[]).forEach((v, i) => check(v, item, joinPath(path, i), undefined));
        }
        if (dk !== "map") return;
        const d = def as Record<string, unknown>;
        if (Object.keys(d).length === 0 || passthrough) return;
        for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
            const at = joinPath(path, k);
            if (Object.prototype.hasOwnProperty.call(d, k)) check(v, d[k], at, k);
            else if (v !== undefined && !isFree(at)) {
                const near = closestMatch(k, Object.keys(d));
                index ??= keyIndex(defaults);
                const elsewhere = index.get(k.toLowerCase())?.slice(0, 3).join(" or ");
                const suggestion = near !== undefined ? joinPath(path, near) : elsewhere;
                out.push({ path: at, kind: "unknown-key", expected: `one of the keys under ${path || "the top level"}`, found: `${JSON.stringify(k)}`, suggestion, parent: path, siblings: Object.keys(d) });
            }
        }
    };
    check(values, defaults, "", undefined);
    return out;
}
