// npm run urns:update: plans both stacks offline and rewrites stacks/urns/<stack>.txt, the record of each
// stack's URNs that makes renames visible in review.
import * as fs from "fs";
import * as path from "path";
import { planInChildProcess } from "../engine/plan";
import { PROJECT_DIR } from "../engine/run";
import { urnRecordPath, urnRecordText } from "../engine/urnRecord";

async function main(): Promise<void> {
    for (const stack of ["prod", "nonprod"]) {
        process.stderr.write(`planning ${stack}...\n`);
        const plan = await planInChildProcess(stack, PROJECT_DIR);
        const file = urnRecordPath(stack);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, urnRecordText(plan));
        process.stderr.write(`wrote ${path.relative(PROJECT_DIR, file)} (${plan.resources.length} URNs)\n`);
    }
}

main().catch((err) => {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(3);
});
