import { PolicyConfigJSONSchema } from "@pulumi/policy/schema";

/**
 * An exemption from one policy for one workload: declared in the pack's configuration under that policy's
 * `exemptions` knob, scoped to a namespace and a name (and a kind, when given), always with a reason. The rule
 * itself never changes; only the named workload is not checked by it.
 */
export interface Exemption {
    readonly namespace: string;
    /** The object's kind (`DaemonSet`, `Deployment`, ...); any kind when absent. */
    readonly kind?: string;
    readonly name: string;
    /** Why the workload needs it: reviewed like code, printed in docs/policies.md. */
    readonly reason: string;
}

/**
 * What an exemption's `kind` must look like: a Kubernetes kind as a manifest writes it (PascalCase: `Deployment`,
 * `DaemonSet`), since it is compared with the object's kind exactly; `deployment` would match nothing.
 */
export const KIND_PATTERN = "^[A-Z][A-Za-z0-9]*$";

/** The `exemptions` knob's schema: every entry needs a namespace, a name and a reason. */
export function exemptionsSchema(defaults: readonly Exemption[]): PolicyConfigJSONSchema {
    return {
        type: "array",
        description:
            "Workloads this policy does not check, each with a reason. Setting it replaces the default list, so a configuration that sets it must keep every default (the offline commands refuse one that drops any); an app team's exemptions go in teamExemptions.",
        items: {
            type: "object",
            required: ["namespace", "name", "reason"],
            additionalProperties: false,
            properties: {
                namespace: { type: "string", minLength: 1 },
                kind: { type: "string", minLength: 1, pattern: KIND_PATTERN },
                name: { type: "string", minLength: 1 },
                reason: { type: "string", minLength: 10 },
            },
        },
        default: defaults.map((e) => ({ ...e })),
    };
}

/** How messages name an exemption's object: `DaemonSet logging/filebeat` (`any kind` when it names none). */
export function exemptionLabel(e: Pick<Exemption, "namespace" | "kind" | "name">): string {
    return `${e.kind ?? "any kind"} ${e.namespace}/${e.name}`;
}

/**
 * The exemptions of `defaults` that a configured `exemptions` list leaves out: none of its entries covers the
 * same namespace and name with the same kind (or with none, which covers every kind). Entries that are not
 * exemptions (the schema reports them) cover nothing.
 */
export function droppedDefaults(defaults: readonly Exemption[], configured: readonly unknown[]): Exemption[] {
    const entries = configured.filter((e): e is Partial<Exemption> => e !== null && typeof e === "object" && !Array.isArray(e));
    return defaults.filter((d) => !entries.some((e) => e.namespace === d.namespace && e.name === d.name && (e.kind === undefined || e.kind === d.kind)));
}

/** The exemption that covers an object, if any: same namespace, same name, and same kind when one is given. */
export function exemptionFor(exemptions: readonly Exemption[], object: { kind: string; namespace: string; name: string }): Exemption | undefined {
    return exemptions.find((e) => e.namespace === object.namespace && e.name === object.name && (e.kind === undefined || e.kind === object.kind));
}

// The platform's own node agents. They come from ACK addons or from operators and charts the platform installs.
const calicoNode: Exemption = {
    namespace: "calico-system",
    kind: "DaemonSet",
    name: "calico-node",
    reason: "Calico's node agent (CNI of self-managed clusters) programs the node's routes and iptables: it runs privileged in the host network namespace and mounts /lib/modules, /var/run/calico and the CNI directories.",
};
const calicoTypha: Exemption = {
    namespace: "calico-system",
    kind: "Deployment",
    name: "calico-typha",
    reason: "Calico's Typha fans the datastore out to calico-node before the pod network exists, so it runs in the host network namespace (its port becomes a host port).",
};
const calicoCsi: Exemption = {
    namespace: "calico-system",
    kind: "DaemonSet",
    name: "csi-node-driver",
    reason: "Calico's CSI node driver mounts the kubelet's directory of the node and runs privileged to publish volumes.",
};
const tigeraOperator: Exemption = {
    namespace: "tigera-operator",
    kind: "Deployment",
    name: "tigera-operator",
    reason: "The tigera-operator installs the CNI, so it must run before a pod network exists: host network, and /var/lib/calico from the host.",
};
const tigeraUninstall: Exemption = {
    namespace: "tigera-operator",
    kind: "Job",
    name: "tigera-operator-uninstall",
    reason: "tigera-operator's pre-delete hook (templates/tigera-operator/00-uninstall.yaml) removes Calico's custom resources when the release is uninstalled: it runs in the host network (the pod network is going away) and the chart offers no values path for its resources; it runs once, for seconds, only at uninstall.",
};
const csiPlugin: Exemption = {
    namespace: "kube-system",
    kind: "DaemonSet",
    name: "csi-plugin",
    reason: "ACK's CSI node plugin (NAS and disk volumes) mounts file systems on the node: privileged, host network and PID namespaces, kubelet directories from the host.",
};
const CSI_NFS = "csi-driver-nfs 4.13.4 (an IDC cluster's NFS volumes) mounts NFS exports on the node for the kubelet: privileged with SYS_ADMIN, host network (an NFS connection would break without it), kubelet directories from the host; the chart hard-codes all three.";
const csiNfsNode: Exemption = { namespace: "kube-system", kind: "DaemonSet", name: "csi-nfs-node", reason: `csi-nfs-node: ${CSI_NFS}` };
const csiNfsController: Exemption = {
    namespace: "kube-system",
    kind: "Deployment",
    name: "csi-nfs-controller",
    reason: `csi-nfs-controller mounts the export to create and remove each volume's directory: ${CSI_NFS}`,
};
const terway: Exemption = {
    namespace: "kube-system",
    kind: "DaemonSet",
    name: "terway-eniip",
    reason: "Terway (CNI of ACK clusters) attaches ENIs and programs the node's network: privileged, host network, CNI directories from the host.",
};
const filebeat: Exemption = {
    namespace: "logging",
    kind: "DaemonSet",
    name: "filebeat",
    reason: "Filebeat ships every container's logs: it reads /var/log/containers and /var/log/pods from the host, as root (the files are root-owned).",
};

const nodeExporter: Exemption = {
    namespace: "kubesphere-monitoring-system",
    kind: "DaemonSet",
    name: "node-exporter",
    reason: "node-exporter (whizard-monitoring's Prometheus stack) measures the node itself: host network and PID namespaces, the node's /, /proc and /sys read-only, its port (19100, behind kube-rbac-proxy) on the node.",
};
const whizardTelemetry: Exemption = {
    namespace: "extension-whizard-telemetry",
    kind: "Deployment",
    name: "whizard-telemetry-apiserver",
    reason: "whizard-telemetry 1.2.2 mounts the node's /etc/localtime read-only (the time zone of its queries); the chart hard-codes the hostPath volume (charts/whizard-telemetry/templates/deployment.yaml), with no value to turn it off.",
};

// ks-core 1.1.4 (kubesphere/kubesphere v4.1.3 config/ks-core): what its templates hard-code, with no value to change it.
const KS_CORE_LOCALTIME = "mounts the node's /etc/localtime read-only (the time zone of its logs and schedules); ks-core 1.1.4 hard-codes the hostPath volume in its template, with no value to turn it off, and the kubesphere-system namespace is privileged for it.";
const ksCoreLocaltime = (kind: string, name: string, template: string): Exemption => ({
    namespace: "kubesphere-system",
    kind,
    name,
    reason: `${name} ${KS_CORE_LOCALTIME} (templates/${template})`,
});
const KS_CORE_UNSIZED = "ks-core 1.1.4 has no values path for its resources; the LimitRange ks-core-defaults in kubesphere-system (components/federation/ksCore.ts) gives its containers requests and limits when they are admitted.";
const ksCoreUnsized = (kind: string, name: string): Exemption => ({ namespace: "kubesphere-system", kind, name, reason: `${kind} ${name}: ${KS_CORE_UNSIZED}` });
const ksCoreHostPaths = [
    ksCoreLocaltime("Deployment", "ks-apiserver", "ks-apiserver.yaml"),
    ksCoreLocaltime("Deployment", "ks-console", "ks-console.yaml"),
    ksCoreLocaltime("Deployment", "ks-controller-manager", "ks-controller-manager.yaml"),
    ksCoreLocaltime("Deployment", "ks-agent", "ks-agent.yaml"),
];
const ksCoreUnsizedWorkloads = [
    ksCoreUnsized("Deployment", "extensions-museum"),
    ...["ks-core-post-patch-system-ns", "ks-core-post-patch-user", "ks-core-post-delete", "ks-core-post-delete-crd", "ks-core-ks-crds-pre-upgrade"].map((job) => ksCoreUnsized("Job", job)),
];

// A privileged container cannot meet the restricted profile, so the privileged agents are exempt from it too.
const privilegedAgents = [calicoNode, calicoCsi, csiPlugin, terway, csiNfsNode, csiNfsController];

/** The platform's default exemptions, by policy name: the schema default of each policy's `exemptions` knob. */
export const DEFAULT_EXEMPTIONS: Readonly<Record<string, readonly Exemption[]>> = {
    "pod-no-host-namespaces": [calicoNode, calicoTypha, tigeraOperator, tigeraUninstall, csiPlugin, terway, nodeExporter, csiNfsNode, csiNfsController],
    "pod-baseline-capabilities": [csiNfsNode, csiNfsController],
    "pod-no-privileged": privilegedAgents,
    "pod-no-host-path": [calicoNode, calicoCsi, tigeraOperator, csiPlugin, terway, filebeat, nodeExporter, whizardTelemetry, csiNfsNode, csiNfsController, ...ksCoreHostPaths],
    "container-resources": [...ksCoreUnsizedWorkloads, tigeraUninstall],
    "pod-no-host-ports": [calicoNode, calicoTypha, nodeExporter],
    "pod-no-privilege-escalation": privilegedAgents,
    "pod-run-as-non-root": [...privilegedAgents, filebeat],
    "pod-seccomp-runtime-default": privilegedAgents,
    "pod-drop-all-capabilities": privilegedAgents,
};

/** The default exemptions of one policy (none for most). */
export function defaultExemptions(policy: string): readonly Exemption[] {
    return DEFAULT_EXEMPTIONS[policy] ?? [];
}
