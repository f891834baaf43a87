/**
 * The Helm releases of a plan, as `helm template` needs them: the platform chart each installs (its archive in
 * the reference data), the release name and namespace, the cluster it goes to and that cluster's Kubernetes
 * version, and the values the program gave, with every secret and every value unknown at plan time replaced
 * by a placeholder of the same form (a string of the same length, a number, a boolean), so that the render
 * holds no secret and charts that check a length or a type still render.
 */
import * as crypto from "crypto";
import * as YAML from "yaml";
import { ExtensionPlacement, PLATFORM_EXTENSIONS, extensionReleases } from "../../components/federation/extensions";
import { KS_CORE_CHART, memberReleaseValues } from "../../components/federation/values";
import { ChartSpec, chartArchiveName, platformChartOf } from "../../components/kubernetes/charts";
import { AnalyzedResource } from "../analyze";
import { UNKNOWN_VALUE } from "../serialized";

const RELEASE_TYPE = "kubernetes:helm.sh/v3:Release";
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const OUTPUT_SIG = "d0e6a833031e9bbcd3f4e8bde6ca49a4";

/** One release to render. */
export interface ReleaseToRender {
    /** `<cluster>/<namespace>/<release name>`: unique, as Helm requires per namespace (names the output file). */
    readonly id: string;
    /** The Pulumi resource's name (`ops-release`); for a release a controller installs, the resource it installs it for. */
    readonly resource: string;
    /**
     * Who installs it: the program's Helm release (`program`), or a controller of KubeSphere acting on a resource
     * of the program: the host's cluster controller on a member's `Cluster`, the InstallPlan controller on an
     * `InstallPlan`.
     */
    readonly installedBy: "program" | "cluster-controller" | "installplan-controller";
    /** The cluster (network) it installs into: the name of its provider's cluster component. */
    readonly cluster: string;
    readonly spec: ChartSpec;
    readonly archive: string;
    readonly releaseName: string;
    readonly namespace: string;
    /** The Kubernetes version of the cluster (`1.33.3`), when the plan says it. */
    readonly kubeVersion?: string;
    readonly values: Record<string, unknown>;
    /** Values paths that held a secret or an unknown value (now placeholders). */
    readonly placeholders: readonly string[];
}

/** A string of `length` characters (at least 8) that reads as what it is. */
function placeholderString(length: number, seed: string): string {
    const base = `placeholder${crypto.createHash("sha256").update(seed).digest("hex")}`;
    let out = "";
    while (out.length < Math.max(length, 8)) out += base;
    return out.slice(0, Math.max(length, 8));
}

/** A value of the same form as `v`, holding nothing of it. */
function placeholderOf(v: unknown, at: string): unknown {
    // a bcrypt hash keeps its form (schemas check it: KubeSphere's User takes a bcrypt value or a strong password)
    const bcrypt = typeof v === "string" ? /^(\$2[aby]\$\d\d\$)[./A-Za-z0-9]{53}$/.exec(v) : null;
    if (bcrypt) return `${bcrypt[1]}${placeholderString(53, at)}`;
    if (typeof v === "string") return placeholderString(v.length, at);
    if (typeof v === "number") return 1;
    if (typeof v === "boolean") return v;
    if (Array.isArray(v)) return v.map((item, i) => placeholderOf(item, `${at}[${i}]`));
    if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, placeholderOf(x, `${at}.${k}`)]));
    return v;
}

/** Wire values with secrets and unknowns replaced (see the module's comment); `paths` collects where. */
export function withPlaceholders(v: unknown, at = "values", paths: string[] = []): unknown {
    if (v === UNKNOWN_VALUE) {
        paths.push(at);
        return placeholderString(24, at);
    }
    if (Array.isArray(v)) return v.map((item, i) => withPlaceholders(item, `${at}[${i}]`, paths));
    if (v === null || typeof v !== "object") return v;
    const obj = v as Record<string, unknown>;
    const sig = obj[SIG_KEY];
    if (sig === SECRET_SIG || (sig === OUTPUT_SIG && obj.secret === true)) {
        paths.push(at);
        return placeholderOf(withPlaceholders(obj.value, at, []), at);
    }
    if (sig === OUTPUT_SIG) return "value" in obj ? withPlaceholders(obj.value, at, paths) : (paths.push(at), placeholderString(24, at));
    return Object.fromEntries(Object.entries(obj).map(([k, x]) => [k, withPlaceholders(x, `${at}.${k}`, paths)]));
}

/**
 * A release's values for rendering, each secret leaf a placeholder at its path. Values that are secret as a
 * whole are an error: the program marks only the secret leaves, so that a reviewer sees every other key (and
 * the render renders what is installed), and a whole-secret release would hide its change from every diff.
 */
function releaseValues(resource: string, spec: ChartSpec, wire: unknown, paths: string[]): Record<string, unknown> {
    const obj = (wire ?? {}) as Record<string, unknown>;
    if (obj[SIG_KEY] === SECRET_SIG) {
        throw new RenderInputError(`release ${resource}: its values (chart ${spec.chart}) are secret as a whole: mark only the secret leaves (pulumi.secret on each), or put the secret in a Secret the chart reads`);
    }
    return (withPlaceholders(obj, "values", paths) ?? {}) as Record<string, unknown>;
}

/** `1.33.3-aliyun.1` -> `1.33.3`. */
function kubernetesVersion(version: unknown): string | undefined {
    const m = typeof version === "string" ? /^v?(\d+\.\d+\.\d+)/.exec(version) : null;
    return m?.[1];
}

/** A problem that keeps a release from being rendered. */
export class RenderInputError extends Error {}

/**
 * Every Helm release the program installs, with `pulumi up` itself or through KubeSphere's controllers (see
 * {@link controllerReleasesOf}). A release of a chart that is not one of the platform's
 * (components/kubernetes/charts.ts, components/federation/extensions.ts), at another version, is an error: the
 * render must use the chart that is installed.
 */
export function releasesOf(resources: readonly AnalyzedResource[]): ReleaseToRender[] {
    return [...programReleasesOf(resources), ...controllerReleasesOf(resources)];
}

const CLUSTER_TYPE = "kubernetes:cluster.kubesphere.io/v1alpha1:Cluster";
const INSTALL_PLAN_TYPE = "kubernetes:kubesphere.io/v1alpha1:InstallPlan";

/** A wire value opened: a secret's value (the render never writes it), an Output's value. */
function opened(v: unknown): unknown {
    if (v === null || typeof v !== "object") return v;
    const obj = v as Record<string, unknown>;
    return obj[SIG_KEY] === SECRET_SIG || obj[SIG_KEY] === OUTPUT_SIG ? opened(obj.value) : v;
}

/** A YAML text's mapping, or an error naming the resource and field. */
function yamlMapping(text: unknown, where: string): Record<string, unknown> {
    if (text === undefined || text === null || text === "") return {};
    if (typeof text !== "string") throw new RenderInputError(`${where}: expected YAML text, found ${typeof text}`);
    const parsed = YAML.parse(text) as unknown;
    if (parsed === null || parsed === undefined) return {};
    if (typeof parsed !== "object" || Array.isArray(parsed)) throw new RenderInputError(`${where}: expected a YAML mapping`);
    return parsed as Record<string, unknown>;
}

/** ks-core's secret values made placeholders (ChartSpec.secretValues), `paths` collecting where. */
function withSecretPlaceholders(values: Record<string, unknown>, spec: ChartSpec, paths: string[]): Record<string, unknown> {
    const out = structuredClone(values);
    for (const p of spec.secretValues ?? []) {
        const keys = p.split(".");
        let node: Record<string, unknown> | undefined = out;
        for (const k of keys.slice(0, -1)) node = node?.[k] as Record<string, unknown> | undefined;
        const last = keys[keys.length - 1];
        if (node && last in node) {
            node[last] = placeholderOf(node[last], `values.${p}`);
            paths.push(`values.${p}`);
        }
    }
    return out;
}

/**
 * The releases KubeSphere's controllers install for resources of the program, as they install them:
 * - per member `Cluster`, ks-core on the member (the host's cluster controller, with the chart bundled in
 *   ks-controller-manager, v4.1.3's own: the platform's pinned ks-core; values from `spec.config` and what the
 *   controller forces, components/federation/values.ts memberReleaseValues);
 * - per `InstallPlan`, the extension's release on the host and an agent on each placed cluster (the InstallPlan
 *   controller's values, components/federation/extensions.ts extensionReleases); the host is the cluster the
 *   InstallPlan is declared on.
 */
export function controllerReleasesOf(resources: readonly AnalyzedResource[]): ReleaseToRender[] {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const clusterOf = (r: AnalyzedResource) => (r.provider ? byUrn.get(r.provider)?.parent : undefined)?.split("::").pop() ?? "(default provider)";
    // a cluster's Kubernetes version, when its ACK cluster is in the plan (a cluster of another stack's is not)
    const kubeVersionOf = (cluster: string) =>
        kubernetesVersion(resources.find((r) => r.type === "alicloud:cs/managedKubernetes:ManagedKubernetes" && r.parent?.split("::").pop() === cluster)?.inputs.version);
    const out: ReleaseToRender[] = [];
    for (const r of resources.filter((x) => x.type === CLUSTER_TYPE)) {
        const spec = (opened(r.inputs.spec) ?? {}) as Record<string, unknown>;
        const member = String((opened(r.inputs.metadata) as { name?: unknown } | undefined)?.name ?? r.name);
        const configText = opened(spec.config);
        const config = yamlMapping(typeof configText === "string" ? Buffer.from(configText, "base64").toString("utf8") : configText, `Cluster ${r.name}: spec.config`);
        const paths: string[] = [];
        // the host's jwtSecret, never in the plan: a placeholder of its length
        const values = withSecretPlaceholders(memberReleaseValues(withPlaceholders(config, "values", paths) as Record<string, unknown>, "x".repeat(32)), KS_CORE_CHART, paths);
        out.push({
            id: `${member}/${KS_CORE_CHART.namespace}/${KS_CORE_CHART.releaseName}`,
            resource: r.name,
            installedBy: "cluster-controller",
            cluster: member,
            spec: KS_CORE_CHART,
            archive: chartArchiveName(KS_CORE_CHART),
            releaseName: KS_CORE_CHART.releaseName,
            namespace: KS_CORE_CHART.namespace,
            kubeVersion: kubeVersionOf(member),
            values,
            placeholders: [...new Set(paths)],
        });
    }
    for (const r of resources.filter((x) => x.type === INSTALL_PLAN_TYPE)) {
        const spec = (withPlaceholders(r.inputs.spec, "spec", []) ?? {}) as {
            extension?: { name?: string; version?: string };
            config?: string;
            clusterScheduling?: { placement?: { clusters?: string[] }; overrides?: Record<string, string> };
        };
        const ext = PLATFORM_EXTENSIONS.find((e) => e.name === spec.extension?.name && e.version === spec.extension?.version);
        if (!ext) throw new RenderInputError(`InstallPlan ${r.name}: extension ${spec.extension?.name} ${spec.extension?.version} is not one of the platform's (components/federation/extensions.ts)`);
        const config = yamlMapping(spec.config, `InstallPlan ${r.name}: spec.config`);
        const scheduling = spec.clusterScheduling;
        const placement: ExtensionPlacement | undefined = scheduling?.placement?.clusters
            ? {
                  clusters: scheduling.placement.clusters,
                  overrides: Object.fromEntries(Object.entries(scheduling.overrides ?? {}).map(([c, text]) => [c, yamlMapping(text, `InstallPlan ${r.name}: spec.clusterScheduling.overrides.${c}`)])),
              }
            : undefined;
        const chart: ChartSpec = { chart: ext.name, version: ext.version, releaseName: ext.name, namespace: ext.namespace, timeoutSeconds: 600 };
        for (const rel of extensionReleases(ext, config, placement, clusterOf(r))) {
            out.push({
                id: `${rel.cluster}/${rel.namespace}/${rel.releaseName}`,
                resource: r.name,
                installedBy: "installplan-controller",
                cluster: rel.cluster,
                spec: { ...chart, releaseName: rel.releaseName },
                archive: ext.archive,
                releaseName: rel.releaseName,
                namespace: rel.namespace,
                kubeVersion: kubeVersionOf(rel.cluster),
                values: rel.values,
                placeholders: [],
            });
        }
    }
    return out;
}
function programReleasesOf(resources: readonly AnalyzedResource[]): ReleaseToRender[] {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const clusterVersion = (componentUrn: string | undefined): string | undefined => {
        const cluster = resources.find((r) => r.parent === componentUrn && r.type === "alicloud:cs/managedKubernetes:ManagedKubernetes");
        return kubernetesVersion(cluster?.inputs.version);
    };
    return resources
        .filter((r) => r.type === RELEASE_TYPE)
        .map((r) => {
            const paths: string[] = [];
            const inputs = withPlaceholders(r.inputs, "inputs", []) as Record<string, unknown>;
            const chart = String(inputs.chart);
            const version = String(inputs.version);
            const spec = platformChartOf(chart, version);
            if (!spec) throw new RenderInputError(`release ${r.name}: chart ${chart} ${version} is not one of the platform's charts (components/kubernetes/charts.ts)`);
            const provider = r.provider ? byUrn.get(r.provider) : undefined;
            const componentUrn = provider?.parent;
            const cluster = componentUrn?.split("::").pop() ?? "(default provider)";
            const releaseName = String(inputs.name ?? spec.releaseName);
            const namespace = String(inputs.namespace ?? spec.namespace);
            return {
                id: `${cluster}/${namespace}/${releaseName}`,
                resource: r.name,
                installedBy: "program" as const,
                cluster,
                spec,
                archive: chartArchiveName(spec),
                releaseName,
                namespace,
                kubeVersion: clusterVersion(componentUrn),
                values: releaseValues(r.name, spec, r.inputs.values, paths),
                placeholders: paths,
            };
        });
}
