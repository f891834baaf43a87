// `pulumi refresh` after KubeSphere's controllers have acted shows no drift: what each writes onto the program's
// objects (engine/controllerEffects.ts, from kubesphere v4.1.3) is beside the fields the program owns, and no
// release has two owners.
import { ksCoreValues, memberChartConfig, memberReleaseValues } from "../../components/federation/values";
import { controllerEffects, ownedFieldDrift, refreshDrift, wholeDrift } from "../../engine/controllerEffects";
import * as YAML from "yaml";
import { STANDARD, cachedPlan } from "../support/planCache";

type Obj = Record<string, unknown>;
const HASH = `$2a$10$${"m".repeat(53)}`;
const JWT = "j".repeat(32);
// the host's install of a member's ks-core: the config (here a program release's values), the forced values, its jwtSecret
const effects = controllerEffects((values) => memberReleaseValues(values, JWT));

test.each(["prod", "nonprod"] as const)("%s: no object the program declares drifts once KubeSphere's controllers have written theirs", async (stack) => {
    const { plan } = await cachedPlan(STANDARD[stack]);
    const touched = plan.resources.filter((r) => effects[r.type]);
    // the kinds KubeSphere writes onto are in the plan: registrations, extensions (prod), project namespaces
    expect(new Set(touched.map((r) => r.type))).toEqual(
        new Set([
            "kubernetes:cluster.kubesphere.io/v1alpha1:Cluster",
            "kubernetes:core/v1:Namespace",
            "kubernetes:helm.sh/v3:Release",
            ...(stack === "prod" ? ["kubernetes:kubesphere.io/v1alpha1:InstallPlan", "kubernetes:kubesphere.io/v1alpha1:ExtensionVersion", "kubernetes:kubesphere.io/v1alpha1:Extension"] : []),
        ]),
    );
    expect(touched.map((r) => ({ r: `${r.type} ${r.name}`, drift: refreshDrift(r, effects).paths })).filter((x) => x.drift.length > 0)).toEqual([]);
});

test("the design this replaces: a member ks-core release of the program drifts on the first join, when the host upgrades over it", () => {
    const values = ksCoreValues({ role: "member", hostClusterName: "ops", jwtSecret: JWT, adminPasswordHash: HASH }) as unknown as Obj;
    const release = { type: "kubernetes:helm.sh/v3:Release", name: "prod-ks-core", inputs: { chart: "ks-core", values } };
    const { paths, writer } = refreshDrift(release, effects);
    // multicluster is replaced whole (hostClusterName dropped), role and upgrade are added
    expect(paths).toEqual(["values.multicluster.hostClusterName", "values.role", "values.upgrade"]);
    expect(writer).toContain("helper.go");
});

test("the member's config is what the host installs with: the member's release values follow from the registration alone", () => {
    const installed = memberReleaseValues(YAML.parse(memberChartConfig({ adminPasswordHash: HASH })), JWT);
    expect(installed).toMatchObject({ authentication: { adminPassword: HASH, issuer: { jwtSecret: JWT } }, multicluster: { role: "member" } });
});

describe("what would drift", () => {
    test("a Cluster whose program set the API endpoint the controller fills in", () => {
        const cluster = { type: "kubernetes:cluster.kubesphere.io/v1alpha1:Cluster", name: "c", inputs: { spec: { connection: { type: "direct", kubernetesAPIEndpoint: "https://10.0.0.1:6443" } } } };
        expect(refreshDrift(cluster, effects).paths).toEqual(["spec.connection.kubernetesAPIEndpoint"]);
    });

    test("an ExtensionVersion without spec.version, which its controller rewrites from the chart", () => {
        const version = { type: "kubernetes:kubesphere.io/v1alpha1:ExtensionVersion", name: "v", inputs: { metadata: { name: "x-1.0.0", labels: { a: "b" } }, spec: { chartDataRef: { name: "c" } } } };
        expect(refreshDrift(version, effects).paths).toEqual(["metadata.labels.a"]);
    });

    test("an Extension no repository claims: ks-core's extensions-museum takes it over", () => {
        const extension = { type: "kubernetes:kubesphere.io/v1alpha1:Extension", name: "e", inputs: { metadata: { name: "whizard-monitoring", labels: { "kubesphere.io/category": "observability" } }, spec: { displayName: { en: "ours" } } } };
        expect(refreshDrift(extension, effects).paths).toEqual(["spec.displayName.en"]);
        const claimed = { ...extension, inputs: { ...extension.inputs, metadata: { name: "whizard-monitoring", labels: { "kubesphere.io/repository-ref": "platform" } } } };
        expect(refreshDrift(claimed, effects).paths).toEqual([]);
    });

    test.each([
        ["an added map key is no drift of owned fields, but is of a release's values", { a: 1 }, { a: 1, b: 2 }, [], ["b"]],
        ["a changed scalar", { a: 1 }, { a: 2 }, ["a"], ["a"]],
        ["a changed list", { a: [1] }, { a: [1, 2] }, ["a"], ["a"]],
    ])("%s", (_, declared, live, owned, whole) => {
        expect(ownedFieldDrift(declared, live)).toEqual(owned);
        expect(wholeDrift(declared, live)).toEqual(whole);
    });
});
