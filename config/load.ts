import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { crossFieldProblems } from "./rules";
import { Problem, SettingsError, describeValue } from "./problems";
import { YamlError, readYamlFile, yamlProblem } from "./yaml";
import { plainSecretLeaves, projectDefaultKeys } from "./stackFiles";
import { closestMatch } from "./spelling";
import { zodProblems } from "./zodProblems";

export { zodProblems };
import {
    IdentityProviderInput, ObservabilityInput, PlatformConventions, PoolRole, RegistryInput, StackSettingsInput, clusterSchema, identityProvidersSchema, networkSettingsSchema,
    platformConventionsSchema, stackSettingsSchema,
} from "./schema";
import { Shape, instanceShape } from "./nodes";
import { Environment, NETWORK_NAMES, NetworkName, STACK_NETWORKS } from "./topology";

/** The config namespace of the program's own keys (the Pulumi project name). */
export const NAMESPACE = "platform";
/** Where the platform-wide conventions live, relative to the project root. */
export const CONVENTIONS_FILE = "config/platform.yaml";
const CONVENTIONS_PATH = path.join(__dirname, "platform.yaml");
/** The project file, whose `config:` declares every key and may give defaults. */
export const PROJECT_FILE = "Pulumi.yaml";


/** One zone of a network: where its vSwitches are. */
export interface ZoneSubnets {
    readonly zone: string;
    readonly nodeCidr: string;
    readonly podCidr: string;
}

/** A network the current stack declares. */
export interface NetworkSettings {
    readonly name: NetworkName;
    readonly cidr: string;
    readonly serviceCidr: string;
    /** In the order of `platform:zones`. */
    readonly zones: readonly ZoneSubnets[];
    /** The NAT gateway's EIP, defaults applied. */
    readonly egress: { readonly bandwidthMbps: number; readonly billing: "PayByTraffic" | "PayByBandwidth" };
}

/** A node pool, with its defaults applied. */
export interface PoolSettings {
    readonly name: string;
    readonly role: PoolRole;
    readonly instanceType: string;
    readonly shape: Shape;
    readonly desiredSize?: number;
    readonly autoscaling?: { readonly min: number; readonly max: number };
    /** Zones the pool spans, in platform:zones order. */
    readonly zones: readonly string[];
    readonly labels: Readonly<Record<string, string>>;
}

/** Calico of a self-managed cluster. */
export interface CalicoSettings {
    readonly mode: "vxlan" | "bgp";
    readonly ipPool: string;
    readonly asNumber?: number;
    readonly bgpPeers: readonly { readonly address: string; readonly asNumber: number }[];
}

/** The cluster of one network. */
export interface ClusterSettings {
    readonly network: NetworkName;
    readonly kind: "ack" | "selfManaged";
    readonly kubernetesVersion: string;
    readonly apiServer: "intranet" | "internet";
    readonly deletionProtection: boolean;
    readonly pools: readonly PoolSettings[];
    readonly selfManaged?: SelfManagedSettings;
}

/** An existing host of an IDC cluster. */
export interface IdcHost {
    readonly name: string;
    readonly address: string;
    /** `control-plane`, or the worker's pool. */
    readonly role: string;
}

/** How a self-managed cluster is built: KubeKey on ECS in the VPC (`fabric: vpc`) or on an IDC's hosts. */
export interface SelfManagedSettings {
    readonly controlPlaneCount: number;
    readonly kubekeyVersion: string;
    readonly fabric: "vpc" | "routed" | "overlay";
    readonly hosts: readonly IdcHost[];
    /** An IDC's NFS export for shared files: server (host name or IPv4) and exported path. */
    readonly nfs?: { readonly server: string; readonly path: string };
    readonly calico: CalicoSettings;
}

/** Typed, validated settings of the current stack. The only thing components and stacks see of config. */
export interface Settings {
    readonly stack: string;
    /** The settings file, for messages: `Pulumi.<stack>.yaml`. */
    readonly file: string;
    readonly environment: Environment;
    readonly region: string;
    readonly zones: readonly string[];
    /** VPC CIDR of every network, including those other stacks own. */
    readonly addressPlan: Readonly<Record<NetworkName, string>>;
    /** The networks this stack declares, in the order of STACK_NETWORKS. */
    readonly networks: readonly NetworkSettings[];
    /** One cluster per declared network, in the same order. */
    readonly clusters: readonly ClusterSettings[];
    readonly prodStack?: string;
    readonly conventions: PlatformConventions;
    /** Public key of self-managed clusters' nodes. */
    readonly nodeSshPublicKey?: string;
    readonly observability: ObservabilityInput;
    /** prod stack: Harbor. */
    readonly registry?: RegistryInput;
    /** prod stack: the OSS bucket of Thanos. */
    readonly metricsBucket?: string;
    /** Secrets, as Outputs from the start (empty in parseSettings, which only checks they are set). */
    /** prod stack: the identity providers' names and kinds (their options, secrets included, are in `secrets`). */
    readonly identityProviders: readonly { readonly name: string; readonly type: IdentityProviderInput["type"] }[];
    readonly secrets: {
        readonly nodeSshPrivateKey?: pulumi.Output<string>;
        readonly alertWebhookUrl?: pulumi.Output<string>;
        /** The identity providers as parsed (defaults applied), secret as a whole. */
        readonly identityProviders?: pulumi.Output<Readonly<Record<string, IdentityProviderInput>>>;
    };
}

/** What {@link parseSettings} needs: every config value of the stack, flat, as the Pulumi runtime holds it. */
export interface RawSettings {
    readonly stack: string;
    /** `namespace:key` -> value; structured values are JSON text, as `pulumi config` stores them. */
    readonly config: Readonly<Record<string, string>>;
    /** The parsed `config/platform.yaml`. */
    readonly conventions: unknown;
    /** Keys whose values are secret (the runtime knows them; `pulumi.runtime.isConfigSecret`). */
    readonly secretKeys?: readonly string[];
    /**
     * Keys (`platform:zones`) whose value is the project's default from `Pulumi.yaml`, not set in the stack file:
     * a problem with one of them is reported against `Pulumi.yaml`, where the value is.
     */
    readonly projectDefaults?: readonly string[];
    /** Credential leaves the stack file writes in plain text (config/stackFiles.ts plainSecretLeaves). */
    readonly plainSecretLeaves?: readonly string[];
}

/** Reads `config/platform.yaml`. Throws a {@link SettingsError} when it is not YAML. */
export function readConventionsFile(file: string = CONVENTIONS_PATH): unknown {
    try {
        return readYamlFile(file, CONVENTIONS_FILE);
    } catch (err) {
        if (!(err instanceof YamlError)) throw err;
        throw new SettingsError([yamlProblem(err, "a readable YAML file", /does not exist|no such file/i.test(err.reason) ? "restore the file from git (git checkout -- config/platform.yaml)" : "fix the YAML syntax")]);
    }
}

/** Parses and checks the conventions alone (the policy pack's defaults come from here). */
export function parseConventions(raw: unknown): PlatformConventions {
    const result = platformConventionsSchema.safeParse(raw);
    if (!result.success) throw new SettingsError(zodProblems(result.error, raw, CONVENTIONS_FILE, "", platformConventionsSchema));
    return result.data;
}

/** Problems of values that are `Pulumi.yaml`'s defaults, moved to that file and its key (`config.<key>.default`). */
function attributed(problems: readonly Problem[], stackFile: string, projectDefaults: readonly string[]): Problem[] {
    if (projectDefaults.length === 0) return [...problems];
    return problems.map((p) => {
        const root = /^[a-z]+:[A-Za-z0-9]+/.exec(p.key)?.[0];
        // a value missing is the stack file's to give (an empty default of Pulumi.yaml means unset)
        if (p.file !== stackFile || !root || !projectDefaults.includes(root) || p.found === describeValue(undefined)) return p;
        const name = root.split(":")[1];
        const rest = p.key.slice(root.length);
        return { ...p, file: PROJECT_FILE, key: `config.${name}.default${rest}`, fix: `${p.fix} (the value is Pulumi.yaml's default; or set ${root} in ${stackFile})` };
    });
}

/**
 * Parses a stack's settings and the conventions together: every schema problem and every cross-field
 * problem is collected, then thrown as one {@link SettingsError}. Pure: reads no file and no runtime state.
 */
export function parseSettings(raw: RawSettings): Settings {
    const file = `Pulumi.${raw.stack}.yaml`;
    const own = ownKeys(raw.config);
    const problems: Problem[] = [...misspeltNamespaceProblems(raw.config, file)];
    const stack = parseStackKeys(own, file, problems);
    const conventions = parseConventionKeys(raw.conventions, problems);
    const present = {
        keys: new Set(Object.keys(own)),
        networks: isMap(own.networks) ? new Set(Object.keys(own.networks)) : undefined,
        clusters: isMap(own.clusters) ? new Set(Object.keys(own.clusters)) : undefined,
    };
    problems.push(
        ...crossFieldProblems(stack, conventions, { stack: file, conventions: CONVENTIONS_FILE }, raw.config["alicloud:region"], raw.secretKeys ?? [], present, raw.plainSecretLeaves ?? []),
    );
    if (problems.length > 0) throw new SettingsError(attributed(problems, file, raw.projectDefaults ?? []));

    // no problem means every key parsed: the casts below only drop the Partial
    const s = stack as StackSettingsInput;
    const c = conventions as PlatformConventions;
    return {
        stack: raw.stack,
        file,
        environment: s.environment,
        region: s.region,
        zones: s.zones,
        addressPlan: c.addressPlan,
        networks: STACK_NETWORKS[s.environment].map((name) => {
            const n = s.networks[name]!;
            return {
                name,
                cidr: c.addressPlan[name],
                serviceCidr: n.serviceCidr,
                zones: s.zones.map((zone) => ({ zone, ...n.zones[zone] })),
                egress: n.egress,
            };
        }),
        clusters: STACK_NETWORKS[s.environment].map((network) => {
            const cl = s.clusters[network]!;
            return {
                network,
                kind: cl.kind,
                kubernetesVersion: cl.kubernetesVersion,
                apiServer: cl.apiServer,
                deletionProtection: cl.deletionProtection,
                pools: Object.entries(cl.pools).map(([name, p]) => {
                    const instanceType = p.instanceType ?? c.nodes.approvedInstanceTypes[0];
                    return {
                        name,
                        role: p.role,
                        instanceType,
                        shape: instanceShape(instanceType)!,
                        desiredSize: p.desiredSize,
                        autoscaling: p.autoscaling,
                        zones: s.zones.filter((z) => (p.zones ?? s.zones).includes(z)),
                        labels: p.labels,
                    };
                }),
                selfManaged: cl.selfManaged,
            };
        }),
        prodStack: s.prodStack,
        conventions: c,
        nodeSshPublicKey: s.nodeSshPublicKey,
        observability: s.observability,
        registry: s.registry,
        metricsBucket: s.metricsBucket,
        identityProviders: Object.entries(s.identityProviders ?? {}).map(([name, p]) => ({ name, type: p.type })),
        secrets: {},
    };
}

function isMap(v: unknown): v is Record<string, unknown> {
    return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** Parses each key of the conventions file on its own, like {@link parseStackKeys}. */
function parseConventionKeys(raw: unknown, problems: Problem[]): Partial<PlatformConventions> {
    if (!isMap(raw)) {
        const result = platformConventionsSchema.safeParse(raw);
        if (!result.success) problems.push(...zodProblems(result.error, raw, CONVENTIONS_FILE, "", platformConventionsSchema));
        return {};
    }
    const shape = platformConventionsSchema.shape;
    const parsed: Record<string, unknown> = {};
    for (const key of Object.keys(raw).filter((k) => !Object.hasOwn(shape, k))) {
        const near = closestMatch(key, Object.keys(shape));
        const fix = near === undefined ? "correct its spelling or remove it" : Object.hasOwn(raw, near) ? `remove it (${near} is set beside it)` : `rename ${JSON.stringify(key)} to ${near}, or remove it`;
        problems.push({ file: CONVENTIONS_FILE, key: key === "" ? JSON.stringify(key) : key, expected: `a known key (${Object.keys(shape).join(", ")})`, found: `an unknown key ${JSON.stringify(key)}`,
            fix });
    }
    for (const [key, schema] of Object.entries(shape)) {
        const result = schema.safeParse(raw[key]);
        if (result.success) parsed[key] = result.data;
        else problems.push(...zodProblems(result.error, raw[key], CONVENTIONS_FILE, key, schema));
    }
    // a bad nodes.maxUnavailable hides no pool's instance type: the stack's rules read only the approved types, which
    // are kept when they parse (the settings are refused anyway, for the problem reported)
    if (parsed.nodes === undefined && isMap(raw.nodes)) {
        const approved = shape.nodes.shape.approvedInstanceTypes.safeParse(raw.nodes.approvedInstanceTypes);
        if (approved.success) parsed.nodes = { approvedInstanceTypes: approved.data } satisfies Pick<PlatformConventions["nodes"], "approvedInstanceTypes">;
    }
    return parsed as Partial<PlatformConventions>;
}

/**
 * Parses each top-level key (and each network) on its own, so that one bad value does not hide the
 * problems of the others: what parsed is returned for the cross-field rules, what did not is in `problems`.
 */
function parseStackKeys(own: Record<string, unknown>, file: string, problems: Problem[]): Partial<StackSettingsInput> {
    const shape = stackSettingsSchema.shape;
    const parsed: Record<string, unknown> = {};
    for (const key of Object.keys(own)) {
        if (!Object.hasOwn(shape, key)) {
            const near = closestMatch(key, Object.keys(shape));
            problems.push({
                file,
                key: `${NAMESPACE}:${key}`,
                expected: `a known key (${Object.keys(shape).map((k) => `${NAMESPACE}:${k}`).join(", ")})`,
                found: `an unknown key ${JSON.stringify(`${NAMESPACE}:${key}`)}`,
                fix:
                    near === undefined
                        ? "correct its spelling or remove it (Pulumi.yaml documents every key)"
                        : Object.hasOwn(own, near)
                          ? `remove it (${NAMESPACE}:${near} is set beside it)`
                          : `rename ${JSON.stringify(`${NAMESPACE}:${key}`)} to ${NAMESPACE}:${near}, or remove it`,
            });
        }
    }
    for (const [key, schema] of Object.entries(shape)) {
        if (key === "networks" || key === "clusters") continue;
        const result = schema.safeParse(own[key]);
        if (result.success) parsed[key] = result.data;
        else problems.push(...zodProblems(result.error, own[key], file, `${NAMESPACE}:${key}`, schema));
    }
    parsed.networks = parseNetworkMap(own, "networks", networkSettingsSchema, file, problems);
    parsed.clusters = parseNetworkMap(own, "clusters", clusterSchema, file, problems);
    return parsed as Partial<StackSettingsInput>;
}

/** Parses a map keyed by network name entry by entry, so each entry's problems are reported separately. */
function parseNetworkMap<T extends z.ZodType>(
    own: Record<string, unknown>,
    key: string,
    schema: T,
    file: string,
    problems: Problem[],
): Record<string, z.infer<T>> | undefined {
    const value = own[key];
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
        problems.push({
            file,
            key: `${NAMESPACE}:${key}`,
            expected: "a map from network name (ops, prod, nonprod) to its settings",
            found: describeValue(value),
            fix: `add ${NAMESPACE}:${key} (see Pulumi.yaml)`,
        });
        return undefined;
    }
    const good: Record<string, z.infer<T>> = {};
    // a key of an entry written at the level of the entries (indented one level too little): one problem, saying so
    const entryKeys = schema instanceof z.ZodObject ? Object.keys(schema.shape as Record<string, unknown>) : [];
    const dedented = Object.keys(value).filter((name) => !(NETWORK_NAMES as readonly string[]).includes(name) && entryKeys.includes(name));
    for (const [name, entry] of Object.entries(value)) {
        const base = `${NAMESPACE}:${key}.${name}`;
        if (!(NETWORK_NAMES as readonly string[]).includes(name)) {
            if (dedented.includes(name)) {
                const entries = value as Record<string, unknown>;
                const owners = Object.keys(entries).filter((n) => (NETWORK_NAMES as readonly string[]).includes(n));
                // the network that lacks it is the one it belongs to
                const lacking = owners.filter((n) => !(isMap(entries[n]) && Object.hasOwn(entries[n], name)));
                const owner = lacking[0] ?? owners[0];
                problems.push({ file, key: base, expected: `a network name: ${NETWORK_NAMES.join(", ")}`, found: `${JSON.stringify(name)}, a key of a network's entry: indented one level too little?`, fix: owner ? `indent ${name}: two more spaces, under ${key}.${owner}, as its other keys` : `indent ${name}: under its network` });
            } else problems.push({ file, key: base, expected: `a network name: ${NETWORK_NAMES.join(", ")}`, found: JSON.stringify(name), fix: "rename or remove the entry" });
            continue;
        }
        const result = schema.safeParse(entry);
        if (result.success) good[name] = result.data;
        else {
            // the key written one level too little is not missing from the entry as well
            const found = zodProblems(result.error, entry, file, base, schema).filter((p) => !dedented.some((d) => p.key === `${base}.${d}` && p.found.startsWith("nothing")));
            problems.push(...found);
        }
    }
    return good;
}

/** Optional string keys that Pulumi.yaml declares with the default "" (a declared key needs a default). */
const OPTIONAL_STRING_KEYS = new Set(["prodStack", "nodeSshPublicKey", "metricsBucket"]);

let loaded: Settings | undefined;

/**
 * The current stack's settings, from the Pulumi runtime's config and `config/platform.yaml`. Parsed once per
 * process; this is the only function in the program that reads configuration.
 */
export function loadSettings(): Settings {
    if (!loaded) {
        const all = pulumi.runtime.allConfig();
        // isConfigSecret is internal to the SDK (absent from its typings); it reads PULUMI_CONFIG_SECRET_KEYS
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { isConfigSecret } = require("@pulumi/pulumi/runtime/config") as { isConfigSecret(k: string): boolean };
        const secretKeys = Object.keys(all).filter((k) => isConfigSecret(k));
        const parsed = parseSettings({ stack: pulumi.getStack(), config: all, conventions: readConventionsFile(), secretKeys, projectDefaults: projectDefaultKeys(path.join(__dirname, ".."), pulumi.getStack()),
            plainSecretLeaves: plainSecretLeaves(path.join(__dirname, ".."), pulumi.getStack()) });
        const config = new pulumi.Config(NAMESPACE);
        loaded = {
            ...parsed,
            secrets: {
                nodeSshPrivateKey: config.getSecret("nodeSshPrivateKey"),
                alertWebhookUrl: config.getSecret("alertWebhookUrl"),
                // parsed again from the secret value, so that what the program uses stays a secret throughout
                identityProviders: parsedIdentityProviders(config),
            },
        };
    }
    return loaded;
}

function parsedIdentityProviders(config: pulumi.Config): pulumi.Output<Readonly<Record<string, IdentityProviderInput>>> | undefined {
    const raw = config.getSecretObject<unknown>("identityProviders");
    // parseSettings checked the same value: it parses
    return raw && pulumi.secret(raw.apply((v) => identityProvidersSchema.parse(v)));
}

/**
 * A key whose namespace is a misspelling of the program's (`platfrom:zones`) is not another provider's key: it is
 * one of ours that the program would never read. Reported as unknown, so that the key it misspells, when missing,
 * is folded into it (config/problems.ts).
 */
function misspeltNamespaceProblems(config: Readonly<Record<string, string>>, file: string): Problem[] {
    const problems: Problem[] = [];
    for (const fullKey of Object.keys(config)) {
        const namespace = fullKey.split(":")[0];
        if (namespace === NAMESPACE || !fullKey.includes(":") || closestMatch(namespace, [NAMESPACE]) === undefined) continue;
        const meant = `${NAMESPACE}:${fullKey.slice(namespace.length + 1)}`;
        problems.push({ file, key: fullKey, expected: `a key of the ${NAMESPACE}: namespace (${JSON.stringify(namespace)} reads as a misspelling of it)`, found: `an unknown key ${JSON.stringify(fullKey)}`, fix: `rename ${JSON.stringify(fullKey)} to ${meant}` });
    }
    return problems;
}

function ownKeys(config: Readonly<Record<string, string>>): Record<string, unknown> {
    // no prototype: a key such as __proto__ or toString is a key like any other (and reported unknown)
    const own: Record<string, unknown> = Object.create(null);
    for (const [fullKey, value] of Object.entries(config)) {
        if (!fullKey.startsWith(`${NAMESPACE}:`)) continue;
        const key = fullKey.slice(NAMESPACE.length + 1);
        if (value === "" && OPTIONAL_STRING_KEYS.has(key)) continue; // Pulumi.yaml's default "": not set
        // structured values (YAML maps and lists) reach the program as JSON text; plain strings stay strings
        own[key] = /^\s*[[{]/.test(value) ? parseJson(value) : value;
    }
    return own;
}

function parseJson(text: string): unknown {
    try {
        return JSON.parse(text);
    } catch {
        return text; // the schema then reports what type was expected
    }
}
