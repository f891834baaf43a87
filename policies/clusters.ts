import * as alicloud from "@pulumi/alicloud";
import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { CONTROL_PLANE_LOGS } from "../components/cluster/ackCluster";
import { violation } from "./support";

/** Prod clusters: deletion protection, `protect`, and an API server on the intranet only. */
export const prodClusterProtected: ResourceValidationPolicy = {
    name: "prod-cluster-protected",
    description: "Prod clusters have deletion protection and no internet-facing API server.",
    enforcementLevel: "mandatory",
    validateResource: validateResourceOfType(alicloud.cs.ManagedKubernetes, (cluster, args, reportViolation) => {
        const environment = (cluster.tags as Record<string, string> | undefined)?.environment;
        // a cluster that does not say which environment it is gets the prod rules
        if (environment !== undefined && environment !== "prod") return;
        const resource = `cluster ${args.name} (environment ${environment ?? "untagged"})`;
        if (cluster.deletionProtection !== true) {
            reportViolation(violation({ resource, field: "deletionProtection", expected: "true", found: String(cluster.deletionProtection ?? "unset"),
                fix: "set deletionProtection: true in the cluster's settings" }));
        }
        if (!args.opts.protect) {
            reportViolation(violation({ resource, field: "protect (resource option)", expected: "true", found: "false",
                fix: "declare the cluster with protect: true, as AckCluster does" }));
        }
        if (cluster.slbInternetEnabled !== false) {
            reportViolation(violation({ resource, field: "slbInternetEnabled", expected: "false (the API server on the intranet only)",
                found: String(cluster.slbInternetEnabled ?? "unset (ACK's default exposes it)"), fix: "set apiServer: intranet; ops reaches it over the hub" }));
        }
    }),
};

/** Control-plane and audit logs go to SLS. */
export const clusterLogsEnabled: ResourceValidationPolicy = {
    name: "cluster-logs-enabled",
    description: "Clusters send their control-plane logs and audit logs to SLS.",
    enforcementLevel: "mandatory",
    validateResource: validateResourceOfType(alicloud.cs.ManagedKubernetes, (cluster, args, reportViolation) => {
        const components = (cluster.controlPlaneLogComponents ?? []) as string[];
        const missing = CONTROL_PLANE_LOGS.filter((c) => !components.includes(c));
        if (missing.length > 0) {
            reportViolation(violation({ resource: `cluster ${args.name}`, field: "controlPlaneLogComponents",
                expected: `all of ${CONTROL_PLANE_LOGS.join(", ")}`, found: components.length ? components.join(", ") : "none",
                fix: `add ${missing.join(", ")}` }));
        }
        const audit = cluster.auditLogConfig as { enabled?: boolean } | undefined;
        if (audit?.enabled !== true) {
            reportViolation(violation({ resource: `cluster ${args.name}`, field: "auditLogConfig.enabled", expected: "true",
                found: String(audit?.enabled ?? "unset"), fix: "set auditLogConfig: { enabled: true }" }));
        }
    }),
};

export const clusterPolicies = [prodClusterProtected, clusterLogsEnabled];
