/**
 * What KubeSphere's controllers write onto the objects the program creates, and whether a `pulumi refresh` after
 * they have would show drift. A model, not a cluster: each effect is what kubesphere v4.1.3's controller does,
 * cited, applied to the object as the program declared it. Drift is what @pulumi/kubernetes would report: with
 * server-side apply it owns the fields it sets, so a field a controller adds beside them is no drift, a field it
 * sets that a controller changes is; a Helm release's refresh reads the release's values whole (`helm get
 * values`), so any change of them is drift.
 */
import { WORKSPACE_LABEL } from "../components/tenancy/names";

/** An object as the program declared it: its type token and inputs. */
export interface Declared {
    readonly type: string;
    readonly name: string;
    readonly inputs: Record<string, unknown>;
}

/** A controller's writes onto one kind of object. */
export interface ControllerEffect {
    /** Who writes, and where upstream says so. */
    readonly writer: string;
    /** The object after the controller acted. */
    readonly apply: (inputs: Record<string, unknown>) => Record<string, unknown>;
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : {});

function withMetadata(o: Obj, edit: (metadata: Obj) => Obj): Obj {
    return { ...o, metadata: edit(obj(o.metadata)) };
}

/** The member ks-core values the host installs (components/federation/values.ts), given here to keep the model pure. */
export type MemberInstall = (config: Obj) => Obj;

/**
 * The effects, by type token. A Helm release of ks-core on a member is replaced by the host's own install
 * (`memberInstall`, helper.go:66-124), which runs `helm upgrade ks-core` over whatever release it finds.
 */
export function controllerEffects(memberInstall: MemberInstall): Readonly<Record<string, ControllerEffect>> {
    return {
        "kubernetes:cluster.kubesphere.io/v1alpha1:Cluster": {
            writer: "the host's cluster controller (pkg/controller/cluster/cluster_controller.go:266-306, 399-443): finalizer, the API endpoint, the config hash, status",
            apply: (o) => {
                const spec = obj(o.spec);
                const connection = obj(spec.connection);
                return {
                    ...withMetadata(o, (m) => ({
                        ...m,
                        finalizers: [...((m.finalizers as string[] | undefined) ?? []), "finalizers.kubesphere.io/cluster"],
                        annotations: { ...obj(m.annotations), "kubesphere.io/config-hash": "fnv64a-of-spec.config" },
                    })),
                    spec: { ...spec, connection: { ...connection, kubernetesAPIEndpoint: "https://192.0.2.1:6443" } },
                    status: { uid: "kube-system-uid", conditions: [{ type: "KSCoreReady", status: "True" }, { type: "Ready", status: "True" }] },
                };
            },
        },
        "kubernetes:kubesphere.io/v1alpha1:InstallPlan": {
            writer: "the InstallPlan controller (pkg/controller/core/installplan_controller.go:264-268, 1119-1165): its finalizer, status",
            apply: (o) => ({
                ...withMetadata(o, (m) => ({ ...m, finalizers: [...((m.finalizers as string[] | undefined) ?? []), "kubesphere.io/installplan-protection"] })),
                status: { state: "Installed", targetNamespace: "kubesphere-monitoring-system" },
            }),
        },
        "kubernetes:kubesphere.io/v1alpha1:ExtensionVersion": {
            // with spec.version set the controller leaves the object alone; else it rewrites spec and labels
            writer: "the ExtensionVersion controller (pkg/controller/core/extensionversion_controller.go:79-141): nothing when spec.version is set",
            apply: (o) => (obj(o.spec).version ? o : { ...o, spec: { ...obj(o.spec), version: "from extension.yaml" }, metadata: { ...obj(o.metadata), labels: { "kubesphere.io/category": "from extension.yaml" } } }),
        },
        "kubernetes:kubesphere.io/v1alpha1:Extension": {
            writer:
                "the InstallPlan and Extension controllers (installplan_controller.go:855-895; extension_controller.go:141-179): status; " +
                "ks-core's extensions-museum Repository (repository_controller.go:108-135): labels, spec and owner of an Extension no other repository owns",
            apply: (o) => {
                const labels = obj(obj(o.metadata).labels);
                const taken = !labels["kubesphere.io/repository-ref"] || labels["kubesphere.io/repository-ref"] === "extensions-museum";
                const status = { state: "Installed", recommendedVersion: "from the versions" };
                if (!taken) return { ...o, status };
                return {
                    ...withMetadata(o, (m) => ({ ...m, labels: { ...obj(m.labels), "kubesphere.io/repository-ref": "extensions-museum" }, ownerReferences: [{ kind: "Repository", name: "extensions-museum" }] })),
                    spec: { displayName: { en: "from the museum's index" } },
                    status,
                };
            },
        },
        "kubernetes:core/v1:Namespace": {
            writer: `the namespace controller (pkg/controller/namespace/namespace_controller.go:88-135), for a namespace with ${WORKSPACE_LABEL}: its finalizer, the project's roles`,
            apply: (o) => (obj(obj(o.metadata).labels)[WORKSPACE_LABEL] ? withMetadata(o, (m) => ({ ...m, finalizers: ["kubesphere.io/cascading-deletion"] })) : o),
        },
        "kubernetes:helm.sh/v3:Release": {
            writer: "the host's cluster controller on a member (pkg/controller/cluster/helper.go:84-111): helm upgrade ks-core over the release, with its own values",
            apply: (o) => {
                const values = obj(o.values);
                const member = o.chart === "ks-core" && obj(values.multicluster).role === "member";
                return member ? { ...o, values: memberInstall(values) } : o;
            },
        },
    };
}

/** Paths of `declared` whose value the live object does not have (maps compared on the declared keys; lists and scalars whole). */
export function ownedFieldDrift(declared: unknown, live: unknown, at = ""): string[] {
    if (declared !== null && typeof declared === "object" && !Array.isArray(declared)) {
        const l = obj(live);
        return Object.entries(declared as Obj).flatMap(([k, v]) => ownedFieldDrift(v, l[k], at ? `${at}.${k}` : k));
    }
    return JSON.stringify(declared) === JSON.stringify(live) ? [] : [at];
}

/** Paths where two values differ, anywhere (a Helm release's values, read whole). */
export function wholeDrift(a: unknown, b: unknown, at = ""): string[] {
    const maps = [a, b].every((x) => x !== null && typeof x === "object" && !Array.isArray(x));
    if (!maps) return JSON.stringify(a) === JSON.stringify(b) ? [] : [at];
    const keys = [...new Set([...Object.keys(a as Obj), ...Object.keys(b as Obj)])].sort();
    return keys.flatMap((k) => wholeDrift((a as Obj)[k], (b as Obj)[k], at ? `${at}.${k}` : k));
}

/** What a refresh would show for one declared object once the controllers acted on it: the drifted paths, and who wrote. */
export function refreshDrift(r: Declared, effects: Readonly<Record<string, ControllerEffect>>): { paths: string[]; writer?: string } {
    const effect = effects[r.type];
    if (!effect) return { paths: [] };
    const live = effect.apply(r.inputs);
    const paths = r.type === "kubernetes:helm.sh/v3:Release" ? wholeDrift(r.inputs.values, live.values, "values") : ownedFieldDrift(r.inputs, live);
    return { paths, writer: effect.writer };
}
