import { MutatingWebhookConfiguration, ValidatingWebhookConfiguration } from "kubernetes-models/admissionregistration.k8s.io/v1";
import { CustomResourceDefinition } from "kubernetes-models/apiextensions.k8s.io/v1";
import { DaemonSet, Deployment, StatefulSet } from "kubernetes-models/apps/v1";
import { CronJob, Job } from "kubernetes-models/batch/v1";
import { HorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2";
import { Ingress, NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1";
import { ClusterRole, ClusterRoleBinding, Role, RoleBinding } from "kubernetes-models/rbac.authorization.k8s.io/v1";
import { PriorityClass } from "kubernetes-models/scheduling.k8s.io/v1";
import { CSIDriver, StorageClass } from "kubernetes-models/storage.k8s.io/v1";
import { ConfigMap, Endpoints, LimitRange, Namespace, PersistentVolumeClaim, Pod, ResourceQuota, Secret, Service, ServiceAccount } from "kubernetes-models/v1";
import { joinPath } from "../serialized";
import { checkLabel, checkName, NameRule } from "./names";
import { closestMatch } from "../../config/spelling";
import { describeFound, isOpaque } from "./schema";

/** A kubernetes-models class: constructed from a plain object, `validate()` throws on an invalid one. */
interface ModelClass {
    new (data: never): { validate(): void };
}

interface ModelEntry {
    readonly model: ModelClass;
    /** The rule `metadata.name` follows (kubernetes-models does not check names). */
    readonly name: NameRule;
}

const entry = (model: unknown, name: NameRule = "dns1123-subdomain"): ModelEntry => ({ model: model as ModelClass, name });

/** The core kinds the platform declares, by `apiVersion kind`. Add a row to validate another kind. */
const MODELS: Readonly<Record<string, ModelEntry>> = {
    "v1 Namespace": entry(Namespace, "dns1123-label"),
    "v1 ResourceQuota": entry(ResourceQuota),
    "v1 LimitRange": entry(LimitRange),
    "v1 Secret": entry(Secret),
    "v1 ServiceAccount": entry(ServiceAccount),
    "v1 ConfigMap": entry(ConfigMap),
    "v1 Service": entry(Service, "dns1035-label"),
    "v1 PersistentVolumeClaim": entry(PersistentVolumeClaim),
    "v1 Pod": entry(Pod),
    "v1 Endpoints": entry(Endpoints),
    "apps/v1 Deployment": entry(Deployment),
    "apps/v1 DaemonSet": entry(DaemonSet),
    "apps/v1 StatefulSet": entry(StatefulSet),
    "batch/v1 Job": entry(Job),
    "batch/v1 CronJob": entry(CronJob),
    "autoscaling/v2 HorizontalPodAutoscaler": entry(HorizontalPodAutoscaler),
    "policy/v1 PodDisruptionBudget": entry(PodDisruptionBudget),
    "networking.k8s.io/v1 NetworkPolicy": entry(NetworkPolicy),
    "networking.k8s.io/v1 Ingress": entry(Ingress),
    "storage.k8s.io/v1 StorageClass": entry(StorageClass),
    "storage.k8s.io/v1 CSIDriver": entry(CSIDriver),
    "scheduling.k8s.io/v1 PriorityClass": entry(PriorityClass),
    "rbac.authorization.k8s.io/v1 Role": entry(Role, "path-segment"),
    "rbac.authorization.k8s.io/v1 ClusterRole": entry(ClusterRole, "path-segment"),
    "rbac.authorization.k8s.io/v1 RoleBinding": entry(RoleBinding, "path-segment"),
    "rbac.authorization.k8s.io/v1 ClusterRoleBinding": entry(ClusterRoleBinding, "path-segment"),
    // what the platform's charts render besides (npm run render)
    "admissionregistration.k8s.io/v1 MutatingWebhookConfiguration": entry(MutatingWebhookConfiguration),
    "admissionregistration.k8s.io/v1 ValidatingWebhookConfiguration": entry(ValidatingWebhookConfiguration),
    "apiextensions.k8s.io/v1 CustomResourceDefinition": entry(CustomResourceDefinition),
};

/** The `apiVersion kind` pairs {@link validateKubernetesObject} knows. */
export const KUBERNETES_MODEL_KINDS: readonly string[] = Object.keys(MODELS);

interface AjvError {
    readonly instancePath?: string;
    readonly message?: string;
    readonly params?: { allowedValues?: unknown[] };
}

/** `/spec/hard/limits.cpu` -> `spec.hard["limits.cpu"]`, with list indexes as `[n]`. */
function toPath(pointer: string, root: unknown): { path: string; value: unknown } {
    let path = "";
    let value = root;
    for (const raw of pointer.split("/").slice(1)) {
        const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
        const index = Array.isArray(value) && /^\d+$/.test(key) ? Number(key) : undefined;
        path = joinPath(path, index ?? key);
        value = (value as Record<string, unknown> | undefined)?.[index ?? key];
    }
    return { path, value };
}

/**
 * Validates a core Kubernetes object (a plain manifest) with the `kubernetes-models` package, the
 * upstream OpenAPI schemas compiled: types, enums, required fields, quantity and int-or-string formats.
 * Adds what those schemas leave out: the kind known, `metadata.name` following the kind's name rule
 * (Namespace: DNS-1123 label, Service: DNS-1035 label, RBAC: path segment, others: DNS-1123 subdomain),
 * and valid labels. Note: the schemas do not reject unknown fields; build objects as typed literals of
 * the model classes so that the compiler catches a misspelt field. Returns one message per problem.
 */
export function validateKubernetesObject(obj: unknown): string[] {
    if (obj === null || typeof obj !== "object" || Array.isArray(obj)) return [`(object): expected a Kubernetes object (a map with apiVersion and kind), found ${describeFound(obj)}`];
    const o = obj as Record<string, unknown>;
    const meta = (o.metadata ?? {}) as Record<string, unknown>;
    const id = `${String(o.apiVersion ?? "(no apiVersion)")} ${String(o.kind ?? "(no kind)")}`;
    const resource = `${id}${typeof meta.name === "string" ? ` ${JSON.stringify(meta.name)}` : ""}`;
    const known = MODELS[id];
    if (!known) {
        const near = closestMatch(id, KUBERNETES_MODEL_KINDS);
        return [`${resource}: apiVersion/kind: expected one of ${KUBERNETES_MODEL_KINDS.join(", ")}${near ? ` (did you mean ${near}?)` : ""}, found ${id}`];
    }
    const out: string[] = [];
    if (meta.name === undefined && meta.generateName === undefined) out.push(`${resource}: metadata.name: expected a name, found nothing (the field is missing)`);
    else if (meta.name !== undefined && !isOpaque(meta.name)) {
        const bad = checkName(meta.name, known.name);
        if (bad) out.push(`${resource}: metadata.name: expected ${bad.expected}, found ${bad.found}`);
    }
    if (meta.labels && typeof meta.labels === "object" && !isOpaque(meta.labels)) {
        for (const [k, v] of Object.entries(meta.labels)) {
            const bad = isOpaque(v) ? undefined : checkLabel(k, v);
            if (bad) out.push(`${resource}: ${joinPath("metadata.labels", k)}: expected ${bad.expected}, found ${bad.found}`);
        }
    }
    try {
        new known.model(obj as never).validate();
    } catch (err) {
        const errors = (err as { errors?: AjvError[] }).errors;
        if (!Array.isArray(errors)) throw err;
        const byPath = new Map<string, { value: unknown; messages: string[] }>();
        for (const e of errors) {
            const { path, value } = toPath(e.instancePath ?? "", obj);
            const allowed = e.params?.allowedValues ? ` (${e.params.allowedValues.map((v) => JSON.stringify(v)).join(", ")})` : "";
            const at = byPath.get(path) ?? { value, messages: [] };
            at.messages.push(`${e.message ?? "is invalid"}${allowed}`);
            byPath.set(path, at);
        }
        for (const [path, { value, messages }] of byPath) {
            // ajv adds a summary line for oneOf/anyOf after the branch errors: noise when the branches are listed
            const specific = messages.filter((m) => !/schema in "(oneOf|anyOf)"/.test(m));
            const text = [...new Set(specific.length > 0 ? specific : messages)].join(", or ");
            out.push(`${resource}: ${path || "(root)"}: expected a value that ${text}; found ${describeFound(value)}`);
        }
    }
    return out;
}
