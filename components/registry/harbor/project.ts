import type { HarborClient } from "./api";
import { HARBOR_NAME, Kind, UNKNOWN, input, num } from "./spec";
import type * as T from "./types";

/** A Harbor project (ordinary, or a proxy cache of a registry endpoint): its state, defaults, rules and CRUD. */

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
export const PROJECT_REPLACE_ON = ["name", "registryId"] as const;

/** Problems with a project's settings, as sentences; empty when it is valid. */
export function validateProject(p: ProjectSpec): string[] {
    const problems: string[] = [];
    if (p.name !== UNKNOWN && (!HARBOR_NAME.test(p.name) || p.name.length > 255)) {
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

/** A project's defaults: private, no quota. */
export const PROJECT_DEFAULTS = { public: false, storageQuotaGiB: -1 } as const;

/** The project kind of the Harbor provider. */
export const projectKind: Kind<ProjectSpec> = {
    fields: PROJECT_FIELDS,
    replaceOn: PROJECT_REPLACE_ON,
    parse: (p) => ({
        name: input(p, "name", ""),
        public: input(p, "public", PROJECT_DEFAULTS.public),
        storageQuotaGiB: input(p, "storageQuotaGiB", PROJECT_DEFAULTS.storageQuotaGiB),
        ...(p.registryId === undefined || p.registryId === null ? {} : { registryId: input(p, "registryId", 0) }),
    }),
    validate: validateProject,
    async create(client, spec) {
        const id = await client.createProject(projectCreateRequest(spec));
        return { id: String(id), outs: { projectId: id } };
    },
    async read(client, id) {
        const project = await client.getProject(num(id));
        if (!project) return undefined;
        return { ...observedProject(project, await client.getProjectQuota(num(id))), projectId: num(id) };
    },
    async update(client: HarborClient, id, _olds, spec, changed) {
        if (changed.includes("public")) await client.updateProject(num(id), projectUpdateRequest(spec));
        if (changed.includes("storageQuotaGiB")) {
            const quota = await client.getProjectQuota(num(id));
            if (quota?.id === undefined) throw new Error(`Harbor has no quota for project ${spec.name} (id ${id}) to update`);
            await client.updateQuota(quota.id, { hard: { storage: storageLimitBytes(spec.storageQuotaGiB) } });
        }
        return { projectId: num(id) };
    },
    delete: (client, id) => client.deleteProject(num(id)),
};
