// npm run check -- FILE... [--namespace NS] [--json FILE] [--policy-config FILE]    (FILE may be -: helm template ... | npm run check -- - -n NS)
import * as fs from "fs";
import { analyzeWithExemptions } from "../exemptionsApplied";
import { ManifestObject, ReadManifests, manifestResource, readManifests } from "../manifests";
import { platformPack } from "../pack";
import { applyPolicyConfigFile } from "../policyConfig";
import { parseArgs } from "./args";
import { EXIT, UsageError, reportError } from "./exit";

const USAGE = `usage: npm run check -- FILE... [--namespace NS] [--json FILE] [--policy-config FILE]
  FILE             a Kubernetes manifest (multi-document YAML, read as Kubernetes reads it); - reads standard input (helm template ... | npm run check -- -)
  --namespace      the namespace of objects that name none, as kubectl apply -n and helm install -n place them (default: default)
  --json           write { "violations": [ { policy, enforcementLevel, resource: { kind, namespace, name }, message } ] }
  --policy-config  the pack's configuration, as pulumi preview --policy-pack-config takes it (levels, knobs, exemptions)
exit: 0 no mandatory violation, 1 a mandatory violation, 2 unreadable input, invalid configuration or usage`;

function readSource(file: string): string {
    try {
        return fs.readFileSync(file === "-" ? 0 : file, "utf8");
    } catch (err) {
        throw new UsageError(`cannot read ${file === "-" ? "standard input" : file}: ${(err as Error).message}`);
    }
}

async function main(): Promise<number> {
    const { flags, positionals } = parseArgs(process.argv.slice(2), ["json", "policy-config", "namespace"], USAGE);
    if (positionals.length === 0) throw new UsageError(`no manifest given\n${USAGE}`);
    const namespace = typeof flags.namespace === "string" ? flags.namespace : undefined;
    const read: ReadManifests[] = positionals.map((f) => readManifests(readSource(f), f === "-" ? "(stdin)" : f, { namespace }));
    const objects: ManifestObject[] = read.flatMap((r) => r.objects);
    const skipped = read.flatMap((r) => r.skipped);
    const resources = objects.map(manifestResource);
    const pack = platformPack();
    const configFile = typeof flags["policy-config"] === "string" ? flags["policy-config"] : undefined;
    const config = await applyPolicyConfigFile(pack, configFile);
    const { violations, exempted } = await analyzeWithExemptions(pack, config, resources);
    const byUrn = new Map(resources.map((r, i) => [r.urn, objects[i]]));

    const report = violations.map((v) => {
        const m = byUrn.get(v.urn);
        return {
            policy: v.policy,
            enforcementLevel: v.enforcementLevel,
            resource: { kind: m?.kind ?? "", namespace: m?.namespace ?? "", name: m?.name ?? "" },
            message: v.message,
        };
    });
    if (typeof flags.json === "string") fs.writeFileSync(flags.json, `${JSON.stringify({ violations: report }, null, 2)}\n`);

    const mandatoryCount = report.filter((v) => v.enforcementLevel === "mandatory").length;
    const configured = configFile ? ` (configuration ${configFile})` : "";
    process.stdout.write(`Checked ${objects.length} object(s) against ${pack.name}@${pack.version}${configured}: ${mandatoryCount} mandatory, ${report.length - mandatoryCount} advisory violation(s)\n`);
    for (const s of skipped) process.stdout.write(`  skipped ${s.source} document ${s.document}, ${s.kind} ${s.name}: ${s.reason}\n`);
    for (const e of exempted) {
        const m = byUrn.get(e.urn);
        process.stdout.write(`  exempted ${e.policy}: ${m?.kind ?? ""} ${m?.namespace ? `${m.namespace}/` : ""}${m?.name ?? e.urn} (an exemption of the pack's configuration)\n`);
    }
    for (const v of report) {
        const where = `${v.resource.kind} ${v.resource.namespace ? `${v.resource.namespace}/` : ""}${v.resource.name}`;
        process.stdout.write(`  [${v.enforcementLevel}] ${v.policy}  ${where}\n`);
        for (const line of v.message.split("\n")) process.stdout.write(`      ${line}\n`);
    }
    return mandatoryCount > 0 ? EXIT.violations : EXIT.ok;
}

main().then(
    (code) => process.exit(code),
    (err) => process.exit(reportError(err)),
);
