/**
 * The test suite's renders of Helm releases, each made once: renderReleases (engine/render/render.ts: helm
 * template of every release, every object validated against its schema, the policy pack over them) with the
 * platform's pack and its default configuration, kept under node_modules/.cache/platform-render-results/<key>.json,
 * as planCache.ts keeps plans. The key is a hash of everything a render reads: the releases to render (their
 * charts, values and versions), the program's and engine's sources and the lockfile (planCache.ts
 * sourcesHash: the renderer, the validators, the policies, kubernetes-models and Helm's package), and the
 * upstream reference data (the chart archives and CRDs). A change to any of them is a new key, so a cached
 * render is never stale. A result is cached only when the releases and the result are plain JSON (each reads
 * back from its JSON deep-strict-equal to itself, but for properties whose value is undefined, which JSON leaves
 * out), so the key tells the inputs apart and a test reads what renderReleases returned. PLATFORM_TEST_PLAN_CACHE=0 empties it too.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { isDeepStrictEqual } from "util";
import { platformPack } from "../../engine/pack";
import { resolvePolicyConfig } from "../../engine/policyConfig";
import { referenceDir } from "../../engine/reference/paths";
import { RenderResult, renderReleases } from "../../engine/render/render";
import { ReleaseToRender } from "../../engine/render/releases";
import { ROOT, sourcesHash } from "./planCache";

export const RENDER_CACHE_DIR = path.join(ROOT, "node_modules", ".cache", "platform-render-results");
/** How many results the global setup keeps (the newest): about three versions of the sources' (prod's is ~20 MB). */
const KEEP_RESULTS = 9;

let referenceDigest: string | undefined;
/** The digest of the reference data (every file under referenceDir()), once per process. */
function referenceHash(): string {
    if (referenceDigest) return referenceDigest;
    const dir = referenceDir();
    const hash = crypto.createHash("sha256");
    const files = fs
        .readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((d) => d.isFile())
        .map((d) => path.relative(dir, path.join(d.parentPath, d.name)))
        .sort();
    for (const f of files) hash.update(`${f}\0`).update(fs.readFileSync(path.join(dir, f))).update("\0");
    return (referenceDigest = hash.digest("hex"));
}

/** The cache key of a render of these releases: equal keys, equal results. */
export function renderKey(releases: readonly ReleaseToRender[]): string {
    const hash = crypto.createHash("sha256").update(sourcesHash()).update("\0").update(referenceHash()).update("\0").update(fs.readFileSync(__filename));
    return hash.update("\0").update(JSON.stringify(releases)).digest("hex").slice(0, 32);
}

/**
 * renderReleases(releases, the platform's pack, its default configuration), from the cache or rendered now (and
 * cached). A fresh copy on every call: tests may mutate it.
 */
export async function cachedRender(releases: readonly ReleaseToRender[]): Promise<RenderResult> {
    // releases the key cannot tell apart (not plain JSON) are rendered every time
    const keyed = isDeepStrictEqual(JSON.parse(JSON.stringify(releases)), withoutUndefined(releases));
    const file = path.join(RENDER_CACHE_DIR, `${renderKey(releases)}.json`);
    if (keyed && fs.existsSync(file)) {
        fs.utimesSync(file, new Date(), new Date()); // recently used: pruned last
        return JSON.parse(fs.readFileSync(file, "utf8")) as RenderResult;
    }
    const pack = platformPack();
    const result = await renderReleases(releases, pack, resolvePolicyConfig(pack, {}));
    const json = JSON.stringify(result);
    if (keyed && isDeepStrictEqual(JSON.parse(json), withoutUndefined(result))) {
        fs.mkdirSync(RENDER_CACHE_DIR, { recursive: true });
        // write then rename: two workers rendering the same releases never read half of a result
        const tmp = `${file}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, json);
        fs.renameSync(tmp, file);
    }
    return result;
}

/**
 * A copy without the object properties whose value is undefined (a release's kubeVersion when the plan has none,
 * a ManifestObject's namespace of a cluster-scoped kind): JSON leaves them out, and they read undefined either way.
 * Plain objects of another realm (values built outside the test file's context) become this realm's, as JSON
 * makes them; anything else (a Date, a class's instance) stays, and compares unequal to its JSON.
 */
function withoutUndefined(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(withoutUndefined);
    if (!isPlainObject(value)) return value;
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, withoutUndefined(v)]));
}

/** An object literal's kind of object, of this realm or another one (jest runs a test file in its own). */
function isPlainObject(value: unknown): value is object {
    if (value === null || typeof value !== "object") return false;
    const proto = Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null;
    return proto === null || (Object.getPrototypeOf(proto) === null && proto.constructor?.name === "Object");
}

/** Drops all but the newest results, and half-written ones. */
export function pruneRenderCache(keep = KEEP_RESULTS): void {
    if (!fs.existsSync(RENDER_CACHE_DIR)) return;
    const entries = fs.readdirSync(RENDER_CACHE_DIR).map((name) => ({ name, at: fs.statSync(path.join(RENDER_CACHE_DIR, name)).mtimeMs }));
    const stale = entries.filter((e) => e.name.endsWith(".tmp"));
    const kept = entries.filter((e) => !e.name.endsWith(".tmp")).sort((a, b) => b.at - a.at);
    for (const e of [...stale, ...kept.slice(keep)]) fs.rmSync(path.join(RENDER_CACHE_DIR, e.name), { force: true });
}
