import { Settings, loadSettings } from "../config/load";
import { nonprodStack } from "./nonprod";
import { prodStack } from "./prod";

/** Declares the current stack from its validated settings and returns its outputs. */
export function composeStack(settings: Settings = loadSettings()): Record<string, unknown> {
    switch (settings.environment) {
        case "prod":
            return prodStack(settings);
        case "nonprod":
            return nonprodStack(settings);
    }
}
