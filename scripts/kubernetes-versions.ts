/**
 * Regenerates config/reference/kubernetesVersions.json, the Kubernetes versions the settings accept:
 *
 * - per KubeKey release, the Kubernetes versions it installs: the keys of `kubeadm.amd64` in its
 *   `version/components.json` (cmd/kk/pkg/version/kubernetes/version_enum.go SupportedK8sVersionList reads the
 *   same table; a version without a checksum there is one KubeKey cannot fetch);
 * - per pinned chart (components/kubernetes/charts.ts), the `kubeVersion` constraint of its Chart.yaml, which
 *   Helm checks before it installs (a cluster below it fails the release).
 *
 *   node -r ./engine/ts.cjs scripts/kubernetes-versions.ts --kubekey <kubesphere/kubekey git dir>
 *
 * The KubeKey repository is read with git (a bare clone is enough); the charts are the archives the render
 * reads (the reference data's charts/, or the vendored ones). Nothing is fetched.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { PLATFORM_CHARTS, chartArchiveName } from "../components/kubernetes/charts";
import { referenceFile } from "../engine/reference/paths";

const OUT = path.join(__dirname, "..", "config", "reference", "kubernetesVersions.json");
/** The KubeKey releases recorded: the one the settings default to and its neighbours. */
const KUBEKEY_TAGS = ["v3.1.8", "v3.1.9", "v3.1.10", "v3.1.11", "v3.1.12"];

function semverKey(v: string): number[] {
    return v.replace(/^v/, "").split(".").map(Number);
}
const bySemver = (a: string, b: string) => {
    const [x, y] = [semverKey(a), semverKey(b)];
    for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] - y[i];
    return 0;
};

/** The Kubernetes versions a KubeKey tag installs. */
export function kubekeyVersions(gitDir: string, tag: string): string[] {
    const json = execFileSync("git", ["--git-dir", gitDir, "show", `${tag}:version/components.json`], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    const components = JSON.parse(json) as { kubeadm: { amd64: Record<string, string> } };
    return Object.keys(components.kubeadm.amd64).sort(bySemver);
}

/** The `kubeVersion` of a packaged chart's Chart.yaml, if it has one. */
export function chartKubeVersion(archive: string): string | undefined {
    const listing = execFileSync("tar", ["-tzf", archive], { encoding: "utf8" }).split("\n");
    const chartYaml = listing.find((f) => /^[^/]+\/Chart\.yaml$/.test(f));
    if (!chartYaml) throw new Error(`${archive}: no Chart.yaml at its top`);
    const text = execFileSync("tar", ["-xzOf", archive, chartYaml], { encoding: "utf8" });
    const m = /^kubeVersion:\s*["']?([^"'\n]+?)["']?\s*$/m.exec(text);
    return m?.[1];
}

/** The archive of a pinned chart, where the render reads it. */
export function chartArchive(spec: { chart: string; version: string; vendoredIn?: string }): string {
    const name = chartArchiveName(spec);
    return spec.vendoredIn ? path.join(__dirname, "..", spec.vendoredIn, name) : referenceFile("charts", name);
}

/** Every pinned chart with its constraint (none: any version). */
export function chartConstraints(): { chart: string; version: string; kubeVersion?: string }[] {
    return Object.values(PLATFORM_CHARTS).map((spec) => {
        const kubeVersion = chartKubeVersion(chartArchive(spec));
        return kubeVersion ? { chart: spec.chart, version: spec.version, kubeVersion } : { chart: spec.chart, version: spec.version };
    });
}

function main(): void {
    const at = process.argv.indexOf("--kubekey");
    const gitDir = at >= 0 ? process.argv[at + 1] : undefined;
    if (!gitDir || !fs.existsSync(gitDir)) {
        process.stderr.write("usage: node -r ./engine/ts.cjs scripts/kubernetes-versions.ts --kubekey <kubesphere/kubekey git dir>\n");
        process.exitCode = 2;
        return;
    }
    const kubekey = Object.fromEntries(KUBEKEY_TAGS.map((tag) => [tag, kubekeyVersions(gitDir, tag)]));
    const out = {
        source: "kubesphere/kubekey version/components.json (kubeadm, amd64) per tag; each pinned chart's Chart.yaml kubeVersion. Regenerate with scripts/kubernetes-versions.ts.",
        kubekey,
        charts: chartConstraints(),
    };
    fs.writeFileSync(OUT, `${JSON.stringify(out, null, 2)}\n`);
    process.stdout.write(`wrote ${path.relative(process.cwd(), OUT)}: ${KUBEKEY_TAGS.length} KubeKey releases, ${out.charts.length} charts\n`);
}

if (require.main === module) main();
