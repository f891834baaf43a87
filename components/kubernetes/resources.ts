/**
 * Requests and limits of the platform's own containers: the rule it asks of every app team
 * (`container-resources`, mandatory) it keeps itself. One home for every size, by chart and container, so a
 * resize is one line. Sized for the standard node (32 vCPU, 128 GiB; about 31.8 vCPU and 118 GiB allocatable)
 * from the components' documented minimums and the field reports' clusters (three to thirty nodes, a few
 * thousand pods): requests are what each needs at rest, limits what it may burst to. CPU limits stay
 * generous (throttling a control loop is worse than sharing a spare core); memory limits are firm.
 */

/** A container's `resources`. */
export interface ContainerResources {
    readonly requests: { readonly cpu: string; readonly memory: string };
    readonly limits: { readonly cpu: string; readonly memory: string };
}

/** requests cpu/memory, then limits cpu/memory. */
export function resources(cpu: string, memory: string, cpuLimit: string, memoryLimit: string): ContainerResources {
    return { requests: { cpu, memory }, limits: { cpu: cpuLimit, memory: memoryLimit } };
}

/** A small helper container: hook jobs, sidecars, init containers. */
const HELPER = resources("50m", "64Mi", "200m", "256Mi");

export const PLATFORM_RESOURCES = {
    harbor: {
        core: resources("200m", "512Mi", "2", "2Gi"),
        jobservice: resources("100m", "256Mi", "1", "1Gi"),
        portal: resources("50m", "64Mi", "200m", "256Mi"),
        nginx: resources("100m", "128Mi", "1", "512Mi"),
        registry: resources("200m", "512Mi", "2", "2Gi"),
        registryController: resources("50m", "128Mi", "500m", "512Mi"),
        exporter: resources("50m", "64Mi", "500m", "256Mi"),
        database: resources("250m", "512Mi", "2", "4Gi"),
        databaseInit: HELPER,
        redis: resources("100m", "256Mi", "1", "1Gi"),
        trivy: resources("200m", "512Mi", "2", "2Gi"),
    },
    ksCore: {
        apiserver: resources("200m", "512Mi", "2", "2Gi"),
        controller: resources("100m", "256Mi", "1", "1Gi"),
        console: resources("100m", "128Mi", "1", "1Gi"),
        helmExecutor: resources("100m", "128Mi", "500m", "512Mi"),
        /** What the namespace's LimitRange gives the containers ks-core offers no resources value for (its hook jobs, extensions-museum). */
        unsized: resources("50m", "128Mi", "500m", "512Mi"),
    },
    /** The Prometheus stack (whizard-monitoring's kube-prometheus-stack) on every cluster, and Grafana in ops. */
    kubePrometheusStack: {
        operator: resources("100m", "256Mi", "1", "1Gi"),
        configReloader: resources("10m", "32Mi", "100m", "64Mi"),
        prometheus: resources("1", "4Gi", "4", "16Gi"),
        alertmanager: resources("100m", "256Mi", "500m", "1Gi"),
        admissionJobs: HELPER,
        kubeStateMetrics: resources("100m", "256Mi", "1", "1Gi"),
        nodeExporter: resources("50m", "64Mi", "250m", "256Mi"),
        grafana: resources("100m", "256Mi", "1", "1Gi"),
        grafanaSidecars: HELPER,
        /** kube-rbac-proxy in front of kube-state-metrics and node-exporter (whizard-monitoring's stack). */
        rbacProxy: HELPER,
        /** whizard-monitoring-helper's post-install hook on the host. */
        hook: HELPER,
    },
    whizardTelemetry: { apiserver: resources("50m", "128Mi", "1", "1Gi") },
    csiDriverNfs: { driver: resources("10m", "64Mi", "500m", "512Mi"), sidecar: HELPER },
    thanos: {
        query: resources("200m", "512Mi", "2", "4Gi"),
        receive: resources("500m", "2Gi", "4", "8Gi"),
        storegateway: resources("200m", "1Gi", "2", "4Gi"),
        compactor: resources("200m", "1Gi", "2", "4Gi"),
    },
    filebeat: { filebeat: resources("100m", "200Mi", "1", "512Mi") },
    elastalert: { elastalert: resources("100m", "256Mi", "1", "1Gi") },
    tigeraOperator: { operator: resources("100m", "128Mi", "1", "512Mi") },
} as const;
