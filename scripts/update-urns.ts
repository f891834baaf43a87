// npm run urns:update: plans the stacks offline (prod, nonprod and the idc example) and rewrites stacks/urns/<stack>.txt, the record of each
// stack's URNs that makes renames visible in review.
import * as fs from "fs";
import * as path from "path";
import { planInChildProcess } from "../engine/plan";
import { PlanFile } from "../engine/planFile";
import { PROJECT_DIR } from "../engine/run";
import { urnRecordPath, urnRecordText } from "../engine/urnRecord";

async function main(): Promise<void> {
    const planned: PlanFile[] = [];
    // prod first: nonprod's StackReference reads the prod plan just made, instead of planning prod again
    for (const stack of ["prod", "nonprod", "idc"]) {
        const started = Date.now();
        process.stderr.write(`urns:update: planning ${stack} offline...\n`);
        const plan = await planInChildProcess(stack, PROJECT_DIR, undefined, planned);
        planned.push(plan);
        const file = urnRecordPath(stack);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, urnRecordText(plan));
        process.stderr.write(`urns:update: wrote ${path.relative(PROJECT_DIR, file)} (${plan.resources.length} URNs) in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    }
}

main().catch((err) => {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(3);
});
