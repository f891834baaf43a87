/**
 * Renders a plan's Helm releases with the real Helm binary and the pinned chart archives, as `pulumi up` would
 * install them, and checks what comes out: every object against its schema (core kinds with kubernetes-models,
 * custom resources against the CRDs the cluster will have: those its releases install and KubeSphere's
 * reference CRDs), and every object through the policy pack, listing the exemptions that applied.
 *
 * API versions: a cluster has the CRDs its releases install, so each release renders twice when needed: once
 * to learn the CRDs every release of the cluster brings, then with `--api-versions` for all of them (charts
 * gate objects on `.Capabilities.APIVersions`). Renders are cached by chart archive, release, values, Kubernetes
 * version and API versions (node_modules/.cache/platform-render), so an unchanged release renders once.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import * as zlib from "zlib";
import { AnalyzedResource, Pack, Violation } from "../analyze";
import { analyzeWithExemptions } from "../exemptionsApplied";
import { ManifestObject, ReadManifests, manifestResource, readManifests } from "../manifests";
import { ResolvedPackConfig } from "../policyConfig";
import { CrdVersion, crdVersionsOf, customResourceVersions, validateCustomResourceWith } from "../reference/crd";
import { KUBERNETES_MODEL_KINDS, validateKubernetesObject } from "../reference/kubeModels";
import { referenceFile } from "../reference/paths";
import { helm, layerPackage } from "./helm";
import { ReleaseToRender } from "./releases";

const ROOT = path.resolve(__dirname, "..", "..");
const CACHE_DIR = path.join(ROOT, "node_modules", ".cache", "platform-render");
/** The Kubernetes version a release renders for when its cluster's is not in the plan. */
export const FALLBACK_KUBE_VERSION = "1.33.3";

/** One release, rendered and checked. */
export interface RenderedRelease {
    readonly release: ReleaseToRender;
    /** `helm template`'s output. */
    readonly manifest: string;
    readonly read: ReadManifests;
    readonly apiVersions: readonly string[];
    /** Objects that do not validate against their schema, one message each. */
    readonly schemaProblems: readonly string[];
}

/** A violation of a rendered object, with the release it came from. */
export interface RenderedViolation extends Violation {
    readonly release: string;
    readonly object: string;
}

/** An exemption that kept a violation out of the results. */
export interface AppliedExemption {
    readonly release: string;
    readonly policy: string;
    readonly object: string;
}

/** What {@link renderReleases} found. */
export interface RenderResult {
    readonly releases: readonly RenderedRelease[];
    readonly violations: readonly RenderedViolation[];
    readonly exemptions: readonly AppliedExemption[];
}

const archiveDigests = new Map<string, string>();
function archiveDigest(file: string): string {
    let digest = archiveDigests.get(file);
    if (!digest) {
        digest = crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");
        archiveDigests.set(file, digest);
    }
    return digest;
}

/** Where a release's chart archive is: vendored in the repository (ChartSpec.vendoredIn), or the reference data's. */
export function archiveOf(release: Pick<ReleaseToRender, "spec" | "archive">): string {
    return release.spec.vendoredIn ? path.join(ROOT, release.spec.vendoredIn, release.archive) : referenceFile("charts", release.archive);
}

/** `helm template` of one release (cached); throws with Helm's message when the chart does not render. */
export function helmTemplate(release: ReleaseToRender, apiVersions: readonly string[], progress?: (line: string) => void): string {
    const archive = archiveOf(release);
    const kubeVersion = release.kubeVersion ?? FALLBACK_KUBE_VERSION;
    const key = crypto
        .createHash("sha256")
        .update(JSON.stringify([layerPackage().version, archiveDigest(archive), release.releaseName, release.namespace, release.values, kubeVersion, [...apiVersions].sort()]))
        .digest("hex");
    const cached = path.join(CACHE_DIR, `${key}.yaml`);
    if (fs.existsSync(cached)) return fs.readFileSync(cached, "utf8");
    fs.mkdirSync(CACHE_DIR, { recursive: true });
    const valuesFile = path.join(CACHE_DIR, `${key}.values.json`);
    fs.writeFileSync(valuesFile, JSON.stringify(release.values));
    try {
        const args = ["template", release.releaseName, archive, "--namespace", release.namespace, "-f", valuesFile, "--kube-version", kubeVersion, "--include-crds", ...apiVersions.flatMap((v) => ["--api-versions", v])];
        const run = helm(args, progress);
        if (run.code !== 0) throw new Error(`helm template of ${release.id} (${release.archive}) failed: ${run.stderr.trim()}`);
        const tmp = `${cached}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, run.stdout);
        fs.renameSync(tmp, cached);
        return run.stdout;
    } finally {
        fs.rmSync(valuesFile, { force: true });
    }
}

const readsApiVersions = new Map<string, boolean>();
/** Whether any template of the chart archive consults `.Capabilities.APIVersions` (else its render does not depend on them). */
export function chartReadsApiVersions(archive: string): boolean {
    let reads = readsApiVersions.get(archive);
    if (reads === undefined) {
        reads = zlib.gunzipSync(fs.readFileSync(archive)).includes("APIVersions");
        readsApiVersions.set(archive, reads);
    }
    return reads;
}

/** `group/version` of every CRD version among the manifests. */
function crdApiVersions(versions: readonly CrdVersion[]): string[] {
    return [...new Set(versions.map((v) => v.apiVersion))].sort();
}

function label(m: ManifestObject): string {
    return `${m.kind} ${m.namespace ? `${m.namespace}/` : ""}${m.name}`;
}

function withoutNamespace(metadata: unknown): unknown {
    if (metadata === null || typeof metadata !== "object") return metadata;
    const { namespace: _namespace, ...rest } = metadata as Record<string, unknown>;
    return rest;
}

/** Schema problems of rendered objects: core kinds with kubernetes-models, the rest against the CRDs. */
export function schemaProblemsOf(objects: readonly ManifestObject[], crds: readonly CrdVersion[]): string[] {
    const problems: string[] = [];
    for (const m of objects) {
        const id = `${m.apiVersion} ${m.kind}`;
        if (KUBERNETES_MODEL_KINDS.includes(id)) {
            problems.push(...validateKubernetesObject(m.object).map((p) => `document ${m.document}: ${p}`));
        } else if (crds.some((v) => v.kind === m.kind && v.apiVersion.split("/")[0] === m.apiVersion.split("/")[0])) {
            // a custom resource's status is its controller's: the API server resets what a create or update gives
            // (status subresource), e.g. ks-core's Repository renders status.lastSyncTime: null
            const { status: _status, ...declared } = m.object;
            // Helm sends a cluster-scoped kind without the namespace its template may give it (it maps the kind's
            // scope first: helm pkg/kube), e.g. whizard-monitoring's ReverseProxy and JSBundle
            const scope = crds.find((v) => v.kind === m.kind && v.apiVersion === m.apiVersion)?.scope;
            const sent = scope === "Cluster" ? { ...declared, metadata: withoutNamespace(declared.metadata) } : declared;
            problems.push(...validateCustomResourceWith(sent, crds, "the cluster's CRDs").map((p) => `document ${m.document}: ${p.message}`));
        } else {
            problems.push(`document ${m.document}: ${label(m)}: no schema for ${id}: neither a core kind the engine validates (engine/reference/kubeModels.ts) nor a CRD of the cluster`);
        }
    }
    return problems;
}

/** Renders and checks releases; `config` is the pack's resolved configuration (its exemptions included). */
export async function renderReleases(releases: readonly ReleaseToRender[], pack: Pack, config: ResolvedPackConfig, progress?: (line: string) => void): Promise<RenderResult> {
    // pass 1: what CRDs each cluster gets
    const clusterCrds = new Map<string, CrdVersion[]>();
    const first = new Map<ReleaseToRender, string>();
    const ksCoreCrds: CrdVersion[] = [];
    for (const r of releases) {
        const manifest = helmTemplate(r, [], progress);
        first.set(r, manifest);
        // only CRD documents matter here: parse those alone
        const crdDocs = manifest.split(/^---$/m).filter((d) => /^kind: CustomResourceDefinition$/m.test(d)).join("\n---\n");
        const docs = readManifests(crdDocs, r.id, { namespace: r.namespace }).objects.map((o) => o.object);
        const crds = crdVersionsOf(docs, `${r.id} (${r.archive})`);
        if (r.spec.chart === "ks-core" && ksCoreCrds.length === 0) ksCoreCrds.push(...crds);
        clusterCrds.set(r.cluster, [...(clusterCrds.get(r.cluster) ?? []), ...crds]);
    }
    // a cluster that gets an extension's agent is a KubeSphere cluster: the host installs ks-core (its CRDs) on
    // every member it registers, another stack's member too, whose ks-core is not in this plan
    for (const cluster of new Set(releases.filter((r) => r.installedBy === "installplan-controller").map((r) => r.cluster))) {
        if (!releases.some((r) => r.cluster === cluster && r.spec.chart === "ks-core")) clusterCrds.set(cluster, [...(clusterCrds.get(cluster) ?? []), ...ksCoreCrds]);
    }
    const rendered: RenderedRelease[] = [];
    for (const r of releases) {
        const crds = [...(clusterCrds.get(r.cluster) ?? []), ...customResourceVersions()];
        // a chart that never consults the API versions renders the same with them: pass 1 is its render
        const apiVersions = chartReadsApiVersions(archiveOf(r)) ? crdApiVersions(clusterCrds.get(r.cluster) ?? []) : [];
        const manifest = apiVersions.length > 0 ? helmTemplate(r, apiVersions, progress) : first.get(r)!;
        const read = readManifests(manifest, r.id, { namespace: r.namespace });
        rendered.push({ release: r, manifest, read, apiVersions, schemaProblems: schemaProblemsOf(read.objects, crds) });
    }

    // the pack over every rendered object, then again without exemptions: the difference is what they kept out
    const objects = rendered.flatMap((r) => r.read.objects.map((o) => ({ release: r.release.id, o })));
    const resources: AnalyzedResource[] = objects.map(({ o }, i) => manifestResource(o, i));
    const byUrn = new Map(resources.map((res, i) => [res.urn, objects[i]]));
    const attribute = (v: Violation): RenderedViolation => {
        const at = byUrn.get(v.urn);
        return { ...v, release: at?.release ?? "", object: at ? label(at.o) : v.urn };
    };
    const analyzed = await analyzeWithExemptions(pack, config, resources);
    const exemptions = analyzed.exempted.map(attribute).map((v) => ({ release: v.release, policy: v.policy, object: v.object }));
    return { releases: rendered, violations: analyzed.violations.map(attribute), exemptions };
}
