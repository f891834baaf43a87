// npm run render -- [--stack STACK] [--out DIR] [--reference PLAN.json] [--policy-config FILE]
import * as fs from "fs";
import * as path from "path";
import { platformPack } from "../pack";
import { planStackDetailed } from "../plan";
import { PlanFile } from "../planFile";
import { policyConfigFileOf, policyConfigName, readPolicyConfigFile, resolvePolicyConfig } from "../policyConfig";
import { renderReleases } from "../render/render";
import { releasesOf } from "../render/releases";
import { applyRuntimeFlags } from "../runtimeFlags";
import { parseArgs } from "./args";
import { EXIT, UsageError, reportError } from "./exit";
import { readReference, stackChoice } from "./plan";

const USAGE = `usage: npm run render -- [--stack ${stackChoice()}] [--out DIR] [--reference PLAN.json] [--policy-config FILE]
  --stack          the stack whose Helm releases to render (default: nonprod); it is planned offline first
  --out            write each release's rendered manifest to DIR/<cluster>-<namespace>-<release>.yaml
  --reference      a plan of prod to answer nonprod's StackReference from (else prod is planned first)
  --policy-config  the pack's configuration (levels, knobs, exemptions); defaults otherwise
Renders every release with the real Helm binary and the pinned chart archives (../shared/reference/charts), the
values the plan records (secrets and unknown values as placeholders), the cluster's Kubernetes version and the
API versions of the CRDs its releases install; validates every object and runs the policy pack over them.
exit: 0 all render, validate and violate no mandatory policy; 1 a mandatory violation or a schema problem;
2 usage or settings; 3 a failure (a release that does not render)`;

async function main(): Promise<number> {
    applyRuntimeFlags();
    const { flags, positionals } = parseArgs(process.argv.slice(2), ["stack", "out", "reference", "policy-config"], USAGE);
    if (positionals.length > 0) throw new UsageError(`unexpected argument ${positionals[0]}\n${USAGE}`);
    const stack = typeof flags.stack === "string" ? flags.stack : "nonprod";
    const progress = (line: string) => process.stderr.write(`${line}\n`);
    const references: PlanFile[] = typeof flags.reference === "string" ? [readReference(flags.reference, stack, progress)] : [];
    const pack = platformPack();
    const given = typeof flags["policy-config"] === "string" ? flags["policy-config"] : undefined;
    const configFile = policyConfigFileOf(given);
    const configName = policyConfigName(given, configFile);
    const config = resolvePolicyConfig(pack, configFile === undefined ? {} : readPolicyConfigFile(configFile, configName), configName);

    progress(`planning stack ${stack} offline, for its releases...`);
    const { analyzed } = await planStackDetailed({ stack, references, progress });
    const releases = releasesOf(analyzed);
    progress(`rendering ${releases.length} release(s) with Helm (cached by chart, values and versions)...`);
    const result = await renderReleases(releases, pack, config, progress);

    const out = typeof flags.out === "string" ? flags.out : undefined;
    if (out) fs.mkdirSync(out, { recursive: true });
    let problems = 0;
    for (const r of result.releases) {
        if (out) fs.writeFileSync(path.join(out, `${r.release.id.replace(/\//g, "-")}.yaml`), r.manifest);
        const vs = result.violations.filter((v) => v.release === r.release.id);
        const mandatory = vs.filter((v) => v.enforcementLevel === "mandatory").length;
        const spec = r.release.spec;
        process.stdout.write(
            `${r.release.id} (${spec.chart} ${spec.version}, ${r.release.installedBy === "program" ? "resource" : `installed by KubeSphere's ${r.release.installedBy} for`} ${r.release.resource}, Kubernetes ${r.release.kubeVersion ?? "(fallback)"}): ` +
                `${r.read.objects.length} objects, ${r.schemaProblems.length} schema problem(s), ${mandatory} mandatory and ${vs.length - mandatory} advisory violation(s)` +
                `${r.read.skipped.length ? `, ${r.read.skipped.length} test hook(s) skipped` : ""}${r.release.placeholders.length ? `; placeholders at ${r.release.placeholders.join(", ")}` : ""}\n`,
        );
        for (const p of r.schemaProblems) process.stdout.write(`  [schema] ${p}\n`);
        for (const v of vs) process.stdout.write(`  [${v.enforcementLevel}] ${v.policy}  ${v.object}\n${v.message.split("\n").map((l) => `      ${l}\n`).join("")}`);
        problems += r.schemaProblems.length;
    }
    if (result.exemptions.length > 0) {
        process.stdout.write(`Exemptions applied (policies/exemptions.ts or the pack's configuration):\n`);
        for (const e of result.exemptions) process.stdout.write(`  ${e.policy}: ${e.object} (${e.release})\n`);
    }
    const mandatory = result.violations.filter((v) => v.enforcementLevel === "mandatory").length;
    const objects = result.releases.reduce((n, r) => n + r.read.objects.length, 0);
    process.stdout.write(
        `Render of ${stack}: ${result.releases.length} releases, ${objects} objects, ${problems} schema problem(s), ${mandatory} mandatory and ${result.violations.length - mandatory} advisory violation(s), ` +
            `${result.exemptions.length} exemption(s) applied; exit ${mandatory + problems > 0 ? 1 : 0}${out ? `; manifests in ${out}` : ""}\n`,
    );
    return mandatory + problems > 0 ? EXIT.violations : EXIT.ok;
}

main().then(
    (code) => process.exit(code),
    (err) => process.exit(reportError(err)),
);
