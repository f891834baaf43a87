/**
 * Pulumi's wire form of property values (what the resource monitor receives), turned into plain JSON for
 * plan files: secrets become a placeholder and their paths are listed, resource references become
 * `{ "$ref": urn }`, unknowns become a marker. Nothing secret survives this walk.
 */

const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
const OUTPUT_SIG = "d0e6a833031e9bbcd3f4e8bde6ca49a4";
const ASSET_SIG = "c44067f5952c0a294b673a41bacd8c17";
const ARCHIVE_SIG = "0def7320c3a5731c473e5ecbe6d01bc7";
export const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** What a secret value is replaced with in plan files and printed output. */
export const SECRET_PLACEHOLDER = "[secret]";
/** What a value unknown at plan time is replaced with. */
export const UNKNOWN_PLACEHOLDER = "[unknown]";

/** `a.b[0]["kubernetes.io/name"]`: the path syntax of `secretInputs` and of the diff's changed paths. */
export function joinPath(base: string, key: string | number): string {
    if (typeof key === "number") return `${base}[${key}]`;
    if (/^[A-Za-z_$][\w$-]*$/.test(key)) return base === "" ? key : `${base}.${key}`;
    return `${base}[${JSON.stringify(key)}]`;
}

/** A redacted, plain-JSON copy of a serialized property value, and the paths of the secrets it held. */
export interface Redacted {
    readonly value: unknown;
    readonly secretPaths: string[];
}

/** Redacts a serialized value (see the module comment). */
export function redact(serialized: unknown): Redacted {
    const secretPaths: string[] = [];
    const value = walk(serialized, "", secretPaths, false);
    return { value, secretPaths };
}

function walk(v: unknown, at: string, secrets: string[], insideSecret: boolean): unknown {
    if (v === UNKNOWN_VALUE) return UNKNOWN_PLACEHOLDER;
    if (Array.isArray(v)) return v.map((item, i) => walk(item, joinPath(at, i), secrets, insideSecret));
    if (v === null || typeof v !== "object") return v;
    const obj = v as Record<string, unknown>;
    const sig = obj[SIG_KEY];
    if (sig === SECRET_SIG) {
        if (!insideSecret) secrets.push(at === "" ? "(value)" : at);
        return SECRET_PLACEHOLDER;
    }
    if (sig === RESOURCE_SIG) return { $ref: obj.urn };
    if (sig === OUTPUT_SIG) {
        if (obj.secret === true) {
            if (!insideSecret) secrets.push(at === "" ? "(value)" : at);
            return SECRET_PLACEHOLDER;
        }
        return "value" in obj ? walk(obj.value, at, secrets, insideSecret) : UNKNOWN_PLACEHOLDER;
    }
    if (sig === ASSET_SIG) return { $asset: obj.path ?? obj.uri ?? "(text)" };
    if (sig === ARCHIVE_SIG) return { $archive: obj.path ?? obj.uri ?? "(assets)" };
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(obj).sort()) out[key] = walk(obj[key], joinPath(at, key), secrets, insideSecret);
    return out;
}

/** True for a value already in Pulumi's secret envelope. */
export function isSecretEnvelope(v: unknown): boolean {
    return v !== null && typeof v === "object" && (v as Record<string, unknown>)[SIG_KEY] === SECRET_SIG;
}

/** Wraps a plain value in Pulumi's secret envelope (wire form). */
export function secretEnvelope(value: unknown): Record<string, unknown> {
    return { [SIG_KEY]: SECRET_SIG, value };
}
