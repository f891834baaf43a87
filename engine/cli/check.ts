// npm run check -- FILE... [--namespace NS] [--json FILE] [--policy-config FILE]    (FILE may be -: helm template ... | npm run check -- - --namespace NS)
import * as fs from "fs";
import { analyzeWithExemptions } from "../exemptionsApplied";
import { manifestSchemaProblems } from "../manifestSchema";
import { ManifestObject, ReadManifests, manifestResource, readManifests } from "../manifests";
import { platformPack } from "../pack";
import { policyCoverage } from "../policyCoverage";
import { ResolvedPackConfig, applyPolicyConfigFile } from "../policyConfig";
import { checkName } from "../reference/names";
import { parseArgs } from "./args";
import { EXIT, UsageError, reportError } from "./exit";
import { outputFileProblem, writeOutputFile } from "./outputFile";

const USAGE = `usage: npm run check -- FILE... [--namespace NS] [--json FILE] [--policy-config FILE]
  FILE             a Kubernetes manifest (multi-document YAML, read as Kubernetes reads it); - reads standard input (helm template ... | npm run check -- -)
  --namespace      the namespace of objects that name none, as kubectl apply -n and helm install -n place them (a DNS-1123 label; default: default)
  --json           write (creating its folder) { "violations": [ { policy, enforcementLevel, resource: { kind, namespace, name }, message } ],
                   "notChecked": [ { source, document, apiVersion, resource: { kind, namespace, name }, policiesOnEveryObject } ] }
  --policy-config  the pack's configuration, as pulumi preview --policy-pack-config takes it (levels, knobs, exemptions)
Objects of a kind no policy checks are listed as not checked. Built-in kinds are checked against Kubernetes' schemas first (field types, enums, required fields);
an apiVersion or kind of a built-in group that Kubernetes 1.33 does not serve (apps/v1beta1, removed in 1.16) is refused, with the one to write.
exit: 0 no mandatory violation, 1 a mandatory violation, 2 unreadable input (YAML, an unrendered Helm template, a field or an API Kubernetes would refuse), invalid configuration or usage`;

/** Where the command writes: the process's streams, or a test's buffers. */
export interface CheckIO {
    stdout(text: string): void;
    stderr(text: string): void;
    /** Standard input, for `-` (the process's own when not given). */
    stdin?(): string;
}

function readSource(file: string, io: CheckIO): string {
    try {
        if (file === "-") return io.stdin ? io.stdin() : fs.readFileSync(0, "utf8");
        return fs.readFileSync(file, "utf8");
    } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (file === "-") throw new UsageError(`cannot read standard input (${code ?? (err as Error).message})`);
        if (code === "ENOENT") throw new UsageError(`${file}: no such file`);
        if (code === "EISDIR") throw new UsageError(`${file}: a folder, not a manifest file`);
        throw new UsageError(`${file}: cannot read it (${code ?? (err as Error).message})`);
    }
}

/**
 * `--namespace`'s problem, if its value cannot be a namespace's name (a DNS-1123 label, as Kubernetes requires):
 * the flag, the rule, what is wrong and a name that would do.
 */
export function namespaceProblem(namespace: string): string | undefined {
    const problem = checkName(namespace, "dns1123-label");
    if (problem === undefined) return undefined;
    const why = [
        /[A-Z]/.test(namespace) ? "uppercase letters" : "",
        /[^-A-Za-z0-9]/.test(namespace) ? `${[...new Set(namespace.replace(/[-A-Za-z0-9]/g, ""))].map((c) => `'${c}'`).join(", ")}` : "",
        /^-|-$/.test(namespace) ? "a '-' at its start or end" : "",
        namespace.length > 63 ? `${namespace.length} characters` : "",
    ].filter((w) => w !== "");
    const suggestion = namespace
        .toLowerCase()
        .replace(/[^-a-z0-9]+/g, "-")
        .slice(0, 63)
        .replace(/^-+|-+$/g, "");
    const found = namespace === "" ? "an empty value" : `${JSON.stringify(namespace)}${why.length > 0 ? ` (${why.join(", ")})` : ""}`;
    const fix = suggestion === "" ? "give the namespace the objects go to, as kubectl apply -n and helm install -n take it" : `--namespace ${suggestion}`;
    return `--namespace: expected a namespace name, ${problem.expected}; found ${found}. Fix: ${fix}`;
}

/**
 * A source that held no object (empty, only comments or `---`): a usage error, not a clean check of nothing. From
 * standard input it is most often a `helm template ... |` that failed, printing its error and nothing to the pipe.
 */
function noObjectProblem(file: string): string {
    if (file === "-") {
        return "(stdin): no Kubernetes object in standard input (it was empty, or held only comments and ---): a helm template ... | npm run check -- - whose helm template failed prints nothing to the pipe (its error is above); run the helm template command alone, fix what it says, then pipe it again";
    }
    return `${file}: no Kubernetes object in the file (it is empty, or holds only comments and ---): give a manifest with at least one object; if it holds helm template's output (helm template ... > ${file}), helm template failed: run it alone and fix what it says`;
}

/**
 * Reads every manifest given, then the policy configuration: the problems of all of them (each file's, its
 * objects' fields that Kubernetes would refuse, and the configuration's) come in one usage error, so that one run
 * shows everything to fix.
 */
async function readInputs(pack: ReturnType<typeof platformPack>, files: readonly string[], namespace: string | undefined, configFile: string | undefined, report: string | undefined, io: CheckIO) {
    const problems: string[] = [];
    // a report that cannot be written is said before the check, with the inputs' problems (a missing folder is created)
    const badReport = report === undefined ? undefined : outputFileProblem("json", report, "check.json");
    if (badReport) problems.push(badReport);
    const read: ReadManifests[] = [];
    const badNamespace = namespace === undefined ? undefined : namespaceProblem(namespace);
    if (badNamespace) problems.push(badNamespace);
    for (const f of files) {
        try {
            const text = readSource(f, io);
            const manifests = readManifests(text, f === "-" ? "(stdin)" : f, { namespace: badNamespace ? undefined : namespace });
            if (manifests.objects.length === 0 && manifests.skipped.length === 0) problems.push(noObjectProblem(f));
            problems.push(...manifestSchemaProblems(text, manifests.objects));
            read.push(manifests);
        } catch (err) {
            if (!(err instanceof UsageError)) throw err;
            problems.push(err.message);
        }
    }
    let config: ResolvedPackConfig | undefined;
    try {
        config = await applyPolicyConfigFile(pack, configFile);
    } catch (err) {
        if (!(err instanceof UsageError)) throw err;
        problems.push(err.message);
    }
    if (problems.length > 0 || config === undefined) throw new UsageError(problems.join("\n"));
    return { read, config };
}

/** `npm run check` without the process: parses argv, reads, checks, prints; returns the exit code (errors throw). */
export async function checkCommand(argv: readonly string[], io: CheckIO): Promise<number> {
    const { flags, positionals } = parseArgs(argv, ["json", "policy-config", "namespace"], USAGE);
    if (positionals.length === 0) throw new UsageError(`no manifest given\n${USAGE}`);
    const namespace = typeof flags.namespace === "string" ? flags.namespace : undefined;
    const pack = platformPack();
    const configFile = typeof flags["policy-config"] === "string" ? flags["policy-config"] : undefined;
    const reportFile = typeof flags.json === "string" ? flags.json : undefined;
    const { read, config } = await readInputs(pack, positionals, namespace, configFile, reportFile, io);
    const objects: ManifestObject[] = read.flatMap((r) => r.objects);
    const skipped = read.flatMap((r) => r.skipped);
    const resources = objects.map(manifestResource);
    const { violations, exempted } = await analyzeWithExemptions(pack, config, resources);
    const byUrn = new Map(resources.map((r, i) => [r.urn, objects[i]]));
    // what the policies look at, learnt from them: an object of a kind none checks is listed, not passed as checked
    const coverage = await policyCoverage(pack, config, objects.map((m, i) => ({ type: resources[i].type, props: m.object })));
    const notChecked = objects.flatMap((m, i) =>
        coverage[i].checkedBy.length > 0
            ? []
            : [{ source: m.source, document: m.document, apiVersion: m.apiVersion, resource: { kind: m.kind, namespace: m.namespace ?? "", name: m.name }, policiesOnEveryObject: coverage[i].everyObject }],
    );

    const report = violations.map((v) => {
        const m = byUrn.get(v.urn);
        return {
            policy: v.policy,
            enforcementLevel: v.enforcementLevel,
            resource: { kind: m?.kind ?? "", namespace: m?.namespace ?? "", name: m?.name ?? "" },
            message: v.message,
        };
    });
    if (reportFile !== undefined) writeOutputFile("json", reportFile, `${JSON.stringify({ violations: report, notChecked }, null, 2)}\n`, "check.json");

    const mandatoryCount = report.filter((v) => v.enforcementLevel === "mandatory").length;
    const configured = configFile ? ` (configuration ${configFile})` : "";
    io.stdout(`Checked ${objects.length} object(s) against ${pack.name}@${pack.version}${configured}: ${mandatoryCount} mandatory, ${report.length - mandatoryCount} advisory violation(s)\n`);
    for (const s of skipped) io.stdout(`  skipped ${s.source} document ${s.document}, ${s.kind} ${s.name}: ${s.reason}\n`);
    // each object no policy of its kind looked at, so that a clean result does not pass for one that was examined
    for (const n of notChecked) {
        const every = n.policiesOnEveryObject.length > 0 ? `; only the policies on every object ran on it (${n.policiesOnEveryObject.join(", ")})` : "";
        io.stdout(`  not checked ${n.source} document ${n.document}, ${n.resource.kind} ${n.resource.namespace ? `${n.resource.namespace}/` : ""}${n.resource.name}: no policy checks its kind (${n.apiVersion} ${n.resource.kind})${every}\n`);
    }
    for (const e of exempted) {
        const m = byUrn.get(e.urn);
        io.stdout(`  exempted ${e.policy}: ${m?.kind ?? ""} ${m?.namespace ? `${m.namespace}/` : ""}${m?.name ?? e.urn} (an exemption of the pack's configuration)\n`);
    }
    for (const v of report) {
        const where = `${v.resource.kind} ${v.resource.namespace ? `${v.resource.namespace}/` : ""}${v.resource.name}`;
        io.stdout(`  [${v.enforcementLevel}] ${v.policy}  ${where}\n`);
        for (const line of v.message.split("\n")) io.stdout(`      ${line}\n`);
    }
    return mandatoryCount > 0 ? EXIT.violations : EXIT.ok;
}

if (require.main === module) {
    const io: CheckIO = { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) };
    checkCommand(process.argv.slice(2), io).then(
        (code) => process.exit(code),
        (err) => process.exit(reportError(err)),
    );
}
