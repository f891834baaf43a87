/**
 * Helm values against the charts' own default values.yaml in the pinned reference data: misspelt keys at
 * depth (with the suggestion), free-form maps, list items, type mismatches, caller free-form paths, versions.
 */
import fc from "fast-check";
import { CHART_IDS, ChartId, chartDefaults, chartVersion, validateChartValues } from "../../engine/reference/chartValues";
import { freeFormMatcher, KUBERNETES_PASSTHROUGH_KEYS, unionOfItems } from "../../engine/reference/valuesKeys";
import { joinPath } from "../../engine/serialized";

describe("chartVersion", () => {
    it.each<[ChartId, string]>([
        ["kube-prometheus-stack", "88.5.3"],
        ["thanos", "17.6.0"],
        ["filebeat", "8.5.1"],
        ["elastalert2", "2.31.0"],
        ["harbor", "1.19.1"],
        ["ks-core", "1.1.4"],
        // the source Chart.yaml says v0.0; the published chart carries the Calico version
        ["tigera-operator", "v3.32.1"],
    ])("%s is %s", (chart, version) => {
        expect(chartVersion(chart)).toBe(version);
    });

    it("rejects a chart the reference data does not have, naming those it has", () => {
        expect(() => chartVersion("grafana" as ChartId)).toThrow(/unknown chart "grafana".*kube-prometheus-stack, thanos/);
    });
});

describe("validateChartValues accepts", () => {
    it.each<[string, ChartId, object]>([
        ["keys that exist at depth", "ks-core", { multicluster: { role: "member", hostClusterName: "ops" }, authentication: { issuer: { jwtSecret: "s" } } }],
        ["a map whose default is {}", "tigera-operator", { podAnnotations: { "example.com/a": "b" }, additionalLabels: { team: "platform" } }],
        ["a key whose default is null (any value)", "tigera-operator", { certs: { node: { key: "k", cert: { any: ["shape"] } } } }],
        ["any items in a list whose default is empty", "ks-core", { apiserver: { extraEnvVars: [{ name: "A", value: "b" }] } }],
        ["list items using keys of the default items", "kube-prometheus-stack", { alertmanager: { config: { receivers: [{ name: "webhook" }] } } }],
        ["Kubernetes pass-through keys with non-empty defaults", "tigera-operator", { nodeSelector: { "node-role/infra": "true" }, tolerations: [{ key: "a", value: "b", effect: "NoSchedule" }] }],
        ["resources with another unit type than the default", "ks-core", { apiserver: { resources: { limits: { cpu: "2", "ephemeral-storage": "1Gi" } } } }],
        ["null, which deletes a default", "harbor", { expose: { tls: null } }],
        ["an opaque value (a Pulumi output)", "harbor", { harborAdminPassword: new (class Output {})() }],
        ["the plan file's placeholders", "ks-core", { authentication: { issuer: { jwtSecret: "[secret]" } }, multicluster: { hostClusterName: "[unknown]" } }],
    ])("%s (%s)", (_, chart, values) => {
        expect(validateChartValues(chart, values)).toEqual([]);
    });

    it.each(CHART_IDS)("the chart's own defaults (%s)", (chart) => {
        expect(validateChartValues(chart, chartDefaults(chart))).toEqual([]);
    });
});

describe("validateChartValues rejects", () => {
    it("a misspelt key at depth, naming the full path and suggesting the closest key", () => {
        const problems = validateChartValues("kube-prometheus-stack", { prometheus: { prometheusSpec: { retentionSze: "50GB" } } });
        expect(problems).toHaveLength(1);
        expect(problems[0]).toMatchObject({
            chart: "kube-prometheus-stack",
            path: "prometheus.prometheusSpec.retentionSze",
            kind: "unknown-key",
            suggestion: "prometheus.prometheusSpec.retentionSize",
        });
        expect(problems[0].message).toContain("kube-prometheus-stack 88.5.3 values: prometheus.prometheusSpec.retentionSze is not a key");
        expect(problems[0].message).toContain("Did you mean prometheus.prometheusSpec.retentionSize?");
        expect(problems[0].message).toContain('opts.freeForm: ["prometheus.prometheusSpec.retentionSze"]');
    });

    it("a key given at the wrong level, pointing at where the chart has it", () => {
        const [p] = validateChartValues("kube-prometheus-stack", { prometheus: { externalLabels: { cluster: "ops" } } });
        expect(p).toMatchObject({ path: "prometheus.externalLabels", suggestion: "prometheus.prometheusSpec.externalLabels" });
    });

    it("a key the chart documents only in a comment, saying how to allow it", () => {
        const [p] = validateChartValues("tigera-operator", { installation: { calicoNetwork: { bgp: "Disabled" } } });
        expect(p.path).toBe("installation.calicoNetwork");
        expect(p.message).toMatch(/expected one of the keys under installation \(enabled, kubeletVolumePluginPath, .*\), found "calicoNetwork"/);
        expect(p.message).toContain('allow it with opts.freeForm: ["installation.calicoNetwork"]');
    });

    it("a subchart key, naming the subchart", () => {
        const [p] = validateChartValues("kube-prometheus-stack", { grafana: { adminPassword: "x" } });
        expect(p.message).toContain("grafana configures the subchart grafana 12.11.1, whose own values.yaml is not in the reference data");
    });

    it("a list item key that no default item has", () => {
        const [p] = validateChartValues("kube-prometheus-stack", { alertmanager: { config: { receivers: [{ name: "w" }, { name: "x", webhook_config: [] }] } } });
        expect(p).toMatchObject({ path: "alertmanager.config.receivers[1].webhook_config", kind: "unknown-key" });
    });

    it.each<[string, ChartId, object, string, RegExp]>([
        ["string for a number", "thanos", { query: { replicaCount: "2" } }, "query.replicaCount", /expected a number \(the chart's default is number 1\), found string "2"/],
        ["boolean for a string", "elastalert2", { elasticsearch: { useSsl: true } }, "elasticsearch.useSsl", /expected a string \(the chart's default is string "False"\), found boolean true/],
        ["map for a string", "thanos", { objstoreConfig: { type: "ALIYUNOSS" } }, "objstoreConfig", /expected a string .*found a map with keys type/],
        ["scalar for a map", "ks-core", { multicluster: "member" }, "multicluster", /expected a map .*found string "member"/],
        ["map for a list", "ks-core", { tolerations: { key: "a" } }, "tolerations", /expected a list .*found a map/],
        ["string for a list under a pass-through key (its kind is still checked)", "tigera-operator", { tolerations: "x" }, "tolerations", /expected a list/],
    ])("a type mismatch: %s", (_, chart, values, path, message) => {
        const problems = validateChartValues(chart, values);
        expect(problems).toHaveLength(1);
        expect(problems[0]).toMatchObject({ path, kind: "type-mismatch" });
        expect(problems[0].message).toMatch(message);
    });

    it("every problem at once", () => {
        const problems = validateChartValues("ks-core", { multicluster: { rol: "host" }, portal: { hostnmae: "x", http: { port: "80" } } });
        expect(problems.map((p) => [p.path, p.suggestion])).toEqual([
            ["multicluster.rol", "multicluster.role"],
            ["portal.hostnmae", "portal.hostname"],
            ["portal.http.port", undefined],
        ]);
    });
});

describe("opts.freeForm", () => {
    it.each<[string, string[]]>([
        ["an exact path", ["installation.calicoNetwork"]],
        ["a trailing .*", ["installation.calicoNetwork.*"]],
        ["a * segment", ["installation.*"]],
    ])("allows a commented-out key by %s", (_, freeForm) => {
        expect(validateChartValues("tigera-operator", { installation: { calicoNetwork: { ipPools: [{ cidr: "10.0.0.0/16" }] } } }, { freeForm })).toEqual([]);
    });

    it("allows list items by [*], and only the paths listed", () => {
        const values = { alertmanager: { config: { receivers: [{ name: "w", webhook_configs: [{ url: "u" }] }] } }, prometheus: { typo: 1 } };
        const problems = validateChartValues("kube-prometheus-stack", values, { freeForm: ["alertmanager.config.receivers[*]"] });
        expect(problems.map((p) => p.path)).toEqual(["prometheus.typo"]);
    });

    it.each<[string, string, boolean]>([
        ["a.b", "a.b", true],
        ["a.b", "a.b.c", true],
        ["a.b", "a.b[0]", true],
        ["a.b", "a.bc", false],
        ["a.b.*", "a.b", true],
        ["a.*.c", "a.x.c.d", true],
        ["a.*.c", "a.x.d", false],
        ["a[*].b", "a[3].b", true],
        ["a[*].b", "a.b", false],
        ['n["kubernetes.io/os"]', 'n["kubernetes.io/os"]', true],
    ])("pattern %s on %s -> %s", (pattern, path, matches) => {
        expect(freeFormMatcher([pattern])(path)).toBe(matches);
    });
});

describe("unionOfItems", () => {
    it.each<[string, unknown[], unknown]>([
        ["merges map keys", [{ a: 1 }, { b: "x" }], { a: 1, b: "x" }],
        ["an empty map stays open", [{ a: 1 }, {}], {}],
        ["mixed kinds allow anything", [{ a: 1 }, "x"], null],
        ["a key with mixed kinds allows anything", [{ a: 1 }, { a: "x" }], { a: null }],
        ["concatenates nested lists", [{ l: [1] }, { l: [2] }], { l: [1, 2] }],
    ])("%s", (_, items, union) => {
        expect(unionOfItems(items)).toEqual(union);
    });
});

describe("properties", () => {
    /** Every key path of a map, with its value. */
    function leaves(v: unknown, path: string[] = []): [string[], unknown][] {
        if (v === null || typeof v !== "object" || Array.isArray(v) || Object.keys(v).length === 0) return [[path, v]];
        return Object.entries(v).flatMap(([k, x]) => leaves(x, [...path, k]));
    }
    const build = (entries: [string[], unknown][]) => {
        const out: Record<string, unknown> = {};
        for (const [path, value] of entries) {
            let at = out;
            path.slice(0, -1).forEach((k) => (at = (at[k] ??= {}) as Record<string, unknown>));
            at[path[path.length - 1]] = value;
        }
        return out;
    };

    it.each<ChartId>(["ks-core", "harbor", "thanos"])("any subset of %s's defaults is valid, and a misspelt leaf is reported with the right suggestion", (chart) => {
        // leaves under pass-through keys accept anything, so a renamed one is rightly not reported
        const all = leaves(chartDefaults(chart)).filter(([p]) => p.length > 0 && !p.slice(0, -1).some((k) => KUBERNETES_PASSTHROUGH_KEYS.has(k)));
        const full = (path: string[]) => path.reduce<string>((at, k) => joinPath(at, k), "");
        fc.assert(
            fc.property(fc.subarray(all, { minLength: 1, maxLength: 20 }), fc.nat(), (subset, pick) => {
                expect(validateChartValues(chart, build(subset))).toEqual([]);
                const [path, value] = subset[pick % subset.length];
                const misspelt = [...path.slice(0, -1), `${path[path.length - 1]}x`];
                const problems = validateChartValues(chart, build([[misspelt, value]]));
                expect(problems).toHaveLength(1);
                expect(problems[0]).toMatchObject({ kind: "unknown-key", path: full(misspelt), suggestion: full(path) });
            }),
            { numRuns: 50 },
        );
    });
});
