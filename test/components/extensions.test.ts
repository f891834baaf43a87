// KubeSphere extensions as data: each fact about a chart read from the pinned archive itself, and what the
// InstallPlan controller installs (kubesphere v4.1.3 pkg/controller/core/installplan_controller.go, util.go).
import { execFileSync } from "child_process";
import * as YAML from "yaml";
import {
    EXTENSION_REF_LABEL,
    PLATFORM_EXTENSIONS,
    WHIZARD_MONITORING,
    WHIZARD_TELEMETRY,
    extensionReleases,
    extensionVersionName,
    installPlanObject,
    mergeOverride,
} from "../../components/federation/extensions";
import { referenceFile } from "../../engine/reference/paths";

/** A file of a chart archive, parsed. */
const chartFile = (archive: string, file: string) => YAML.parse(execFileSync("tar", ["-xzOf", referenceFile("charts", archive), file], { encoding: "utf8" }));

describe.each(PLATFORM_EXTENSIONS.map((e) => [e.name, e] as const))("%s: the spec is what the chart says of itself", (name, ext) => {
    const extensionYaml = chartFile(ext.archive, `${name}/extension.yaml`);
    const chartYaml = chartFile(ext.archive, `${name}/Chart.yaml`);

    test("name, version and installation mode (extension.yaml); the namespace its releases go to (extension.yaml's, else extension-<name>)", () => {
        expect([extensionYaml.name, extensionYaml.version, chartYaml.version]).toEqual([ext.name, ext.version, ext.version]);
        expect(extensionYaml.installationMode).toBe(ext.installationMode);
        expect(ext.namespace).toBe(extensionYaml.namespace ?? `extension-${name}`);
        expect(ext.archive).toBe(`${name}-${ext.version}.tgz`);
    });

    test("the conditions of its dependencies, by tag (Chart.yaml): what the controller switches off per release", () => {
        const deps = chartYaml.dependencies as { condition?: string; tags?: string[] }[];
        const conditions = (tag: string) => deps.filter((d) => d.condition && d.tags?.includes(tag)).map((d) => d.condition);
        expect(ext.conditions).toEqual({ extension: conditions("extension"), agent: conditions("agent") });
    });

    test("the executor hook images (extension.yaml's annotations, which a hand-made ExtensionVersion must carry itself)", () => {
        expect(ext.hookImages).toEqual(Object.fromEntries(Object.entries((extensionYaml.annotations ?? {}) as Record<string, string>).filter(([k]) => k.startsWith("executor-hook-image.kubesphere.io"))));
    });
});

test("whizard-monitoring's declared dependency is installed too: whizard-telemetry, at a version it accepts", () => {
    const deps = chartFile(WHIZARD_MONITORING.archive, "whizard-monitoring/extension.yaml").externalDependencies as { name: string; version: string; required: boolean }[];
    expect(deps).toEqual([{ name: "whizard-telemetry", type: "extension", version: ">= 1.2.1-0", required: true }]);
    expect(PLATFORM_EXTENSIONS.map((e) => e.name)).toContain("whizard-telemetry");
    expect(WHIZARD_TELEMETRY.version.localeCompare("1.2.1", undefined, { numeric: true })).toBe(1);
});

describe("what the InstallPlan controller installs", () => {
    const config = { a: { b: 1, list: [1, 2] }, global: { imagePullSecrets: [] } };

    test("a Multicluster extension: its release on the host with every agent condition off, an agent on each placed cluster with its override merged", () => {
        const releases = extensionReleases(WHIZARD_MONITORING, config, { clusters: ["ops", "prod"], overrides: { ops: { a: { list: [3], c: true } } } }, "ops");
        expect(releases).toEqual([
            {
                cluster: "ops",
                releaseName: "whizard-monitoring",
                namespace: "kubesphere-monitoring-system",
                role: "extension",
                values: { ...config, tags: { extension: true, agent: false }, kubePrometheusStack: { enabled: false }, dcgmExporter: { enabled: false } },
            },
            {
                cluster: "ops",
                releaseName: "whizard-monitoring-agent",
                namespace: "kubesphere-monitoring-system",
                role: "agent",
                values: { a: { b: 1, list: [3], c: true }, global: { imagePullSecrets: [], clusterInfo: { name: "ops", role: "host" } }, tags: { agent: true, extension: false } },
            },
            {
                cluster: "prod",
                releaseName: "whizard-monitoring-agent",
                namespace: "kubesphere-monitoring-system",
                role: "agent",
                values: { ...config, global: { imagePullSecrets: [], clusterInfo: { name: "prod", role: "member" } }, tags: { agent: true, extension: false } },
            },
        ]);
        // the config itself is not changed
        expect(config).toEqual({ a: { b: 1, list: [1, 2] }, global: { imagePullSecrets: [] } });
    });

    test("a HostOnly extension: one release on the host, placement or not; ks-core's extension.imageRegistry would reach every release", () => {
        expect(extensionReleases(WHIZARD_TELEMETRY, {}, { clusters: ["ops", "prod"] }, "ops").map((r) => `${r.cluster} ${r.releaseName} ${r.namespace}`)).toEqual(["ops whizard-telemetry extension-whizard-telemetry"]);
        expect(extensionReleases(WHIZARD_TELEMETRY, {}, undefined, "ops", { imageRegistry: "r.example" })[0].values).toEqual({ tags: { extension: true, agent: false }, global: { imageRegistry: "r.example" } });
    });

    test.each([
        ["maps merged", { a: { b: 1 } }, { a: { c: 2 } }, { a: { b: 1, c: 2 } }],
        ["lists replaced", { a: [1, 2] }, { a: [3] }, { a: [3] }],
        ["a scalar over a map", { a: { b: 1 } }, { a: 5 }, { a: 5 }],
        ["a map over a scalar", { a: 5 }, { a: { b: 1 } }, { a: { b: 1 } }],
        ["null kept (Helm then drops the key)", { a: { b: 1 } }, { a: { b: null } }, { a: { b: null } }],
    ])("mergeOverride: %s", (_, base, over, merged) => expect(mergeOverride(base, over)).toEqual(merged));
});

test("an InstallPlan is named after its extension (the controller maps its Jobs and releases back by it), its config and overrides YAML", () => {
    const plan = installPlanObject(WHIZARD_MONITORING, { x: 1 }, { clusters: ["ops"], overrides: { ops: { y: 2 } } });
    expect(plan.metadata).toEqual({ name: "whizard-monitoring", labels: { [EXTENSION_REF_LABEL]: "whizard-monitoring", "app.kubernetes.io/managed-by": "pulumi" } });
    expect(plan.spec.extension).toEqual({ name: "whizard-monitoring", version: "1.1.1" });
    expect(YAML.parse(plan.spec.config)).toEqual({ x: 1 });
    expect(plan.spec.clusterScheduling).toEqual({ placement: { clusters: ["ops"] }, overrides: { ops: "y: 2\n" } });
    expect(extensionVersionName(WHIZARD_MONITORING)).toBe("whizard-monitoring-1.1.1");
    expect(installPlanObject(WHIZARD_TELEMETRY, {}).spec).not.toHaveProperty("clusterScheduling");
});
