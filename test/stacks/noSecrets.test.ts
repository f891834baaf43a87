import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { FAKE_ACCESS_KEY_SECRET_PREFIX, FAKE_CA_MARKER, FAKE_TOKEN_PREFIX } from "../../engine/fakes/resources";
import { ROOT } from "../support/project";

// The fakes' secret values carry these markers (base64 too, as they sit in Secrets' data).
const MARKERS = [FAKE_ACCESS_KEY_SECRET_PREFIX, FAKE_TOKEN_PREFIX, FAKE_CA_MARKER, "fake-robot-secret-"];
const b64 = (s: string) => Buffer.from(s).toString("base64").slice(0, 12);

test("no secret value appears in either stack's plan file or in anything plan prints", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nosecret-"));
    const run = (args: string[]) =>
        spawnSync(process.execPath, ["--import", "tsx", path.join(ROOT, "engine", "cli", "plan.ts"), ...args], { cwd: ROOT, encoding: "utf8", timeout: 300_000 });
    const prod = run(["--stack", "prod", "--json", path.join(dir, "prod.json")]);
    const nonprod = run(["--stack", "nonprod", "--json", path.join(dir, "nonprod.json"), "--reference", path.join(dir, "prod.json")]);
    expect([prod.status, nonprod.status]).toEqual([0, 0]);
    const everything = [prod.stdout, prod.stderr, nonprod.stdout, nonprod.stderr, fs.readFileSync(path.join(dir, "prod.json"), "utf8"), fs.readFileSync(path.join(dir, "nonprod.json"), "utf8")].join("\n");
    for (const marker of MARKERS) {
        expect(everything).not.toContain(marker);
        expect(everything).not.toContain(b64(marker));
    }
    // the secrets that exist are there only as placeholders, with their paths listed
    const plan = JSON.parse(fs.readFileSync(path.join(dir, "prod.json"), "utf8")) as { resources: { name: string; inputs: Record<string, unknown>; secretInputs: string[] }[] };
    const withSecrets = plan.resources.filter((r) => r.secretInputs.length > 0);
    expect(withSecrets.length).toBeGreaterThan(20);
    expect(plan.resources.find((r) => r.name === "ops-k8s")!.inputs.kubeconfig).toBe("[secret]");
}, 600_000);
