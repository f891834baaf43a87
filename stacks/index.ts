import { InputSources, PlatformInputs, loadPlatformInputs } from "../config/inputs";
import { nonprodStack } from "./nonprod";
import { prodStack } from "./prod";

/**
 * Declares the current stack and returns its outputs. Every input (settings, conventions, tenancy layout, and on
 * prod the registry configuration and the ElastAlert rules) is read and checked first, in one step: a problem in
 * any of them stops the run with one report before the first resource.
 */
export function composeStack(sources: InputSources = {}): Record<string, unknown> {
    const inputs: PlatformInputs = loadPlatformInputs(sources);
    switch (inputs.settings.environment) {
        case "prod":
            return prodStack(inputs);
        case "nonprod":
            return nonprodStack(inputs);
    }
}
