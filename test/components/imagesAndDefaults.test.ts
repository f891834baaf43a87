import { KNOWN_CHART_DEFAULTS, defaultsLeftInPlace, valueAt } from "../../components/kubernetes/knownDefaults";
import { KPS_VALUES_FREE_FORM, grafanaImages, grafanaValues } from "../../components/monitoring/kubePrometheusValues";
import { thanosValues } from "../../components/monitoring/thanosValues";
import { filebeatValues } from "../../components/logging/filebeat";
import { elastAlertValues } from "../../components/logging/elastAlert";
import { imageMirror, mergeValues, unmirroredUpstreams, upstreamOf } from "../../components/registry/mirror";
import { harborValues } from "../../components/registry/harborValues";
import { ksCoreValues } from "../../components/federation/values";
import { loadRegistryConfig, parseRegistryConfig } from "../../config/registry";
import { ChartId, validateChartValues } from "../../engine/reference/chartValues";
import { isSettingsError } from "../../config/problems";

const H = "harbor.ops.kube-platform.internal";
const MIRROR = imageMirror(H, loadRegistryConfig());

describe("imageMirror: each upstream registry through its Harbor proxy-cache project", () => {
    test("from config/registry.yaml, exactly", () => {
        expect(MIRROR).toEqual({
            "docker.io": `${H}/dockerhub`,
            "quay.io": `${H}/quay`,
            "registry.k8s.io": `${H}/k8s`,
            "ghcr.io": `${H}/ghcr`,
            "docker.elastic.co": `${H}/elastic`,
        });
    });

    test.each([
        [{ type: "docker-hub", url: "https://hub.docker.com" }, "docker.io"],
        [{ type: "quay", url: "https://quay.io" }, "quay.io"],
        [{ type: "docker-registry", url: "https://registry.k8s.io" }, "registry.k8s.io"],
        [{ type: "docker-registry", url: "https://docker.elastic.co/" }, "docker.elastic.co"],
    ])("the upstream of %j is %s", (proxy, upstream) => expect(upstreamOf(proxy)).toBe(upstream));

    test("a missing upstream is named, by the mirror and by the registry file's check", () => {
        const config = loadRegistryConfig();
        const withoutQuay = { ...config, projects: config.projects.filter((p) => p.name !== "quay") };
        expect(unmirroredUpstreams(withoutQuay)).toEqual(["quay.io"]);
        expect(() => imageMirror(H, withoutQuay)).toThrow("Harbor has no proxy-cache project for quay.io (config/registry.yaml)");
        const robots = withoutQuay.robots.map((r) => ({ ...r, projects: r.projects.filter((p) => p !== "quay") }));
        let err: unknown;
        try {
            parseRegistryConfig({ ...withoutQuay, robots });
        } catch (e) {
            err = e;
        }
        expect(isSettingsError(err)).toBe(true);
        expect((err as { problems: unknown[] }).problems).toEqual([
            {
                file: "config/registry.yaml",
                key: "projects",
                expected: "a proxy-cache project for each registry the platform's charts pull from (docker.io, quay.io, registry.k8s.io, ghcr.io, docker.elastic.co)",
                found: "none for quay.io",
                fix: "add a project with proxyCache { type: docker-registry, url: https://quay.io }",
            },
        ]);
    });

    test("the proxy caches are public (releases pull without a pull secret) and every robot may pull from each", () => {
        const config = loadRegistryConfig();
        const proxies = config.projects.filter((p) => p.proxyCache);
        expect(proxies.map((p) => [p.name, p.public])).toEqual(proxies.map((p) => [p.name, true]));
        for (const r of config.robots) for (const p of proxies) expect(r.projects).toContain(p.name);
    });

    test("mergeValues merges objects key by key and replaces the rest", () => {
        expect(mergeValues({ a: { b: 1, c: [1] }, d: 1 }, { a: { c: [2], e: 3 }, f: 4 })).toEqual({ a: { b: 1, c: [2], e: 3 }, d: 1, f: 4 });
    });
});

describe("each chart's values with the mirror: every image path moved, still the chart's keys", () => {
    test("kube-prometheus-stack (Grafana): per image, the project of its upstream", () => {
        const grafana = grafanaValues({ thanosQueryUrl: "http://q", mirror: MIRROR });
        expect(validateChartValues("kube-prometheus-stack", grafana, { freeForm: KPS_VALUES_FREE_FORM })).toEqual([]);
        expect(valueAt(grafana, "grafana.image.registry")).toBe(`${H}/dockerhub`);
        expect(valueAt(grafana, "grafana.sidecar.image.registry")).toBe(`${H}/quay`);
        // the sizes stay where they were
        expect(valueAt(grafana, "grafana.resources")).toBeDefined();
        expect(valueAt(grafana, "global")).toBeUndefined();
        // every registry it names is a mirror's
        const registries = JSON.stringify(grafanaImages(MIRROR)).match(/"registry":"[^"]+"/g)!.map((r) => r.slice(12, -1));
        for (const r of registries) expect(Object.values(MIRROR)).toContain(r);
    });

    test("thanos: bitnami's global registry (it wins over each image's), Docker Hub's mirror", () => {
        const v = thanosValues({ retention: { raw: "30d", fiveMinutes: "90d", oneHour: "1y" }, storageClass: "nas-extreme", receiveReplicas: 3, mirror: MIRROR });
        expect(valueAt(v, "global")).toEqual({ imageRegistry: `${H}/dockerhub`, security: { allowInsecureImages: true } });
        expect(validateChartValues("thanos", v)).toEqual([]);
    });

    test("filebeat and ElastAlert: the whole image path (neither chart has a registry value)", () => {
        const f = filebeatValues({ clusterName: "prod", logstashHosts: ["l:5044"], mirror: MIRROR });
        expect(f.image).toBe(`${H}/elastic/beats/filebeat`);
        expect(validateChartValues("filebeat", f)).toEqual([]);
        const e = elastAlertValues({ elasticsearch: { host: "es", port: 9200, useSsl: true }, rules: [], mirror: MIRROR });
        expect(e.image).toEqual({ repository: `${H}/dockerhub/jertel/elastalert2` });
    });

    test("without a mirror, every chart keeps its own registries", () => {
        expect(filebeatValues({ clusterName: "prod", logstashHosts: ["l:5044"] }).image).toBeUndefined();
        expect(JSON.stringify(grafanaValues({ thanosQueryUrl: "http://q" }))).not.toContain("registry");
    });
});

describe("known chart defaults", () => {
    const harbor = harborValues({ hostname: H, region: "cn-hangzhou", bucket: "b", accessKeyId: "LTAI", storageClass: "nas-extreme", certificateChecksum: "0".repeat(64) });
    const ks = ksCoreValues({ role: "host", jwtSecret: "j", adminPasswordHash: "$2a$10$" + "a".repeat(53) });

    test("the platform's values leave none in place", () => {
        expect(defaultsLeftInPlace("harbor", harbor)).toEqual([]);
        expect(defaultsLeftInPlace("ks-core", ks)).toEqual([]);
    });

    test.each<[string, string, (v: Record<string, any>) => void, string[]]>([ // eslint-disable-line @typescript-eslint/no-explicit-any
        ["Harbor's admin Secret not named", "harbor", (v) => delete v.existingSecretAdminPassword, ["harborAdminPassword"]],
        ["Harbor's admin password set to its default, no Secret", "harbor", (v) => { delete v.existingSecretAdminPassword; v.harborAdminPassword = "Harbor12345"; }, ["harborAdminPassword"]],
        ["Harbor's key from no Secret", "harbor", (v) => delete v.existingSecretSecretKey, ["secretKey"]],
        ["Harbor's database password at changeit", "harbor", (v) => (v.database.internal.password = "changeit"), ["database.internal.password"]],
        ["Harbor's database password unset", "harbor", (v) => delete v.database.internal.password, ["database.internal.password"]],
        ["the registry login from no Secret", "harbor", (v) => delete v.registry.credentials.existingSecret, ["registry.credentials.password"]],
        ["KubeSphere's admin password unset", "ks-core", (v) => delete v.authentication.adminPassword, ["authentication.adminPassword"]],
        ["KubeSphere's admin password empty", "ks-core", (v) => (v.authentication.adminPassword = ""), ["authentication.adminPassword"]],
    ])("%s", (_what, chart, edit, paths) => {
        const values = JSON.parse(JSON.stringify(chart === "harbor" ? harbor : ks));
        edit(values);
        expect(defaultsLeftInPlace(chart, values).map((d) => d.path)).toEqual(paths);
    });

    test("each entry's path is a key of its chart", () => {
        for (const d of KNOWN_CHART_DEFAULTS) {
            const values = {};
            let node: Record<string, unknown> = values;
            const keys = d.path.split(".");
            keys.slice(0, -1).forEach((k) => (node = (node[k] = {}) as Record<string, unknown>));
            node[keys[keys.length - 1]] = "x";
            expect([d.path, validateChartValues(d.chart as ChartId, values)]).toEqual([d.path, []]);
        }
    });
});
