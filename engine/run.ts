import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { setMockOptions } from "@pulumi/pulumi/runtime/settings";
import { RecordingMonitor, StackReferenceResolver } from "./recorder";
import { readStackConfig } from "./stackConfig";

/** The project root: where Pulumi.yaml and index.ts are. */
export const PROJECT_DIR = path.resolve(__dirname, "..");

type Store = Record<string, unknown> & { logErrorCount: number };

/**
 * Points the Pulumi runtime at a recording monitor, as `pulumi.runtime.setMocks` does, and enables what
 * setMocks enables (secrets, resource references, aliases), less output values (so inputs arrive as plain
 * wire values) and transforms (which do not run under mocks).
 */
export function installMonitor(monitor: RecordingMonitor, project: string, stack: string): Store {
    setMockOptions(monitor, project, stack, false);
    // getStore is internal (absent from the typings) but is what setMocks itself uses.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const store = require("@pulumi/pulumi/runtime/state").getStore() as Store;
    store.supportsSecrets = true;
    store.supportsResourceReferences = true;
    store.supportsDeletedWith = true;
    store.supportsAliasSpecs = true;
    return store;
}

/** Waits until every registration the program started has been answered. */
export async function settle(monitor: RecordingMonitor): Promise<void> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { waitForRPCs } = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs: () => Promise<void> };
    await Promise.race([waitForRPCs(), monitor.failed]);
}

/** What one offline run of the program produced. */
export interface ProgramRun {
    readonly project: string;
    readonly stack: string;
    readonly monitor: RecordingMonitor;
}

/** Options of {@link runProgram}. */
export interface RunOptions {
    readonly stack: string;
    readonly resolveStackReference: StackReferenceResolver;
    /** Defaults to the project's index.ts. */
    readonly program?: string;
    readonly projectDir?: string;
}

/**
 * Runs the real program for a stack under Pulumi's mock runtime, with the stack's settings from its real
 * `Pulumi.<stack>.yaml`, and returns every registration. One run per process: the Pulumi runtime is global.
 * Rejects with the program's own error (a SettingsError for bad settings).
 */
export async function runProgram(opts: RunOptions): Promise<ProgramRun> {
    const projectDir = opts.projectDir ?? PROJECT_DIR;
    const { project, stack, config, secretKeys } = readStackConfig(projectDir, opts.stack);
    pulumi.runtime.setAllConfig(config, secretKeys);

    const monitor = new RecordingMonitor(opts.resolveStackReference);
    const store = installMonitor(monitor, project, stack);
    // Stays installed: once the run failed (say, an unknown invoke), the SDK's own copies of that rejection
    // surface later, and they must not crash the process that reports the first one.
    const failures: unknown[] = [];
    process.on("unhandledRejection", (reason: unknown) => failures.push(reason));
    {
        const program = opts.program ?? path.join(projectDir, "index.ts");
        const run = pulumi.runtime.runInPulumiStack(async () => {
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            const exported = require(program);
            return typeof exported === "function" ? await exported() : exported;
        });
        await Promise.race([run, monitor.failed]);
        await Promise.race([pulumi.runtime.disconnect(), monitor.failed]);
    }
    const failedInvoke = monitor.invokes.find((i) => !i.ok);
    if (failedInvoke) throw new Error(failedInvoke.error);
    if (failures.length > 0) throw failures[0];
    if (store.logErrorCount > 0) throw new Error(`the program logged ${store.logErrorCount} error(s); see above`);
    return { project, stack, monitor };
}
