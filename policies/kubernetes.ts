import * as k8s from "@pulumi/kubernetes";
import { EnforcementLevel, ResourceValidationPolicy } from "@pulumi/policy";
import { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import { Exemption, defaultExemptions, exemptionFor, exemptionsSchema } from "./exemptions";
import { ViolationParts, configured, violation } from "./support";

/**
 * Kubernetes objects as the workload, service and storage policies see them, whether the program declares them
 * or `npm run check` reads them from manifests: both arrive typed by the provider's type tokens.
 */

export type PodSpec = k8s.types.output.core.v1.PodSpec;
export type Container = k8s.types.output.core.v1.Container;
export type SecurityContext = k8s.types.output.core.v1.SecurityContext;
export type PodSecurityContext = k8s.types.output.core.v1.PodSecurityContext;

/** Where each pod-bearing kind keeps its pod spec; the pod's metadata sits beside it. */
export const POD_SPEC_PATHS: Readonly<Record<string, readonly string[]>> = {
    "kubernetes:core/v1:Pod": ["spec"],
    "kubernetes:core/v1:ReplicationController": ["spec", "template", "spec"],
    "kubernetes:apps/v1:Deployment": ["spec", "template", "spec"],
    "kubernetes:apps/v1:StatefulSet": ["spec", "template", "spec"],
    "kubernetes:apps/v1:DaemonSet": ["spec", "template", "spec"],
    "kubernetes:apps/v1:ReplicaSet": ["spec", "template", "spec"],
    "kubernetes:batch/v1:Job": ["spec", "template", "spec"],
    "kubernetes:batch/v1:CronJob": ["spec", "jobTemplate", "spec", "template", "spec"],
};

/** The type tokens of every pod-bearing kind. */
export const POD_BEARING_TYPES: readonly string[] = Object.keys(POD_SPEC_PATHS);

/** The container lists of a pod spec, each checked like the others. */
export const CONTAINER_LISTS = ["initContainers", "containers", "ephemeralContainers"] as const;
export type ContainerList = (typeof CONTAINER_LISTS)[number];

/** A Kubernetes object: its kind, namespace and name, and its properties (unknown values throw on access). */
export interface KubeObject {
    readonly type: string;
    readonly kind: string;
    /** `metadata.namespace`, or `default` (where the object lands when it names none). */
    readonly namespace: string;
    readonly name: string;
    /** How messages name it: `Deployment shop/web`. */
    readonly label: string;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    readonly props: Record<string, any>;
}

/** A pod-bearing object with its pod spec and pod metadata, and the paths to them. */
export interface Workload extends KubeObject {
    readonly pod: PodSpec;
    readonly podPath: string;
    readonly podAnnotations: Readonly<Record<string, string>>;
    readonly podMetadataPath: string;
}

/** A container of a workload, with the path messages name it by: `spec.template.spec.initContainers[0]`. */
export interface ContainerAt {
    readonly container: Container;
    readonly list: ContainerList;
    readonly path: string;
}

/** The value at a path of nested objects, or undefined where the path stops. */
export function dig(value: unknown, path: readonly string[]): unknown {
    return path.reduce<unknown>((v, key) => (v !== null && typeof v === "object" ? (v as Record<string, unknown>)[key] : undefined), value);
}

/** Cluster-scoped kinds the pack checks: their label has no namespace. */
const CLUSTER_SCOPED_KINDS = new Set(["IPPool", "StorageClass", "Namespace", "ClusterRole", "ClusterRoleBinding"]);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function kubeObject(type: string, props: Record<string, any>, resourceName: string): KubeObject {
    const kind = type.split(":").pop() ?? type;
    const namespace = String(props.metadata?.namespace ?? "default");
    // a declared object without metadata.name is auto-named after its Pulumi resource name
    const name = String(props.metadata?.name ?? resourceName);
    return { type, kind, namespace, name, label: CLUSTER_SCOPED_KINDS.has(kind) ? `${kind} ${name}` : `${kind} ${namespace}/${name}`, props };
}

/** The workload view of a pod-bearing object; undefined for other kinds or without a pod spec. */
export function workloadOf(obj: KubeObject): Workload | undefined {
    const path = POD_SPEC_PATHS[obj.type];
    const pod = path ? dig(obj.props, path) : undefined;
    if (!path || pod === null || typeof pod !== "object") return undefined;
    const metadataPath = [...path.slice(0, -1), "metadata"];
    const annotations = (dig(obj.props, [...metadataPath, "annotations"]) ?? {}) as Record<string, string>;
    return { ...obj, pod: pod as PodSpec, podPath: path.join("."), podAnnotations: annotations, podMetadataPath: metadataPath.join(".") };
}

/** The containers of the given lists (all three by default), in list order. */
export function containersOf(w: Workload, lists: readonly ContainerList[] = CONTAINER_LISTS): ContainerAt[] {
    return lists.flatMap((list) =>
        ((w.pod[list] ?? []) as Container[]).map((container, i) => ({ container, list, path: `${w.podPath}.${list}[${i}]` })),
    );
}

/** What a check reports: the violation's parts except the resource, which the policy names. */
export type Finding = Omit<ViolationParts, "resource">;

/** A policy over Kubernetes objects of some types. */
export interface KubePolicySpec<C, O> {
    readonly name: string;
    readonly description: string;
    readonly enforcementLevel: EnforcementLevel;
    /** The knobs, each schema with its `default` (the value used when the configuration sets none). */
    readonly knobs?: Record<string, PolicyConfigJSONSchema>;
    /** What the knobs' JSON schemas cannot say (a range's min not above its max): each problem of a configured value. */
    readonly knobRules?: (config: C) => readonly KnobProblem[];
    check(obj: O, config: C, report: (finding: Finding) => void): void;
}

/** A configured knob value that its schema accepts and the policy cannot use. */
export interface KnobProblem {
    /** The knob's path inside the policy's configuration (`nodePortRange`). */
    readonly knob: string;
    readonly expected: string;
    readonly found: string;
    readonly fix: string;
}

/**
 * A policy with knob rules beyond its schema: the offline engine reports them with the policy configuration's
 * other problems (engine/policyConfig.ts); under `pulumi preview` the policy refuses to run with them.
 */
export type RuledPolicy = ResourceValidationPolicy & { readonly knobRules?: (config: Record<string, unknown>) => readonly KnobProblem[] };

/**
 * A resource policy over Kubernetes objects of `types`. It adds the `exemptions` knob (defaults from
 * exemptions.ts), reads its configuration with `args.getConfig()` over the knobs' defaults, skips an exempt
 * object, and names the object in every message.
 */
export function kubePolicy<C extends object>(types: readonly string[], spec: KubePolicySpec<C, KubeObject>): RuledPolicy {
    // the platform's own exemptions (defaults, in policies/exemptions.ts) and an app team's, which the repository's
    // policy configuration (policies/config.json) adds without restating the platform's
    const knobs: Record<string, PolicyConfigJSONSchema> = {
        ...spec.knobs,
        exemptions: exemptionsSchema(defaultExemptions(spec.name)),
        teamExemptions: { ...exemptionsSchema([]), description: "Exemptions of app teams, beside the platform's own (exemptions); each names its namespace, object and reason." },
    };
    const defaults = Object.fromEntries(Object.entries(knobs).map(([key, schema]) => [key, schema.default]));
    const knobRules = spec.knobRules as ((config: Record<string, unknown>) => readonly KnobProblem[]) | undefined;
    return {
        name: spec.name,
        description: spec.description,
        enforcementLevel: spec.enforcementLevel,
        configSchema: { properties: knobs },
        knobRules,
        validateResource: (args, reportViolation) => {
            if (!types.includes(args.type)) return;
            const config = configured(args, defaults) as C & { exemptions: Exemption[]; teamExemptions: Exemption[] };
            const broken = knobRules?.(config as Record<string, unknown>) ?? [];
            if (broken.length > 0) throw new Error(`${spec.name}: its configuration cannot be used: ${broken.map((b) => `${b.knob}: expected ${b.expected}, found ${b.found}; ${b.fix}`).join("; ")}`);
            const obj = kubeObject(args.type, args.props, args.name);
            if (exemptionFor([...config.exemptions, ...config.teamExemptions], obj)) return;
            spec.check(obj, config, (finding) => reportViolation(violation({ resource: obj.label, ...finding })));
        },
    };
}

/** A {@link kubePolicy} over every pod-bearing kind, checking the workload view. */
export function workloadPolicy<C extends object = object>(spec: KubePolicySpec<C, Workload>): RuledPolicy {
    return kubePolicy<C>(POD_BEARING_TYPES, {
        ...spec,
        check: (obj, config, report) => {
            const w = workloadOf(obj);
            if (w) spec.check(w, config, report);
        },
    });
}
