/**
 * CPU and memory amounts of the tenancy layout: how the layout writes them, how Kubernetes writes them, and
 * how messages print them. The layout's own forms are strict (a whole number of Mi, Gi or Ti; vCPU or
 * millicores) so that sums are exact integers; Kubernetes quantities in general are read by
 * {@link quantityValue}, which the policies use on declared objects. Pure functions.
 */

const MIB_PER: Readonly<Record<string, number>> = { Mi: 1, Gi: 1024, Ti: 1024 * 1024 };

/** Millicores of a CPU amount as the layout writes it (`16`, `0.5`, `"2.25"`, `"500m"`); undefined if it is not one. */
export function parseCpu(value: unknown): number | undefined {
    let milli: number | undefined;
    if (typeof value === "number" && Number.isFinite(value)) milli = value * 1000;
    else if (typeof value === "string" && /^\d+(\.\d{1,3})?$/.test(value)) milli = Number(value) * 1000;
    else if (typeof value === "string" && /^\d+m$/.test(value)) milli = Number(value.slice(0, -1));
    if (milli === undefined) return undefined;
    const rounded = Math.round(milli);
    // at most three decimals of a vCPU, and more than nothing
    return Math.abs(rounded - milli) < 1e-6 && rounded > 0 ? rounded : undefined;
}

/** MiB of a memory or storage amount as the layout writes it (`512Mi`, `64Gi`, `2Ti`); undefined if it is not one. */
export function parseMemory(value: unknown): number | undefined {
    if (typeof value !== "string") return undefined;
    const m = /^(\d{1,9})(Mi|Gi|Ti)$/.exec(value);
    if (!m) return undefined;
    const mib = Number(m[1]) * MIB_PER[m[2]];
    return mib > 0 ? mib : undefined;
}

/** The Kubernetes quantity of millicores: `16`, `500m`. */
export function formatCpu(milli: number): string {
    return milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`;
}

/** The Kubernetes quantity of MiB, in the largest whole unit: `2Ti`, `64Gi`, `1536Mi`. */
export function formatMemory(mib: number): string {
    if (mib % MIB_PER.Ti === 0) return `${mib / MIB_PER.Ti}Ti`;
    if (mib % MIB_PER.Gi === 0) return `${mib / MIB_PER.Gi}Gi`;
    return `${mib}Mi`;
}

function decimals(n: number): string {
    return String(Math.round(n * 100) / 100);
}

/** For messages: `96 vCPU`, `0.5 vCPU`, `286.65 vCPU`. */
export function describeCpu(milli: number): string {
    return `${decimals(milli / 1000)} vCPU`;
}

/** For messages: `384 GiB`, `1.5 GiB`, `512 MiB`. */
export function describeMemory(mib: number): string {
    return mib >= 1024 ? `${decimals(mib / 1024)} GiB` : `${decimals(mib)} MiB`;
}

const DECIMAL_SUFFIX: Readonly<Record<string, number>> = { n: 1e-9, u: 1e-6, m: 1e-3, "": 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };
const BINARY_SUFFIX: Readonly<Record<string, number>> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };

/**
 * The value of any Kubernetes quantity in base units (cores, bytes, counts): `500m` -> 0.5, `64Gi` ->
 * 68719476736, `1e3` -> 1000, a number as itself. Undefined for anything else (including values unknown
 * during preview, which are not numbers or quantity strings).
 */
export function quantityValue(q: unknown): number | undefined {
    if (typeof q === "number") return Number.isFinite(q) ? q : undefined;
    if (typeof q !== "string") return undefined;
    const m = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei)|([numkMGTPE]?))$/.exec(q.trim());
    if (!m) return undefined;
    const base = Number(m[1]);
    if (m[2] !== undefined) return base * 10 ** Number(m[2].slice(1));
    if (m[3] !== undefined) return base * BINARY_SUFFIX[m[3]];
    return base * DECIMAL_SUFFIX[m[4] ?? ""];
}

/** The ResourceQuota keys the platform sets, and how a message prints an amount of each (base units in). */
export const QUOTA_KEYS: Readonly<Record<string, { readonly label: string; readonly describe: (base: number) => string }>> = {
    "requests.cpu": { label: "CPU requests", describe: (cores) => describeCpu(Math.round(cores * 1000)) },
    "requests.memory": { label: "memory requests", describe: (bytes) => describeMemory(bytes / 2 ** 20) },
    "limits.cpu": { label: "CPU limits", describe: (cores) => describeCpu(Math.round(cores * 1000)) },
    "limits.memory": { label: "memory limits", describe: (bytes) => describeMemory(bytes / 2 ** 20) },
    pods: { label: "pods", describe: (n) => `${n} pods` },
    "requests.storage": { label: "storage requests", describe: (bytes) => describeMemory(bytes / 2 ** 20) },
    persistentvolumeclaims: { label: "PVCs", describe: (n) => `${n} PVCs` },
};
