import * as YAML from "yaml";
import { AnalyzedResource } from "./analyze";
import { UsageError } from "./stackConfig";

/** A Kubernetes object read from a manifest, with where it came from. */
export interface ManifestObject {
    readonly source: string;
    /** 1-based document index in its source. */
    readonly document: number;
    readonly kind: string;
    readonly apiVersion: string;
    readonly namespace?: string;
    readonly name: string;
    readonly object: Record<string, unknown>;
}

/** The Pulumi type token of a Kubernetes object: `apps/v1` Deployment -> `kubernetes:apps/v1:Deployment`. */
export function kubernetesType(apiVersion: string, kind: string): string {
    const groupVersion = apiVersion.includes("/") ? apiVersion : `core/${apiVersion}`;
    return `kubernetes:${groupVersion}:${kind}`;
}

/**
 * Parses multi-document YAML (plain manifests or `helm template` output). Empty documents are skipped and
 * `kind: List` is flattened. A YAML error or an object without apiVersion, kind or name is a usage error
 * naming the source, the document and the line.
 */
export function parseManifests(text: string, source: string): ManifestObject[] {
    const objects: ManifestObject[] = [];
    const docs = YAML.parseAllDocuments(text);
    docs.forEach((doc, i) => {
        if (doc.errors.length > 0) {
            const e = doc.errors[0];
            const line = e.linePos?.[0]?.line;
            throw new UsageError(`${source}: document ${i + 1}${line ? `, line ${line}` : ""}: invalid YAML: ${e.message.split("\n")[0]}`);
        }
        const value = doc.toJS() as unknown;
        if (value === null || value === undefined) return;
        const add = (obj: unknown, where: string) => {
            if (obj === null || typeof obj !== "object" || Array.isArray(obj)) {
                throw new UsageError(`${source}: ${where}: expected a Kubernetes object (a map with apiVersion and kind)`);
            }
            const o = obj as Record<string, unknown>;
            const meta = (o.metadata ?? {}) as Record<string, unknown>;
            const missing = ["apiVersion", "kind"].filter((k) => typeof o[k] !== "string");
            if (typeof meta.name !== "string" && typeof meta.generateName !== "string") missing.push("metadata.name");
            if (missing.length > 0) throw new UsageError(`${source}: ${where}: missing ${missing.join(", ")}`);
            objects.push({
                source,
                document: i + 1,
                kind: String(o.kind),
                apiVersion: String(o.apiVersion),
                namespace: typeof meta.namespace === "string" ? meta.namespace : undefined,
                name: String(meta.name ?? meta.generateName),
                object: o,
            });
        };
        const v = value as Record<string, unknown>;
        if (v.kind === "List" && Array.isArray(v.items)) v.items.forEach((item, j) => add(item, `document ${i + 1}, items[${j}]`));
        else add(value, `document ${i + 1}`);
    });
    return objects;
}

/** A manifest object as the policy analyzer takes it: typed like the Pulumi Kubernetes provider types it. */
export function manifestResource(m: ManifestObject, index: number): AnalyzedResource {
    const type = kubernetesType(m.apiVersion, m.kind);
    const name = m.namespace ? `${m.namespace}/${m.name}` : m.name;
    return {
        urn: `urn:pulumi:manifests::check::${type}::${name}#${index}`,
        type,
        name,
        protect: false,
        ignoreChanges: [],
        additionalSecretOutputs: [],
        deleteBeforeReplace: false,
        dependencies: [],
        propertyDependencies: {},
        inputs: m.object,
        outputs: m.object,
    };
}
