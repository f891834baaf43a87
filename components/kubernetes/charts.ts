import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

/**
 * Every Helm chart the platform installs, pinned: the one list the components declare their releases from
 * and the render test (`npm run render`) renders. A chart's packaged archive for offline rendering is
 * `<name>-<version>.tgz` in the reference data's `charts/` folder (see {@link chartArchiveName}).
 */
export interface ChartSpec {
    /** Chart name in its repository, or an `oci://` reference. */
    readonly chart: string;
    readonly version: string;
    /** The chart repository; none for an `oci://` chart. */
    readonly repo?: string;
    /** The Helm release name (objects are named after it). */
    readonly releaseName: string;
    readonly namespace: string;
    /** How long Helm waits for the release's workloads to become ready. */
    readonly timeoutSeconds: number;
    /**
     * The values paths that hold a secret in values the program does not build itself (ks-core's jwtSecret and
     * admin hash, in what the host's cluster controller installs on a member): `npm run render` replaces them with
     * placeholders. The program's own releases mark their secret leaves instead.
     */
    readonly secretValues?: readonly string[];
    /**
     * Where the packaged archive is vendored in this repository (a folder relative to its root), for a chart the
     * reference data does not hold; else the archive is the reference data's `charts/<name>-<version>.tgz`.
     */
    readonly vendoredIn?: string;
}

/** Helm keeps this many revisions of every platform release (its default keeps them all, in Secrets). */
export const RELEASE_MAX_HISTORY = 10;
/** Helm's wait, unless a chart needs longer (its default, 300 s, is short for image pulls through the proxy cache). */
const DEFAULT_TIMEOUT_SECONDS = 600;

export const PLATFORM_CHARTS = {
    harbor: { chart: "harbor", version: "1.19.1", repo: "https://helm.goharbor.io", releaseName: "harbor", namespace: "harbor", timeoutSeconds: 900 },
    ksCore: {
        chart: "ks-core",
        version: "1.1.4",
        repo: "https://charts.kubesphere.io/main",
        releaseName: "ks-core",
        namespace: "kubesphere-system",
        timeoutSeconds: 900,
        secretValues: ["authentication.issuer.jwtSecret", "authentication.adminPassword"],
    },
    kubePrometheusStack: {
        chart: "kube-prometheus-stack",
        version: "88.5.3",
        repo: "https://prometheus-community.github.io/helm-charts",
        releaseName: "kube-prometheus-stack",
        namespace: "monitoring",
        timeoutSeconds: DEFAULT_TIMEOUT_SECONDS,
    },
    thanos: { chart: "oci://registry-1.docker.io/bitnamicharts/thanos", version: "17.6.0", releaseName: "thanos", namespace: "thanos", timeoutSeconds: DEFAULT_TIMEOUT_SECONDS },
    filebeat: { chart: "filebeat", version: "8.5.1", repo: "https://helm.elastic.co", releaseName: "filebeat", namespace: "logging", timeoutSeconds: DEFAULT_TIMEOUT_SECONDS },
    elastalert: { chart: "elastalert2", version: "2.31.0", repo: "https://jertel.github.io/elastalert2/", releaseName: "elastalert", namespace: "elastalert", timeoutSeconds: DEFAULT_TIMEOUT_SECONDS },
    /** Calico's CRDs, operator.tigera.io's included: a separate chart since Calico 3.32, installed before the operator. */
    calicoCrds: {
        chart: "crd.projectcalico.org.v1",
        version: "v3.32.1",
        repo: "https://docs.tigera.io/calico/charts",
        releaseName: "calico-crds",
        namespace: "tigera-operator",
        timeoutSeconds: DEFAULT_TIMEOUT_SECONDS,
    },
    /**
     * The NFS CSI driver of a self-managed cluster in an IDC (an NFS class from the settings). The archive is
     * the one kubernetes-csi/csi-driver-nfs publishes in its repository (charts/v4.13.4, tag v4.13.4, commit
     * f09798c0f1e7d1ae3b32dc8dfef67f6e848e8761), vendored: the reference data does not hold it.
     */
    csiDriverNfs: {
        chart: "csi-driver-nfs",
        version: "4.13.4",
        repo: "https://raw.githubusercontent.com/kubernetes-csi/csi-driver-nfs/master/charts",
        releaseName: "csi-driver-nfs",
        namespace: "kube-system",
        timeoutSeconds: DEFAULT_TIMEOUT_SECONDS,
        vendoredIn: "components/storage/charts",
    },
    /**
     * Alibaba Cloud's CSI driver (disk and NAS volumes) on a self-managed cluster in a VPC, as ACK's addons run it
     * on ACK: kubernetes-sigs/alibaba-cloud-csi-driver, tag v1.37.1 (`deploy/charts/alibaba-cloud-csi-driver`, whose
     * Chart.yaml says 1.36.2), packaged with `helm package`, vendored.
     */
    alibabaCloudCsiDriver: {
        chart: "alibaba-cloud-csi-driver",
        version: "1.36.2",
        // no chart repository publishes it: `pulumi up` installs the vendored archive (chartSource)
        releaseName: "alibaba-cloud-csi-driver",
        namespace: "kube-system",
        timeoutSeconds: DEFAULT_TIMEOUT_SECONDS,
        vendoredIn: "components/storage/charts",
    },
    /** The release name Calico's documentation installs the chart as. */
    tigeraOperator: { chart: "tigera-operator", version: "v3.32.1", repo: "https://docs.tigera.io/calico/charts", releaseName: "calico", namespace: "tigera-operator", timeoutSeconds: DEFAULT_TIMEOUT_SECONDS },
} as const satisfies Record<string, ChartSpec>;

/** A chart of {@link PLATFORM_CHARTS}. */
export type PlatformChart = keyof typeof PLATFORM_CHARTS;

/** The chart's name: the last segment of an `oci://` reference, else the chart itself. */
export function chartName(spec: Pick<ChartSpec, "chart">): string {
    return spec.chart.split("/").pop()!;
}

/** The packaged archive of a chart, as `helm package` names it. */
export function chartArchiveName(spec: Pick<ChartSpec, "chart" | "version">): string {
    return `${chartName(spec)}-${spec.version}.tgz`;
}

/**
 * What a release names as its chart: the chart in its repository, or, for a vendored chart no repository
 * publishes, the archive's path relative to the project (Pulumi runs the program in the project's directory).
 */
export function chartSource(spec: ChartSpec): string {
    return spec.vendoredIn && !spec.repo ? `${spec.vendoredIn}/${chartArchiveName(spec)}` : spec.chart;
}

/** The platform chart a release installs, found by its chart (as chartSource names it) and version; undefined for another chart. */
export function platformChartOf(chart: string, version: string): ChartSpec | undefined {
    return Object.values(PLATFORM_CHARTS).find((c: ChartSpec) => chartSource(c) === chart && c.version === version);
}

/** What differs between the platform's releases of one chart. */
export interface ChartReleaseArgs {
    /** The release's Helm values (Helm applies them over the chart's own defaults). */
    readonly values: pulumi.Input<object>;
    /** The namespace the release goes to. Defaults to the chart's (`ChartSpec.namespace`). */
    readonly namespace?: pulumi.Input<string>;
    /** Let Helm create the namespace (when no component declares it). Defaults to false. */
    readonly createNamespace?: boolean;
    /** How long Helm waits for the release to be ready, in seconds. Defaults to the chart's (`ChartSpec.timeoutSeconds`). */
    readonly timeoutSeconds?: number;
}

/**
 * A Helm release of a platform chart, as every component declares one: the pinned chart, version and
 * repository, the release name, history kept to {@link RELEASE_MAX_HISTORY}, Helm's wait.
 */
export function chartRelease(name: string, spec: ChartSpec, args: ChartReleaseArgs, opts: pulumi.CustomResourceOptions): k8s.helm.v3.Release {
    return new k8s.helm.v3.Release(
        name,
        {
            name: spec.releaseName,
            chart: chartSource(spec),
            version: spec.version,
            ...(spec.repo ? { repositoryOpts: { repo: spec.repo } } : {}),
            namespace: args.namespace ?? spec.namespace,
            ...(args.createNamespace ? { createNamespace: true } : {}),
            values: args.values,
            maxHistory: RELEASE_MAX_HISTORY,
            timeout: args.timeoutSeconds ?? spec.timeoutSeconds,
        },
        opts,
    );
}
