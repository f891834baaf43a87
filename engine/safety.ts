import type { ResourceChange } from "./diffTypes";
import type { PlanResource } from "./planTypes";

/**
 * Resources whose deletion or replacement loses data or service, and why. The diff marks such changes as
 * dangerous; the merge-request gate fails on them unless the change is acknowledged.
 */
export const STATEFUL_TYPES: Readonly<Record<string, string>> = {
    "alicloud:cs/managedKubernetes:ManagedKubernetes": "a cluster: every workload on it goes down and its etcd state is lost",
    "alicloud:nas/fileSystem:FileSystem": "a NAS file system: every volume on it is lost",
    "alicloud:oss/bucket:Bucket": "an OSS bucket: its objects (registry blobs, metrics) are lost",
    "alicloud:ecs/instance:Instance": "a node of a self-managed cluster: its disks and, for a control-plane node, etcd",
    "kubernetes:core/v1:PersistentVolumeClaim": "a volume claim: with reclaim policy Delete its data goes too",
};

/** Helm charts whose release holds volumes (Harbor's database, redis and jobservice, Thanos' stores, Prometheus). */
export const STATEFUL_CHARTS: Readonly<Record<string, string>> = {
    harbor: "Harbor's database, redis and jobservice volumes",
    thanos: "Thanos' receive and store volumes",
};

/** An InstallPlan: KubeSphere installs its extension's releases, and uninstalls them when it goes. */
const INSTALL_PLAN = "kubernetes:kubesphere.io/v1alpha1:InstallPlan";
/** A storage class named in an InstallPlan's config or overrides (YAML text). */
const STORAGE_CLASS_LINE = /^\s*(storageClass|storageClassName):\s*(\S+)\s*$/gm;

/** The storage classes a YAML text names, in order. */
function storageClassesIn(text: unknown): string[] {
    return typeof text === "string" ? [...text.matchAll(STORAGE_CLASS_LINE)].map((m) => m[2]) : [];
}

/** A values path that names the StorageClass of a release's volumes. */
const STORAGE_CLASS_PATH = /(^|\.)(storageClass|storageClassName)$/;

/** Node-pool inputs whose change rolls every node of the pool (new instances replace the old). */
export const NODE_ROLLING_INPUTS: readonly string[] = [
    "instanceTypes", "imageType", "imageId", "systemDiskCategory", "systemDiskSize", "systemDiskEncrypted", "dataDisks", "runtimeName", "labels",
];

/** Why a change is dangerous, or undefined when it is not. */
export function dangerOf(change: ResourceChange, resource: PlanResource | undefined): string | undefined {
    const chart = typeof resource?.inputs.chart === "string" ? resource.inputs.chart : undefined;
    const stateful = STATEFUL_TYPES[change.type] ?? (change.type === "kubernetes:helm.sh/v3:Release" && chart ? STATEFUL_CHARTS[chart] : undefined);
    if (stateful && (change.kind === "delete" || change.kind === "replace")) return `${change.kind} of ${stateful}`;
    if (change.type === INSTALL_PLAN) {
        if (change.kind === "delete" || change.kind === "replace") {
            return `${change.kind} of an InstallPlan: KubeSphere uninstalls its extension from every cluster it placed it on (whizard-monitoring: every cluster's Prometheus and the Alertmanager)`;
        }
        const moved = change.inputs.filter((i) => i.path.startsWith("spec.config") || i.path.startsWith("spec.clusterScheduling.overrides")).filter((i) => JSON.stringify(storageClassesIn(i.before)) !== JSON.stringify(storageClassesIn(i.after)));
        if (change.kind === "update" && moved.length > 0) {
            return `changes the StorageClass of the extension's volumes (${moved.map((i) => i.path).join(", ")}): a StatefulSet's volume claims cannot change in place, so KubeSphere's upgrade of the release fails until the claims are migrated (README: moving onto the disk class)`;
        }
    }
    if (change.type === "kubernetes:helm.sh/v3:Release" && change.kind === "update") {
        const moved = change.inputs.map((i) => i.path).filter((p) => p.startsWith("values.") && STORAGE_CLASS_PATH.test(p));
        if (moved.length > 0) {
            return `changes the StorageClass of the release's volumes (${moved.join(", ")}): a StatefulSet's volume claims cannot change in place, so Helm's upgrade fails until the claims are migrated (README: moving onto the disk class)`;
        }
    }
    if (change.type === "alicloud:cs/nodePool:NodePool" && change.kind !== "create") {
        const rolling = change.inputs.map((i) => i.path).filter((p) => NODE_ROLLING_INPUTS.some((r) => p === r || p.startsWith(`${r}.`) || p.startsWith(`${r}[`)));
        if (change.kind === "delete") return "delete of a node pool: its nodes and their pods go";
        if (rolling.length > 0) return `replaces every node of the pool (${rolling.join(", ")} changed)`;
    }
    return undefined;
}
