/**
 * Where each upstream registry's images come through Harbor: a proxy-cache project per upstream
 * (config/registry.yaml), whose path prefix replaces the upstream host (`quay.io/prometheus/prometheus` ->
 * `<harbor>/quay/prometheus/prometheus`; Docker Hub's official images keep their `library/` path). Pure.
 */
import type * as pulumi from "@pulumi/pulumi";

/**
 * What the mirror reads of the registry configuration (config/registry.ts's `RegistryConfig` is one): each project's
 * name and proxy-cache endpoint. Structural, so that config/registry.ts, which checks every upstream has a
 * proxy-cache project with {@link unmirroredUpstreams}, and this module do not import each other.
 */
export interface MirrorProjects {
    readonly projects: readonly { readonly name: string; readonly proxyCache?: { readonly type: string; readonly url: string } }[];
}

/** The upstream registries the platform's charts pull from (the rendered-chart test lists every image). */
export const UPSTREAM_REGISTRIES = ["docker.io", "quay.io", "registry.k8s.io", "ghcr.io", "docker.elastic.co"] as const;
/** One of {@link UPSTREAM_REGISTRIES}. */
export type UpstreamRegistry = (typeof UPSTREAM_REGISTRIES)[number];

/** Per upstream registry, the registry prefix its images are pulled through: `<harbor host>/<proxy-cache project>`. */
export type ImageMirror = Readonly<Record<UpstreamRegistry, string>>;

/** What a release needs to pull through Harbor: the mirror, and what must exist first (Harbor's projects, its DNS record). */
export interface ReleaseImages {
    readonly mirror: pulumi.Input<ImageMirror>;
    readonly ready: pulumi.Resource[];
}

/** The upstream registry a proxy-cache endpoint serves: Docker Hub's API is at hub.docker.com, its images are docker.io's. */
export function upstreamOf(proxyCache: { readonly type: string; readonly url: string }): string {
    if (proxyCache.type === "docker-hub") return "docker.io";
    return new URL(proxyCache.url).host;
}

/** Each upstream the platform pulls from that has no proxy-cache project in `config`. */
export function unmirroredUpstreams(config: MirrorProjects): UpstreamRegistry[] {
    const served = new Set(config.projects.flatMap((p) => (p.proxyCache ? [upstreamOf(p.proxyCache)] : [])));
    return UPSTREAM_REGISTRIES.filter((u) => !served.has(u));
}

/** The mirror of every upstream through Harbor at `harborHost`; throws naming the upstreams without a proxy-cache project. */
export function imageMirror(harborHost: string, config: MirrorProjects): ImageMirror {
    const missing = unmirroredUpstreams(config);
    if (missing.length > 0) throw new Error(`Harbor has no proxy-cache project for ${missing.join(", ")} (config/registry.yaml)`);
    const projectOf = (upstream: UpstreamRegistry) => config.projects.find((p) => p.proxyCache && upstreamOf(p.proxyCache) === upstream)!.name;
    return Object.fromEntries(UPSTREAM_REGISTRIES.map((u) => [u, `${harborHost}/${projectOf(u)}`])) as Record<UpstreamRegistry, string>;
}

/** The projects a mirror pulls through (what a release pulling through it waits for). */
export function mirroredProjects(config: MirrorProjects): string[] {
    return UPSTREAM_REGISTRIES.map((u) => config.projects.find((p) => p.proxyCache && upstreamOf(p.proxyCache) === u)?.name).filter((n): n is string => n !== undefined);
}

/** `a` with `b` merged into it key by key (objects merged, everything else replaced); neither is changed. */
export function mergeValues(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = { ...a };
    for (const [k, v] of Object.entries(b)) {
        const mine = out[k];
        const bothObjects = [mine, v].every((x) => x !== null && typeof x === "object" && !Array.isArray(x));
        out[k] = bothObjects ? mergeValues(mine as Record<string, unknown>, v as Record<string, unknown>) : v;
    }
    return out;
}
