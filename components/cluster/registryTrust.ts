/**
 * How a node trusts the platform CA for Harbor, before it pulls its first image: a script the node pool runs
 * as its pre-user-data (`preUserData`). Pure functions.
 *
 * Facts it rests on:
 * - ACK offers no field for a registry's CA: a node pool's `containerdConfig` has mirrors and *insecure*
 *   registries only (ACK, "Customize the containerd configuration of a node pool"), which would turn
 *   verification off. So the trust is written by the node's own start-up script.
 * - `preUserData` runs before ACK's node initialization (which installs and starts containerd and the kubelet);
 *   `userData` runs while the node turns Ready, racing the first pulls (ACK, "Node initialization").
 *   `@pulumi/alicloud` passes `preUserData` on unchanged, so it is base64-encoded here.
 * - containerd reads `<config_path>/<host>/hosts.toml` (containerd docs/hosts.md); ACK's images set
 *   `config_path` to `/etc/containerd/cert.d` (ACK's troubleshooting guide writes there), upstream's default
 *   is `certs.d`: the script writes both, harmless where unused.
 * - Changing it updates the pool in place and reaches nodes created afterwards only: existing nodes get it
 *   when they are replaced (README: rotating the CA).
 */

/** Where containerd looks for per-registry configuration, ACK's first. */
export const CONTAINERD_CONFIG_PATHS = ["/etc/containerd/cert.d", "/etc/containerd/certs.d"] as const;

/** Where the script keeps the CA on the node. */
export const NODE_CA_FILE = "/etc/kube-platform/ca.crt";

/** The node's start-up script that makes containerd (and the OS) trust `caCertPem` for `registryHost`. */
export function registryTrustScript(registryHost: string, caCertPem: string): string {
    if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?(:\d+)?$/.test(registryHost)) throw new Error(`registryTrustScript: not a registry host: ${JSON.stringify(registryHost)}`);
    if (!/^-----BEGIN CERTIFICATE-----\n[\s\S]+\n-----END CERTIFICATE-----\n?$/.test(caCertPem.trim() + "\n")) throw new Error("registryTrustScript: caCertPem is not a PEM certificate");
    const hosts = CONTAINERD_CONFIG_PATHS.map((dir) =>
        [
            `mkdir -p ${dir}/${registryHost}`,
            `cp ${NODE_CA_FILE} ${dir}/${registryHost}/ca.crt`,
            `cat > ${dir}/${registryHost}/hosts.toml <<'TOML'`,
            `server = "https://${registryHost}"`,
            ``,
            `[host."https://${registryHost}"]`,
            `  capabilities = ["pull", "resolve"]`,
            `  ca = "${dir}/${registryHost}/ca.crt"`,
            `TOML`,
        ].join("\n"),
    );
    return [
        "#!/bin/bash",
        "# kube-platform: trust the platform CA for Harbor (containerd hosts.toml and the OS trust store)",
        "set -euo pipefail",
        `mkdir -p ${NODE_CA_FILE.slice(0, NODE_CA_FILE.lastIndexOf("/"))}`,
        `cat > ${NODE_CA_FILE} <<'PEM'`,
        caCertPem.trim(),
        "PEM",
        ...hosts,
        "if [ -d /etc/pki/ca-trust/source/anchors ]; then",
        `  cp ${NODE_CA_FILE} /etc/pki/ca-trust/source/anchors/kube-platform-ca.crt && update-ca-trust extract`,
        "elif [ -d /usr/local/share/ca-certificates ]; then",
        `  cp ${NODE_CA_FILE} /usr/local/share/ca-certificates/kube-platform-ca.crt && update-ca-certificates`,
        "fi",
        "",
    ].join("\n");
}

/** The script as a node pool's `preUserData` takes it: base64. */
export function preUserData(registryHost: string, caCertPem: string): string {
    return Buffer.from(registryTrustScript(registryHost, caCertPem), "utf8").toString("base64");
}
