/**
 * The platform's certificates as data: how long the CA and the server certificates it issues live, when a
 * server certificate is renewed, and what each may be used for. Pure values; `PlatformCa` wires them.
 */

const HOURS_PER_DAY = 24;

/** The platform CA: ten years, never renewed by a plan (a new CA means every node's trust store changes). */
export const CA_CERTIFICATE = {
    commonName: "kube-platform CA",
    organization: "kube-platform",
    validityHours: 3650 * HOURS_PER_DAY,
    /** RSA 4096: accepted by containerd, Go's TLS client and Alibaba Cloud's load balancers alike. */
    rsaBits: 4096,
    allowedUses: ["cert_signing", "crl_signing", "digital_signature"],
} as const;

/**
 * A server certificate issued by the CA: one year, renewed 30 days ahead of its expiry (the next `pulumi up`
 * in that window issues a new one with the same names; the CA stays). RSA 2048 (what CLB's HTTPS listeners
 * and every client accept).
 */
export const SERVER_CERTIFICATE = {
    validityHours: 365 * HOURS_PER_DAY,
    earlyRenewalHours: 30 * HOURS_PER_DAY,
    rsaBits: 2048,
    allowedUses: ["digital_signature", "key_encipherment", "server_auth"],
} as const;

/** The DNS names of a server certificate: the host names, lower case, each once, in their given order. */
export function certificateDnsNames(hostnames: readonly string[]): string[] {
    const names = hostnames.map((h) => h.trim().toLowerCase());
    const bad = names.filter((n) => !/^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(n));
    if (names.length === 0) throw new Error("a server certificate needs at least one host name");
    if (bad.length > 0) throw new Error(`not DNS names: ${bad.map((b) => JSON.stringify(b)).join(", ")}`);
    return [...new Set(names)];
}
