import { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { defaultsLeftInPlace, valueAt } from "../components/kubernetes/knownDefaults";
import { ofType, violation } from "./support";

const RELEASE = "kubernetes:helm.sh/v3:Release";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Values = Record<string, any>;
const values = (r: PolicyResource): Values => (r.props.values ?? {}) as Values;
const releasesOf = (resources: PolicyResource[], chart: string) => resources.filter((r) => r.props.chart === chart);

/**
 * The KubeSphere federation has one host, and every member shares its jwtSecret (a member with another
 * secret rejects the host's tokens). Checked within a stack: the prod stack holds the host and its members;
 * nonprod's member receives the host's secret through prod's outputs.
 */
export const federationOneHost: StackValidationPolicy = {
    name: "federation-one-host",
    description: "The KubeSphere federation has exactly one host, and every member shares the host's jwtSecret.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        const cores = releasesOf(ofType(args, RELEASE), "ks-core");
        const role = (r: PolicyResource) => values(r).multicluster?.role as string | undefined;
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
            return;
        }
        if (hosts.length === 0) return;
        const secret = values(hosts[0]).authentication?.issuer?.jwtSecret;
        for (const member of cores.filter((r) => role(r) === "member")) {
            if (values(member).authentication?.issuer?.jwtSecret !== secret) {
                reportViolation(
                    violation({
                        resource: `ks-core release ${member.name}`,
                        field: "values.authentication.issuer.jwtSecret",
                        expected: `the host's jwtSecret (release ${hosts[0].name})`,
                        found: "a different secret (value not shown)",
                        fix: "pass the one federation jwtSecret (stacks/federation.ts) to every member",
                    }),
                    member.urn,
                );
            }
        }
    },
};

/** Every cluster's Prometheus labels its series with its cluster and remote-writes them to Thanos. */
export const prometheusRemoteWrite: StackValidationPolicy = {
    name: "prometheus-remote-write",
    description: "Every cluster's Prometheus sets externalLabels.cluster (unique) and remote-writes to Thanos Receive.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        const seen = new Map<string, string>();
        for (const release of releasesOf(ofType(args, RELEASE), "kube-prometheus-stack")) {
            const spec = values(release).prometheus?.prometheusSpec ?? {};
            const cluster = spec.externalLabels?.cluster as string | undefined;
            const resource = `kube-prometheus-stack release ${release.name}`;
            if (!cluster) {
                reportViolation(violation({ resource, field: "values.prometheus.prometheusSpec.externalLabels.cluster", expected: "the cluster's name",
                    found: "nothing", fix: "declare monitoring with ClusterMonitoring, which sets it" }), release.urn);
            } else if (seen.has(cluster)) {
                reportViolation(violation({ resource, field: "values.prometheus.prometheusSpec.externalLabels.cluster", expected: "a label no other cluster uses",
                    found: `${JSON.stringify(cluster)}, also used by ${seen.get(cluster)}`, fix: "label each cluster's series with its own name" }), release.urn);
            } else {
                seen.set(cluster, release.name);
            }
            const urls = ((spec.remoteWrite ?? []) as { url?: string }[]).map((w) => w.url ?? "");
            if (!urls.some((u) => /\/api\/v1\/receive$/.test(u))) {
                reportViolation(violation({ resource, field: "values.prometheus.prometheusSpec.remoteWrite", expected: "a remote write to Thanos Receive (…/api/v1/receive)",
                    found: urls.length ? JSON.stringify(urls) : "none", fix: "remote-write to the receive URL the prod stack exports" }), release.urn);
            }
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
