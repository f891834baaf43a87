// npm run plan:diff -- BASE.json HEAD.json [BASE2.json HEAD2.json ...] [--markdown] [--fail-on-danger] [--acknowledged label|marker]
import { diffPlans, formatDiff } from "../diff";
import { PlanFile, readPlan } from "../planFile";
import { ACK_HINT, Acknowledgement, dangerousChanges, gateFails, mergeRequestReport } from "../report";
import { parseArgs } from "./args";
import { EXIT, UsageError, reportError } from "./exit";

const USAGE = `usage: npm run plan:diff -- BASE.json HEAD.json [BASE2.json HEAD2.json ...] [--markdown] [--fail-on-danger] [--acknowledged label|marker]
  BASE.json HEAD.json  plan files of the same stack (npm run plan -- --json FILE); more pairs for more stacks
  --markdown           print the merge-request report (summary, dangerous changes, policies, changes, topology)
  --fail-on-danger     exit 1 when a change deletes or replaces a stateful resource, unless --acknowledged
  --acknowledged       the merge request acknowledges its dangerous changes, with the label dangerous-change-acknowledged
                       (label) or the marker [ack-dangerous] in its description (marker)
exit: 0 printed (and the gate passed), 1 an unacknowledged dangerous change with --fail-on-danger, 2 usage or unreadable plans`;

function main(): number {
    const { flags, positionals } = parseArgs(process.argv.slice(2), ["markdown!", "fail-on-danger!", "acknowledged"], USAGE);
    if (positionals.length === 0 || positionals.length % 2 !== 0) {
        throw new UsageError(`expected pairs of plan files (BASE HEAD), got ${positionals.length} file(s)\n${USAGE}`);
    }
    const stacks = [];
    for (let i = 0; i < positionals.length; i += 2) {
        // a plan file that is missing or breaks the contract is a UsageError naming it (engine/planFile.ts)
        const base: PlanFile = readPlan(positionals[i]);
        const head: PlanFile = readPlan(positionals[i + 1]);
        if (base.stack !== head.stack) {
            throw new UsageError(`${positionals[i]} and ${positionals[i + 1]} are plans of different stacks (${base.stack} and ${head.stack}): give each stack's BASE and HEAD as a pair (BASE-prod HEAD-prod BASE-nonprod HEAD-nonprod)`);
        }
        stacks.push({ diff: diffPlans(base, head), head });
    }
    const by = flags.acknowledged;
    if (by !== undefined && by !== "label" && by !== "marker") throw new UsageError(`--acknowledged: expected label or marker (what acknowledged the changes), found ${JSON.stringify(by)}\n${USAGE}`);
    const acknowledged = by !== undefined;
    if (flags.markdown) process.stdout.write(mergeRequestReport(stacks, { acknowledged, by: by as Acknowledgement | undefined }));
    else process.stdout.write(`${stacks.map((s) => formatDiff(s.diff)).join("\n\n")}\n`);
    if (flags["fail-on-danger"] && gateFails(stacks, { acknowledged })) {
        const count = stacks.reduce((n, s) => n + dangerousChanges(s.diff).length, 0);
        process.stderr.write(`${count} dangerous change(s) not acknowledged: once reviewed, give the merge request ${ACK_HINT.replace(/`/g, "")}\n`);
        return EXIT.violations;
    }
    return EXIT.ok;
}

try {
    process.exit(main());
} catch (err) {
    process.exit(reportError(err));
}
