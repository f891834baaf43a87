import { ResourceValidationPolicy } from "@pulumi/policy";
import { Container, containersOf, kubePolicy, workloadPolicy } from "./kubernetes";
import { NAS_CLASS_SPECS, classNameMatches } from "../components/storage/storageClasses";
import { PLATFORM_DEFAULTS } from "./platformDefaults";

/** The platform's conventions for workloads: where images come from, resources, controllers, storage. */

/** An image reference split into its parts; the registry is docker.io when the first segment is not a host. */
export interface ImageReference {
    readonly registry: string;
    readonly repository: string;
    readonly tag?: string;
    readonly digest?: string;
}

/** Splits `[registry/]repository[:tag][@digest]` the way the container runtime reads it. */
export function parseImage(image: string): ImageReference {
    const at = image.indexOf("@");
    const name = at < 0 ? image : image.slice(0, at);
    const digest = at < 0 ? undefined : image.slice(at + 1);
    const slash = name.indexOf("/");
    const first = slash < 0 ? "" : name.slice(0, slash);
    const hasRegistry = first.includes(".") || first.includes(":") || first === "localhost";
    const rest = hasRegistry ? name.slice(slash + 1) : name;
    const colon = rest.lastIndexOf(":");
    const tagged = colon > rest.lastIndexOf("/");
    return { registry: hasRegistry ? first : "docker.io", repository: tagged ? rest.slice(0, colon) : rest, tag: tagged ? rest.slice(colon + 1) : undefined, digest };
}

/**
 * A registry host as an image reference begins with it (`harbor.example.internal`, `harbor.example.internal:8443`,
 * `10.0.0.5:5000`): DNS labels joined by dots, and a port. No scheme (`https://`) and no path: the container runtime
 * reads neither there, so an image could never match.
 */
export const REGISTRY_HOST_PATTERN = "^[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?)*(:[0-9]{1,5})?$";

export const imageFromHarbor = workloadPolicy<{ registryHost: string; bootstrapNamespaces: string[] }>({
    name: "image-from-harbor",
    description: "Container images come from the platform Harbor (its own projects or its proxy caches of upstream registries), except in the platform's bootstrap namespaces.",
    enforcementLevel: "mandatory",
    knobs: {
        registryHost: {
            type: "string",
            minLength: 1,
            pattern: REGISTRY_HOST_PATTERN,
            description: "The platform Harbor's host name (and port, if any): host[:port], as an image reference begins, without https:// or a path.",
            default: PLATFORM_DEFAULTS.registryHost,
        },
        bootstrapNamespaces: {
            type: "array",
            items: { type: "string" },
            description: "Platform namespaces that pull from upstream registries because they run before Harbor exists (or run Harbor).",
            default: [...PLATFORM_DEFAULTS.bootstrapNamespaces],
        },
    },
    check: (w, { registryHost, bootstrapNamespaces }, report) => {
        if (bootstrapNamespaces.includes(w.namespace)) return;
        for (const c of containersOf(w)) {
            const image = c.container.image;
            const ref = image ? parseImage(image) : undefined;
            if (ref && ref.registry.toLowerCase() === registryHost.toLowerCase()) continue;
            // Docker Hub's official images live under library/ (which a Harbor proxy cache of Docker Hub needs spelt out)
            const upstream = ref && ref.registry === "docker.io" && !ref.repository.includes("/") ? `library/${ref.repository}` : ref?.repository;
            report({
                field: `${c.path}.image`,
                expected: `an image from ${registryHost} (${registryHost}/<project>/<name>:<tag>)`,
                found: ref ? `${image} (registry ${ref.registry})` : "no image",
                fix: ref ? `push the image to a Harbor project, or pull it through Harbor's proxy cache: ${registryHost}/<proxy-cache project>/${upstream}` : `set image: ${registryHost}/<project>/<name>:<tag>`,
            });
        }
    },
});

export const imageTagPinned = workloadPolicy({
    name: "image-tag-pinned",
    description: "Container images name an explicit tag other than latest, or a digest, so a rollout runs what was reviewed.",
    enforcementLevel: "mandatory",
    check: (w, _config, report) => {
        for (const c of containersOf(w)) {
            const image = c.container.image;
            if (!image) continue; // image-from-harbor reports a missing image
            const ref = parseImage(image);
            if (ref.digest || (ref.tag && ref.tag !== "latest")) continue;
            report({
                field: `${c.path}.image`,
                expected: "an explicit tag other than latest, or a digest",
                found: ref.tag ? `${image} (tag latest)` : `${image} (no tag: the runtime pulls latest)`,
                fix: `pin a version, e.g. ${ref.registry === "docker.io" ? "" : `${ref.registry}/`}${ref.repository}:1.2.3, or a digest (@sha256:...)`,
            });
        }
    },
});

const RESOURCE_FIELDS = [["requests", "cpu"], ["requests", "memory"], ["limits", "cpu"], ["limits", "memory"]] as const;

/** Which of requests and limits for cpu and memory a container does not set. */
export function missingResources(container: Container): string[] {
    const resources = container.resources as { requests?: Record<string, unknown>; limits?: Record<string, unknown> } | undefined;
    return RESOURCE_FIELDS.filter(([kind, name]) => resources?.[kind]?.[name] === undefined).map(([kind, name]) => `${kind}.${name}`);
}

export const containerResources = workloadPolicy({
    name: "container-resources",
    description: "Containers and init containers set CPU and memory requests and limits (ephemeral containers cannot have resources).",
    enforcementLevel: "mandatory",
    check: (w, _config, report) => {
        for (const c of containersOf(w, ["initContainers", "containers"])) {
            const missing = missingResources(c.container);
            if (missing.length === 0) continue;
            report({
                field: `${c.path}.resources`,
                expected: "requests and limits for both cpu and memory",
                found: `no ${missing.join(", ")}`,
                fix: `set resources.${missing.join(", resources.")}, sized from the container's observed usage`,
            });
        }
    },
});

/** Pods recreated by something else than a workload controller: Helm test hooks, or pods a controller owns. */
function managedPod(props: Record<string, unknown>): boolean {
    const metadata = (props.metadata ?? {}) as { annotations?: Record<string, string>; ownerReferences?: { controller?: boolean }[] };
    const hook = metadata.annotations?.["helm.sh/hook"] ?? "";
    return hook.split(",").some((h) => h.trim().startsWith("test")) || (metadata.ownerReferences ?? []).some((o) => o.controller === true);
}

export const noBarePods = kubePolicy(["kubernetes:core/v1:Pod"], {
    name: "no-bare-pods",
    description: "Pods are created by a controller (Deployment, StatefulSet, DaemonSet, Job, CronJob), never on their own: a bare pod is not recreated when its node fails.",
    enforcementLevel: "mandatory",
    check: (pod, _config, report) => {
        if (managedPod(pod.props)) return;
        report({
            field: "kind",
            expected: "a controller that recreates its pods (Deployment, StatefulSet, DaemonSet, Job or CronJob)",
            found: "a bare Pod",
            fix: "move the pod spec into a Deployment's spec.template (long-running) or a Job's (run to completion)",
        });
    },
});

/**
 * A stateful claim uses the class its kind needs: a ReadWriteOnce claim (a database, a time series, a queue) the
 * block-storage class, a shared one (ReadWriteMany, ReadOnlyMany) a NAS class. Prometheus documents NFS as
 * unsupported for its TSDB, and a NAS directory is no block device for PostgreSQL or Redis.
 */
export const volumeClaimsByNeed = kubePolicy<{ blockStorageClass: string; sharedStorageClasses: string[] }>(["kubernetes:apps/v1:StatefulSet", "kubernetes:core/v1:PersistentVolumeClaim"], {
    name: "volume-claims-by-need",
    description: "Stateful volume claims use the class their kind needs: ReadWriteOnce claims (databases, time series, queues) the disk class, shared (ReadWriteMany) claims a NAS class.",
    enforcementLevel: "mandatory",
    knobs: {
        blockStorageClass: { type: "string", minLength: 1, description: "The block-storage class of ReadWriteOnce claims.", default: PLATFORM_DEFAULTS.blockStorageClass },
        sharedStorageClasses: { type: "array", items: { type: "string" }, description: `The classes of shared (ReadWriteMany, ReadOnlyMany) claims; a trailing * matches any rest (${NAS_CLASS_SPECS.extreme.className}-* is every zone's extreme class).`, default: [...PLATFORM_DEFAULTS.sharedStorageClasses] },
    },
    check: (obj, { blockStorageClass, sharedStorageClasses }, report) => {
        type Claim = { storageClassName?: string; accessModes?: string[] };
        const claims: { path: string; spec?: Claim }[] =
            obj.kind === "StatefulSet"
                ? ((obj.props.spec?.volumeClaimTemplates ?? []) as { spec?: Claim }[]).map((t, i) => ({ path: `spec.volumeClaimTemplates[${i}].spec`, spec: t.spec }))
                : [{ path: "spec", spec: obj.props.spec }];
        for (const claim of claims) {
            const modes = claim.spec?.accessModes ?? [];
            const shared = modes.some((m) => m === "ReadWriteMany" || m === "ReadOnlyMany");
            const allowed = shared ? sharedStorageClasses : [blockStorageClass];
            const found = claim.spec?.storageClassName;
            if (found !== undefined && allowed.some((pattern) => classNameMatches(pattern, found))) continue;
            report({
                field: `${claim.path}.storageClassName`,
                expected: shared ? `a shared-file class (${allowed.map(describeClassPattern).join(" or ")}) for a ${modes.join("/")} claim` : `${blockStorageClass} (block storage) for a ${modes.length ? modes.join("/") : "ReadWriteOnce"} claim`,
                found: found === undefined ? "unset (the cluster's default class)" : found === "" ? '"" (no class)' : found,
                fix: shared ? `set storageClassName: ${allowed.map(describeClassPattern).join(", or ")}` : `set storageClassName: ${blockStorageClass}, or make the claim ReadWriteMany if its files are shared`,
            });
        }
    },
});

/** A class pattern as a reader takes it: `nas-extreme-*` is `nas-extreme-<zone>`. */
function describeClassPattern(pattern: string): string {
    return pattern.endsWith("-*") ? `${pattern.slice(0, -1)}<zone>` : pattern;
}

export const workloadPolicies: ResourceValidationPolicy[] = [imageFromHarbor, imageTagPinned, containerResources, noBarePods, volumeClaimsByNeed];
