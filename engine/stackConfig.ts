import * as fs from "fs";
import * as path from "path";
import { qualifyKey, readStackFiles } from "../config/stackFiles";
import { parseYaml } from "../config/yaml";
import { UsageError } from "./cli/exit";
import { SECRET_PLACEHOLDER } from "./serialized";

/** A stack's configuration as the Pulumi CLI would hand it to the program. */
export interface StackConfig {
    readonly project: string;
    readonly stack: string;
    /** `namespace:key` -> value (structured values as JSON text). */
    readonly config: Record<string, string>;
    /** Keys whose values are secret (`secure:` in the file); their values here are placeholders. */
    readonly secretKeys: string[];
}

/** The stacks that have a settings file in the project. */
export function listStacks(projectDir: string): string[] {
    return fs
        .readdirSync(projectDir)
        .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
        .filter((s): s is string => s !== undefined)
        .sort();
}

/**
 * Reads `Pulumi.yaml` and `Pulumi.<stack>.yaml` as the CLI does: keys without a namespace belong to the
 * project, project-level defaults apply where the stack sets nothing, and `secure:` values (which only the
 * CLI can decrypt) become a placeholder with their key marked secret.
 */
export function readStackConfig(projectDir: string, stack: string): StackConfig {
    const stacks = listStacks(projectDir);
    if (!stacks.includes(stack)) {
        throw new UsageError(`unknown stack ${JSON.stringify(stack)}: no Pulumi.${stack}.yaml (stacks: ${stacks.join(", ")})`);
    }
    // both files' shapes checked first: an empty project file, a stack file that is a list (config/stackFiles.ts)
    const files = readStackFiles(projectDir, stack);
    const project = files.project;
    const qualify = (key: string) => qualifyKey(project, key);

    const config: Record<string, string> = {};
    const secretKeys: string[] = [];
    for (const [key, decl] of Object.entries(files.declared)) {
        if (decl !== null && typeof decl === "object" && "default" in decl) {
            config[qualify(key)] = encode((decl as { default: unknown }).default).text;
        }
    }
    for (const [key, value] of Object.entries(files.stackConfig)) {
        const { text, secret } = encode(value);
        config[qualify(key)] = text;
        if (secret) secretKeys.push(qualify(key));
    }
    return { project, stack, config, secretKeys };
}

/**
 * A stack file's value as the runtime holds it: a string as is, anything else JSON text; a `secure:` value,
 * at any depth, becomes a placeholder, and the whole key is secret (as `pulumi config` treats a nested secret).
 */
export function encode(value: unknown): { text: string; secret: boolean } {
    let secret = false;
    const replace = (v: unknown): unknown => {
        if (Array.isArray(v)) return v.map(replace);
        if (v !== null && typeof v === "object") {
            const keys = Object.keys(v);
            if (keys.length === 1 && keys[0] === "secure") {
                secret = true;
                return SECRET_PLACEHOLDER;
            }
            return Object.fromEntries(Object.entries(v).map(([k, inner]) => [k, replace(inner)]));
        }
        return v;
    };
    const replaced = replace(value);
    return { text: typeof replaced === "string" ? replaced : JSON.stringify(replaced), secret };
}

/**
 * The stacks whose outputs a stack reads (its StackReferences), by name: the last part of its `prodStack` setting
 * (`platform:prodStack: organization/platform/prod` reads prod), the one StackReference the program makes
 * (stacks/nonprod.ts). `undefined` when the stack's file cannot be read (its problems are reported when it is planned).
 */
export function stacksReadBy(projectDir: string, stack: string): string[] | undefined {
    let file: unknown;
    try {
        file = parseYaml(fs.readFileSync(path.join(projectDir, `Pulumi.${stack}.yaml`), "utf8"), `Pulumi.${stack}.yaml`);
    } catch {
        return undefined;
    }
    const config = (file as { config?: unknown } | null)?.config;
    if (config === null || typeof config !== "object") return [];
    const prodStack = Object.entries(config).find(([key]) => key === "prodStack" || key.endsWith(":prodStack"))?.[1];
    return typeof prodStack === "string" && prodStack.trim() !== "" ? [prodStack.split("/").pop()!] : [];
}
