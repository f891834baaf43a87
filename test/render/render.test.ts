/**
 * Every Helm release of both stacks, rendered with the real Helm binary and the pinned chart archives
 * (../shared/reference/charts) with the values the plan records, exactly as `npm run render` does: each renders,
 * every object validates against its schema, no mandatory policy is violated, and the exemptions that applied
 * are exactly the platform's reviewed ones. Then what a render shows that a values check cannot.
 */
import { execFileSync } from "child_process";
import * as YAML from "yaml";
import { ChartSpec, PLATFORM_CHARTS, chartArchiveName, chartName } from "../../components/kubernetes/charts";
import { TELEMETRY_SECRET } from "../../components/federation/values";
import { WHIZARD_MONITORING } from "../../components/federation/extensions";
import { WHIZARD_ALERTMANAGER } from "../../components/monitoring/whizardValues";
import { KNOWN_CHART_DEFAULTS } from "../../components/kubernetes/knownDefaults";
import { HARBOR_CERT_CHECKSUM_ANNOTATION, HARBOR_ENTRY, HARBOR_TLS_SECRET, HARBOR_UNUSED_DATABASE_PASSWORD } from "../../components/registry/harborValues";
import { KS_CONSOLE_ENTRY } from "../../components/federation/console";
import { referenceFile } from "../../engine/reference/paths";
import { RenderResult, archiveOf } from "../../engine/render/render";
import { releasesOf } from "../../engine/render/releases";
import { STANDARD, cachedPlan } from "../support/planCache";
import { cachedRender } from "../support/renderCache";
import { KubeSphereRoles, clusterOf, kubesphereRoles, unresolvedBindings } from "../support/kubesphereRoles";
import { PlanFile } from "../../engine/planFile";
import { imagesOf } from "../support/images";
import { imageMirror } from "../../components/registry/mirror";
import { loadRegistryConfig } from "../../config/registry";
import { PLATFORM_DEFAULTS } from "../../policies/platformDefaults";

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** renderReleases of the stack's releases with the platform's pack (rendered once for these inputs: test/support/renderCache.ts). */
async function renderStack(stack: "prod" | "nonprod"): Promise<RenderResult> {
    return cachedRender(releasesOf((await cachedPlan(STANDARD[stack])).analyzed()));
}

const objectsOf = (result: RenderResult, id: string): Obj[] => {
    const r = result.releases.find((x) => x.release.id === id);
    if (!r) throw new Error(`no release ${id}; rendered: ${result.releases.map((x) => x.release.id).join(", ")}`);
    return r.read.objects.map((o) => o.object as Obj);
};

/** A file of a packaged chart (the reference data's, or the vendored one: archiveOf), read with tar as Helm reads the archive. */
const chartFile = (archive: string, file: string, spec?: ChartSpec) =>
    execFileSync("tar", ["-xzOf", spec ? archiveOf({ spec, archive }) : referenceFile("charts", archive), file], { encoding: "utf8" });

let prod: RenderResult;
let nonprod: RenderResult;
beforeAll(async () => {
    [prod, nonprod] = [await renderStack("prod"), await renderStack("nonprod")];
});

describe("the pinned charts", () => {
    test.each(Object.entries(PLATFORM_CHARTS))("%s: the archive (the reference data's, or the vendored one) is the version the program installs", (_, spec) => {
        const chart = YAML.parse(chartFile(chartArchiveName(spec), `${chartName(spec)}/Chart.yaml`, spec)) as { name: string; version: string };
        expect([chart.name, chart.version]).toEqual([chartName(spec), spec.version]);
    });
});

describe.each(["prod", "nonprod"] as const)("%s: every release", (stack) => {
    const result = () => (stack === "prod" ? prod : nonprod);

    test("renders, with the releases the stack declares", () => {
        const ids = result().releases.map((r) => r.release.id).sort();
        expect(ids).toEqual(
            stack === "prod"
                ? [
                      // whizard-monitoring's agent on every cluster its InstallPlan places it on, nonprod's too
                      "nonprod/kubesphere-monitoring-system/whizard-monitoring-agent",
                      "ops/elastalert/elastalert",
                      "ops/extension-whizard-telemetry/whizard-telemetry",
                      "ops/harbor/harbor",
                      "ops/kubesphere-monitoring-system/whizard-monitoring",
                      "ops/kubesphere-monitoring-system/whizard-monitoring-agent",
                      "ops/kubesphere-system/ks-core",
                      "ops/logging/filebeat",
                      "ops/monitoring/kube-prometheus-stack",
                      "ops/thanos/thanos",
                      "prod/kubesphere-monitoring-system/whizard-monitoring-agent",
                      "prod/kubesphere-system/ks-core",
                      "prod/logging/filebeat",
                  ]
                : ["nonprod/kubesphere-system/ks-core", "nonprod/logging/filebeat"],
        );
        // who installs each: the program, or KubeSphere's controllers for the program's Cluster and InstallPlan objects
        expect(Object.fromEntries(result().releases.map((r) => [r.release.id, r.release.installedBy]))).toMatchObject(
            stack === "prod"
                ? { "ops/kubesphere-system/ks-core": "program", "prod/kubesphere-system/ks-core": "cluster-controller", "nonprod/kubesphere-monitoring-system/whizard-monitoring-agent": "installplan-controller" }
                : { "nonprod/kubesphere-system/ks-core": "cluster-controller", "nonprod/logging/filebeat": "program" },
        );
        for (const r of result().releases) {
            // the host's whizard-monitoring release is the console's pages only (a ConfigMap and a JSBundle)
            expect(r.read.objects.length).toBeGreaterThan(r.release.id === "ops/kubesphere-monitoring-system/whizard-monitoring" ? 1 : 3);
            // nonprod's cluster is the nonprod stack's: its version is not in the prod plan
            expect(r.release.kubeVersion ?? "not in this plan").toBe(stack === "prod" && r.release.cluster === "nonprod" ? "not in this plan" : "1.33.3");
        }
    });

    test("every object validates against its schema (kubernetes-models, the cluster's CRDs)", () => {
        expect(result().releases.flatMap((r) => r.schemaProblems.map((p) => `${r.release.id}: ${p}`))).toEqual([]);
    });

    test("no mandatory violation: the platform keeps the rules it asks of app teams", () => {
        expect(result().violations.filter((v) => v.enforcementLevel === "mandatory").map((v) => `${v.release} ${v.policy} ${v.object}`)).toEqual([]);
    });

    test("the exemptions that applied are the reviewed ones (policies/exemptions.ts), and no other", () => {
        const applied = [...new Set(result().exemptions.map((e) => `${e.policy} ${e.object}`))].sort();
        const ksCoreJobs = ["ks-core-ks-crds-pre-upgrade", "ks-core-post-delete", "ks-core-post-delete-crd", "ks-core-post-patch-system-ns", "ks-core-post-patch-user"].map(
            (j) => `container-resources Job kubesphere-system/${j}`,
        );
        const common = [...ksCoreJobs, "pod-no-host-path DaemonSet logging/filebeat", "pod-run-as-non-root DaemonSet logging/filebeat"];
        expect(applied).toEqual(
            (stack === "prod"
                ? [
                      ...common,
                      "pod-no-host-namespaces DaemonSet kubesphere-monitoring-system/node-exporter",
                      "pod-no-host-path DaemonSet kubesphere-monitoring-system/node-exporter",
                      "pod-no-host-path Deployment extension-whizard-telemetry/whizard-telemetry-apiserver",
                      "container-resources Deployment kubesphere-system/extensions-museum",
                      "pod-no-host-path Deployment kubesphere-system/ks-agent",
                      "pod-no-host-path Deployment kubesphere-system/ks-apiserver",
                      "pod-no-host-path Deployment kubesphere-system/ks-console",
                      "pod-no-host-path Deployment kubesphere-system/ks-controller-manager",
                  ]
                : [...common, "pod-no-host-path Deployment kubesphere-system/ks-agent"]
            ).sort(),
        );
    });

    test("no secret of the program is rendered: secret values are placeholders, at the paths the chart names", () => {
        const text = result().releases.map((r) => r.manifest).join("\n");
        expect(text).not.toMatch(/fake-ak-secret-|FAKE-WEBHOOK|\[secret\]/);
        for (const r of result().releases.filter((x) => x.release.spec.chart === "ks-core")) {
            expect([...r.release.placeholders].sort()).toEqual(["values.authentication.adminPassword", "values.authentication.issuer.jwtSecret"]);
        }
    });
});

describe("what a render shows that a values check cannot", () => {
    test("on ACK, no scrape, rule or dashboard of the control plane ACK runs out of the cluster's reach", () => {
        for (const id of ["ops/kubesphere-monitoring-system/whizard-monitoring-agent", "prod/kubesphere-monitoring-system/whizard-monitoring-agent"]) {
            const objects = objectsOf(prod, id);
            const rules = objects.filter((o) => o.kind === "PrometheusRule").flatMap((o) => (o.spec.groups as Obj[]).flatMap((g) => (g.rules as Obj[]).map((r) => r.alert ?? r.record)));
            expect(rules.length).toBeGreaterThan(100);
            // the console's own recording rules (whizard-telemetry's queries read them) are there
            expect(rules).toEqual(expect.arrayContaining(["node:node_cpu_utilization:ratio", "namespace:workload_cpu_usage:sum", "workspace_workload_node:kube_pod_info:"]));
            // no alert at all (the fork leaves alerting to KubeSphere's alerting extension), so none of an unreachable
            // control plane; its whizard-telemetry etcd records stay (one gate for the six groups) and find no series
            const alerts = objects.filter((o) => o.kind === "PrometheusRule").flatMap((o) => (o.spec.groups as Obj[]).flatMap((g) => (g.rules as Obj[]).filter((r) => r.alert)));
            expect(alerts).toEqual([]);
            expect(objects.filter((o) => o.kind === "ServiceMonitor").map((o) => o.metadata.name).filter((n) => /kube-controller-manager|kube-scheduler|etcd|kube-proxy/.test(n))).toEqual([]);
            expect(objects.filter((o) => o.kind === "Service" && o.metadata.namespace === "kube-system").map((o) => o.metadata.name).filter((n) => /controller-manager|scheduler|etcd|proxy/.test(n))).toEqual([]);
            // and every container the operator will run gets its size: the reloaders' flags are not "0" (none)
            const operator = objects.find((o) => o.kind === "Deployment" && o.metadata.name === "prometheus-operator")!;
            expect((operator.spec.template.spec.containers[0].args as string[]).filter((a) => a.startsWith("--config-reloader-"))).toEqual([
                "--config-reloader-cpu-request=10m",
                "--config-reloader-cpu-limit=100m",
                "--config-reloader-memory-request=32Mi",
                "--config-reloader-memory-limit=64Mi",
            ]);
        }
        // the Grafana test pod (a helm test hook) is not rendered at all
        expect(objectsOf(prod, "ops/monitoring/kube-prometheus-stack").filter((o) => /grafana-test/.test(o.metadata.name))).toEqual([]);
    });

    test("Thanos runs only what the platform uses: no query-frontend", () => {
        const names = objectsOf(prod, "ops/thanos/thanos").filter((o) => ["Deployment", "StatefulSet"].includes(o.kind)).map((o) => `${o.kind} ${o.metadata.name}`).sort();
        expect(names).toEqual(["Deployment thanos-compactor", "Deployment thanos-query", "StatefulSet thanos-receive", "StatefulSet thanos-storegateway"]);
    });

    test("ElastAlert's webhook URL is in no ConfigMap: the configuration names the variable its Secret fills", () => {
        const objects = objectsOf(prod, "ops/elastalert/elastalert");
        const config = objects.find((o) => o.kind === "ConfigMap" && o.metadata.name === "elastalert-config")!;
        expect(YAML.parse(config.data["elastalert_config"]).http_post2_url).toBe("${ELASTALERT_WEBHOOK_URL}");
        const deployment = objects.find((o) => o.kind === "Deployment")!;
        expect(deployment.spec.template.spec.containers[0].env).toContainEqual({ name: "ELASTALERT_WEBHOOK_URL", valueFrom: { secretKeyRef: { name: "elastalert-webhook", key: "url" } } });
    });

    test("ks-core's telemetry reads the Secret the program creates first (it renders enabled: true when there is none)", () => {
        const helpers = chartFile(chartArchiveName(PLATFORM_CHARTS.ksCore), "ks-core/templates/_helpers.tpl");
        expect(helpers).toContain(`lookup "v1" "Secret" (printf "%s" .Release.Namespace) "${TELEMETRY_SECRET.name}"`);
        expect(helpers).toContain(`(index .data "${TELEMETRY_SECRET.key}") | b64dec`);
        // offline there is no cluster to look up: the render shows what happens without the program's Secret
        const rendered = objectsOf(prod, "ops/kubesphere-system/ks-core").find((o) => o.kind === "Secret" && o.metadata.name === TELEMETRY_SECRET.name)!;
        expect(rendered.type).toBe(TELEMETRY_SECRET.type);
        expect(rendered.stringData[TELEMETRY_SECRET.key]).toBe(TELEMETRY_SECRET.content.replace("false", "true"));
        // members render none: only the host reports
        expect(objectsOf(prod, "prod/kubesphere-system/ks-core").filter((o) => o.metadata.name === TELEMETRY_SECRET.name)).toEqual([]);
    });

    test("no release keeps a known chart default credential: not in any manifest, nor in any Secret's data decoded", () => {
        for (const r of [...prod.releases, ...nonprod.releases]) {
            const decoded = r.read.objects
                .map((o) => o.object as Obj)
                .filter((o) => o.kind === "Secret")
                .flatMap((o) => Object.values((o.data ?? {}) as Record<string, string>).map((b64) => Buffer.from(b64, "base64").toString("utf8")));
            const text = [r.manifest, ...decoded].join("\n");
            const found = KNOWN_CHART_DEFAULTS.filter((d) => d.chart === r.release.spec.chart && text.includes(d.rendered)).map((d) => `${r.release.id}: ${d.path}`);
            expect(found).toEqual([]);
        }
        // and the test can see one: the chart's own render of Harbor's database Secret holds the value it is given
        const db = objectsOf(prod, "ops/harbor/harbor").find((o) => o.kind === "Secret" && o.metadata.name === "harbor-database")!;
        expect(Buffer.from(db.data.POSTGRES_PASSWORD, "base64").toString("utf8")).toBe(HARBOR_UNUSED_DATABASE_PASSWORD);
        // KubeSphere's admin User carries the generated hash (a placeholder of its form here), not the chart's
        for (const id of ["ops/kubesphere-system/ks-core", "prod/kubesphere-system/ks-core"]) {
            const admin = objectsOf(prod, id).find((o) => o.kind === "User" && o.metadata.name === "admin")!;
            expect(admin.spec.password).toMatch(/^\$2a\$10\$placeholder[0-9a-f]{42}$/);
        }
    });

    test("the platform's load balancers reach what the charts run: Harbor's nginx on 8443 serving the CA's certificate, the console on 8000; neither chart exposes a NodePort", () => {
        const harbor = objectsOf(prod, "ops/harbor/harbor");
        const nginx = harbor.find((o) => o.kind === "Deployment" && o.metadata.name === "harbor-nginx")!;
        expect(nginx.spec.template.metadata.labels).toMatchObject(HARBOR_ENTRY.selector);
        // the selector picks nginx alone among Harbor's pods
        const matching = harbor.filter((o) => ["Deployment", "StatefulSet"].includes(o.kind) && Object.entries(HARBOR_ENTRY.selector).every(([k, v]) => o.spec.template.metadata.labels?.[k] === v));
        expect(matching.map((o) => o.metadata.name)).toEqual(["harbor-nginx"]);
        expect(nginx.spec.template.spec.containers[0].ports).toContainEqual(expect.objectContaining({ containerPort: HARBOR_ENTRY.targetPort }));
        expect(nginx.spec.template.spec.volumes).toContainEqual(expect.objectContaining({ secret: expect.objectContaining({ secretName: HARBOR_TLS_SECRET }) }));
        expect(nginx.spec.template.metadata.annotations[HARBOR_CERT_CHECKSUM_ANNOTATION]).toMatch(/^[0-9a-f]{64}$/);
        const services = (objects: Obj[]) => objects.filter((o) => o.kind === "Service");
        for (const svc of [...services(harbor), ...services(objectsOf(prod, "ops/kubesphere-system/ks-core"))]) expect([svc.metadata.name, svc.spec.type ?? "ClusterIP"]).toEqual([svc.metadata.name, "ClusterIP"]);
        const ks = objectsOf(prod, "ops/kubesphere-system/ks-core");
        const console = ks.find((o) => o.kind === "Deployment" && o.metadata.name === "ks-console")!;
        expect(console.spec.template.metadata.labels).toMatchObject(KS_CONSOLE_ENTRY.selector);
        const chartService = ks.find((o) => o.kind === "Service" && o.metadata.name === "ks-console")!;
        expect(chartService.spec.selector).toEqual(KS_CONSOLE_ENTRY.selector);
        expect(chartService.spec.ports[0].targetPort).toBe(KS_CONSOLE_ENTRY.targetPort);
        expect(chartService.spec.ports[0].nodePort).toBeUndefined();
    });

    test("Harbor keeps none of its public default credentials: each comes from a generated Secret", () => {
        const harbor = prod.releases.find((r) => r.release.id === "ops/harbor/harbor")!;
        const objects = harbor.read.objects.map((o) => o.object as Obj);
        const pod = (name: string) => objects.find((o) => ["Deployment", "StatefulSet"].includes(o.kind) && o.metadata.name === name)!.spec.template.spec;
        // the database container: the generated password wins over the chart's Secret (env over envFrom)
        expect(pod("harbor-database").containers[0].env).toContainEqual({ name: "POSTGRES_PASSWORD", valueFrom: { secretKeyRef: { name: "harbor-database-password", key: "password" } } });
        // core reads the generated encryption key, its own secret and the database password
        const core = pod("harbor-core");
        expect(core.volumes).toContainEqual(expect.objectContaining({ secret: expect.objectContaining({ secretName: "harbor-secret-key" }) }));
        expect(core.containers[0].env).toContainEqual({ name: "POSTGRESQL_PASSWORD", valueFrom: { secretKeyRef: { name: "harbor-database-password", key: "password" } } });
        expect(JSON.stringify(core)).toContain("harbor-core-secret");
        expect(JSON.stringify(pod("harbor-registry"))).toContain("harbor-registry-credentials");
    });

    test("every container of Harbor has requests and limits (the chart documents them only in comments)", () => {
        const containers = objectsOf(prod, "ops/harbor/harbor")
            .filter((o) => ["Deployment", "StatefulSet"].includes(o.kind))
            .flatMap((o) => [...(o.spec.template.spec.initContainers ?? []), ...o.spec.template.spec.containers].map((c: Obj) => ({ name: `${o.metadata.name}/${c.name}`, r: c.resources })));
        expect(containers.length).toBeGreaterThanOrEqual(10);
        for (const c of containers) expect([c.name, Object.keys(c.r?.requests ?? {}).sort(), Object.keys(c.r?.limits ?? {}).sort()]).toEqual([c.name, ["cpu", "memory"], ["cpu", "memory"]]);
    });
});

describe("one Prometheus stack per cluster, as KubeSphere installs it from the program's InstallPlan", () => {
    const CLUSTERS = ["ops", "prod", "nonprod"];
    const all = () => prod.releases.flatMap((r) => r.read.objects.map((o) => ({ cluster: r.release.cluster, release: r.release.id, o: o.object as Obj })));
    const isOperator = (o: Obj) => o.kind === "Deployment" && JSON.stringify(o.spec.template.spec.containers).includes("/prometheus-operator/prometheus-operator:");

    test("one prometheus-operator on every cluster, and no other Prometheus or operator anywhere", () => {
        const operators = all().filter((x) => isOperator(x.o));
        expect(operators.map((x) => `${x.cluster} ${x.release}`).sort()).toEqual(CLUSTERS.map((c) => `${c} ${c}/kubesphere-monitoring-system/whizard-monitoring-agent`).sort());
        // Grafana's kube-prometheus-stack release brings no operator, Prometheus, Alertmanager or CRD
        const grafana = objectsOf(prod, "ops/monitoring/kube-prometheus-stack");
        expect(grafana.filter((o) => ["Prometheus", "Alertmanager", "CustomResourceDefinition", "PrometheusRule", "ServiceMonitor"].includes(o.kind))).toEqual([]);
        expect(grafana.filter((o) => o.kind === "Deployment").map((o) => o.metadata.name)).toEqual(["kube-prometheus-stack-grafana"]);
    });

    test("every cluster's Prometheus labels its series with its own name and remote-writes them to Thanos Receive, alerting to the Alertmanager in ops", () => {
        const prometheus = all().filter((x) => x.o.kind === "Prometheus");
        expect(prometheus.map((x) => x.cluster).sort()).toEqual([...CLUSTERS].sort());
        for (const { cluster, o } of prometheus) {
            expect([cluster, o.spec.externalLabels]).toEqual([cluster, { cluster }]);
            expect(o.spec.remoteWrite).toEqual([{ url: "http://thanos-receive.ops.kube-platform.internal:19291/api/v1/receive" }]);
            expect(o.spec.storage.volumeClaimTemplate.spec.storageClassName).toBe("disk-essd");
            const secret = all().find((x) => x.cluster === cluster && x.o.kind === "Secret" && x.o.metadata.name === o.spec.additionalAlertManagerConfigs.name)!.o;
            const targets = YAML.parse(Buffer.from(secret.data[o.spec.additionalAlertManagerConfigs.key], "base64").toString("utf8"));
            expect(targets).toEqual([{ scheme: "http", api_version: "v2", static_configs: [{ targets: ["alertmanager.ops.kube-platform.internal:9093"] }] }]);
        }
    });

    test("one Alertmanager, in ops: the one the load balancer selects, reading the webhook's URL from the Secret the program made", () => {
        const alertmanagers = all().filter((x) => x.o.kind === "Alertmanager");
        expect(alertmanagers.map((x) => [x.cluster, x.o.metadata.name])).toEqual([["ops", WHIZARD_ALERTMANAGER]]);
        expect(alertmanagers[0].o.spec.secrets).toEqual(["alertmanager-webhook"]);
        const config = all().find((x) => x.cluster === "ops" && x.o.kind === "Secret" && x.o.metadata.name === `alertmanager-${WHIZARD_ALERTMANAGER}`)!.o;
        const file = YAML.parse(Buffer.from(config.data["alertmanager.yaml"], "base64").toString("utf8"));
        expect(file.receivers).toContainEqual({ name: "webhook", webhook_configs: [{ url_file: "/etc/alertmanager/secrets/alertmanager-webhook/url", send_resolved: true }] });
        expect(JSON.stringify(file)).not.toMatch(/https?:\/\//);
    });

    test("the host agent's hook annotates the Extension the program declares; whizard-telemetry reads Prometheus through KubeSphere, with no logging server or admin password", () => {
        const hook = objectsOf(prod, "ops/kubesphere-monitoring-system/whizard-monitoring-agent").find((o) => o.kind === "Job" && /post-install/.test(o.metadata.name))!;
        expect(JSON.stringify(hook.spec.template.spec.containers)).toContain(`extensions.kubesphere.io ${WHIZARD_MONITORING.name}`);
        expect(objectsOf(prod, "prod/kubesphere-monitoring-system/whizard-monitoring-agent").filter((o) => o.kind === "Job" && /post-install/.test(o.metadata.name))).toEqual([]);
        const config = YAML.parse(objectsOf(prod, "ops/extension-whizard-telemetry/whizard-telemetry").find((o) => o.kind === "ConfigMap")!.data["config.yaml"]);
        expect(config.monitoring).toEqual({ kind: 0, endpoint: "http://prometheus-k8s.kubesphere-monitoring-system.svc:9090" });
        expect(config.logging).toEqual({ enable: false });
        expect(config.events).toEqual({ enable: false });
        expect(JSON.stringify(config)).not.toContain("admin");
        // and every agent serves it the Prometheus it reads, through KubeSphere's ReverseProxy
        for (const c of CLUSTERS) expect(objectsOf(prod, `${c}/kubesphere-monitoring-system/whizard-monitoring-agent`).filter((o) => ["ReverseProxy", "Service"].includes(o.kind) && /^prometheus(-k8s)?$/.test(o.metadata.name)).map((o) => o.kind).sort()).toEqual(["ReverseProxy", "Service"]);
    });
});

test("a project's members see its monitoring on every member cluster: the agent's RoleTemplates aggregate into the project and workspace roles there", () => {
    for (const cluster of ["prod", "nonprod"]) {
        // the member's roles are its ks-core's (the host's install); nonprod's is the nonprod stack's render
        const core = objectsOf(cluster === "prod" ? prod : nonprod, `${cluster}/kubesphere-system/ks-core`);
        const templates = objectsOf(prod, `${cluster}/kubesphere-monitoring-system/whizard-monitoring-agent`).filter((o) => o.kind === "RoleTemplate");
        const selects = (role: Obj, template: Obj) =>
            Object.entries((role.role.aggregationRoleTemplates?.roleSelector?.matchLabels ?? { never: "x" }) as Record<string, string>).every(([k, v]) => template.metadata.labels?.[k] === v);
        const aggregated = Object.fromEntries(
            core.filter((o) => o.kind === "BuiltinRole").map((b) => [b.metadata.name, templates.filter((t) => selects(b, t)).map((t) => t.metadata.name).sort()]),
        );
        expect([cluster, aggregated]).toMatchObject([
            cluster,
            {
                "project-viewer": ["namespace-view-monitoring"],
                "project-operator": ["namespace-manage-monitoring", "namespace-view-monitoring"],
                "project-admin": ["namespace-manage-monitoring", "namespace-view-monitoring"],
                "workspace-viewer": ["workspace-view-monitoring"],
            },
        ]);
    }
});

describe("images: every release pulls through Harbor's proxy caches, except Harbor itself", () => {
    const harbor = PLATFORM_DEFAULTS.registryHost;
    const mirror = imageMirror(harbor, loadRegistryConfig());
    const proxyOf = Object.fromEntries(Object.entries(mirror).map(([upstream, prefix]) => [prefix, upstream]));
    /** The short, documented bootstrap list (policies/platformDefaults.ts bootstrapNamespaces): Harbor's own release. */
    const BOOTSTRAP = ["ops/harbor/harbor"];

    test.each(["prod", "nonprod"] as const)("%s: every image of every release is <harbor>/<proxy-cache project>/<upstream path>:<tag>", (stack) => {
        const result = stack === "prod" ? prod : nonprod;
        let count = 0;
        for (const r of result.releases.filter((x) => !BOOTSTRAP.includes(x.release.id))) {
            const uses = imagesOf(r.read.objects.map((o) => o.object as Obj));
            // every release runs something, but the host's whizard-monitoring release (the console's pages)
            if (r.release.id !== "ops/kubesphere-monitoring-system/whizard-monitoring") expect([r.release.id, uses.length > 0]).toEqual([r.release.id, true]);
            count += uses.length;
            const wrong = uses.filter((u) => {
                const prefix = Object.keys(proxyOf).find((p) => u.image.startsWith(`${p}/`));
                return prefix === undefined || !/^[a-z0-9._/-]+(:[\w.-]+)?(@sha256:[0-9a-f]{64})?$/.test(u.image.slice(prefix.length + 1));
            });
            expect(wrong.map((u) => `${r.release.id} ${u.where} ${u.image}`)).toEqual([]);
        }
        expect(count).toBeGreaterThan(stack === "prod" ? 40 : 10);
    });

    test("the images the platform's values render come from the right upstream: each path exists under its project's upstream in the chart defaults", () => {
        // Docker Hub's official images need library/; quay's and the others' paths keep their namespace
        const paths = prod.releases
            .filter((x) => !BOOTSTRAP.includes(x.release.id))
            .flatMap((r) => imagesOf(r.read.objects.map((o) => o.object as Obj)).map((u) => u.image))
            .map((image) => {
                const prefix = Object.keys(proxyOf).find((p) => image.startsWith(`${p}/`))!;
                return `${proxyOf[prefix]}/${image.slice(prefix.length + 1).replace(/[:@].*$/, "")}`;
            });
        expect([...new Set(paths)].sort()).toEqual([
            "docker.elastic.co/beats/filebeat",
            "docker.io/bitnamilegacy/thanos",
            "docker.io/grafana/grafana",
            "docker.io/jertel/elastalert2",
            "docker.io/kubesphere/ks-apiserver",
            "docker.io/kubesphere/ks-console",
            "docker.io/kubesphere/ks-controller-manager",
            "docker.io/kubesphere/ks-extensions-museum",
            "docker.io/kubesphere/kube-state-metrics",
            "docker.io/kubesphere/kubectl",
            "docker.io/kubesphere/whizard-telemetry-apiserver",
            "docker.io/kubespheredev/kube-webhook-certgen",
            "quay.io/brancz/kube-rbac-proxy",
            "quay.io/kiwigrid/k8s-sidecar",
            "quay.io/prometheus-operator/prometheus-config-reloader",
            "quay.io/prometheus-operator/prometheus-operator",
            "quay.io/prometheus/alertmanager",
            "quay.io/prometheus/node-exporter",
            "quay.io/prometheus/prometheus",
            "quay.io/thanos/thanos",
        ]);
    });

    test("Harbor, the bootstrap exception, pulls from Docker Hub's goharbor images (nothing pulls through Harbor before it runs)", () => {
        const uses = imagesOf(objectsOf(prod, "ops/harbor/harbor"));
        expect(uses.length).toBeGreaterThan(8);
        for (const u of uses) expect(u.image).toMatch(/^docker\.io\/goharbor\/[a-z-]+:v\d+\.\d+\.\d+$/);
        expect(PLATFORM_DEFAULTS.bootstrapNamespaces).toContain(PLATFORM_CHARTS.harbor.namespace);
    });
});

/**
 * Every role binding the program declares refers to a role that exists: declared by the program, or created by
 * KubeSphere for that scope, as the rendered ks-core chart says (test/support/kubesphereRoles.ts). Here, beside
 * the renders it reads.
 */
describe("role bindings resolve", () => {
    const rolesOf = (result: RenderResult): Record<string, KubeSphereRoles> =>
        Object.fromEntries(result.releases.filter((r) => r.release.spec.chart === "ks-core").map((r) => [r.release.cluster, kubesphereRoles(r.read.objects.map((o) => o.object as Obj))]));
    const prodBindings = { plan: undefined as unknown as PlanFile, roles: {} as Record<string, KubeSphereRoles> };
    const nonprodBindings = { plan: undefined as unknown as PlanFile, roles: {} as Record<string, KubeSphereRoles> };
    beforeAll(async () => {
        Object.assign(prodBindings, { plan: (await cachedPlan(STANDARD.prod)).plan, roles: rolesOf(prod) });
        Object.assign(nonprodBindings, { plan: (await cachedPlan(STANDARD.nonprod)).plan, roles: rolesOf(nonprod) });
    });
    const prodRef = () => prodBindings;
    const nonprodRef = () => nonprodBindings;
const clone = (plan: PlanFile): PlanFile => JSON.parse(JSON.stringify(plan));

describe("the table of KubeSphere's roles, from the rendered chart", () => {
    test("project roles need kubesphere.io/managed; workspace, global and iam cluster roles as the chart ships them", () => {
        const ops = prodRef().roles.ops;
        expect(ops.namespace).toEqual([
            { name: "admin", selector: { "kubesphere.io/managed": "true" } },
            { name: "operator", selector: { "kubesphere.io/managed": "true" } },
            { name: "viewer", selector: { "kubesphere.io/managed": "true" } },
        ]);
        expect([...ops.workspace].sort()).toEqual(["admin", "regular", "self-provisioner", "viewer"]);
        expect(ops.global).toEqual(expect.arrayContaining(["platform-admin", "platform-regular", "platform-self-provisioner"]));
        expect(ops.cluster).toEqual(expect.arrayContaining(["cluster-admin", "cluster-viewer"]));
        // members render the project and cluster roles too
        expect(prodRef().roles.prod.namespace.map((r) => r.name)).toEqual(["admin", "operator", "viewer"]);
        expect(nonprodRef().roles.nonprod.cluster).toContain("cluster-admin");
    });
});

describe.each(["prod", "nonprod"] as const)("%s: every binding resolves", (stack) => {
    const of = () => (stack === "prod" ? prodRef() : nonprodRef());

    test("as declared", () => {
        const bindings = of().plan.resources.filter((r) => /Binding$/.test(r.type));
        expect(bindings.length).toBeGreaterThan(stack === "prod" ? 30 : 5);
        expect(unresolvedBindings(of().plan, of().roles)).toEqual([]);
    });

    test("a project namespace without kubesphere.io/managed leaves its bindings pointing at nothing", () => {
        const plan = clone(of().plan);
        const ns = plan.resources.find((r) => r.type === "kubernetes:core/v1:Namespace" && (r.inputs.metadata as Obj).labels?.["kubesphere.io/workspace"] && (r.inputs.metadata as Obj).labels["kubesphere.io/workspace"] !== "system-workspace")!;
        delete (ns.inputs.metadata as Obj).labels["kubesphere.io/managed"];
        const name = (ns.inputs.metadata as Obj).name;
        const problems = unresolvedBindings(plan, of().roles);
        expect(problems.length).toBeGreaterThan(0);
        for (const p of problems) expect(p).toMatch(new RegExp(`^RoleBinding ${name}/\\S+ on \\w+: Role (admin|operator|viewer) is created only in namespaces labelled \\{"kubesphere.io/managed":"true"\\}, and ${name} is not$`));
    });

    test("a binding to a role that exists nowhere is named", () => {
        const plan = clone(of().plan);
        const b = plan.resources.find((r) => r.type === "kubernetes:iam.kubesphere.io/v1beta1:RoleBinding")!;
        (b.inputs.roleRef as Obj).name = "owner";
        expect(unresolvedBindings(plan, of().roles)).toEqual([expect.stringMatching(/: Role owner is no project role KubeSphere creates$/)]);
    });
});

test("prod: a workspace binding to another workspace's role, and a global binding to an unknown role, are named", () => {
    const plan = clone(prodRef().plan);
    const w = plan.resources.find((r) => r.type === "kubernetes:iam.kubesphere.io/v1beta1:WorkspaceRoleBinding")!;
    (w.inputs.roleRef as Obj).name = "nowhere-admin";
    const g = plan.resources.find((r) => r.type === "kubernetes:iam.kubesphere.io/v1beta1:GlobalRoleBinding")!;
    (g.inputs.roleRef as Obj).name = "platform-owner";
    const problems = unresolvedBindings(plan, prodRef().roles);
    expect(problems).toEqual(
        expect.arrayContaining([
            expect.stringMatching(/: WorkspaceRole nowhere-admin is no role KubeSphere creates for workspace \w+ /),
            expect.stringMatching(/: GlobalRole platform-owner is no GlobalRole of KubeSphere or the program$/),
        ]),
    );
    expect(problems).toHaveLength(2);
});

test("the platform team administers every cluster: an iam ClusterRoleBinding to cluster-admin on each, labelled as KubeSphere lists them", () => {
    const crbs = (p: PlanFile) => p.resources.filter((r) => r.type === "kubernetes:iam.kubesphere.io/v1beta1:ClusterRoleBinding");
    const onCluster = (p: PlanFile) => crbs(p).map((r) => `${clusterOf(p, r)} ${(r.inputs.metadata as Obj).name}`).sort();
    expect(onCluster(prodRef().plan)).toEqual(["ops ma-jun-cluster-admin", "prod ma-jun-cluster-admin"]);
    expect(onCluster(nonprodRef().plan)).toEqual(["nonprod ma-jun-cluster-admin"]);
    expect(crbs(prodRef().plan)[0].inputs).toMatchObject({
        metadata: { labels: { "iam.kubesphere.io/user-ref": "ma-jun", "iam.kubesphere.io/role-ref": "cluster-admin" } },
        roleRef: { apiGroup: "iam.kubesphere.io", kind: "ClusterRole", name: "cluster-admin" },
        subjects: [{ apiGroup: "iam.kubesphere.io", kind: "User", name: "ma-jun" }],
    });
});
});
