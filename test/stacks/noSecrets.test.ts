import * as fs from "fs";
import { FAKE_ACCESS_KEY_SECRET_PREFIX, FAKE_CA_MARKER, FAKE_TOKEN_PREFIX } from "../../engine/fakes/resources";
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
