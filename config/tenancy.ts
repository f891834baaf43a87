import * as fs from "fs";
import * as path from "path";
import { z } from "zod";
import { clusterCapacity } from "./capacity";
import type { Settings } from "./load";
import { zodProblems } from "./load";
import { Problem, SettingsError } from "./problems";
import { closestMatch, guessedFix } from "./spelling";
import { YamlError, readYamlFile, yamlProblem } from "./yaml";
import { CapacityByCluster, ParsedLayout, ParsedWorkspace, effectiveContainerDefaults, overcommitOf, tenancyProblems } from "./tenancyRules";
import { NetworkName } from "./topology";
import {
    ClusterRole, ContainerDefaultsInput, GlobalRole, ProjectInput, ProjectRole, QuotaInput, TenancySettingsInput, UserInput, WorkspaceRole,
    dnsLabel, projectSchema, tenancySettingsSchema, userSchema, usersFileSchema, workspaceFileSchema,
} from "./tenancySchema";

/**
 * The tenancy layout: who the users are, the workspaces (one per subsidiary or product line) with their
 * placement and quotas, and their projects (one namespace per business line). It lives in `config/tenancy/`:
 *
 *   tenancy.yaml              overcommit per cluster, container defaults, the platform namespaces projects let in
 *   users.yaml                every user, with their email and global role
 *   workspaces/<name>.yaml    one workspace per file, named by the file, with its projects
 *
 * One file per workspace: onboarding a workspace is one new file, a team's change touches only its file (one
 * reviewer, no merge conflicts between teams), and at hundreds of teams no file becomes unreadable.
 * `PLATFORM_TENANCY_DIR` points the loader at another folder (benchmarks, tests).
 */

/** Environment variable that points the loader at another layout folder. */
export const TENANCY_DIR_ENV = "PLATFORM_TENANCY_DIR";
/** The layout's folder as messages name it, relative to the project root. */
export const TENANCY_DIR = "config/tenancy";
const DEFAULT_DIR = path.join(__dirname, "tenancy");

/** A quota on one cluster, in millicores, MiB and counts (see config/tenancySchema.ts). */
export type Quota = QuotaInput;
/** A container's defaults (LimitRange), in millicores and MiB. */
export type ContainerDefaults = ContainerDefaultsInput;

/** A user of KubeSphere. */
export interface TenantUser {
    readonly name: string;
    readonly email: string;
    readonly displayName?: string;
    readonly description?: string;
    readonly globalRole: GlobalRole;
    /** Per cluster, the user's cluster-level role. */
    readonly clusterRoles: Readonly<Partial<Record<NetworkName, ClusterRole>>>;
    /** The user at the identity provider, when mapped. */
    readonly identity?: { readonly provider: string; readonly id: string };
}

/** A workspace and where it is placed. */
export interface TenantWorkspace {
    readonly name: string;
    /** The file it comes from, for messages. */
    readonly file: string;
    readonly description?: string;
    readonly manager: string;
    /** Users other than the manager, with their workspace role. */
    readonly members: readonly { readonly user: string; readonly role: WorkspaceRole }[];
    /** The clusters it is placed on, with its quota on each, in the file's order. */
    readonly placement: readonly { readonly cluster: string; readonly quota: Quota }[];
}

/** A project: one namespace on each of its clusters. */
export interface TenantProject {
    readonly name: string;
    readonly workspace: string;
    readonly file: string;
    readonly description?: string;
    readonly placement: readonly { readonly cluster: string; readonly quota: Quota }[];
    /** tenancy.yaml's, with the project's own over them. */
    readonly containerDefaults: ContainerDefaults;
    readonly members: readonly { readonly user: string; readonly role: ProjectRole }[];
}

/** The validated layout. */
export interface TenancyLayout {
    /** The folder it was read from, as messages name it. */
    readonly dir: string;
    /** Per cluster, the ratio workspace quotas may exceed tenant capacity by (1 when not set). */
    overcommit(cluster: string): { readonly cpu: number; readonly memory: number };
    readonly platformNamespaces: { readonly ingress: string; readonly monitoring: string; readonly reserved: readonly string[] };
    readonly users: readonly TenantUser[];
    readonly workspaces: readonly TenantWorkspace[];
    readonly projects: readonly TenantProject[];
}

/** The layout's files as read: parsed YAML, not yet checked. */
export interface TenancySources {
    /** The folder, as messages name it. */
    readonly dir: string;
    readonly settings: unknown;
    readonly users: unknown;
    /** One per workspace file; `name` is the file name without its extension. */
    readonly workspaces: readonly { readonly name: string; readonly file: string; readonly content: unknown }[];
}

/** The folder to read: `$PLATFORM_TENANCY_DIR`, or config/tenancy. */
export function tenancyDir(): { path: string; display: string } {
    const fromEnv = process.env[TENANCY_DIR_ENV];
    if (fromEnv !== undefined && fromEnv !== "") return { path: path.resolve(fromEnv), display: fromEnv };
    return { path: DEFAULT_DIR, display: TENANCY_DIR };
}

function readYaml(file: string, display: string, problems: Problem[], required: boolean): unknown {
    if (!fs.existsSync(file)) {
        if (required) problems.push({ file: display, key: "(file)", expected: "the file (the README's \"Tenancy\" says what it holds)", found: "nothing (the file is missing)", fix: `create ${display}` });
        return undefined;
    }
    try {
        return readYamlFile(file, display);
    } catch (err) {
        if (!(err instanceof YamlError)) throw err;
        problems.push(yamlProblem(err, "valid YAML", "fix the YAML syntax"));
        return undefined;
    }
}

/** Reads the layout's files; YAML that does not parse is a problem, not an exception. */
export function readTenancySources(dir: { path: string; display: string } = tenancyDir()): { sources: TenancySources; problems: Problem[] } {
    const problems: Problem[] = [];
    const shown = (...parts: string[]) => path.posix.join(dir.display, ...parts);
    if (!fs.existsSync(dir.path) || !fs.statSync(dir.path).isDirectory()) {
        // the folder itself: one problem, naming where its path comes from
        const fromEnv = process.env[TENANCY_DIR_ENV];
        problems.push({
            file: dir.display,
            key: "(folder)",
            expected: "the tenancy layout's folder (tenancy.yaml, users.yaml, workspaces/; the README's \"Tenancy\")",
            found: `no such folder${fromEnv ? ` (named by ${TENANCY_DIR_ENV}=${fromEnv})` : ""}`,
            fix: fromEnv ? `point ${TENANCY_DIR_ENV} at a layout folder, or unset it for ${TENANCY_DIR}` : `restore ${TENANCY_DIR} from git`,
        });
        return { sources: { dir: dir.display, settings: undefined, users: undefined, workspaces: [] }, problems };
    }
    // a YAML file beside the two the layout reads is one it never reads: a workspace put in the wrong folder, most likely
    for (const stray of fs.readdirSync(dir.path).filter((f) => /\.ya?ml$/.test(f) && f !== "tenancy.yaml" && f !== "users.yaml").sort()) {
        problems.push({
            file: shown(stray),
            key: "(file)",
            expected: `only tenancy.yaml and users.yaml in ${dir.display}/ (a workspace is a file in ${shown("workspaces")}/)`,
            found: "a YAML file the layout does not read",
            fix: `move it to ${shown("workspaces", stray)} if it is a workspace, else remove it`,
        });
    }
    const settings = readYaml(path.join(dir.path, "tenancy.yaml"), shown("tenancy.yaml"), problems, true);
    const users = readYaml(path.join(dir.path, "users.yaml"), shown("users.yaml"), problems, true);
    const wsDir = path.join(dir.path, "workspaces");
    const files = fs.existsSync(wsDir) ? fs.readdirSync(wsDir).filter((f) => /\.ya?ml$/.test(f)).sort() : [];
    const workspaces = files.map((f) => {
        const file = shown("workspaces", f);
        return { name: f.replace(/\.ya?ml$/, ""), file, content: readYaml(path.join(wsDir, f), file, problems, true) };
    });
    return { sources: { dir: dir.display, settings, users, workspaces }, problems };
}

/** zod's problems, worded for the layout's files. */
function tenancyZodProblems(error: z.ZodError, raw: unknown, file: string, base: string, schema?: z.ZodType): Problem[] {
    return zodProblems(error, raw, file, base, schema).map((p) => {
        if (p.expected.startsWith("a known key (see Pulumi.yaml")) return { ...p, expected: "a known key (see config/tenancySchema.ts)" };
        if (p.expected === "a map of names to entries") return { ...p, fix: `write ${p.key} as a map (name: entry)` };
        return p;
    });
}

function schemaProblems<T extends z.ZodType>(schema: T, raw: unknown, file: string, problems: Problem[], base = ""): z.infer<T> | undefined {
    const result = schema.safeParse(raw);
    if (result.success) return result.data;
    problems.push(...tenancyZodProblems(result.error, raw, file, base, schema));
    return undefined;
}

const isMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
/** `users.li-wei`; a key that is empty or holds other characters is quoted: `users["Li Wei"]`, `[""]`. */
function joinKey(base: string, key: string): string {
    if (!/^[\w.-]+$/.test(key)) return `${base}[${JSON.stringify(key)}]`;
    return base === "" ? key : `${base}.${key}`;
}

/** An unknown key of a layout file: the keys known there, and the one it likely misspells (config/spelling.ts). */
function unknownKeyProblem(file: string, key: string, name: string, known: readonly string[], present: Record<string, unknown>): Problem {
    const near = closestMatch(name, known);
    const fix = near === undefined ? "correct its spelling or remove it" : Object.hasOwn(present, near) ? `remove it (${near} is set beside it)` : `rename ${JSON.stringify(name)} to ${near}, or remove it`;
    return { file, key, expected: `a known key (${known.join(", ")})`, found: `an unknown key ${JSON.stringify(name)}`, fix };
}

/** Parses an object key by key, so that one bad value hides no problem of another; undefined when it is not a map. */
function parseKeys<S extends z.ZodRawShape>(
    shape: S,
    raw: unknown,
    file: string,
    problems: Problem[],
    /** Keys the caller parses itself. */
    others: readonly string[] = [],
    /** The key of the object in its file (`projects.web`); "" for the file itself. */
    base = "",
): { [K in keyof S]?: z.infer<S[K]> } | undefined {
    if (!isMap(raw)) {
        schemaProblems(z.strictObject(shape), raw, file, problems, base);
        return undefined;
    }
    const parsed: Record<string, unknown> = {};
    const known = [...Object.keys(shape), ...others];
    for (const key of Object.keys(raw).filter((k) => !known.includes(k))) {
        problems.push(unknownKeyProblem(file, joinKey(base, key), key, known, raw));
    }
    for (const [key, schema] of Object.entries(shape)) {
        const value = schemaProblems(schema as z.ZodType, raw[key], file, problems, joinKey(base, key));
        if (value !== undefined) parsed[key] = value;
    }
    return parsed as { [K in keyof S]?: z.infer<S[K]> };
}

/** An entry of a map (a user, a project) whose name is no DNS label. */
function entryNameProblem(file: string, key: string): Problem {
    const name = /\["(.*)"\]$/.exec(key)?.[1] ?? key.slice(key.lastIndexOf(".") + 1);
    return { file, key, expected: "a name that is a DNS label: lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters",
        found: JSON.stringify(name), fix: "rename the entry, e.g. li-wei or web-shop" };
}

/** Parses a map entry by entry: the names present (valid or not reported already), and the entries that parsed. */
function parseEntries<T extends z.ZodType>(schema: T, raw: unknown, file: string, base: string, problems: Problem[]): { names: Set<string>; entries: Record<string, z.infer<T>> } | undefined {
    if (!isMap(raw)) {
        schemaProblems(z.record(dnsLabel, schema), raw, file, problems, base);
        return undefined;
    }
    const names = new Set<string>();
    const entries: Record<string, z.infer<T>> = Object.create(null);
    for (const [name, entry] of Object.entries(raw)) {
        if (!dnsLabel.safeParse(name).success) {
            problems.push(entryNameProblem(file, joinKey(base, name)));
            continue;
        }
        names.add(name);
        const value = schemaProblems(schema, entry, file, problems, joinKey(base, name));
        if (value !== undefined) entries[name] = value;
    }
    return { names, entries };
}

/** A workspace file, key by key and project by project. */
function parseWorkspace(raw: unknown, file: string, problems: Problem[]): ParsedWorkspace | undefined {
    const { projects: _projects, ...shape } = workspaceFileSchema.shape;
    const top = parseKeys(shape, raw, file, problems, ["projects"]);
    if (!top) return undefined;
    const rawProjects = (raw as Record<string, unknown>).projects;
    const projects: Record<string, ProjectInput> = {};
    if (rawProjects !== undefined && !isMap(rawProjects)) schemaProblems(workspaceFileSchema.shape.projects, rawProjects, file, problems, "projects");
    else {
        for (const [name, entry] of Object.entries(rawProjects ?? {})) {
            if (!dnsLabel.safeParse(name).success) {
                problems.push(entryNameProblem(file, joinKey("projects", name)));
                continue;
            }
            const project = parseProject(entry, file, joinKey("projects", name), problems);
            if (project) projects[name] = project;
        }
    }
    return { description: top.description, manager: top.manager, members: top.members, clusters: top.clusters, projects };
}

/**
 * A project key by key: a key that does not parse (reported) does not hide the rules on the others, which see the
 * project with that key empty (no members, no clusters) until it is fixed.
 */
function parseProject(raw: unknown, file: string, base: string, problems: Problem[]): ProjectInput | undefined {
    const keys = parseKeys(projectSchema.shape, raw, file, problems, [], base);
    if (!keys) return undefined;
    return { description: keys.description, clusters: keys.clusters ?? {}, containerDefaults: keys.containerDefaults, members: keys.members ?? {} };
}

/** users.yaml, user by user. */
function parseUsers(raw: unknown, file: string, problems: Problem[]): ParsedLayout["users"] {
    if (!isMap(raw)) {
        schemaProblems(usersFileSchema, raw, file, problems);
        return undefined;
    }
    for (const key of Object.keys(raw).filter((k) => k !== "users")) problems.push(unknownKeyProblem(file, joinKey("", key), key, ["users"], raw));
    return parseEntries(userSchema, raw.users, file, "users", problems);
}

/**
 * Checks a layout: every schema problem of every file and every rule of config/tenancyRules.ts, thrown
 * together as one {@link SettingsError}. Files and entries are parsed one by one, so that one bad value hides
 * no problem of another. `capacity` is the tenant capacity of the clusters whose fit can be checked (the
 * current stack's). Pure: reads no file.
 */
export function parseTenancy(sources: TenancySources, capacity: CapacityByCluster = {}, earlier: readonly Problem[] = [], identityProviders?: readonly string[]): TenancyLayout {
    const problems: Problem[] = [...earlier];
    const unreadable = (file: string) => earlier.some((p) => p.file === file);
    const settingsFile = path.posix.join(sources.dir, "tenancy.yaml");
    const usersFile = path.posix.join(sources.dir, "users.yaml");
    const settingsKeys = unreadable(settingsFile) ? undefined : parseKeys(tenancySettingsSchema.shape, sources.settings, settingsFile, problems);
    const settings = settingsKeys && Object.keys(tenancySettingsSchema.shape).every((k) => k in settingsKeys) ? (settingsKeys as TenancySettingsInput) : undefined;
    const users = unreadable(usersFile) ? undefined : parseUsers(sources.users, usersFile, problems);
    const workspaces = sources.workspaces.map((w) => ({ name: w.name, file: w.file, value: unreadable(w.file) ? undefined : parseWorkspace(w.content, w.file, problems) }));
    const parsed: ParsedLayout = { settingsFile, settings, usersFile, users, workspacesDir: path.posix.join(sources.dir, "workspaces/"), workspaces };
    problems.push(...tenancyProblems(parsed, capacity));
    if (identityProviders && users) problems.push(...identityProblems(users.entries, identityProviders, usersFile));
    if (problems.length > 0) throw new SettingsError(problems);
    // no problem: everything parsed, and every key of every file is there
    return toLayout(sources.dir, settings!, users!.entries, workspaces.map((w) => ({ ...w, value: w.value as Required<ParsedWorkspace> })));
}

function toLayout(
    dir: string,
    settings: TenancySettingsInput,
    users: Readonly<Record<string, UserInput>>,
    workspaces: readonly { name: string; file: string; value: Required<ParsedWorkspace> }[],
): TenancyLayout {
    const placement = (clusters: Readonly<Record<string, Quota>>) => Object.entries(clusters).map(([cluster, quota]) => ({ cluster, quota }));
    return {
        dir,
        overcommit: (cluster) => overcommitOf(settings, cluster),
        platformNamespaces: settings.platformNamespaces,
        users: Object.entries(users).map(([name, u]) => ({ name, ...u })),
        workspaces: workspaces.map((w) => ({
            name: w.name,
            file: w.file,
            description: w.value.description,
            manager: w.value.manager,
            members: Object.entries(w.value.members).map(([user, role]) => ({ user, role })),
            placement: placement(w.value.clusters),
        })),
        projects: workspaces.flatMap((w) =>
            Object.entries(w.value.projects).map(([name, p]) => ({
                name,
                workspace: w.name,
                file: w.file,
                description: p.description,
                placement: placement(p.clusters),
                containerDefaults: effectiveContainerDefaults(settings.containerDefaults, p.containerDefaults),
                members: Object.entries(p.members).map(([user, role]) => ({ user, role })),
            })),
        ),
    };
}

/** `tenancy.yaml` alone (the policies' defaults come from here), checked; throws a {@link SettingsError}. */
export function loadTenancySettings(dir = tenancyDir()): TenancySettingsInput {
    const problems: Problem[] = [];
    const file = path.posix.join(dir.display, "tenancy.yaml");
    const raw = readYaml(path.join(dir.path, "tenancy.yaml"), file, problems, true);
    const settings = problems.length === 0 ? schemaProblems(tenancySettingsSchema, raw, file, problems) : undefined;
    if (problems.length > 0) throw new SettingsError(problems);
    return settings!;
}

/** Tenant capacity of the clusters a stack declares, from their pools (CI pools excluded). */
export function tenantCapacity(settings: Pick<Settings, "clusters">): CapacityByCluster {
    return Object.fromEntries(settings.clusters.map((c) => [c.network, clusterCapacity(c.kind, c.pools).tenant]));
}

/**
 * The layout from `config/tenancy/` (or `$PLATFORM_TENANCY_DIR`), checked, with the workspaces' quotas
 * checked against the capacity of the clusters `settings` declares (only the current stack's clusters: the
 * other stack checks its own when it loads the same layout). Throws one {@link SettingsError} listing every
 * problem. Call it before declaring any resource.
 */
export function loadTenancy(settings?: Pick<Settings, "clusters"> & Partial<Pick<Settings, "environment" | "identityProviders">>, dir = tenancyDir()): TenancyLayout {
    const { sources, problems } = readTenancySources(dir);
    // no folder: that one problem, not each file's absence again
    if (problems.some((p) => p.key === "(folder)")) throw new SettingsError(problems);
    // users are declared (and log in) on the host: the prod stack checks them against its identity providers
    const providers = settings?.environment === "prod" && settings.identityProviders?.length ? settings.identityProviders.map((p) => p.name) : undefined;
    return parseTenancy(sources, settings ? tenantCapacity(settings) : {}, problems, providers);
}

/** With identity providers declared, every user is mapped to one of them (else the user cannot log in). */
export function identityProblems(users: Readonly<Record<string, UserInput>>, providers: readonly string[], file: string): Problem[] {
    const problems: Problem[] = [];
    for (const [name, u] of Object.entries(users)) {
        if (!u.identity) {
            problems.push({ file, key: `users.${name}.identity`, expected: `the user's identity at one of the identity providers (${providers.join(", ")}): { provider, id }`, found: "nothing: the user could not log in",
                fix: `add identity: { provider: ${providers[0]}, id: <the user's id there> } (OIDC: its sub claim; LDAP: its login attribute)` });
        } else if (!providers.includes(u.identity.provider)) {
            problems.push({ file, key: `users.${name}.identity.provider`, expected: `one of the identity providers of platform:identityProviders (${providers.join(", ")})`, found: JSON.stringify(u.identity.provider),
                fix: guessedFix(u.identity.provider, providers, "name a declared provider, or declare it in Pulumi.prod.yaml") });
        }
    }
    return problems;
}
