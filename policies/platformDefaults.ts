import { DISK_CLASS, SHARED_CLASS_PATTERNS } from "../components/storage/storageClasses";

/**
 * Defaults of the workload, service and storage policies' knobs, in one place. They are the platform's
 * settings as the pack sees them until the settings feed them; the pack's configuration overrides each one.
 */
export const PLATFORM_DEFAULTS = {
    /** The platform Harbor: the only registry workloads pull from (Harbor proxy caches mirror upstream ones). */
    registryHost: "harbor.ops.kube-platform.internal",
    /**
     * NodePorts Services may use: the Kubernetes (and ACK) default service-node-port-range. Narrow it here and in
     * the clusters' API server flags together.
     */
    nodePortRange: { min: 30000, max: 32767 },
    /** The block-storage class of ReadWriteOnce claims (databases, time series, queues): components/storage DISK_CLASS. */
    blockStorageClass: DISK_CLASS.className,
    /**
     * The classes of shared files (ReadWriteMany / ReadOnlyMany claims): `nas-general`, and the per-zone extreme
     * classes `nas-extreme-<zone>` (a trailing `*` matches any rest), and an IDC cluster's `nfs-shared`:
     * components/storage SHARED_CLASS_PATTERNS.
     */
    sharedStorageClasses: SHARED_CLASS_PATTERNS,
    /**
     * Platform namespaces whose images are pulled from upstream registries, because they run before Harbor
     * exists or Harbor itself runs there: ACK's own components (kube-system, from ACK's registry), a
     * self-managed cluster's Calico (the network comes before any pull through Harbor), and Harbor. Every other
     * platform release (KubeSphere, monitoring, Thanos, logging, ElastAlert) pulls through Harbor's proxy caches.
     */
    bootstrapNamespaces: ["kube-system", "tigera-operator", "calico-system", "harbor"],
} as const;
