import type * as T from "./types";

/**
 * Desired state of Harbor's projects, proxy-cache endpoints and robot accounts, and the pure functions that
 * turn it into request bodies and turn Harbor's answers back into the same shape, so that desired and
 * observed compare field by field. GC and tag retention are in housekeeping.ts.
 */

/** Pulumi's stand-in for a value not known until an earlier resource is applied (seen during preview). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** How each Harbor resource carries its connection: flat, so that exactly the password can be secret. */
export interface ConnectionProps {
    readonly harborUrl: string;
    readonly harborUsername: string;
    readonly harborPassword: string;
    /** The CA certificate (PEM) Harbor is verified against. */
    readonly harborCa?: string;
    /** The address connected to instead of resolving the URL's name. */
    readonly harborAddress?: string;
}

/** JSON with sorted keys, so that two equal states print the same. */
export function canonical(value: unknown): string {
    return JSON.stringify(value, (_k, v: unknown) =>
        v && typeof v === "object" && !Array.isArray(v)
            ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
            : v,
    );
}

/** The fields whose values differ; a value still unknown on the new side counts as changed. */
export function changedFields<S extends object>(olds: S, news: S, fields: readonly (keyof S & string)[]): string[] {
    const unknown = (v: unknown): boolean => canonical(v)?.includes(UNKNOWN) ?? false;
    return fields.filter((f) => unknown(news[f]) || canonical(olds[f] ?? null) !== canonical(news[f] ?? null));
}

/** What an apply must do to bring an entity from its recorded state to the desired one. */
export interface SpecDiff {
    /** Fields that differ. */
    readonly changed: string[];
    /** Of those, the ones Harbor cannot change in place: the entity must be deleted and created again. */
    readonly replaces: string[];
}

/** The {@link SpecDiff} of two states, comparing `fields`, of which `replaceOn` cannot change in place. */
export function diffSpec(olds: object, news: object, fields: readonly string[], replaceOn: readonly string[]): SpecDiff {
    const changed = changedFields(olds as Record<string, unknown>, news as Record<string, unknown>, fields);
    return { changed, replaces: changed.filter((f) => replaceOn.includes(f)) };
}

/** Harbor's rule for project and robot names. */
const NAME = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
const GIB = 1024 ** 3;

/** A Harbor project; with `registryId`, a proxy cache of that registry endpoint. */
export interface ProjectSpec {
    /** The project name, which is the first path segment of its images (`harbor.example.com/<name>/...`). */
    readonly name: string;
    /** Anyone may pull without logging in. */
    readonly public: boolean;
    /** Storage quota in GiB; -1 is unlimited. */
    readonly storageQuotaGiB: number;
    /** The registry endpoint this project proxies and caches; absent for an ordinary project. */
    readonly registryId?: number;
}

/** Compared fields of a project; Harbor cannot rename a project or change what it proxies. */
export const PROJECT_FIELDS = ["name", "public", "storageQuotaGiB", "registryId"] as const;
/** Project fields Harbor cannot change in place. */
export const PROJECT_REPLACE_ON: readonly string[] = ["name", "registryId"];

/** Problems with a project's settings, as sentences; empty when it is valid. */
export function validateProject(p: ProjectSpec): string[] {
    const problems: string[] = [];
    if (p.name !== UNKNOWN && (!NAME.test(p.name) || p.name.length > 255)) {
        problems.push(`project name "${p.name}" is invalid: Harbor expects lowercase letters and digits, optionally separated by one of . _ -`);
    }
    if (p.storageQuotaGiB !== -1 && !(p.storageQuotaGiB > 0)) {
        problems.push(`project "${p.name}": storageQuotaGiB must be -1 (unlimited) or more than 0, found ${p.storageQuotaGiB}`);
    }
    return problems;
}

/** The createProject body: the quota and the proxied registry can be set at creation. */
export function projectCreateRequest(p: ProjectSpec): T.ProjectReq {
    return { project_name: p.name, metadata: { public: String(p.public) }, storage_limit: storageLimitBytes(p.storageQuotaGiB), registry_id: p.registryId };
}

/** The updateProject body: only the metadata the platform manages. */
export function projectUpdateRequest(p: ProjectSpec): T.ProjectReq {
    return { metadata: { public: String(p.public) } };
}

/** A quota in Harbor's unit (bytes; -1 unlimited). */
export function storageLimitBytes(gib: number): number {
    return gib === -1 ? -1 : Math.round(gib * GIB);
}

/** A project as Harbor reports it, in the shape of {@link ProjectSpec}. */
export function observedProject(p: T.Project, quota: T.Quota | undefined): ProjectSpec {
    const bytes = quota?.hard?.storage ?? -1;
    return {
        name: p.name ?? "",
        public: p.metadata?.public === "true",
        storageQuotaGiB: bytes === -1 ? -1 : bytes / GIB,
        ...(p.registry_id ? { registryId: p.registry_id } : {}),
    };
}

/** Registry types Harbor accepts as the upstream of a proxy-cache project. */
export const PROXY_CACHE_TYPES = ["docker-hub", "docker-registry", "harbor", "quay", "github-ghcr", "google-gcr", "aws-ecr", "azure-acr", "jfrog-artifactory"] as const;
/** One of {@link PROXY_CACHE_TYPES}: `docker-hub` for docker.io, `docker-registry` for registry.k8s.io. */
export type RegistryType = (typeof PROXY_CACHE_TYPES)[number];

/** A registry endpoint (Harbor's Administration > Registries), the upstream of a proxy-cache project. */
export interface RegistrySpec {
    readonly name: string;
    readonly type: RegistryType;
    /** e.g. `https://hub.docker.com`, `https://quay.io`, `https://registry.k8s.io`, `https://ghcr.io`. */
    readonly url: string;
    readonly description: string;
    /** Skip TLS verification of the upstream. */
    readonly insecure: boolean;
    /** Upstream login (raises Docker Hub's pull limit); both or neither. */
    readonly accessKey?: string;
    readonly accessSecret?: string;
}

/** Compared fields of a registry endpoint; Harbor cannot change an endpoint's type. */
export const REGISTRY_FIELDS = ["name", "type", "url", "description", "insecure", "accessKey", "accessSecret"] as const;
/** Registry fields Harbor cannot change in place. */
export const REGISTRY_REPLACE_ON: readonly string[] = ["type"];

/** Problems with a registry endpoint's settings; empty when it is valid. */
export function validateRegistry(r: RegistrySpec): string[] {
    const problems: string[] = [];
    if (!(PROXY_CACHE_TYPES as readonly string[]).includes(r.type)) {
        problems.push(`registry "${r.name}": type must be one of ${PROXY_CACHE_TYPES.join(", ")}, found "${r.type}"`);
    }
    if (r.url !== UNKNOWN && !/^https?:\/\/[^/\s]+/.test(r.url)) problems.push(`registry "${r.name}": url must start with https:// or http://, found "${r.url}"`);
    if ((r.accessKey === undefined) !== (r.accessSecret === undefined)) problems.push(`registry "${r.name}": give accessKey and accessSecret together, or neither`);
    return problems;
}

/** The createRegistry body. */
export function registryCreateRequest(r: RegistrySpec): T.Registry {
    const credential = r.accessKey === undefined ? undefined : { type: "basic", access_key: r.accessKey, access_secret: r.accessSecret };
    return { name: r.name, type: r.type, url: r.url, description: r.description, insecure: r.insecure, credential };
}

/** The updateRegistry body, complete, so that a removed credential is cleared too. */
export function registryUpdateRequest(r: RegistrySpec): T.RegistryUpdate {
    return {
        name: r.name,
        description: r.description,
        url: r.url,
        insecure: r.insecure,
        credential_type: "basic",
        access_key: r.accessKey ?? "",
        access_secret: r.accessSecret ?? "",
    };
}

/** An endpoint as Harbor reports it. Harbor masks the secret, so the last one applied stands in for it. */
export function observedRegistry(r: T.Registry, lastSecret: string | undefined): RegistrySpec {
    const key = r.credential?.access_key || undefined;
    return {
        name: r.name ?? "",
        type: (r.type ?? "") as RegistryType,
        url: r.url ?? "",
        description: r.description ?? "",
        insecure: r.insecure ?? false,
        ...(key === undefined ? {} : { accessKey: key, accessSecret: lastSecret }),
    };
}

/** A system-level robot account that may only pull, from the listed projects. */
export interface RobotSpec {
    /** Short name; Harbor prefixes it (`robot$<name>`) and cannot rename it. */
    readonly name: string;
    readonly description: string;
    /** Projects it may pull from, sorted. */
    readonly projects: readonly string[];
    readonly disabled: boolean;
    /** Days until the secret expires; -1 never. */
    readonly durationDays: number;
    /** What it may do, one `kind/namespace:resource:action` each, sorted: derived from `projects`, or observed. */
    readonly grants: readonly string[];
}

/** Compared fields of a robot account; Harbor cannot rename a robot. */
export const ROBOT_FIELDS = ["name", "description", "disabled", "durationDays", "grants"] as const;
/** Robot fields Harbor cannot change in place. */
export const ROBOT_REPLACE_ON: readonly string[] = ["name"];

/** The grants of a pull-only robot on these projects. */
export function pullGrants(projects: readonly string[]): string[] {
    return [...new Set(projects)].map((p) => `project/${p}:repository:pull`).sort();
}

/** Problems with a robot's settings; empty when it is valid. */
export function validateRobot(r: Pick<RobotSpec, "name" | "projects" | "durationDays">): string[] {
    const problems: string[] = [];
    if (r.name !== UNKNOWN && !NAME.test(r.name)) problems.push(`robot name "${r.name}" is invalid: Harbor expects lowercase letters and digits, optionally separated by one of . _ -`);
    if (Array.isArray(r.projects) && r.projects.length === 0) problems.push(`robot "${r.name}": list at least one project it may pull from`);
    if (r.durationDays !== -1 && !(Number.isInteger(r.durationDays) && r.durationDays > 0)) {
        problems.push(`robot "${r.name}": durationDays must be -1 (never expires) or a whole number of days, found ${r.durationDays}`);
    }
    return problems;
}

/** The CreateRobot body: level `system`, one pull-only permission per project. */
export function robotCreateRequest(r: RobotSpec): T.RobotCreate {
    return {
        name: r.name,
        description: r.description,
        level: "system",
        disable: r.disabled,
        duration: r.durationDays,
        permissions: [...new Set(r.projects)].sort().map((p) => ({ kind: "project", namespace: p, access: [{ resource: "repository", action: "pull" }] })),
    };
}

/** The UpdateRobot body: the whole robot, under the full name Harbor gave it. */
export function robotUpdateRequest(r: RobotSpec, id: number, fullName: string): T.Robot {
    return { ...robotCreateRequest(r), id, name: fullName };
}

/** A robot as Harbor reports it, keeping the short name it was created with. */
export function observedRobot(r: T.Robot, shortName: string): RobotSpec {
    const perms = r.permissions ?? [];
    const grants = perms.flatMap((p) => (p.access ?? []).map((a) => `${p.kind}/${p.namespace}:${a.resource}:${a.action}`)).sort();
    return {
        name: shortName,
        description: r.description ?? "",
        projects: perms.filter((p) => p.kind === "project").map((p) => p.namespace ?? "").sort(),
        disabled: r.disable ?? false,
        durationDays: r.duration ?? -1,
        grants,
    };
}
