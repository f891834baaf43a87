import { readReferenceYaml, ReferenceDataError } from "./paths";
import { describeFound } from "./schema";
import { compareWithDefaults } from "./valuesKeys";

export { KUBERNETES_PASSTHROUGH_KEYS } from "./valuesKeys";

interface ChartSource {
    /** values.yaml and Chart.yaml, relative to the reference data. */
    readonly values: string;
    readonly chart: string;
    /**
     * Where the published chart version is read when the source Chart.yaml carries a placeholder: the
     * tigera-operator chart in the Calico repository says `version: v0.0` and is stamped with the Calico
     * version at release; its values.yaml pins calicoctl at that same version.
     */
    readonly versionFromValues?: { readonly placeholder: string; readonly key: readonly string[] };
}

const CHARTS = {
    "kube-prometheus-stack": { values: "kube-prometheus-stack/values.yaml", chart: "kube-prometheus-stack/Chart.yaml" },
    thanos: { values: "thanos/values.yaml", chart: "thanos/Chart.yaml" },
    filebeat: { values: "filebeat/values.yaml", chart: "filebeat/Chart.yaml" },
    elastalert2: { values: "elastalert2/values.yaml", chart: "elastalert2/Chart.yaml" },
    harbor: { values: "harbor/chart-1.19.1-values.yaml", chart: "harbor/chart-1.19.1-Chart.yaml" },
    "ks-core": { values: "kubesphere-v4.1.3/ks-core-values.yaml", chart: "kubesphere-v4.1.3/ks-core-Chart.yaml" },
    "tigera-operator": {
        values: "tigera-operator/values.yaml",
        chart: "tigera-operator/Chart.yaml",
        versionFromValues: { placeholder: "v0.0", key: ["calicoctl", "tag"] },
    },
} satisfies Record<string, ChartSource>;

/** A chart whose default values are in the reference data. */
export type ChartId = keyof typeof CHARTS;

/** Every chart the reference data covers. */
export const CHART_IDS = Object.keys(CHARTS) as ChartId[];

function source(chart: ChartId): ChartSource {
    const s = (CHARTS as Record<string, ChartSource>)[chart];
    if (!s) throw new ReferenceDataError(`unknown chart ${JSON.stringify(chart)}: the reference data has values for ${CHART_IDS.join(", ")}`);
    return s;
}

function asMap(value: unknown, file: string): Record<string, unknown> {
    if (value === null || typeof value !== "object" || Array.isArray(value)) throw new ReferenceDataError(`${file}: expected a YAML map at the top level`);
    return value as Record<string, unknown>;
}

/** The chart's default values (its values.yaml), parsed. Comments, and so commented-out keys, are not values. */
export function chartDefaults(chart: ChartId): Readonly<Record<string, unknown>> {
    const file = source(chart).values;
    return asMap(readReferenceYaml(file)[0] ?? {}, file);
}

function chartYaml(chart: ChartId): Record<string, unknown> {
    const file = source(chart).chart;
    return asMap(readReferenceYaml(file)[0], file);
}

/**
 * The chart version the reference data was taken from (Chart.yaml `version`), for a release to pin and a
 * test to compare with. For tigera-operator, whose source Chart.yaml carries the placeholder `v0.0`, the
 * published version: the Calico version its values pin.
 */
export function chartVersion(chart: ChartId): string {
    const s = source(chart);
    const version = String(chartYaml(chart).version ?? "");
    if (version === "") throw new ReferenceDataError(`${s.chart}: no version field`);
    const from = s.versionFromValues;
    if (!from) return version;
    if (version !== from.placeholder) {
        throw new ReferenceDataError(`${s.chart}: expected the placeholder version ${from.placeholder}, found ${version}: use it and drop versionFromValues`);
    }
    let v: unknown = chartDefaults(chart);
    for (const k of from.key) v = (v as Record<string, unknown> | undefined)?.[k];
    if (typeof v !== "string" || v === "") throw new ReferenceDataError(`${s.values}: expected ${from.key.join(".")} to hold the published version, found ${describeFound(v)}`);
    return v;
}

/**
 * Subcharts the chart declares (Chart.yaml `dependencies`), by the values key they read (alias or name),
 * with their version. Their own values.yaml files are not in the reference data.
 */
export function chartSubcharts(chart: ChartId): ReadonlyMap<string, string> {
    const deps = chartYaml(chart).dependencies;
    const out = new Map<string, string>();
    if (!Array.isArray(deps)) return out;
    for (const d of deps as Record<string, unknown>[]) out.set(String(d.alias ?? d.name), `${String(d.name)} ${String(d.version)}`);
    return out;
}

/**
 * Options of {@link validateChartValues}.
 */
export interface ValuesOptions {
    /**
     * Paths that accept any value and any sub-keys, in the problem path syntax with `*` for any one key and
     * `[*]` for any list item: `"installation.calicoNetwork"`, `"alertmanager.config.*"`, `"extraEnvs[*]"`.
     * For keys a chart documents only in a comment of its values.yaml, and for subchart values. Put the
     * reason next to each entry (a comment quoting the chart's documentation).
     */
    readonly freeForm?: readonly string[];
}

/** One key of the declared values that the chart would not read as intended. */
export interface ValuesProblem {
    readonly chart: ChartId;
    /** `prometheus.prometheusSpec.retentionSize`, `tolerations[0].key`. */
    readonly path: string;
    /** `unknown-key`: the chart's values.yaml has no such key; `type-mismatch`: the default is of another kind. */
    readonly kind: "unknown-key" | "type-mismatch";
    readonly expected: string;
    readonly found: string;
    /** For an unknown key: the closest existing key, as a full path. */
    readonly suggestion?: string;
    readonly message: string;
}

/**
 * Checks Helm values against the chart's default values.yaml in the reference data, so a misspelt or
 * misplaced key fails a test instead of being silently ignored by the chart's templates. Rules:
 * - every key path must exist in the defaults; the problem names the full path and suggests the closest key;
 * - except under maps the chart leaves free-form: a default of `{}` or null accepts any sub-keys, and so do
 *   the Kubernetes pass-through keys ({@link KUBERNETES_PASSTHROUGH_KEYS}) and the caller's `opts.freeForm`;
 * - list items: an empty default list accepts any items, otherwise each item is checked against the union
 *   of the default items;
 * - a value of another kind than its default (string, number, boolean, map, list) is a type mismatch,
 *   unless the default is null; a null value (which deletes a default in Helm) is always accepted.
 * Keys a chart documents only in comments are unknown here: allow them with `opts.freeForm`.
 */
export function validateChartValues(chart: ChartId, values: object, opts: ValuesOptions = {}): ValuesProblem[] {
    const label = `${chart} ${chartVersion(chart)} values`;
    if (values === null || typeof values !== "object" || Array.isArray(values)) {
        return [{ chart, path: "", kind: "type-mismatch", expected: "a map of values", found: describeFound(values), message: `${label}: expected a map of values, found ${describeFound(values)}` }];
    }
    const subcharts = chartSubcharts(chart);
    return compareWithDefaults(values, chartDefaults(chart), opts.freeForm).map((p): ValuesProblem => {
        const base = { chart, path: p.path, kind: p.kind, expected: p.expected, found: p.found, suggestion: p.suggestion };
        if (p.kind === "type-mismatch") return { ...base, message: `${label}: ${p.path}: expected ${p.expected}, found ${p.found}` };
        const siblings = p.siblings ?? [];
        const shown = siblings.slice(0, 15).join(", ") + (siblings.length > 15 ? `, ... (${siblings.length} keys)` : "");
        const top = p.path.split(/[.[]/)[0];
        const subchart = subcharts.get(top);
        const lines = [
            `${label}: ${p.path} is not a key of the chart's values.yaml: expected one of the keys under ${p.parent || "the top level"} (${shown}), found ${p.found}.`,
            p.suggestion ? `Did you mean ${p.suggestion}?` : "",
            subchart ? `${top} configures the subchart ${subchart}, whose own values.yaml is not in the reference data.` : "",
            `If the chart documents this key only in a comment of its values.yaml${subchart ? " or the subchart reads it" : ""}, allow it with opts.freeForm: [${JSON.stringify(p.path)}] and say why.`,
        ];
        return { ...base, message: lines.filter((l) => l !== "").join(" ") };
    });
}
