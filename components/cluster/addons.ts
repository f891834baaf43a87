/**
 * The ACK addons of every cluster. `ManagedKubernetes.addons` applies only when the cluster is created, so the
 * cluster lists them for creation (Terway cannot be added later) and each is also a `cs.KubernetesAddon`,
 * through which a later change of version or config actually reaches the cluster.
 */

/** One addon: name, and its config as the ACK API takes it (a JSON string), if any. */
export interface AddonSpec {
    readonly name: string;
    readonly config?: string;
}

/** Terway in shared-ENI (ENIIP) mode with network policy; pools opt into exclusive ENIs by node label. */
export const TERWAY: AddonSpec = {
    name: "terway-eniip",
    config: JSON.stringify({ IPVlan: "false", NetworkPolicy: "true", ENITrunking: "false" }),
};

/** The addons of an ACK cluster: Terway with its control plane, and the CSI driver for NAS. */
export const CLUSTER_ADDONS: readonly AddonSpec[] = [
    TERWAY,
    { name: "terway-controlplane" },
    { name: "csi-plugin" },
    { name: "csi-provisioner" },
];

/** The creation-time addon list of `ManagedKubernetes`. */
export function creationAddons(addons: readonly AddonSpec[] = CLUSTER_ADDONS): { name: string; config?: string }[] {
    return addons.map((a) => (a.config ? { name: a.name, config: a.config } : { name: a.name }));
}
