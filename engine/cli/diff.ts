// npm run plan:diff -- BASE.json HEAD.json [--markdown]
import { diffPlans, formatDiff, formatDiffMarkdown } from "../diff";
import { readPlan } from "../planFile";
import { UsageError } from "../stackConfig";
import { parseArgs } from "./args";
import { EXIT, reportError } from "./exit";

const USAGE = `usage: npm run plan:diff -- BASE.json HEAD.json [--markdown]
  BASE.json, HEAD.json  plan files of the same stack (npm run plan -- --json FILE)
  --markdown            print merge-request Markdown instead of text
exit: 0 the diff was printed, 2 usage or unreadable plans`;

function main(): number {
    const { flags, positionals } = parseArgs(process.argv.slice(2), ["markdown!"], USAGE);
    if (positionals.length !== 2) throw new UsageError(`expected two plan files, got ${positionals.length}\n${USAGE}`);
    let base, head;
    try {
        base = readPlan(positionals[0]);
        head = readPlan(positionals[1]);
    } catch (err) {
        throw new UsageError((err as Error).message);
    }
    if (base.stack !== head.stack) throw new UsageError(`the plans are of different stacks (${base.stack} and ${head.stack})`);
    const diff = diffPlans(base, head);
    process.stdout.write(`${flags.markdown ? formatDiffMarkdown(diff) : formatDiff(diff)}\n`);
    return EXIT.ok;
}

try {
    process.exit(main());
} catch (err) {
    process.exit(reportError(err));
}
