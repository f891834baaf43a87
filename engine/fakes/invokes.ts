/**
 * The one table of fake invokes (data sources). An invoke the table does not know fails the run with its
 * token named: a program that starts calling a new data source must get a fake here, on purpose.
 */

type Args = Record<string, unknown>;
type InvokeFake = (args: Args) => Record<string, unknown>;

/** A kubeconfig shaped like ACK's, for a cluster id; the credentials in it are placeholders. */
function fakeKubeconfig(clusterId: string): string {
    return [
        "apiVersion: v1",
        "kind: Config",
        `clusters: [{name: ${clusterId}, cluster: {server: "https://192.0.2.10:6443", certificate-authority-data: RkFLRQ==}}]`,
        `users: [{name: ${clusterId}-admin, user: {client-certificate-data: RkFLRQ==, client-key-data: RkFLRQ==}}]`,
        `contexts: [{name: ${clusterId}, context: {cluster: ${clusterId}, user: ${clusterId}-admin}}]`,
        `current-context: ${clusterId}`,
        "",
    ].join("\n");
}

const INVOKES: Readonly<Record<string, InvokeFake>> = {
    // the newest system image matching the lookup's name pattern (self-managed clusters: Alibaba Cloud Linux 3)
    "alicloud:ecs/getImages:getImages": (args) => {
        const id = "aliyun_3_x64_20G_alibase_20250629.vhd";
        if (args.nameRegex !== undefined && !new RegExp(String(args.nameRegex)).test(id)) return { id: "images", ids: [], images: [] };
        return {
            id: "images",
            ids: [id],
            images: [{ id, imageId: id, name: id, osType: "linux", architecture: "x86_64", osName: "Alibaba Cloud Linux 3.2104 LTS 64-bit", imageOwnerAlias: "system", status: "Available", size: 20 }],
        };
    },
    "alicloud:cs/getClusterCredential:getClusterCredential": (args) => ({
        id: String(args.clusterId),
        clusterId: String(args.clusterId),
        clusterName: `cluster-${String(args.clusterId)}`,
        kubeConfig: fakeKubeconfig(String(args.clusterId)),
        certificateAuthority: { clusterCert: "RkFLRQ==", clientCert: "RkFLRQ==", clientKey: "RkFLRQ==" },
        expiration: "2099-01-01T00:00:00Z",
    }),
};

/** Thrown for an invoke with no fake. */
export class UnknownInvokeError extends Error {
    constructor(public readonly token: string) {
        super(`no fake for invoke ${token}: add one to engine/fakes/invokes.ts`);
        this.name = "UnknownInvokeError";
    }
}

/** The fake result of an invoke, or an {@link UnknownInvokeError}. */
export function fakeInvoke(token: string, args: Args, table: Readonly<Record<string, InvokeFake>> = INVOKES): Record<string, unknown> {
    const fake = table[token];
    if (!fake) throw new UnknownInvokeError(token);
    return fake(args);
}

/** True when the table has a fake for the invoke. */
export function isKnownInvoke(token: string): boolean {
    return token in INVOKES;
}

/** The tokens the table answers, for documentation and tests. */
export function knownInvokes(): string[] {
    return Object.keys(INVOKES).sort();
}
