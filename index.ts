// Entry point: declares the current stack (stacks/) from its validated settings and exports its outputs.
// Invalid settings stop here with one report and no stack trace (config/problems.ts: SettingsError).
import { composeStack } from "./stacks";

export = composeStack();
