/**
 * The KubeSphere federation as data: which cluster is the host, the ks-core chart and the values each role
 * gets, the cluster groups members are registered in. Pure functions, no Pulumi: the components wire them.
 */
import { PLATFORM_CHARTS } from "../kubernetes/charts";
import { ContainerResources, PLATFORM_RESOURCES } from "../kubernetes/resources";
import * as YAML from "yaml";
import { NetworkName, SHARED_NETWORK } from "../../config/topology";

/** The role of a cluster in the federation: one host (the control plane), members for workloads. */
export type FederationRole = "host" | "member";

/**
 * The host cluster's name in KubeSphere: its own `Cluster` object, which KubeSphere creates on the host,
 * and `multicluster.hostClusterName` on every cluster. The ops network's cluster is the host.
 */
export const HOST_CLUSTER_NAME: string = SHARED_NETWORK;

/** `host` for the ops network's cluster (the platform's control plane), `member` for every other. */
export function federationRole(network: NetworkName): FederationRole {
    return network === SHARED_NETWORK ? "host" : "member";
}

/** The namespace ks-core runs in. Its images are needed before Harbor exists (the registry policy's exemption). */
export const KUBESPHERE_NAMESPACE = PLATFORM_CHARTS.ksCore.namespace;

/**
 * Namespaces whose pods run images of ks-core's upstream repositories: ks-core itself and its hook jobs
 * (kubesphere-system), and the web kubectl and node shell pods KubeSphere starts on demand
 * (kubesphere-controls-system, which the chart creates).
 */
export const KUBESPHERE_IMAGE_NAMESPACES: readonly string[] = [KUBESPHERE_NAMESPACE, "kubesphere-controls-system"];

/**
 * The ks-core chart (KubeSphere v4.1.3), which the program installs on the host only: on a member, the host's
 * cluster controller installs it itself (`ks-core` in kubesphere-system, from the registration's `spec.config`,
 * see {@link memberChartConfig}), so the program owns no member release, which that install would upgrade over.
 */
export const KS_CORE_CHART = PLATFORM_CHARTS.ksCore;

/**
 * Options of {@link ksCoreValues}; `S` is the secrets' type and `R` the registry's (a string, or a Pulumi Output
 * of one: the program passes Outputs, so that only the secret leaves of the values are secret).
 */
export interface KsCoreValuesOptions<S, R = string> {
    readonly role: FederationRole;
    /** Defaults to {@link HOST_CLUSTER_NAME}. */
    readonly hostClusterName?: string;
    /** The token-signing secret every cluster of the federation shares. */
    readonly jwtSecret: S;
    /** Registry to pull KubeSphere's images from (the platform's Harbor). Defaults to the chart's (docker.io). */
    readonly imageRegistry?: R;
    /**
     * The bcrypt hash of the cluster's `admin` password (`random.RandomPassword.bcryptHash`): the chart writes
     * it into the `admin` User (templates/user.yaml, `getOrDefaultPass`), and KubeSphere's user controller keeps
     * a password that is already a bcrypt hash as it is. Without it the chart's built-in hash of `P@88w0rd`.
     */
    readonly adminPasswordHash: S;
}

/** ks-core values as {@link ksCoreValues} builds them. */
export interface KsCoreValues<S, R = string> {
    readonly global?: { readonly imageRegistry: R };
    readonly multicluster: { readonly role: FederationRole; readonly hostClusterName: string };
    readonly authentication: { readonly adminPassword: S; readonly issuer: { readonly jwtSecret: S } };
    readonly apiserver: { readonly resources: ContainerResources };
    readonly controller: { readonly resources: ContainerResources };
    readonly console: { readonly resources: ContainerResources; readonly nodePort: 0 };
    readonly helmExecutor: { readonly resources: ContainerResources };
}

/**
 * ks-core's telemetry switch. The chart reads no value for it: templates/platformconfig-telemetry.yaml renders,
 * on the host, this Secret with `enabled` taken from the Secret already in the cluster (`lookup`, _helpers.tpl
 * "telemetry.enabled"), `true` when there is none, and KubeSphere then reports to kubesphere.cloud. So the
 * program creates it first, with `enabled: false` and Helm's ownership marks, which `helm install` requires
 * of an object a chart renders and which make the release adopt it (checked against Helm's install action).
 */
export const TELEMETRY_SECRET = {
    name: "io.kubesphere.config.platformconfig.telemetry",
    type: "config.kubesphere.io/generic-platform-config",
    key: "configuration.yaml",
    content: 'enabled: false\nendpoint: "https://kubesphere.cloud"\n',
} as const;

/**
 * The ks-core values of a cluster. Every cluster names its role and the host explicitly (the chart would
 * otherwise keep whatever an earlier install left in kubesphere-config, or default to `host`) and signs
 * tokens with the one shared jwtSecret, so a session issued by the host is valid on every member.
 * Telemetry is off through {@link TELEMETRY_SECRET} (no value of the chart turns it off). Its workloads get
 * the platform's sizes.
 * Images keep the chart's upstream repositories until `imageRegistry` points them at Harbor, whose
 * KubeSphere projects keep the upstream names.
 */
export function ksCoreValues<S, R = string>(opts: KsCoreValuesOptions<S, R>): KsCoreValues<S, R> {
    return {
        ...(opts.imageRegistry !== undefined ? { global: { imageRegistry: opts.imageRegistry } } : {}),
        multicluster: { role: opts.role, hostClusterName: opts.hostClusterName ?? HOST_CLUSTER_NAME },
        authentication: { adminPassword: opts.adminPasswordHash, issuer: { jwtSecret: opts.jwtSecret } },
        apiserver: { resources: PLATFORM_RESOURCES.ksCore.apiserver },
        controller: { resources: PLATFORM_RESOURCES.ksCore.controller },
        // no NodePort: the chart's `console.nodePort` (30880) opens the console on every node; 0 renders a ClusterIP
        // Service (templates/ks-console.yaml `if .Values.console.nodePort`), reached through the HTTPS load balancer
        console: { resources: PLATFORM_RESOURCES.ksCore.console, nodePort: 0 },
        helmExecutor: { resources: PLATFORM_RESOURCES.ksCore.helmExecutor },
    };
}

/**
 * A member's ks-core values, as YAML: its registration's `spec.config`. The host's cluster controller installs
 * ks-core on a member itself, on its first join and on every change of `spec.config` (its hash, annotation
 * `kubesphere.io/config-hash`), with the chart bundled in ks-controller-manager: the chart's defaults, then this
 * config, then what it forces: `role` and `multicluster` `{role: member}`, `upgrade.enabled: false` and the
 * host's jwtSecret (kubesphere v4.1.3 pkg/controller/cluster/helper.go:66-124, cluster_controller.go:375-412).
 * So the config holds only what the host does not force: where images come from, the admin's password hash (a
 * member's chart renders an `admin` User too, templates/user.yaml, with the chart's public default hash when none
 * is given), and the sizes of what a member runs (ks-apiserver and ks-controller-manager, templates/ks-agent.yaml).
 */
export function memberChartConfig(opts: { readonly imageRegistry?: string; readonly adminPasswordHash: string }): string {
    return YAML.stringify(memberChartValues(opts));
}

/** {@link memberChartConfig} as values. */
export function memberChartValues(opts: { readonly imageRegistry?: string; readonly adminPasswordHash: string }) {
    return {
        ...(opts.imageRegistry !== undefined ? { global: { imageRegistry: opts.imageRegistry } } : {}),
        authentication: { adminPassword: opts.adminPasswordHash },
        apiserver: { resources: PLATFORM_RESOURCES.ksCore.apiserver },
        controller: { resources: PLATFORM_RESOURCES.ksCore.controller },
    };
}

/**
 * What the host's cluster controller installs on a member: the ks-core release's values, from its
 * registration's config (helper.go:66-82). The jwtSecret is the host's (`authentication.issuer.jwtSecret` of the
 * host's kubesphere-config); `multicluster` is replaced whole, so a `hostClusterName` of the config is dropped.
 */
export function memberReleaseValues(config: Record<string, unknown>, hostJwtSecret: string): Record<string, unknown> {
    const authentication = { ...((config.authentication as Record<string, unknown> | undefined) ?? {}) };
    const issuer = { ...((authentication.issuer as Record<string, unknown> | undefined) ?? {}), jwtSecret: hostJwtSecret };
    return { ...config, role: "member", multicluster: { role: "member" }, upgrade: { enabled: false }, authentication: { ...authentication, issuer } };
}

/** Cluster groups the KubeSphere console offers (`cluster.kubesphere.io/group`). */
export const CLUSTER_GROUPS = ["production", "development", "testing", "demo"] as const;
/** A cluster group. */
export type ClusterGroup = (typeof CLUSTER_GROUPS)[number];

/** The group a network's cluster is shown in: prod is production, every other network development. */
export function clusterGroup(network: NetworkName): ClusterGroup {
    return network === "prod" ? "production" : "development";
}

/** The `spec.provider` of an ACK cluster, as the KubeSphere console names it (label "Alibaba Cloud ACK"). */
export const ACK_PROVIDER = "Aliyun ACK";

/** Base64 of a text (UTF-8), as Kubernetes `format: byte` fields take it. */
export function toBase64(text: string): string {
    return Buffer.from(text, "utf8").toString("base64");
}
