import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { chartRelease } from "../kubernetes/charts";
import { platformNamespace } from "../kubernetes/objects";
import { PLATFORM_RESOURCES } from "../kubernetes/resources";
import { ReleaseImages } from "../registry/mirror";
import { FederationRole, HOST_CLUSTER_NAME, KS_CORE_CHART, TELEMETRY_SECRET, ksCoreValues } from "./values";

/** Length of each cluster's generated KubeSphere admin password (letters and digits). */
export const ADMIN_PASSWORD_LENGTH = 24;

/** Length of the federation's jwtSecret: as long as the one ks-core would generate (32 alphanumerics). */
export const JWT_SECRET_LENGTH = 32;

/**
 * The federation's one jwtSecret: a `random.RandomPassword` of {@link JWT_SECRET_LENGTH} letters and digits,
 * like the one ks-core generates when none is given (no special characters to quote anywhere). Declare it
 * once, in the prod stack, and hand the result to every {@link KsCore}; the nonprod stack reads it from prod.
 * Returns the result as a secret.
 */
export function federationJwtSecret(name: string, opts?: pulumi.CustomResourceOptions): pulumi.Output<string> {
    const password = new random.RandomPassword(name, { length: JWT_SECRET_LENGTH, special: false }, opts);
    return pulumi.secret(password.result);
}

/** Arguments for {@link KsCore}. */
export interface KsCoreArgs {
    /** Provider of the cluster to install KubeSphere into. */
    readonly provider: k8s.Provider;
    /** `host`: the program installs ks-core on the host only (a member's is the host's, see memberChartConfig). */
    readonly role: Extract<FederationRole, "host">;
    /** The shared jwtSecret (see {@link federationJwtSecret}); kept secret. */
    readonly jwtSecret: pulumi.Input<string>;
    /** The host cluster's name. Defaults to `ops` (HOST_CLUSTER_NAME). */
    readonly hostClusterName?: string;
    /**
     * Where images come through Harbor, and what must exist first: `global.imageRegistry` is the mirror of
     * Docker Hub (every ks-core image is Docker Hub's kubesphere/*, each image's own registry empty, so the
     * global one reaches all of them, the ks-crds subchart's hook jobs and the kubectl and helm-executor images
     * in kubesphere-config included). `extension.imageRegistry` stays empty: KubeSphere hands it to every
     * extension as its global.imageRegistry, which would send the whizard extensions' quay.io images to Docker
     * Hub paths. Defaults to the chart's upstream registry.
     */
    readonly images?: ReleaseImages;
    /** Seconds Helm waits for the release to be ready. Defaults to 900 (a first install pulls every image). */
    readonly timeoutSeconds?: number;
}

/**
 * KubeSphere v4.1 (the ks-core chart) on the federation's host, in kubesphere-system. The jwtSecret and the
 * admin's password hash are secret leaves of the release's values; every other key stays reviewable. Members
 * get theirs from the host's cluster controller (see KS_CORE_CHART).
 */
export class KsCore extends pulumi.ComponentResource {
    public readonly role: FederationRole;
    public readonly namespace: string;
    public readonly chartVersion: string;
    /** The Helm release, for `dependsOn` (the host's `Cluster` CRD exists once it is deployed). */
    public readonly release: k8s.helm.v3.Release;
    /** Helm's status of the release (`deployed`). */
    public readonly status: pulumi.Output<string>;
    /** The cluster's KubeSphere `admin` password (secret; a stack output for break-glass and the first login). */
    public readonly adminPassword: pulumi.Output<string>;

    constructor(name: string, args: KsCoreArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:federation:KsCore", name, {}, opts);
        const timeout = args.timeoutSeconds ?? KS_CORE_CHART.timeoutSeconds;
        if (!Number.isInteger(timeout) || timeout <= 0) throw new Error(`KsCore ${name}: timeoutSeconds must be a positive whole number, found ${timeout}`);
        if (args.role !== "host") throw new Error(`KsCore ${name}: role: expected host (the host installs ks-core on its members), found ${JSON.stringify(args.role)}`);
        const hostClusterName = args.hostClusterName ?? HOST_CLUSTER_NAME;
        // the cluster's own admin password: generated, kept secret, its bcrypt hash in the chart's admin User
        const admin = new random.RandomPassword(`${name}-ks-admin-password`, { length: ADMIN_PASSWORD_LENGTH, special: false }, { parent: this });
        this.adminPassword = pulumi.secret(admin.result);
        const adminPasswordHash = pulumi.secret(admin.bcryptHash);
        // secret at the leaves: a preview shows every other key of the values (the federation's role, sizes) and
        // their changes; the release's outputs stay secret as a whole (additionalSecretOutputs), as the provider
        // echoes the values there (pulumi/pulumi#9781)
        const imageRegistry = args.images ? pulumi.output(args.images.mirror).apply((m) => m["docker.io"]) : undefined;
        const values = ksCoreValues({ role: args.role, hostClusterName, jwtSecret: pulumi.secret(args.jwtSecret), adminPasswordHash, imageRegistry });

        const inCluster = { parent: this, provider: args.provider };
        // privileged: ks-core's apiserver, console and controller mount the node's /etc/localtime (no value turns it off)
        const namespace = platformNamespace(`${name}-ks-ns`, KS_CORE_CHART.namespace, "privileged", inCluster);
        const before: pulumi.Resource[] = [namespace, unsizedDefaults(`${name}-ks-limits`, inCluster, namespace)];
        before.push(telemetrySecret(`${name}-ks-telemetry`, inCluster, namespace));
        this.release = chartRelease(`${name}-ks-core`, KS_CORE_CHART, { values, timeoutSeconds: timeout }, {
            ...inCluster,
            dependsOn: [...before, ...(args.images?.ready ?? [])],
            additionalSecretOutputs: ["values"],
        });
        this.role = args.role;
        this.namespace = KS_CORE_CHART.namespace;
        this.chartVersion = KS_CORE_CHART.version;
        this.status = this.release.status.apply((s) => s?.status ?? "unknown");
        this.registerOutputs({ role: this.role, namespace: this.namespace, chartVersion: this.chartVersion, status: this.status });
    }
}

/**
 * The host's telemetry configuration, `enabled: false`, made before ks-core renders its own (values.ts
 * TELEMETRY_SECRET says why); labelled and annotated as Helm's own object of the ks-core release, so the
 * release adopts it instead of refusing to install over it.
 */
function telemetrySecret(name: string, opts: pulumi.CustomResourceOptions, namespace: k8s.core.v1.Namespace): k8s.core.v1.Secret {
    return new k8s.core.v1.Secret(
        name,
        {
            metadata: {
                name: TELEMETRY_SECRET.name,
                namespace: namespace.metadata.name,
                labels: { "app.kubernetes.io/managed-by": "Helm" },
                annotations: { "meta.helm.sh/release-name": KS_CORE_CHART.releaseName, "meta.helm.sh/release-namespace": KS_CORE_CHART.namespace },
            },
            type: TELEMETRY_SECRET.type,
            stringData: { [TELEMETRY_SECRET.key]: TELEMETRY_SECRET.content },
        },
        opts,
    );
}

/** The LimitRange's name; the container-resources exemptions of ks-core's unsized workloads name it. */
export const KS_CORE_LIMIT_RANGE = "ks-core-defaults";

/**
 * Requests and limits for the containers ks-core gives no resources value (its hook jobs and extensions-museum):
 * the API server applies a LimitRange's defaults to every container admitted without its own.
 */
function unsizedDefaults(name: string, opts: pulumi.CustomResourceOptions, namespace: k8s.core.v1.Namespace): k8s.core.v1.LimitRange {
    const size = PLATFORM_RESOURCES.ksCore.unsized;
    return new k8s.core.v1.LimitRange(
        name,
        {
            metadata: { name: KS_CORE_LIMIT_RANGE, namespace: namespace.metadata.name },
            spec: { limits: [{ type: "Container", defaultRequest: { ...size.requests }, default: { ...size.limits } }] },
        },
        opts,
    );
}
