import * as pulumi from "@pulumi/pulumi";
import { ElastAlertRule, loadElastAlertRules } from "./elastalertRules";
import { Settings, loadSettings } from "./load";
import { Problem, SettingsError, isSettingsError } from "./problems";
import { RegistryConfig, loadRegistryConfig } from "./registry";
import { TenancyLayout, loadTenancy, tenancyDir } from "./tenancy";

/** Everything a stack is declared from, read and checked together before its first resource. */
export interface PlatformInputs {
    /** The stack's settings and the platform's conventions (`Pulumi.<stack>.yaml`, `Pulumi.yaml`, `config/platform.yaml`). */
    readonly settings: Settings;
    /** The tenancy layout (`config/tenancy/`), checked against the stack's capacity. */
    readonly layout: TenancyLayout;
    /** prod: Harbor's projects, proxy caches and robots (`config/registry.yaml`). */
    readonly registry?: RegistryConfig;
    /** prod: ElastAlert's rules (`config/elastalert-rules/`). */
    readonly elastAlertRules?: readonly ElastAlertRule[];
}

/** Where {@link loadPlatformInputs} reads from; each defaults to the project's own file. */
export interface InputSources {
    /** The stack's settings; by default from the Pulumi runtime's configuration (`loadSettings`). */
    readonly settings?: () => Settings;
    /** The tenancy layout's folder; by default `config/tenancy` (or `$PLATFORM_TENANCY_DIR`). */
    readonly tenancyDir?: { readonly path: string; readonly display: string };
    /** `config/registry.yaml` by default. */
    readonly registryFile?: string;
    /** `config/elastalert-rules` by default, with the name problems give it. */
    readonly rulesDir?: { readonly path: string; readonly display: string };
    /** The stack's environment when the settings cannot tell it (their file does not parse); by default the runtime's. */
    readonly environment?: string;
}

/** The value `load` gives, or undefined with its problems added to `problems` (any other error is thrown). */
function collect<T>(load: () => T, problems: Problem[]): T | undefined {
    try {
        return load();
    } catch (err) {
        if (!isSettingsError(err)) throw err;
        problems.push(...err.problems);
        return undefined;
    }
}

/**
 * Reads and checks every input of the stack in one step: its settings with the conventions, the tenancy layout,
 * and on prod the registry configuration and the ElastAlert rules. Every problem of every file is in the one
 * {@link SettingsError} it throws, so a user fixes them all in one run; nothing is declared before it returns.
 * When the settings do not parse, the layout is still checked on its own (its quotas against capacity need the
 * settings, so that check waits for them), and the prod-only files are checked when the stack is prod (by its
 * `platform:environment`, or by its name).
 */
export function loadPlatformInputs(sources: InputSources = {}): PlatformInputs {
    const problems: Problem[] = [];
    const settings = collect(sources.settings ?? loadSettings, problems);
    const layout = collect(() => loadTenancy(settings, sources.tenancyDir ?? tenancyDir()), problems);
    const environment = settings?.environment ?? sources.environment ?? pulumi.runtime.allConfig()["platform:environment"] ?? pulumi.getStack();
    const prod = environment === "prod";
    const registry = prod ? collect(() => (sources.registryFile ? loadRegistryConfig(sources.registryFile) : loadRegistryConfig()), problems) : undefined;
    const elastAlertRules = prod ? collect(() => (sources.rulesDir ? loadElastAlertRules(sources.rulesDir.path, sources.rulesDir.display) : loadElastAlertRules()), problems) : undefined;
    if (problems.length > 0) throw new SettingsError(problems);
    return { settings: settings!, layout: layout!, ...(registry ? { registry } : {}), ...(elastAlertRules ? { elastAlertRules } : {}) };
}
