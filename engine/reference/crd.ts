import { joinPath } from "../serialized";
import { checkLabel, checkName } from "./names";
import { closestMatch } from "../../config/spelling";
import { listReferenceFiles, readReferenceYaml, referenceDir, ReferenceDataError } from "./paths";
import { describeFound, isOpaque, SchemaProblem, StructuralSchema, validateAgainstSchema } from "./schema";

/** Folder of the reference data holding the KubeSphere CRDs. */
export const KUBESPHERE_CRD_FOLDER = "kubesphere-v4.1.3/crds";

/** One version of a custom resource kind, as its CRD declares it. */
export interface CrdVersion {
    /** `tenant.kubesphere.io/v1beta1`. */
    readonly apiVersion: string;
    readonly kind: string;
    /** `Cluster` or `Namespaced`. */
    readonly scope: string;
    readonly served: boolean;
    readonly storage: boolean;
    readonly deprecated: boolean;
    readonly schema: StructuralSchema;
    /** The CRD file, relative to the reference data. */
    readonly file: string;
}

/** One thing wrong with a custom resource: which object, where in it, expected, found. */
export interface CrdProblem extends SchemaProblem {
    /** `tenant.kubesphere.io/v1beta1 WorkspaceTemplate "ws-a"`. */
    readonly resource: string;
}

interface CrdDocument {
    kind?: string;
    spec?: {
        group: string;
        scope: string;
        names: { kind: string };
        versions: { name: string; served: boolean; storage: boolean; deprecated?: boolean; schema?: { openAPIV3Schema?: StructuralSchema } }[];
    };
}

let loaded: { key: string; versions: CrdVersion[] } | undefined;

/** Every version of every CustomResourceDefinition among `docs` (other documents are ignored). */
export function crdVersionsOf(docs: readonly unknown[], file: string): CrdVersion[] {
    const versions: CrdVersion[] = [];
    for (const doc of docs as CrdDocument[]) {
        if (doc?.kind !== "CustomResourceDefinition" || !doc.spec) continue;
        for (const v of doc.spec.versions) {
            const schema = v.schema?.openAPIV3Schema;
            if (!schema) throw new ReferenceDataError(`${file}: version ${v.name} of ${doc.spec.names.kind} has no openAPIV3Schema`);
            versions.push({
                apiVersion: `${doc.spec.group}/${v.name}`,
                kind: doc.spec.names.kind,
                scope: doc.spec.scope,
                served: v.served,
                storage: v.storage,
                deprecated: v.deprecated === true,
                schema,
                file,
            });
        }
    }
    return versions;
}

/** Every version of every custom resource kind in the reference CRDs (loaded once per data folder). */
export function customResourceVersions(): readonly CrdVersion[] {
    const files = listReferenceFiles(KUBESPHERE_CRD_FOLDER, ".yaml");
    const key = [referenceDir(), ...files].join("\n");
    if (loaded?.key === key) return loaded.versions;
    const versions = files.flatMap((file) => crdVersionsOf(readReferenceYaml(file), file));
    loaded = { key, versions };
    return versions;
}

/** The CRD version for an apiVersion and kind, or undefined when the reference has none. */
export function findCustomResource(apiVersion: string, kind: string): CrdVersion | undefined {
    return customResourceVersions().find((v) => v.apiVersion === apiVersion && v.kind === kind);
}

const STRING_MAP: StructuralSchema = { type: "object", additionalProperties: { type: "string" } };

function problem(resource: string, path: string, expected: string, found: string): CrdProblem {
    return { resource, path, expected, found, message: `${resource}: ${path || "(root)"}: expected ${expected}, found ${found}` };
}

function checkMetadata(meta: unknown, crd: CrdVersion, resource: string): CrdProblem[] {
    if (isOpaque(meta)) return [];
    if (meta === null || typeof meta !== "object" || Array.isArray(meta)) return [problem(resource, "metadata", "a map with at least a name", describeFound(meta))];
    const m = meta as Record<string, unknown>;
    const out: CrdProblem[] = [];
    if (m.name === undefined && m.generateName === undefined) out.push(problem(resource, "metadata.name", "a name", "nothing (the field is missing)"));
    else if (m.name !== undefined && !isOpaque(m.name)) {
        const bad = checkName(m.name);
        if (bad) out.push(problem(resource, "metadata.name", bad.expected, bad.found));
    }
    if (crd.scope === "Cluster" && m.namespace !== undefined) {
        out.push(problem(resource, "metadata.namespace", `no namespace: ${crd.kind} is cluster-scoped, the API server drops it`, describeFound(m.namespace)));
    }
    for (const field of ["labels", "annotations"]) {
        for (const p of validateAgainstSchema(m[field], STRING_MAP, `metadata.${field}`)) out.push({ ...p, resource, message: `${resource}: ${p.message}` });
    }
    const labels = m.labels;
    if (labels && typeof labels === "object" && !isOpaque(labels)) {
        for (const [k, v] of Object.entries(labels)) {
            const bad = isOpaque(v) ? undefined : checkLabel(k, v);
            if (bad) out.push(problem(resource, joinPath("metadata.labels", k), bad.expected, bad.found));
        }
    }
    return out;
}

/**
 * Validates a KubeSphere custom resource (a plain object: apiVersion, kind, metadata, spec...) against the
 * openAPIV3Schema of the matching version of its CRD in the reference data. Also checks what the API server
 * checks outside the schema: apiVersion and kind present and known, the version served, metadata.name a
 * DNS-1123 subdomain, no namespace on a cluster-scoped kind, labels and annotations string maps with valid
 * labels. Returns every problem; an empty list means the API server accepts the object as declared.
 */
export function validateCustomResource(obj: unknown): CrdProblem[] {
    return validateCustomResourceWith(obj, customResourceVersions(), KUBESPHERE_CRD_FOLDER);
}

/** {@link validateCustomResource} against the given CRD versions (`where` names where they come from). */
export function validateCustomResourceWith(obj: unknown, all: readonly CrdVersion[], where: string): CrdProblem[] {
    if (obj === null || typeof obj !== "object" || Array.isArray(obj)) {
        return [problem("(object)", "", "a Kubernetes object (a map with apiVersion, kind and metadata)", describeFound(obj))];
    }
    const o = obj as Record<string, unknown>;
    const name = (o.metadata as Record<string, unknown> | undefined)?.name;
    const resource = `${String(o.apiVersion ?? "(no apiVersion)")} ${String(o.kind ?? "(no kind)")}${typeof name === "string" ? ` ${JSON.stringify(name)}` : ""}`;
    const missing = ["apiVersion", "kind"].filter((k) => typeof o[k] !== "string" || o[k] === "");
    if (missing.length > 0) return missing.map((k) => problem(resource, k, "a non-empty string", describeFound(o[k])));
    const apiVersion = o.apiVersion as string;
    const kind = o.kind as string;
    const crd = all.find((v) => v.apiVersion === apiVersion && v.kind === kind);
    if (!crd) {
        const sameKind = all.filter((v) => v.kind === kind && v.apiVersion.split("/")[0] === apiVersion.split("/")[0]);
        const known = (sameKind.length > 0 ? sameKind : all).map((v) => `${v.apiVersion} ${v.kind}`);
        const near = closestMatch(`${apiVersion} ${kind}`, known);
        const expected = sameKind.length > 0 ? `a version of ${kind} that the CRD declares: ${known.join(", ")}` : `a kind with a CRD in ${where}: ${known.join(", ")}`;
        return [problem(resource, "apiVersion", `${expected}${near ? ` (did you mean ${near}?)` : ""}`, `${apiVersion} ${kind}`)];
    }
    if (!crd.served) return [problem(resource, "apiVersion", `a served version of ${kind}`, `${apiVersion}, which the CRD does not serve`)];
    // metadata is ObjectMeta, checked above; the CRD schema only says `type: object` there
    const schema: StructuralSchema = {
        ...crd.schema,
        properties: { ...crd.schema.properties, metadata: { type: "object", "x-kubernetes-preserve-unknown-fields": true } },
    };
    const out = checkMetadata(o.metadata, crd, resource);
    for (const p of validateAgainstSchema(o, schema, "")) out.push({ ...p, resource, message: `${resource}: ${p.message}` });
    return out;
}
