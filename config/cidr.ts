/**
 * IPv4 CIDR arithmetic. Pure functions, no Pulumi: used by the settings rules, the network components and
 * the policy pack alike.
 */

/** A parsed IPv4 block: first address and prefix length, with the block's last address for range checks. */
export interface Cidr {
    readonly text: string;
    readonly first: number;
    readonly last: number;
    readonly prefix: number;
}

// no leading zeros: some tools read 010 as octal 8 (CVE-2021-29921), so such text is never canonical
const CIDR_RE = /^(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\/(0|[1-9]\d?)$/;

/** Parses `a.b.c.d/n`; returns undefined for anything else, including host bits set below the prefix. */
export function parseCidr(text: string): Cidr | undefined {
    const m = CIDR_RE.exec(text);
    if (!m) return undefined;
    const octets = m.slice(1, 5).map(Number);
    const prefix = Number(m[5]);
    if (octets.some((o) => o > 255) || prefix > 32) return undefined;
    const address = ((octets[0] << 24) >>> 0) + (octets[1] << 16) + (octets[2] << 8) + octets[3];
    const size = 2 ** (32 - prefix);
    if (address % size !== 0) return undefined;
    return { text, first: address, last: address + size - 1, prefix };
}

const ADDRESS_RE = /^(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})$/;

/** An IPv4 address `a.b.c.d` as a number; undefined for anything else (an octet above 255, a leading zero). */
export function parseAddress(text: string): number | undefined {
    const m = ADDRESS_RE.exec(text);
    if (!m) return undefined;
    const octets = m.slice(1, 5).map(Number);
    if (octets.some((o) => o > 255)) return undefined;
    return ((octets[0] << 24) >>> 0) + (octets[1] << 16) + (octets[2] << 8) + octets[3];
}

/** Why `text` is not an IPv4 address, or undefined when it is one. */
export function addressProblem(text: string): string | undefined {
    if (parseAddress(text) !== undefined) return undefined;
    const m = ADDRESS_RE.exec(text);
    if (m) return `an octet is above 255 (${m.slice(1, 5).filter((o) => Number(o) > 255).join(", ")})`;
    if (/^[\d.]+$/.test(text) && /(^|\.)0\d/.test(text)) return "a number has a leading zero";
    if (text.includes("/")) return "a block, not one address";
    return "not of the form a.b.c.d";
}

/** Whether an address lies in a block. */
export function containsAddress(block: Cidr, address: number): boolean {
    return address >= block.first && address <= block.last;
}

/** Why `text` is not a canonical CIDR, or undefined when it is one. */
export function cidrProblem(text: string): string | undefined {
    const m = CIDR_RE.exec(text);
    if (!m) return /^[\d.]+\/\d+$/.test(text) && /(^|[./])0\d/.test(text) ? "a number has a leading zero" : "not of the form a.b.c.d/n";
    const octets = m.slice(1, 5).map(Number);
    if (octets.some((o) => o > 255)) return "an octet is above 255";
    const prefix = Number(m[5]);
    if (prefix > 32) return "the prefix length is above 32";
    if (!parseCidr(text)) return `host bits are set below /${prefix}: the block starts at ${canonical(text)}`;
    return undefined;
}

/** The block a CIDR with host bits set means (`10.16.0.5/20` -> `10.16.0.0/20`); the text as it is otherwise. */
export function canonical(text: string): string {
    const m = CIDR_RE.exec(text);
    if (!m) return text;
    const octets = m.slice(1, 5).map(Number);
    const prefix = Number(m[5]);
    const address = ((octets[0] << 24) >>> 0) + (octets[1] << 16) + (octets[2] << 8) + octets[3];
    const size = 2 ** (32 - prefix);
    return `${formatAddress(address - (address % size))}/${prefix}`;
}

/** Dotted-quad form of a 32-bit address. */
export function formatAddress(address: number): string {
    return [24, 16, 8, 0].map((shift) => Math.floor(address / 2 ** shift) % 256).join(".");
}

/** Parses a CIDR the caller has already validated; throws on a programming error. */
export function cidr(text: string): Cidr {
    const parsed = parseCidr(text);
    if (!parsed) throw new Error(`invalid CIDR ${JSON.stringify(text)}: ${cidrProblem(text)}`);
    return parsed;
}

/** True when the two blocks share at least one address. */
export function overlaps(a: Cidr, b: Cidr): boolean {
    return a.first <= b.last && b.first <= a.last;
}

/** True when `inner` lies wholly inside `outer`. */
export function contains(outer: Cidr, inner: Cidr): boolean {
    return outer.first <= inner.first && inner.last <= outer.last;
}

/** Number of addresses in the block. */
export function size(block: Cidr): number {
    return block.last - block.first + 1;
}

/** Every pair (by index) of blocks in `blocks` that overlap, in order. */
export function overlappingPairs<T>(items: readonly T[], block: (item: T) => Cidr | undefined): [T, T][] {
    const pairs: [T, T][] = [];
    for (let i = 0; i < items.length; i++) {
        for (let j = i + 1; j < items.length; j++) {
            const a = block(items[i]);
            const b = block(items[j]);
            if (a && b && overlaps(a, b)) pairs.push([items[i], items[j]]);
        }
    }
    return pairs;
}
