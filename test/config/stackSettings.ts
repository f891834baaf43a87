/**
 * The valid settings of each stack, read from the real settings files, in the flat form the Pulumi runtime
 * hands `parseSettings`; and a way to mutate them one field at a time.
 */
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { RawSettings } from "../../config/load";
import { plainSecretLeavesOf } from "../../config/stackFiles";
import { encode } from "../../engine/stackConfig";

export type StackName = "prod" | "nonprod";

/** The project root: where `Pulumi.<stack>.yaml` and `config/platform.yaml` live. */
export const ROOT = path.resolve(__dirname, "../..");

/** A stack file's `config:` map as YAML parses it: keys as written (`platform:networks`), values structured. */
export type StructuredConfig = Record<string, unknown>;

const parsedFiles = new Map<string, unknown>();

/** A YAML file of the project, parsed once per test file; each call returns a fresh copy (safe to mutate). */
function readYaml(file: string): unknown {
    if (!parsedFiles.has(file)) parsedFiles.set(file, YAML.parse(fs.readFileSync(path.join(ROOT, file), "utf8")));
    return JSON.parse(JSON.stringify(parsedFiles.get(file)));
}

/** The `config:` map of `Pulumi.<stack>.yaml` (a fresh copy, safe to mutate). */
export function stackFileConfig(stack: StackName): StructuredConfig {
    return (readYaml(`Pulumi.${stack}.yaml`) as { config: StructuredConfig }).config;
}

/** `config/platform.yaml` (a fresh copy, safe to mutate). */
export function conventionsFile(): Record<string, unknown> {
    return readYaml("config/platform.yaml") as Record<string, unknown>;
}

/** What the offline engine holds for a `secure:` value it cannot decrypt. */
export const SECRET_PLACEHOLDER = "[secret]";

/**
 * Flattens a structured config map as the Pulumi runtime holds it: plain strings as is, everything else JSON
 * text; a `secure:` value (at any depth) becomes a placeholder and its key is listed as secret, as the offline
 * engine does (it is the engine's function).
 */
export function encodeConfig(config: StructuredConfig): { config: Record<string, string>; secretKeys: string[] } {
    const flat: Record<string, string> = {};
    const secretKeys: string[] = [];
    for (const [key, value] of Object.entries(config)) {
        if (value === undefined) continue;
        // the offline engine's own encoding (engine/stackConfig.ts)
        const { text, secret } = encode(value);
        flat[key] = text;
        if (secret) secretKeys.push(key);
    }
    return { config: flat, secretKeys };
}

/** The valid raw settings of a stack, straight from its files. */
export function validRaw(stack: StackName): RawSettings {
    const config = stackFileConfig(stack);
    return { stack, ...encodeConfig(config), conventions: conventionsFile(), plainSecretLeaves: plainSecretLeavesOf(config) };
}

/**
 * The raw settings of a stack after `mutate` changed its structured config and/or conventions (both are
 * fresh copies). Deleting a key of `config` removes it from the flat map.
 */
export function mutatedRaw(
    stack: StackName,
    mutate: (config: StructuredConfig, conventions: Record<string, unknown>) => void,
): RawSettings {
    const config = stackFileConfig(stack);
    const conventions = conventionsFile();
    mutate(config, conventions);
    // what the runtime path reads from the stack file beside the config (config/load.ts)
    return { stack, ...encodeConfig(config), conventions, plainSecretLeaves: plainSecretLeavesOf(config) };
}

/** Shorthands into a structured config: `networks(c).ops.zones["cn-hangzhou-h"].nodeCidr`. */
export interface ZoneSubnetsInput {
    nodeCidr: unknown;
    podCidr: unknown;
}
export interface NetworkInput {
    serviceCidr: unknown;
    zones: Record<string, ZoneSubnetsInput>;
}
export function networks(config: StructuredConfig): Record<string, NetworkInput> {
    return config["platform:networks"] as Record<string, NetworkInput>;
}
export function addressPlan(conventions: Record<string, unknown>): Record<string, unknown> {
    return conventions.addressPlan as Record<string, unknown>;
}
