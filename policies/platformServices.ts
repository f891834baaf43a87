import { PolicyResource, ResourceValidationPolicy, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { defaultsLeftInPlace, valueAt } from "../components/kubernetes/knownDefaults";
import * as YAML from "yaml";
import { WHIZARD_MONITORING, mergeOverride } from "../components/federation/extensions";
import { CLUSTER_LABEL_TEMPLATE } from "../components/monitoring/whizardValues";
import { ofType, violation } from "./support";

const RELEASE = "kubernetes:helm.sh/v3:Release";
const INSTALL_PLAN = "kubernetes:kubesphere.io/v1alpha1:InstallPlan";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Values = Record<string, any>;
const values = (r: PolicyResource): Values => (r.props.values ?? {}) as Values;
const releasesOf = (resources: PolicyResource[], chart: string) => resources.filter((r) => r.props.chart === chart);

/**
 * The KubeSphere federation has one host, and the program installs ks-core there only: the host's cluster
 * controller installs it on every member from the member's registration, forcing the member role and the host's
 * jwtSecret, and runs `helm upgrade ks-core` over any release it finds there (kubesphere v4.1.3
 * pkg/controller/cluster/helper.go:66-124), so a member release of the program would have two owners.
 */
export const federationOneHost: StackValidationPolicy = {
    name: "federation-one-host",
    description: "The KubeSphere federation has exactly one host, and the program declares no member ks-core release (the host installs ks-core on its members).",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        const cores = releasesOf(ofType(args, RELEASE), "ks-core");
        const role = (r: PolicyResource) => (values(r).multicluster?.role as string | undefined) ?? "host";
        const hosts = cores.filter((r) => role(r) === "host");
        if (hosts.length > 1) {
            for (const host of hosts) {
                reportViolation(
                    violation({
                        resource: `ks-core release ${host.name}`,
                        field: "values.multicluster.role",
                        expected: "one host in the federation",
                        found: `host, as are ${hosts.filter((h) => h !== host).map((h) => h.name).join(", ")}`,
                        fix: "keep one host, on the ops cluster; every other cluster is a member",
                    }),
                    host.urn,
                );
            }
        }
        for (const member of cores.filter((r) => role(r) !== "host")) {
            reportViolation(
                violation({
                    resource: `ks-core release ${member.name}`,
                    field: "values.multicluster.role",
                    expected: "no member release: the host installs ks-core on a member from its Cluster's spec.config, and upgrades over any release it finds",
                    found: role(member),
                    fix: "remove the release; put the member's values in its registration's chartConfig (components/federation/values.ts memberChartConfig)",
                }),
                member.urn,
            );
        }
    },
};

/** The InstallPlans of an extension in the stack, with their config and overrides parsed. */
function installPlansOf(args: StackValidationArgs, extension: string) {
    return ofType(args, INSTALL_PLAN)
        .filter((r) => r.props.spec?.extension?.name === extension)
        .map((r) => {
            const spec = r.props.spec as { config?: string; clusterScheduling?: { placement?: { clusters?: string[] }; overrides?: Record<string, string> } };
            const parse = (text: string | undefined): Values => {
                const parsed = text ? (YAML.parse(text) as unknown) : {};
                return parsed !== null && typeof parsed === "object" ? (parsed as Values) : {};
            };
            const overrides = Object.fromEntries(Object.entries(spec.clusterScheduling?.overrides ?? {}).map(([c, text]) => [c, parse(text)]));
            return { resource: r, config: parse(spec.config), clusters: spec.clusterScheduling?.placement?.clusters ?? [], overrides };
        });
}

/**
 * Every cluster's Prometheus labels its series with its cluster and remote-writes them to Thanos, and it is the
 * cluster's one Prometheus stack: whizard-monitoring's agent, configured by its InstallPlan for every placed
 * cluster (its config merged with the cluster's override, as the controller merges them). A kube-prometheus-stack
 * release may run Grafana only: its operator beside the agent's would fight it over every Prometheus object.
 */
export const prometheusRemoteWrite: StackValidationPolicy = {
    name: "prometheus-remote-write",
    description: "Every cluster's Prometheus (whizard-monitoring's, the cluster's only one) sets externalLabels.cluster (unique) and remote-writes to Thanos Receive.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        for (const plan of installPlansOf(args, WHIZARD_MONITORING.name)) {
            const seen = new Map<string, string>();
            for (const cluster of plan.clusters) {
                const spec = (mergeOverride(plan.config, plan.overrides[cluster] ?? {}) as Values)["kube-prometheus-stack"]?.prometheus?.prometheusSpec ?? {};
                const label = spec.externalLabels?.cluster as string | undefined;
                const resource = `InstallPlan ${plan.resource.name} (cluster ${cluster})`;
                const field = (path: string) => `spec.config${plan.overrides[cluster] ? ` (with the override of ${cluster})` : ""}: kube-prometheus-stack.prometheus.prometheusSpec.${path}`;
                // the template gives each cluster its own name; a fixed label must differ per cluster
                const value = label === CLUSTER_LABEL_TEMPLATE ? cluster : label;
                if (!value) {
                    reportViolation(violation({ resource, field: field("externalLabels.cluster"), expected: `the cluster's name (${JSON.stringify(CLUSTER_LABEL_TEMPLATE)})`,
                        found: "nothing", fix: "declare monitoring with PlatformMonitoring, which sets it" }), plan.resource.urn);
                } else if (seen.has(value)) {
                    reportViolation(violation({ resource, field: field("externalLabels.cluster"), expected: "a label no other cluster uses",
                        found: `${JSON.stringify(value)}, also used by ${seen.get(value)}`, fix: `label each cluster's series with its own name (${JSON.stringify(CLUSTER_LABEL_TEMPLATE)})` }), plan.resource.urn);
                } else {
                    seen.set(value, cluster);
                }
                const urls = ((spec.remoteWrite ?? []) as { url?: string }[]).map((w) => w.url ?? "");
                if (!urls.some((u) => /\/api\/v1\/receive$/.test(u))) {
                    reportViolation(violation({ resource, field: field("remoteWrite"), expected: "a remote write to Thanos Receive (…/api/v1/receive)",
                        found: urls.length ? JSON.stringify(urls) : "none", fix: "remote-write to Thanos Receive by its name in the platform's zone" }), plan.resource.urn);
                }
            }
        }
        for (const release of releasesOf(ofType(args, RELEASE), "kube-prometheus-stack")) {
            const running = (["prometheusOperator", "prometheus"] as const).filter((part) => values(release)[part]?.enabled !== false);
            if (running.length === 0) continue;
            reportViolation(
                violation({
                    resource: `kube-prometheus-stack release ${release.name}`,
                    field: running.map((p) => `values.${p}.enabled`).join(", "),
                    expected: "false: each cluster's Prometheus stack is whizard-monitoring's agent, and a second prometheus-operator fights it over every Prometheus object",
                    found: "true (the chart's default)",
                    fix: "run Grafana only from this chart (components/monitoring/kubePrometheusValues.ts grafanaValues)",
                }),
                release.urn,
            );
        }
    },
};

/** The chart's name of a release: the last segment of an `oci://` reference, else the chart itself. */
const chartOf = (chart: unknown): string => String(chart ?? "").replace(/\/+$/, "").split("/").pop()!;

/** No release keeps a credential its chart ships as a public default (components/kubernetes/knownDefaults.ts). */
export const noChartDefaultCredentials: ResourceValidationPolicy = {
    name: "no-chart-default-credentials",
    description: "No Helm release keeps a credential its chart ships as a public default (Harbor's admin password and encryption key, KubeSphere's admin password, ...).",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
        if (args.type !== RELEASE) return;
        const chart = chartOf(args.props.chart);
        for (const d of defaultsLeftInPlace(chart, args.props.values ?? {})) {
            const replaced = d.replacedBy?.length ? `, or set ${d.replacedBy.join(" and ")} to read it from a Secret` : "";
            reportViolation(
                violation({
                    resource: `${chart} release ${args.name}`,
                    field: `values.${d.path}`,
                    expected: `not the chart's public default (${d.what})`,
                    found: [undefined, null, ""].includes(valueAt(args.props.values, d.path) as string) ? "nothing: the chart's built-in default applies" : "the chart's public default (value not shown)",
                    fix: `generate it (@pulumi/random) and keep it secret${replaced}`,
                }),
            );
        }
    },
};

export const platformServicePolicies = [federationOneHost, prometheusRemoteWrite, noChartDefaultCredentials];
