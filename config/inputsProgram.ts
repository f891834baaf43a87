// A program that only reads and checks the stack's inputs (config/inputs.ts) and declares nothing: the offline
// engine runs it instead of index.ts when the policy configuration is invalid, so that one report holds the
// problems of every file, and no resource is registered.
import { loadPlatformInputs } from "./inputs";

export = () => {
    loadPlatformInputs();
    return {};
};
