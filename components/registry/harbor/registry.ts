import { Kind, UNKNOWN, input, num } from "./spec";
import type * as T from "./types";

/** A registry endpoint (the upstream of a proxy-cache project): its state, defaults, rules and CRUD. */

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
export const REGISTRY_REPLACE_ON = ["type"] as const;

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

/** A registry endpoint's defaults: no description, TLS verified, anonymous. */
export const REGISTRY_DEFAULTS = { description: "", insecure: false } as const;

/** The registry kind of the Harbor provider. */
export const registryKind: Kind<RegistrySpec> = {
    fields: REGISTRY_FIELDS,
    replaceOn: REGISTRY_REPLACE_ON,
    parse: (p) => ({
        name: input(p, "name", ""),
        type: input<RegistryType>(p, "type", "docker-registry"),
        url: input(p, "url", ""),
        description: input(p, "description", REGISTRY_DEFAULTS.description),
        insecure: input(p, "insecure", REGISTRY_DEFAULTS.insecure),
        ...(p.accessKey === undefined ? {} : { accessKey: input(p, "accessKey", "") }),
        ...(p.accessSecret === undefined ? {} : { accessSecret: input(p, "accessSecret", "") }),
    }),
    validate: validateRegistry,
    async create(client, spec) {
        const id = await client.createRegistry(registryCreateRequest(spec));
        return { id: String(id), outs: { registryId: id } };
    },
    async read(client, id, olds) {
        const registry = await client.getRegistry(num(id));
        return registry && { ...observedRegistry(registry, typeof olds.accessSecret === "string" ? olds.accessSecret : undefined), registryId: num(id) };
    },
    async update(client, id, _olds, spec) {
        await client.updateRegistry(num(id), registryUpdateRequest(spec));
        return { registryId: num(id) };
    },
    delete: (client, id) => client.deleteRegistry(num(id)),
};
