import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { diffPlans } from "../../engine/diff";
import { PlanFile, PlanResource } from "../../engine/planFile";
import { gateFails, mergeRequestReport } from "../../engine/report";
import { runCli, ROOT } from "../support/project";
import { nodeId } from "../../engine/topology";

const FS = "alicloud:nas/fileSystem:FileSystem";
const VPC = "alicloud:vpc/network:Network";
const NAS = "urn:pulumi:prod::platform::platform:storage:NasStorage::ops-nas";
const r = (type: string, name: string, inputs: Record<string, unknown>, extra: Partial<PlanResource> = {}): PlanResource => ({
    urn: `urn:pulumi:prod::platform::${type}::${name}`,
    type,
    name,
    custom: true,
    dependencies: [],
    protect: false,
    inputs,
    secretInputs: [],
    ...extra,
});
const plan = (resources: PlanResource[], violations: PlanFile["policies"]["violations"] = []): PlanFile => ({
    stack: "prod",
    project: "platform",
    resources,
    outputs: {},
    secretOutputs: [],
    policies: { pack: "platform-policies@0.1.0", violations },
});

const base = plan([
    r(VPC, "ops-vpc", { cidrBlock: "10.0.0.0/16", tags: { network: "ops" } }),
    r(FS, "ops-nas-fs-extreme", { fileSystemType: "extreme", storageType: "standard", password: "[secret]" }, { parent: NAS, protect: true, secretInputs: ["password"] }),
]);
const head = plan(
    [
        r(VPC, "ops-vpc", { cidrBlock: "10.0.0.0/16", tags: { network: "ops" } }),
        r(FS, "ops-nas-fs-extreme", { fileSystemType: "standard", storageType: "Performance", password: "[secret]" }, { parent: NAS, protect: true, secretInputs: ["password"] }),
    ],
    [{ policy: "nas-encrypted", enforcementLevel: "advisory", urn: "u", message: "NAS file systems are encrypted.\nfile system x: encryptType: expected 1; found 0. Fix: set it" }],
);

describe("the merge-request report", () => {
    test("exact Markdown for a NAS type change: summary, danger, policies, changes by component, topology", () => {
        const report = mergeRequestReport([{ diff: diffPlans(base, head), head }], { acknowledged: false });
        expect(report).toBe(
            [
                "## Platform plan",
                "",
                "### Stack `prod`",
                "",
                "| create | update | replace | delete |",
                "| --- | --- | --- | --- |",
                "| 0 | 0 | 1 | 0 |",
                "",
                "**platform:storage:NasStorage ops-nas**",
                "",
                "- `+-` replace `alicloud:nas/fileSystem:FileSystem` **ops-nas-fs-extreme** (replaced: `fileSystemType`, `storageType`) (protected: pulumi up refuses this until the resource's protect is removed (a reviewed, separate change))",
                '  - `fileSystemType: "extreme" -> "standard"`',
                '  - `storageType: "standard" -> "Performance"`',
                "",
                "**Deploy estimate of this change:** 1m 00s on its critical path (what it creates or replaces; 1m 00s in all), against 1m 00s from scratch.",
                "",
                "**Dangerous changes: this merge request is blocked until it carries the label `dangerous-change-acknowledged` or the marker `[ack-dangerous]` in its description.**",
                "",
                "- `replace` `alicloud:nas/fileSystem:FileSystem` **ops-nas-fs-extreme**: replace of a NAS file system: every volume on it is lost",
                "",
                "**Policies** (platform-policies@0.1.0): 0 mandatory, 1 advisory",
                "",
                "- `advisory` `nas-encrypted` file system x: encryptType: expected 1; found 0. Fix: set it",
                "",
                "<details><summary>Topology of prod</summary>",
                "",
                "```mermaid",
                "flowchart TB",
                `  subgraph ${nodeId("urn:pulumi:prod::platform::alicloud:vpc/network:Network::ops-vpc")}["ops VPC 10.0.0.0/16"]`,
                "    direction LR",
                "  end",
                "```",
                "",
                "</details>",
                "",
            ].join("\n"),
        );
        expect(report).not.toContain("password");
    });

    test("the gate: a NAS type change fails without acknowledgement and passes with it", () => {
        const stacks = [{ diff: diffPlans(base, head), head }];
        expect(gateFails(stacks, { acknowledged: false })).toBe(true);
        expect(gateFails(stacks, { acknowledged: true })).toBe(false);
        expect(gateFails([{ diff: diffPlans(base, base), head: base }], { acknowledged: false })).toBe(false);
    });

    test("the CLI: --fail-on-danger exits 1 naming both ways to acknowledge; --acknowledged lets it pass and the report names the way used", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gate-"));
        fs.writeFileSync(path.join(dir, "base.json"), JSON.stringify(base));
        fs.writeFileSync(path.join(dir, "head.json"), JSON.stringify(head));
        const args = [path.join(dir, "base.json"), path.join(dir, "head.json"), "--markdown", "--fail-on-danger"];
        const blocked = runCli(ROOT, "diff", args);
        expect(blocked.code).toBe(1);
        expect(blocked.stderr).toContain("1 dangerous change(s) not acknowledged: once reviewed, give the merge request the label dangerous-change-acknowledged or the marker [ack-dangerous] in its description");
        const byLabel = runCli(ROOT, "diff", [...args, "--acknowledged", "label"]);
        expect(byLabel.code).toBe(0);
        expect(byLabel.stdout).toContain("**Dangerous changes (acknowledged with the label `dangerous-change-acknowledged`):**");
        const byMarker = runCli(ROOT, "diff", [...args, "--acknowledged", "marker"]);
        expect(byMarker.stdout).toContain("**Dangerous changes (acknowledged with the marker `[ack-dangerous]` in the description):**");
        const wrong = runCli(ROOT, "diff", [...args, "--acknowledged", "yes"]);
        expect([wrong.code, wrong.stderr]).toEqual([2, expect.stringContaining('--acknowledged: expected label or marker (what acknowledged the changes), found "yes"')]);
    });
});

test("an exemption is never silent: what app teams' exemptions kept out is listed under the policies", () => {
    const exempted: PlanFile = { ...head, policies: { ...head.policies, exemptions: [{ policy: "pod-no-host-path", urn: "urn:pulumi:prod::platform::kubernetes:apps/v1:Deployment::shop-legacy" }] } };
    const report = mergeRequestReport([{ diff: diffPlans(base, exempted), head: exempted }], { acknowledged: false });
    expect(report).toContain("**Exempted** by app teams' exemptions (`teamExemptions` in policies/config.json): 1\n\n- `pod-no-host-path` shop-legacy\n");
    expect(mergeRequestReport([{ diff: diffPlans(base, head), head }], { acknowledged: false })).not.toContain("Exempted");
});

test("the change's own deploy estimate: what it creates or replaces, beside the from-scratch figure", () => {
    // the NAS type change replaces the file system: a minute
    const report = mergeRequestReport([{ diff: diffPlans(base, head), head }], { acknowledged: false });
    expect(report).toContain("**Deploy estimate of this change:** 1m 00s on its critical path (what it creates or replaces; 1m 00s in all), against");
    // a change that creates and replaces nothing has none
    expect(mergeRequestReport([{ diff: diffPlans(base, base), head: base }], { acknowledged: false })).not.toContain("Deploy estimate of this change");
});

test("adding a node pool to prod: the estimate is the pool's six minutes, not the platform's", async () => {
    const { STANDARD, cachedPlan } = await import("../support/planCache");
    const prod = (await cachedPlan(STANDARD.prod)).plan;
    const pool = prod.resources.find((r) => r.type === "alicloud:cs/nodePool:NodePool")!;
    const added = { ...pool, urn: `${pool.urn}-2`, name: `${pool.name}-2` };
    const grown: PlanFile = { ...prod, resources: [...prod.resources, added] };
    const report = mergeRequestReport([{ diff: diffPlans(prod, grown), head: grown }], { acknowledged: false });
    expect(report).toMatch(/\*\*Deploy estimate of this change:\*\* 6m 00s on its critical path .* against \d+m \d\ds from scratch\./);
});

describe("every change with its substance", () => {
    test("a new node pool shows its instance types, size and vSwitches; a new project its quota's figures", async () => {
        const { STANDARD, cachedPlan } = await import("../support/planCache");
        const prod = (await cachedPlan(STANDARD.prod)).plan;
        const pool = prod.resources.find((r) => r.type === "alicloud:cs/nodePool:NodePool")!;
        const quota = prod.resources.find((r) => r.type === "kubernetes:core/v1:ResourceQuota")!;
        const newPool = { ...pool, urn: `${pool.urn}-2`, name: `${pool.name}-2` };
        const newQuota = { ...quota, urn: `${quota.urn}-2`, name: `${quota.name}-2` };
        const grown: PlanFile = { ...prod, resources: [...prod.resources, newPool, newQuota] };
        const report = mergeRequestReport([{ diff: diffPlans(prod, grown), head: grown }], { acknowledged: false });
        const lines = report.split("\n");
        // the input lines under a change, up to the next change
        const after = (name: string) => {
            const rest = lines.slice(lines.findIndex((l) => l.includes(`**${name}**`)) + 1);
            const end = rest.findIndex((l) => !l.startsWith("  - "));
            return end < 0 ? rest : rest.slice(0, end);
        };
        const poolLines = after(newPool.name).join("\n");
        expect(poolLines).toContain(`instanceTypes: ${JSON.stringify(pool.inputs.instanceTypes)}`);
        expect(poolLines).toMatch(/ {2}- `(desiredSize|scalingConfig): /);
        expect(poolLines).toContain("vswitchIds: ");
        expect(after(newQuota.name).join("\n")).toContain(`spec.hard: ${JSON.stringify((quota.inputs.spec as { hard: unknown }).hard).slice(0, 40)}`);
    });

    test("deleting or replacing a protected resource names the refusal pulumi up will give", () => {
        const report = mergeRequestReport([{ diff: diffPlans(base, head), head }], { acknowledged: false });
        expect(report).toContain("**ops-nas-fs-extreme** (replaced: `fileSystemType`, `storageType`) (protected: pulumi up refuses this until the resource's protect is removed (a reviewed, separate change))");
        const unprotected: PlanFile = { ...head, resources: head.resources.map((r) => ({ ...r, protect: false })) };
        expect(mergeRequestReport([{ diff: diffPlans(base, unprotected), head: unprotected }], { acknowledged: false })).not.toContain("protected: pulumi up refuses");
    });
});
