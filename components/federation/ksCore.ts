import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { chartRelease } from "../kubernetes/charts";
import { FederationRole, HOST_CLUSTER_NAME, KS_CORE_CHART, ksCoreValues, memberChartConfig } from "./values";

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
    /** `host` on ops, `member` elsewhere (see `federationRole`). */
    readonly role: FederationRole;
    /** The shared jwtSecret (see {@link federationJwtSecret}); kept secret. */
    readonly jwtSecret: pulumi.Input<string>;
    /** The host cluster's name. Defaults to `ops` (HOST_CLUSTER_NAME). */
    readonly hostClusterName?: string;
    /** Registry of KubeSphere's images (Harbor, once it serves them). Defaults to the chart's upstream registry. */
    readonly imageRegistry?: string;
    /** Seconds Helm waits for the release to be ready. Defaults to 900 (a first install pulls every image). */
    readonly timeoutSeconds?: number;
}

/**
 * KubeSphere v4.1 (the ks-core chart) on one cluster, in kubesphere-system, as the federation's host or one
 * of its members. The release's values are a secret as a whole: they carry the jwtSecret.
 * On a member, the host's cluster controller upgrades this same release (see KS_CORE_CHART); the member's
 * registration carries the same values in its `spec.config` so that upgrade changes nothing.
 */
export class KsCore extends pulumi.ComponentResource {
    public readonly role: FederationRole;
    public readonly namespace: string;
    public readonly chartVersion: string;
    /** The Helm release, for `dependsOn` (the host's `Cluster` CRD exists once it is deployed). */
    public readonly release: k8s.helm.v3.Release;
    /** Helm's status of the release (`deployed`). */
    public readonly status: pulumi.Output<string>;
    /**
     * A member's values without the jwtSecret, as YAML: give it to the member's ClusterRegistration
     * (`chartConfig`), so the host's own upgrade of this release keeps these values. Undefined on the host.
     */
    public readonly chartConfig: string | undefined;

    constructor(name: string, args: KsCoreArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:federation:KsCore", name, {}, opts);
        const timeout = args.timeoutSeconds ?? KS_CORE_CHART.timeoutSeconds;
        if (!Number.isInteger(timeout) || timeout <= 0) throw new Error(`KsCore ${name}: timeoutSeconds must be a positive whole number, found ${timeout}`);
        const hostClusterName = args.hostClusterName ?? HOST_CLUSTER_NAME;
        // the jwtSecret is the one secret leaf: the rest of the values stays readable in a preview's diff
        const values = ksCoreValues({ role: args.role, hostClusterName, jwtSecret: pulumi.secret(args.jwtSecret), imageRegistry: args.imageRegistry });

        this.release = chartRelease(`${name}-ks-core`, KS_CORE_CHART, { values, createNamespace: true, timeoutSeconds: timeout }, { parent: this, provider: args.provider });
        this.role = args.role;
        this.namespace = KS_CORE_CHART.namespace;
        this.chartVersion = KS_CORE_CHART.version;
        this.status = this.release.status.apply((s) => s?.status ?? "unknown");
        this.chartConfig = args.role === "member" ? memberChartConfig({ hostClusterName, imageRegistry: args.imageRegistry }) : undefined;
        this.registerOutputs({ role: this.role, namespace: this.namespace, chartVersion: this.chartVersion, status: this.status, chartConfig: this.chartConfig });
    }
}
