// npm run plan -- [--stack prod|nonprod] [--json FILE] [--reference PLAN.json] [--quiet]
import { formatDeployTime } from "../deployTime";
import { formatTree, formatViolations } from "../format";
import { planStack } from "../plan";
import { PlanFile, mandatory, readPlan, writePlan } from "../planFile";
import { parseArgs } from "./args";
import { EXIT, reportError } from "./exit";

const USAGE = `usage: npm run plan -- [--stack <prod|nonprod>] [--json FILE] [--reference PLAN.json] [--policy-config FILE] [--quiet]
  --stack      the stack to plan (default: nonprod)
  --json       write the plan file (the contract in the README) to FILE
  --reference  a plan of another stack to answer StackReferences from (else it is planned first)
  --policy-config  the pack's configuration (pulumi preview --policy-pack-config format); defaults otherwise
  --quiet      print nothing but errors
exit: 0 no mandatory violation, 1 a mandatory violation, 2 invalid settings or usage, 3 a failure`;

async function main(): Promise<number> {
    const { flags, positionals } = parseArgs(process.argv.slice(2), ["stack", "json", "reference", "policy-config", "quiet!"], USAGE);
    if (positionals.length > 0) throw Object.assign(new Error(`unexpected argument ${positionals[0]}\n${USAGE}`), { isUsageError: true });
    const stack = typeof flags.stack === "string" ? flags.stack : "nonprod";
    const quiet = flags.quiet === true;
    const references: PlanFile[] = typeof flags.reference === "string" ? [readPlan(flags.reference)] : [];
    const progress = (line: string) => quiet || process.stderr.write(`${line}\n`);

    progress(`planning stack ${stack} offline (mock runtime, policy pack)...`);
    const started = Date.now();
    const policyConfig = typeof flags["policy-config"] === "string" ? flags["policy-config"] : undefined;
    const plan = await planStack({ stack, references, progress, policyConfig });
    if (typeof flags.json === "string") writePlan(flags.json, plan);
    if (!quiet) {
        process.stdout.write(`${formatTree(plan)}\n\n${formatViolations(plan.policies.pack, plan.policies.violations)}\n`);
        if (plan.deploy) process.stdout.write(`\n${formatDeployTime(plan.deploy)}\n`);
        progress(`planned ${plan.resources.length} resources in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
    return mandatory(plan.policies.violations).length > 0 ? EXIT.violations : EXIT.ok;
}

main().then(
    (code) => process.exit(code),
    (err) => process.exit(reportError(err)),
);
