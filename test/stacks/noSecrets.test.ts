import * as fs from "fs";
import { FAKE_ACCESS_KEY_SECRET_PREFIX, FAKE_CA_MARKER, FAKE_TOKEN_PREFIX } from "../../engine/fakes/resources";
import { diffPlans } from "../../engine/diff";
import { formatTree } from "../../engine/format";
import { STANDARD, cachedPlan } from "../support/planCache";

// The fakes' secret values carry these markers (base64 too, as they sit in Secrets' data).
const MARKERS = [FAKE_ACCESS_KEY_SECRET_PREFIX, FAKE_TOKEN_PREFIX, FAKE_CA_MARKER, "fake-robot-secret-"];
const b64 = (s: string) => Buffer.from(s).toString("base64").slice(0, 12);

test("no secret value appears in either stack's plan file or in anything plan prints", async () => {
    // each stack's real `npm run plan -- --json FILE` run (nonprod with --reference to prod's plan file)
    const prod = await cachedPlan(STANDARD.prod);
    const nonprod = await cachedPlan(STANDARD.nonprod);
    expect([prod.run.code, nonprod.run.code]).toEqual([0, 0]);
    // the secret values are there to be leaked: the analyzer saw them (inside Pulumi's secret envelopes)
    expect(JSON.stringify(prod.analyzed())).toContain(FAKE_ACCESS_KEY_SECRET_PREFIX);
    const everything = [
        prod.run.stdout, prod.run.stderr, nonprod.run.stdout, nonprod.run.stderr,
        fs.readFileSync(prod.planFile, "utf8"), fs.readFileSync(nonprod.planFile, "utf8"),
        formatTree(prod.plan), formatTree(nonprod.plan),
    ].join("\n");
    for (const marker of MARKERS) {
        expect(everything).not.toContain(marker);
        expect(everything).not.toContain(b64(marker));
    }
    // the secrets that exist are there only as placeholders, with their paths listed
    const plan = JSON.parse(fs.readFileSync(prod.planFile, "utf8")) as { resources: { name: string; inputs: Record<string, unknown>; secretInputs: string[] }[] };
    const withSecrets = plan.resources.filter((r) => r.secretInputs.length > 0);
    expect(withSecrets.length).toBeGreaterThan(20);
    expect(plan.resources.find((r) => r.name === "ops-k8s")!.inputs.kubeconfig).toBe("[secret]");
});

describe("secrets sit at their leaves, so a reviewer sees every other key and its changes", () => {
    // inputs that hold a structure: a secret inside them is a leaf of them, never the whole (a Secret's data and
    // stringData are secret as a whole by the SDK's own hand: @pulumi/kubernetes core/v1/secret.js)
    const CONTAINERS = new Set(["values", "spec", "data", "stringData", "metadata", "binaryData"]);

    test("no resource of either stack has a whole values object, spec or Secret data as one secret", async () => {
        const whole = [await cachedPlan(STANDARD.prod), await cachedPlan(STANDARD.nonprod)].flatMap(({ plan }) =>
            plan.resources.filter((r) => r.type !== "kubernetes:core/v1:Secret").flatMap((r) => r.secretInputs.filter((p) => CONTAINERS.has(p)).map((p) => `${plan.stack} ${r.name}: ${p}`)),
        );
        expect(whole).toEqual([]);
    });

    test("ks-core's values: the jwtSecret and the admin hash are secret, the federation's role is visible and a change to it shows", async () => {
        const { plan } = await cachedPlan(STANDARD.prod);
        const ksCore = plan.resources.find((r) => r.name === "ops-kubesphere-ks-core")!;
        expect([...ksCore.secretInputs].sort()).toEqual(["values.authentication.adminPassword", "values.authentication.issuer.jwtSecret"]);
        const values = ksCore.inputs.values as { multicluster: { role: string }; authentication: { issuer: { jwtSecret: string } } };
        expect(values.authentication.issuer.jwtSecret).toBe("[secret]");
        expect(values.multicluster.role).toBe("host");
        const head = structuredClone(plan);
        const changed = head.resources.find((r) => r.name === "ops-kubesphere-ks-core")!;
        (changed.inputs.values as { multicluster: { role: string } }).multicluster.role = "member";
        const [change] = diffPlans(plan, head).changes;
        expect(change.inputs).toEqual([{ path: "values.multicluster.role", secret: false, before: "host", after: "member" }]);
    });
});
