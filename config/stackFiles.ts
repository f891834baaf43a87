import * as fs from "fs";
import * as path from "path";
import { Problem, SettingsError, describeValue } from "./problems";
import { YamlError, parseYaml, yamlProblem } from "./yaml";

/** `Pulumi.yaml` and `Pulumi.<stack>.yaml` as read: the project's name, its declared defaults, the stack's config. */
export interface StackFiles {
    readonly project: string;
    /** `config:` of `Pulumi.yaml`: key (unqualified or `ns:key`) -> its declaration. */
    readonly declared: Readonly<Record<string, unknown>>;
    /** `config:` of the stack file. */
    readonly stackConfig: Readonly<Record<string, unknown>>;
}

/** The config types of the Pulumi CLI's project schema. */
const PROJECT_CONFIG_TYPES: readonly string[] = ["string", "integer", "boolean", "array"];

const isMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
/** What a value is, never what it holds (a stack file's values may be plain-text secrets by mistake). */
const kindOf = (v: unknown) =>
    Array.isArray(v) ? `a list of ${v.length} entr${v.length === 1 ? "y" : "ies"}` : v === null || v === undefined ? "an empty file" : typeof v === "string" ? "a text value" : `a ${typeof v}`;

function read(file: string, label: string, problems: Problem[]): unknown {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch {
        problems.push({ file: label, key: "(file)", expected: `the file ${label}`, found: "no readable file", fix: `restore ${label} from git` });
        return undefined;
    }
    try {
        return parseYaml(text, label);
    } catch (err) {
        if (!(err instanceof YamlError)) throw err;
        problems.push(yamlProblem(err, "valid YAML", "fix the YAML syntax"));
        return undefined;
    }
}

/**
 * Reads the project file and a stack's file as the Pulumi CLI needs them, checking their shape: the project file a
 * mapping with a `name` and, if any, a `config:` mapping; the stack file empty or a mapping whose `config:` is a
 * mapping. Every problem of both files is in the one {@link SettingsError} it throws.
 */
export function readStackFiles(projectDir: string, stack: string): StackFiles {
    const problems: Problem[] = [];
    const stackLabel = `Pulumi.${stack}.yaml`;
    const projectFile = read(path.join(projectDir, "Pulumi.yaml"), "Pulumi.yaml", problems);
    const stackFile = read(path.join(projectDir, stackLabel), stackLabel, problems);
    let project = "";
    let declared: Record<string, unknown> = {};
    if (problems.every((p) => p.file !== "Pulumi.yaml")) {
        if (!isMap(projectFile)) {
            problems.push({ file: "Pulumi.yaml", key: "(top level)", expected: "the project file: a mapping with name, runtime and config", found: kindOf(projectFile), fix: "restore Pulumi.yaml from git" });
        } else {
            if (typeof projectFile.name !== "string" || projectFile.name.trim() === "") {
                problems.push({ file: "Pulumi.yaml", key: "name", expected: "the project's name (name: platform)", found: describeValue(projectFile.name), fix: "set name: platform" });
            } else project = projectFile.name;
            if (projectFile.config !== undefined && projectFile.config !== null && !isMap(projectFile.config)) {
                problems.push({ file: "Pulumi.yaml", key: "config", expected: "a mapping of the keys the program reads", found: kindOf(projectFile.config), fix: "restore Pulumi.yaml's config: from git" });
            } else declared = (projectFile.config ?? {}) as Record<string, unknown>;
            for (const [key, decl] of Object.entries(declared)) {
                // the types the Pulumi CLI's project schema knows: `pulumi preview` refuses any other
                const type = isMap(decl) ? decl.type : undefined;
                if (type !== undefined && !PROJECT_CONFIG_TYPES.includes(type as string)) {
                    problems.push({ file: "Pulumi.yaml", key: `config.${key}.type`, expected: `one of ${PROJECT_CONFIG_TYPES.join(", ")} (the Pulumi CLI's project schema; an object-valued key declares no type)`, found: describeValue(type), fix: `use ${type === "list" ? "array" : "one of them"}, or remove the type` });
                }
            }
        }
    }
    let stackConfig: Record<string, unknown> = {};
    if (problems.every((p) => p.file !== stackLabel)) {
        const layout = `write ${stackLabel} as config:, then one setting per line below it, indented (the README's "Settings" lists them)`;
        if (!isMap(stackFile)) {
            problems.push({ file: stackLabel, key: "(top level)", expected: "the stack's settings: a mapping with the key config:", found: kindOf(stackFile), fix: layout });
        } else if (stackFile.config === undefined || stackFile.config === null) {
            problems.push({ file: stackLabel, key: "config", expected: "the stack's settings under config:", found: "nothing (the key is missing)", fix: layout });
        } else if (!isMap(stackFile.config)) {
            problems.push({ file: stackLabel, key: "config", expected: "a mapping of settings (platform:zones: [...], ...)", found: kindOf(stackFile.config), fix: "write one setting per line below config:, indented" });
        } else stackConfig = stackFile.config;
    }
    if (problems.length > 0) throw new SettingsError(problems);
    return { project, declared, stackConfig };
}

/** A config key with the project's namespace where it has none. */
export const qualifyKey = (project: string, key: string) => (key.includes(":") ? key : `${project}:${key}`);

/**
 * The keys whose value is `Pulumi.yaml`'s default (declared with one, not set in the stack file), qualified;
 * none when the files cannot be read (the CLI has read them before the program runs).
 */
export function projectDefaultKeys(projectDir: string, stack: string): string[] {
    try {
        const files = readStackFiles(projectDir, stack);
        const set = new Set(Object.keys(files.stackConfig).map((k) => qualifyKey(files.project, k)));
        return Object.entries(files.declared)
            .filter(([, decl]) => isMap(decl) && "default" in decl)
            .map(([k]) => qualifyKey(files.project, k))
            .filter((k) => !set.has(k));
    } catch {
        return [];
    }
}

/** The leaves of a structured key that hold a credential: written as `secure:` in the stack file, never in plain text. */
export const SECRET_LEAVES: Readonly<Record<string, readonly string[]>> = {
    // an identity provider's client secret (OIDC) or bind password (LDAP): config/schema.ts
    "platform:identityProviders": ["clientSecret", "managerPassword"],
};

/**
 * The credential leaves ({@link SECRET_LEAVES}) a stack file's config writes in plain text, as full paths
 * (`platform:identityProviders.corp-ldap.managerPassword`). `pulumi config` keeps a key secret when any leaf is, so
 * a plain bind password beside a secure client secret would otherwise pass as secret: only the file says which is.
 */
export function plainSecretLeavesOf(stackConfig: Readonly<Record<string, unknown>>, project = "platform"): string[] {
    const out: string[] = [];
    for (const [key, value] of Object.entries(stackConfig)) {
        const leaves = SECRET_LEAVES[qualifyKey(project, key)];
        if (!leaves || !isMap(value)) continue;
        for (const [name, entry] of Object.entries(value)) {
            if (!isMap(entry)) continue;
            for (const leaf of leaves) {
                const v = entry[leaf];
                if (v !== undefined && !(isMap(v) && Object.keys(v).length === 1 && "secure" in v)) out.push(`${qualifyKey(project, key)}.${name}.${leaf}`);
            }
        }
    }
    return out;
}

/** {@link plainSecretLeavesOf} of a stack's file; none when the files cannot be read (their problems are reported). */
export function plainSecretLeaves(projectDir: string, stack: string): string[] {
    try {
        const files = readStackFiles(projectDir, stack);
        return plainSecretLeavesOf(files.stackConfig, files.project);
    } catch {
        return [];
    }
}
