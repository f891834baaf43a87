import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { memberNameProblem } from "./federationMember";
import { ACK_PROVIDER, CLUSTER_GROUPS, ClusterGroup, toBase64 } from "./values";

/**
 * What `pulumi up` waits for on a member's `Cluster` (`pulumi.com/waitFor`): the host's controller reports
 * `KSCoreReady` once it has installed ks-core on the member (cluster_controller.go:399-410), so what the
 * program declares on the member that needs KubeSphere (its roles, its CRDs) comes after.
 */
export const CLUSTER_WAIT_FOR = "condition=KSCoreReady";
/** How long `pulumi up` waits for it: the host's install waits 5 minutes per attempt (helper.go:84-111) and retries. */
export const CLUSTER_TIMEOUT_SECONDS = 1800;

/** Options of {@link clusterObject}; `S` is the kubeconfig's and the config's type (a string, or a Pulumi Output of one). */
export interface ClusterObjectOptions<S> {
    /** The member's name (`prod`, `nonprod`). */
    readonly name: string;
    readonly group: ClusterGroup;
    /** `spec.provider`, a description KubeSphere shows. */
    readonly clusterProvider: string;
    /** The member's kubeconfig, base64. */
    readonly kubeconfigBase64: S;
    /** ks-core values for the member (YAML), base64: what the host installs ks-core on it with (see `memberChartConfig`). */
    readonly chartConfigBase64?: S;
}

/**
 * A member's registration on the host, a `cluster.kubesphere.io/v1alpha1` `Cluster`: direct connection (the
 * host reaches the member's API server itself; the alternative, `proxy`, runs a tunnel agent) with the
 * member's kubeconfig. The CRD does not restrict `connection.type`, so the tests assert it.
 * `joinFederation` and `enable` are left out: the CRD marks both deprecated (KubeSphere 4 dropped KubeFed).
 * The host's cluster controller fills `kubernetesAPIEndpoint` from the kubeconfig and adds its finalizer.
 */
export function clusterObject<S>(o: ClusterObjectOptions<S>) {
    return {
        apiVersion: "cluster.kubesphere.io/v1alpha1" as const,
        kind: "Cluster" as const,
        metadata: {
            name: o.name,
            // managed, as KubeSphere labels the host's own Cluster (pkg/controller/cluster/cluster_controller.go:64-84):
            // the platform overview counts only managed clusters; never the host label on a member
            labels: { "cluster.kubesphere.io/group": o.group, "kubesphere.io/managed": "true", "app.kubernetes.io/managed-by": "pulumi" },
            annotations: { "pulumi.com/waitFor": CLUSTER_WAIT_FOR, "pulumi.com/timeoutSeconds": String(CLUSTER_TIMEOUT_SECONDS) },
        },
        spec: {
            provider: o.clusterProvider,
            connection: { type: "direct" as const, kubeconfig: o.kubeconfigBase64 },
            ...(o.chartConfigBase64 !== undefined ? { config: o.chartConfigBase64 } : {}),
        },
    };
}

/** Arguments for {@link ClusterRegistration}. */
export interface ClusterRegistrationArgs {
    /**
     * Provider of the host cluster: the ops cluster's own (prod stack), or one built from the registrar's
     * kubeconfig that the prod stack exports (nonprod stack).
     */
    readonly hostProvider: k8s.Provider;
    /** The member's name (`prod`, `nonprod`); not the host's. */
    readonly clusterName: string;
    /** The member's kubeconfig (FederationMember.kubeconfig); kept secret. */
    readonly kubeconfig: pulumi.Input<string>;
    /** The console's cluster group (see `clusterGroup`). */
    readonly group: ClusterGroup;
    /** `spec.provider`. Defaults to the console's name for ACK, `Aliyun ACK`. */
    readonly clusterProvider?: string;
    /** The member's ks-core values (`memberChartConfig`; secret: it holds the admin's password hash). Defaults to none (the chart's defaults). */
    readonly chartConfig?: pulumi.Input<string>;
}

/**
 * Registers a member cluster on the host, which then installs ks-core on it; `pulumi up` waits until it has
 * (CLUSTER_WAIT_FOR). The component's `dependsOn` also orders its `Cluster`: give it the host's KsCore (the CRD
 * and the cluster controller) and what must be on the member before KubeSphere installs there (the monitoring
 * agent's namespace).
 */
export class ClusterRegistration extends pulumi.ComponentResource {
    public readonly clusterName: string;

    constructor(name: string, args: ClusterRegistrationArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:federation:ClusterRegistration", name, {}, opts);
        const problem = memberNameProblem(args.clusterName);
        if (problem) throw new Error(`ClusterRegistration ${name}: clusterName: ${problem}`);
        if (!(CLUSTER_GROUPS as readonly string[]).includes(args.group)) {
            throw new Error(`ClusterRegistration ${name}: group: expected one of ${CLUSTER_GROUPS.join(", ")}, found ${JSON.stringify(args.group)}`);
        }

        const body = clusterObject({
            name: args.clusterName,
            group: args.group,
            clusterProvider: args.clusterProvider ?? ACK_PROVIDER,
            kubeconfigBase64: pulumi.secret(pulumi.output(args.kubeconfig).apply(toBase64)),
            chartConfigBase64: args.chartConfig !== undefined ? pulumi.secret(pulumi.output(args.chartConfig).apply(toBase64)) : undefined,
        });
        // children do not inherit a component's dependsOn: pass it on to the one resource that needs it
        new k8s.apiextensions.CustomResource(`${name}-cluster`, body, { parent: this, provider: args.hostProvider, dependsOn: opts?.dependsOn });
        this.clusterName = args.clusterName;
        this.registerOutputs({ clusterName: this.clusterName });
    }
}
