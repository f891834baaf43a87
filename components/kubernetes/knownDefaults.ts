/**
 * Credentials the platform's charts ship as public defaults: what a release must never leave in place. Each
 * entry names the chart, the values path, the default the chart uses when the path is unset (and how it
 * appears in a rendered manifest), and the values that make the chart read another source instead. The
 * `no-chart-default-credentials` policy checks releases' values against it; the rendered-chart test checks
 * the manifests (Secret data decoded) for each rendered form.
 */
export interface KnownDefault {
    /** The chart's name (`harbor`, `ks-core`). */
    readonly chart: string;
    /** The values path the chart reads the credential from. */
    readonly path: string;
    /** What the chart uses when the path is unset or empty. */
    readonly default: string;
    /** How the default appears in a rendered manifest (a hash, for a password the chart hashes). */
    readonly rendered: string;
    /** Values paths that, all set, make the chart read the credential elsewhere (a Secret). */
    readonly replacedBy?: readonly string[];
    /** What the credential is. */
    readonly what: string;
    /** Sources: the chart file that holds the default. */
    readonly source: string;
}

export const KNOWN_CHART_DEFAULTS: readonly KnownDefault[] = [
    { chart: "harbor", path: "harborAdminPassword", default: "Harbor12345", rendered: "Harbor12345", replacedBy: ["existingSecretAdminPassword"], what: "Harbor's admin password", source: "harbor values.yaml" },
    { chart: "harbor", path: "secretKey", default: "not-a-secure-key", rendered: "not-a-secure-key", replacedBy: ["existingSecretSecretKey"], what: "Harbor's encryption key", source: "harbor values.yaml" },
    {
        chart: "harbor",
        path: "database.internal.password",
        default: "changeit",
        rendered: "changeit",
        what: "the internal database's password (templates/database/database-secret.yaml writes it whatever else is set)",
        source: "harbor values.yaml",
    },
    {
        chart: "harbor",
        path: "registry.credentials.password",
        default: "harbor_registry_password",
        rendered: "harbor_registry_password",
        replacedBy: ["registry.credentials.existingSecret"],
        what: "the registry's login for core and jobservice",
        source: "harbor values.yaml",
    },
    {
        chart: "ks-core",
        path: "authentication.adminPassword",
        default: "",
        // the chart's hash of P@88w0rd (templates/_helpers.tpl getOrDefaultPass), in the admin User it renders
        rendered: "$2a$10$zcHepmzfKPoxCVCYZr5K7ORPZZ/ySe9p/7IUb/8u./xHrnSX2LOCO",
        what: "KubeSphere's admin password (P@88w0rd)",
        source: "ks-core templates/_helpers.tpl",
    },
];

/** The value at a dotted path of a values object; undefined when any step is missing. */
export function valueAt(values: unknown, path: string): unknown {
    let node: unknown = values;
    for (const key of path.split(".")) {
        if (node === null || typeof node !== "object" || Array.isArray(node)) return undefined;
        node = (node as Record<string, unknown>)[key];
    }
    return node;
}

/** The known defaults a release of `chart` with `values` leaves in place. */
export function defaultsLeftInPlace(chart: string, values: unknown): KnownDefault[] {
    const set = (v: unknown) => v !== undefined && v !== null && v !== "";
    return KNOWN_CHART_DEFAULTS.filter((d) => {
        if (d.chart !== chart) return false;
        if ((d.replacedBy ?? []).length > 0 && d.replacedBy!.every((p) => set(valueAt(values, p)))) return false;
        const v = valueAt(values, d.path);
        return !set(v) || v === d.default;
    });
}
