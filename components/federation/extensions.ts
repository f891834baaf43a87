/**
 * KubeSphere 4.1 extensions as data: the extensions the platform installs, the `kubesphere.io/v1alpha1` objects
 * KubeSphere's controllers need to install them (Extension, ExtensionVersion, the ConfigMap holding the chart,
 * InstallPlan), and what the InstallPlan controller then installs (its Helm releases and their values), so that
 * the render can show it. Pure: the KubeSphereExtension component wires the objects to resources.
 *
 * Every rule here comes from kubesphere/kubesphere v4.1.3 (`pkg/controller/core/installplan_controller.go`,
 * `pkg/controller/core/util.go`, `pkg/controller/core/extensionversion_controller.go`,
 * `staging/src/kubesphere.io/api/core/v1alpha1/`), cited where it applies.
 */
import * as YAML from "yaml";

/** The extension-ref label: the Extension controller lists an extension's versions by it, and deletes them with it. */
export const EXTENSION_REF_LABEL = "kubesphere.io/extension-ref";

/**
 * The repository-ref label, and the value the platform's extensions carry: the repository that owns an
 * Extension. ks-core runs a Repository of its own (`extensions-museum`, ksExtensionRepository.enabled), whose
 * controller create-or-updates the Extension and ExtensionVersions of every extension in its index, taking over
 * one without the label (its labels, spec and owner), and skips one that another repository owns
 * (pkg/controller/core/repository_controller.go:108-135, 254-256); it deletes only versions with its own name
 * (:359-372). `platform` names no Repository: the program's extensions are the program's.
 */
export const REPOSITORY_REF_LABEL = "kubesphere.io/repository-ref";
export const PLATFORM_REPOSITORY = "platform";

/** A KubeSphere extension the platform installs, pinned, with what its chart says of itself (extension.yaml, Chart.yaml). */
export interface ExtensionSpec {
    readonly name: string;
    readonly version: string;
    /** The namespace its releases go to: extension.yaml's, else `extension-<name>` (installplan_controller.go:270-273). */
    readonly namespace: string;
    /** extension.yaml's `installationMode`: HostOnly (one release on the host) or Multicluster (agents on placed clusters). */
    readonly installationMode: "HostOnly" | "Multicluster";
    /** The packaged chart, `<name>-<version>.tgz`: vendored in components/federation/charts/, byte-identical to the reference data's. */
    readonly archive: string;
    /**
     * The conditions of the chart's dependencies, by their tag (Chart.yaml): the controller sets each agent
     * condition to false in the host release and each extension condition to false in an agent release
     * (installplan_controller.go:1199-1257), because a condition beats a tag in Helm.
     */
    readonly conditions: { readonly extension: readonly string[]; readonly agent: readonly string[] };
    /**
     * extension.yaml's executor hook images. The controller reads them from the ExtensionVersion's annotations
     * only (installplan_controller.go:385-394), and a hand-made ExtensionVersion gets none from the chart
     * (util.go:331-336 decodes extension.yaml into the spec), so they are declared here.
     */
    readonly hookImages: Readonly<Record<string, string>>;
    /** extension.yaml's display name, description and category, as the console shows them. */
    readonly displayName: string;
    readonly description: string;
    readonly category: string;
    readonly provider: string;
}

/**
 * whizard-monitoring 1.1.1: KubeSphere's Prometheus stack (its fork of kube-prometheus-stack 61.3.6, operator
 * v0.75.1, Prometheus v2.51.2) as an agent on every placed cluster, the console's monitoring pages on the host.
 */
export const WHIZARD_MONITORING: ExtensionSpec = {
    name: "whizard-monitoring",
    version: "1.1.1",
    namespace: "kubesphere-monitoring-system",
    installationMode: "Multicluster",
    archive: "whizard-monitoring-1.1.1.tgz",
    conditions: { extension: [], agent: ["kubePrometheusStack.enabled", "dcgmExporter.enabled"] },
    hookImages: {
        "executor-hook-image.kubesphere.io/install": "kubesphere/whizard-monitoring-helm-init:v0.1.0",
        "executor-hook-image.kubesphere.io/upgrade": "kubesphere/whizard-monitoring-helm-init:v0.1.0",
    },
    displayName: "WhizardTelemetry Monitoring",
    description: "Multi-tenant monitoring of clusters, nodes, workloads and the Kubernetes control plane.",
    category: "observability",
    provider: "KubeSphere",
};

/**
 * whizard-telemetry 1.2.2: the API server of the `monitoring.kubesphere.io` API the console reads, on the host
 * only. whizard-monitoring declares it a required dependency, which KubeSphere does not install by itself
 * (`externalDependencies` is never read, kubesphere v4.1.3 pkg/): the platform installs it.
 */
export const WHIZARD_TELEMETRY: ExtensionSpec = {
    name: "whizard-telemetry",
    version: "1.2.2",
    namespace: "extension-whizard-telemetry",
    installationMode: "HostOnly",
    archive: "whizard-telemetry-1.2.2.tgz",
    conditions: { extension: [], agent: [] },
    hookImages: {},
    displayName: "WhizardTelemetry Platform Service",
    description: "The common API server of KubeSphere's observability extensions.",
    category: "observability",
    provider: "KubeSphere",
};

/** The extensions the platform installs, in installation order (a dependency first). */
export const PLATFORM_EXTENSIONS: readonly ExtensionSpec[] = [WHIZARD_TELEMETRY, WHIZARD_MONITORING];

/** The ExtensionVersion's name: the InstallPlan controller gets `<name>-<version>` (installplan_controller.go:249-251). */
export function extensionVersionName(ext: Pick<ExtensionSpec, "name" | "version">): string {
    return `${ext.name}-${ext.version}`;
}

/** The ConfigMap that holds an extension's chart, in the extension's namespace on the host. */
export function chartConfigMapName(ext: Pick<ExtensionSpec, "name" | "version">): string {
    return `${extensionVersionName(ext)}-chart`;
}

/** The key of the chart in its ConfigMap's `binaryData`: the controller reads binaryData only, as raw bytes (util.go:401-411). */
export const CHART_DATA_KEY = "chart.tgz";

/** The ConfigMap of an extension's chart; `S` is the chart's base64 (a string, or a Pulumi Output of one). */
export function chartConfigMapObject<S>(ext: ExtensionSpec, namespace: string, chartBase64: S) {
    return {
        apiVersion: "v1" as const,
        kind: "ConfigMap" as const,
        metadata: { name: chartConfigMapName(ext), namespace, labels: { [EXTENSION_REF_LABEL]: ext.name, "app.kubernetes.io/managed-by": "pulumi" } },
        binaryData: { [CHART_DATA_KEY]: chartBase64 },
    };
}

/** The cluster-scoped Extension: optional for installing, but the console lists extensions by it. */
export function extensionObject(ext: ExtensionSpec) {
    return {
        apiVersion: "kubesphere.io/v1alpha1" as const,
        kind: "Extension" as const,
        metadata: { name: ext.name, labels: { "kubesphere.io/category": ext.category, [REPOSITORY_REF_LABEL]: PLATFORM_REPOSITORY, "app.kubernetes.io/managed-by": "pulumi" } },
        spec: { displayName: { en: ext.displayName }, description: { en: ext.description }, provider: { en: { name: ext.provider } } },
    };
}

/**
 * The ExtensionVersion the InstallPlan installs from: its chart in a ConfigMap of the host (`chartDataRef`; no
 * `chartURL`, so neither the controller nor the executor's Job reaches outside, installplan_controller.go:1382-1385).
 * `version` is set, so the ExtensionVersion controller leaves the object as declared (extensionversion_controller.go:87-89)
 * and the InstallPlan sees no version change on every reconcile (util.go:274-286).
 */
export function extensionVersionObject(ext: ExtensionSpec, chartNamespace: string) {
    return {
        apiVersion: "kubesphere.io/v1alpha1" as const,
        kind: "ExtensionVersion" as const,
        metadata: {
            name: extensionVersionName(ext),
            labels: { [EXTENSION_REF_LABEL]: ext.name, [REPOSITORY_REF_LABEL]: PLATFORM_REPOSITORY, "kubesphere.io/category": ext.category, "app.kubernetes.io/managed-by": "pulumi" },
            ...(Object.keys(ext.hookImages).length > 0 ? { annotations: { ...ext.hookImages } } : {}),
        },
        spec: {
            version: ext.version,
            displayName: { en: ext.displayName },
            description: { en: ext.description },
            category: ext.category,
            namespace: ext.namespace,
            installationMode: ext.installationMode,
            chartDataRef: { namespace: chartNamespace, name: chartConfigMapName(ext), key: CHART_DATA_KEY },
        },
    };
}

/** Where an extension's agents go: the clusters by name (the host among them if it is to get one too). */
export interface ExtensionPlacement {
    readonly clusters: readonly string[];
    /** Per cluster, Helm values merged over `config` for that cluster's agent (the override wins). */
    readonly overrides?: Readonly<Record<string, Record<string, unknown>>>;
}

/**
 * The InstallPlan of an extension. Its name is the extension's: the controller maps the executor's Jobs and
 * Helm releases back to the plan by the extension's name (installplan_controller.go:142-182). `enabled` gates
 * only the console's entries, not the install (:1000-1028). `config` is the Helm values as YAML.
 */
export function installPlanObject(ext: ExtensionSpec, config: Record<string, unknown>, placement?: ExtensionPlacement) {
    const overrides = placement?.overrides ?? {};
    return {
        apiVersion: "kubesphere.io/v1alpha1" as const,
        kind: "InstallPlan" as const,
        metadata: { name: ext.name, labels: { [EXTENSION_REF_LABEL]: ext.name, "app.kubernetes.io/managed-by": "pulumi" } },
        spec: {
            extension: { name: ext.name, version: ext.version },
            enabled: true,
            upgradeStrategy: "Manual" as const,
            config: YAML.stringify(config),
            ...(placement
                ? {
                      clusterScheduling: {
                          placement: { clusters: [...placement.clusters] },
                          ...(Object.keys(overrides).length > 0 ? { overrides: Object.fromEntries(Object.entries(overrides).map(([c, v]) => [c, YAML.stringify(v)])) } : {}),
                      },
                  }
                : {}),
        },
    };
}

/** The agent release's name on every placed cluster (installplan_controller.go:65). */
export function agentReleaseName(ext: Pick<ExtensionSpec, "name">): string {
    return `${ext.name}-agent`;
}

/** One Helm release the InstallPlan controller installs. */
export interface ExtensionRelease {
    /** The cluster it goes to (the host's name for the extension release). */
    readonly cluster: string;
    readonly releaseName: string;
    readonly namespace: string;
    readonly role: "extension" | "agent";
    /** Its values: the plan's config (for an agent merged with the cluster's override), then the controller's own. */
    readonly values: Record<string, unknown>;
}

/** Deep merge as the controller merges an override over the config: maps merged, everything else replaced (util.go:164-228). */
export function mergeOverride(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = { ...base };
    for (const [k, v] of Object.entries(over)) {
        const mine = out[k];
        const maps = [mine, v].every((x) => x !== null && typeof x === "object" && !Array.isArray(x));
        out[k] = maps ? mergeOverride(mine as Record<string, unknown>, v as Record<string, unknown>) : v;
    }
    return out;
}

/** Sets a dotted path (`a.b.c`) in a values tree, as `helm --set` does. */
function setPath(values: Record<string, unknown>, dotted: string, value: unknown): Record<string, unknown> {
    const [head, ...rest] = dotted.split(".");
    if (rest.length === 0) return { ...values, [head]: value };
    const child = values[head];
    return { ...values, [head]: setPath(child !== null && typeof child === "object" && !Array.isArray(child) ? (child as Record<string, unknown>) : {}, rest.join("."), value) };
}

/** ks-core's `extension.*` settings the controller passes to every release (kubesphere-config `extension`). */
export interface ExtensionGlobals {
    /** `extension.imageRegistry`: empty on the platform (see KsCore's `images`). */
    readonly imageRegistry?: string;
}

/**
 * What the InstallPlan controller installs for a plan: the extension release on the host (`tags.extension`,
 * every agent condition false) and, for a Multicluster extension, an agent on every placed cluster
 * (`tags.agent`, every extension condition false, `global.clusterInfo`), each with the config (merged with the
 * cluster's override for an agent) under the controller's `--set` values (installplan_controller.go:1199-1257;
 * util.go:160-228). `host` is the host cluster's name: its agent gets `clusterInfo.role: host`.
 */
export function extensionReleases(
    ext: ExtensionSpec,
    config: Record<string, unknown>,
    placement: ExtensionPlacement | undefined,
    host: string,
    globals: ExtensionGlobals = {},
): ExtensionRelease[] {
    const withGlobals = (v: Record<string, unknown>) => (globals.imageRegistry ? setPath(v, "global.imageRegistry", globals.imageRegistry) : v);
    let hostValues = setPath(setPath(config, "tags.extension", true), "tags.agent", false);
    for (const c of ext.conditions.agent) hostValues = setPath(hostValues, c, false);
    const releases: ExtensionRelease[] = [{ cluster: host, releaseName: ext.name, namespace: ext.namespace, role: "extension", values: withGlobals(hostValues) }];
    if (ext.installationMode !== "Multicluster" || !placement) return releases;
    for (const cluster of placement.clusters) {
        let v = mergeOverride(config, placement.overrides?.[cluster] ?? {});
        v = setPath(setPath(v, "tags.agent", true), "tags.extension", false);
        for (const c of ext.conditions.extension) v = setPath(v, c, false);
        v = setPath(setPath(v, "global.clusterInfo.name", cluster), "global.clusterInfo.role", cluster === host ? "host" : "member");
        releases.push({ cluster, releaseName: agentReleaseName(ext), namespace: ext.namespace, role: "agent", values: withGlobals(v) });
    }
    return releases;
}
