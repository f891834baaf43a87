import * as fs from "fs";
import * as path from "path";

/**
 * Whether a cluster's Kubernetes version can be installed: by KubeKey (the versions its release has the binaries'
 * checksums of, cmd/kk/pkg/version/kubernetes/version_enum.go) and by Helm for every pinned chart (each chart's
 * `kubeVersion`, which Helm checks before installing). The figures are config/reference/kubernetesVersions.json,
 * generated from those sources by scripts/kubernetes-versions.ts.
 */
interface VersionTable {
    readonly kubekey: Readonly<Record<string, readonly string[]>>;
    readonly charts: readonly { readonly chart: string; readonly version: string; readonly kubeVersion?: string }[];
}

export const KUBERNETES_VERSIONS: VersionTable = JSON.parse(fs.readFileSync(path.join(__dirname, "reference", "kubernetesVersions.json"), "utf8")) as VersionTable;

type Semver = readonly [number, number, number];

/** `1.33.3` of `1.33.3-aliyun.1` (ACK) or `v1.32.5` (KubeKey); undefined for anything else. */
export function kubernetesSemver(version: string): Semver | undefined {
    const m = /^v?(\d+)\.(\d+)\.(\d+)(?:-aliyun\.\d+)?$/.exec(version);
    return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

const compare = (a: Semver, b: Semver) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
const text = (v: Semver) => v.join(".");

/** The lowest version every pinned chart installs on, and the chart that sets it (Helm's `>=X.Y.Z-0` form). */
export function chartsMinimum(table: VersionTable = KUBERNETES_VERSIONS): { version: Semver; chart: string; constraint: string } | undefined {
    let best: { version: Semver; chart: string; constraint: string } | undefined;
    for (const c of table.charts) {
        if (c.kubeVersion === undefined) continue;
        const m = /^>=\s*v?(\d+)\.(\d+)(?:\.(\d+))?(?:-0)?$/.exec(c.kubeVersion.trim());
        if (!m) throw new Error(`config/reference/kubernetesVersions.json: ${c.chart} ${c.version}: kubeVersion ${c.kubeVersion} is not of the form >=X.Y.Z-0`);
        const version: Semver = [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
        if (!best || compare(version, best.version) > 0) best = { version, chart: `${c.chart.split("/").pop()} ${c.version}`, constraint: c.kubeVersion };
    }
    return best;
}

/** What is wrong with a cluster's version (expected, found, fix), or undefined; the version's form is checked elsewhere. */
export function kubernetesVersionProblem(
    version: string,
    cluster: { kind: "ack" | "selfManaged"; kubekeyVersion?: string },
    table: VersionTable = KUBERNETES_VERSIONS,
): { expected: string; found: string; fix: string } | undefined {
    const v = kubernetesSemver(version);
    if (!v) return undefined;
    const min = chartsMinimum(table);
    if (min && compare(v, min.version) < 0) {
        return {
            expected: `a version every platform chart installs on: ${text(min.version)} or later (${min.chart} requires ${min.constraint}; Helm refuses a lower cluster)`,
            found: JSON.stringify(version),
            fix: cluster.kind === "ack" ? "choose a current ACK version (the console's version list, e.g. 1.33.3-aliyun.1)" : "choose a current version, e.g. v1.32.5",
        };
    }
    if (cluster.kind !== "selfManaged" || cluster.kubekeyVersion === undefined) return undefined;
    const offered = table.kubekey[cluster.kubekeyVersion];
    // a KubeKey release not recorded: its list is not known here (scripts/kubernetes-versions.ts records more)
    if (!offered || offered.includes(version)) return undefined;
    const sameMinor = offered.filter((o) => o.startsWith(`v${v[0]}.${v[1]}.`));
    const latest = offered[offered.length - 1];
    return {
        expected: `a version KubeKey ${cluster.kubekeyVersion} installs (${offered[0]} to ${latest}; it has the checksums of those only)`,
        found: JSON.stringify(version),
        fix: sameMinor.length > 0 ? `use ${sameMinor[sameMinor.length - 1]}, the latest v${v[0]}.${v[1]} it has` : `use ${latest}, or a KubeKey release that has ${version}`,
    };
}
