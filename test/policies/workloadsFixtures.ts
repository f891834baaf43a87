import { Policies } from "@pulumi/policy";
import { Violation, analyze } from "../../engine/analyze";
import { kubernetesType, manifestResource } from "../../engine/manifests";
import { platformPack } from "../../engine/pack";

/**
 * Compliant Kubernetes objects for the workload, service and storage policy tests, and a way to run the pack
 * over them exactly as `npm run check` does (plain objects, typed by the provider's type tokens).
 */

export const HARBOR = "harbor.ops.kube-platform.internal";
/** The value the engine puts where a value is unknown during a preview. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

type Obj = Record<string, unknown>;

/** A compliant container: a pinned Harbor image, requests and limits, the restricted profile's settings. */
export function compliantContainer(name: string, withResources = true): Obj {
    return {
        name,
        image: `${HARBOR}/shop/${name}:1.4.2`,
        ...(withResources ? { resources: { requests: { cpu: "250m", memory: "256Mi" }, limits: { cpu: "1", memory: "512Mi" } } } : {}),
        securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
    };
}

/** A compliant pod spec with a container in each of the three lists (ephemeral containers cannot have resources). */
export function compliantPodSpec(): Obj {
    return {
        securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
        initContainers: [compliantContainer("migrate")],
        containers: [compliantContainer("web")],
        ephemeralContainers: [compliantContainer("debug", false)],
        volumes: [{ name: "scratch", emptyDir: {} }],
    };
}

/** Each pod-bearing kind: its apiVersion and the path of its pod spec. */
export const POD_BEARING_KINDS: readonly { kind: string; apiVersion: string; podPath: string }[] = [
    { kind: "Pod", apiVersion: "v1", podPath: "spec" },
    { kind: "ReplicationController", apiVersion: "v1", podPath: "spec.template.spec" },
    { kind: "Deployment", apiVersion: "apps/v1", podPath: "spec.template.spec" },
    { kind: "StatefulSet", apiVersion: "apps/v1", podPath: "spec.template.spec" },
    { kind: "DaemonSet", apiVersion: "apps/v1", podPath: "spec.template.spec" },
    { kind: "ReplicaSet", apiVersion: "apps/v1", podPath: "spec.template.spec" },
    { kind: "Job", apiVersion: "batch/v1", podPath: "spec.template.spec" },
    { kind: "CronJob", apiVersion: "batch/v1", podPath: "spec.jobTemplate.spec.template.spec" },
];

const labels = { app: "web" };

/**
 * A compliant object of a pod-bearing kind, named shop/web, around a compliant pod spec. The Pod is owned by a
 * ReplicaSet (as `kubectl get pod -o yaml` shows it), so no-bare-pods has nothing to say about it.
 */
export function compliantWorkload(kind: string): Obj {
    const { apiVersion } = POD_BEARING_KINDS.find((k) => k.kind === kind)!;
    const metadata = { name: "web", namespace: "shop" };
    const template = { metadata: { labels }, spec: compliantPodSpec() };
    const selector = { matchLabels: labels };
    const spec: Record<string, Obj> = {
        Pod: compliantPodSpec(),
        ReplicationController: { replicas: 2, selector: labels, template },
        Deployment: { replicas: 2, selector, template },
        StatefulSet: { replicas: 2, serviceName: "web", selector, template },
        DaemonSet: { selector, template },
        ReplicaSet: { replicas: 2, selector, template },
        Job: { template: { ...template, spec: { ...compliantPodSpec(), restartPolicy: "Never" } } },
        CronJob: { schedule: "0 3 * * *", jobTemplate: { spec: { template: { ...template, spec: { ...compliantPodSpec(), restartPolicy: "Never" } } } } },
    };
    const owned = kind === "Pod" ? { ownerReferences: [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: "web-7d9c", uid: "1", controller: true }], labels } : {};
    return { apiVersion, kind, metadata: { ...metadata, ...owned }, spec: spec[kind] };
}

/** The object at a dotted path, e.g. `spec.template.spec` (not a copy: mutate it inside {@link changed}). */
export function at(obj: Obj, path: string): Obj {
    return path.split(".").reduce<Obj>((o, key) => o[key] as Obj, obj);
}

/** A deep copy of `obj` changed by `mutate`. */
export function changed(obj: Obj, mutate: (copy: Obj) => void): Obj {
    const copy = structuredClone(obj);
    mutate(copy);
    return copy;
}

/** The violations of the whole pack (or of some policies) over plain objects, as `npm run check` runs them. */
export async function checkObjects(objects: readonly Obj[], policies?: Policies): Promise<Violation[]> {
    const resources = objects.map((object, i) => {
        const metadata = (object.metadata ?? {}) as { name?: string; namespace?: string };
        return manifestResource(
            { source: "test", document: i + 1, kind: String(object.kind), apiVersion: String(object.apiVersion), namespace: metadata.namespace, name: String(metadata.name), object },
            i,
        );
    });
    const pack = policies ? { ...platformPack(), policies } : platformPack();
    return analyze(pack, resources, { stack: false });
}

/** The type token of a kind of {@link POD_BEARING_KINDS}. */
export function typeOfKind(kind: string): string {
    const { apiVersion } = POD_BEARING_KINDS.find((k) => k.kind === kind)!;
    return kubernetesType(apiVersion, kind);
}

/** `policy: message second line` of each violation: the line that names resource, field, expected, found, fix. */
export function summaries(vs: readonly Violation[]): string[] {
    return vs.map((v) => `${v.policy} [${v.enforcementLevel}]: ${v.message.split("\n").slice(1).join("\n")}`);
}
