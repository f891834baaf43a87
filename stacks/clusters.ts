import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { AlibabaCsiDriver } from "../components/storage/alibabaCsi";
import { ClusterSettings, Settings } from "../config/load";
import { AckCluster } from "../components/cluster/ackCluster";
import { PlatformCluster } from "../components/cluster/platformCluster";
import { SelfManagedCluster } from "../components/cluster/selfManagedCluster";
import { RegistryTrust } from "../components/cluster/nodePool";
import { platformTags } from "../components/network";
import { NasStorage } from "../components/storage/nasStorage";
import { NfsStorage } from "../components/storage/nfsStorage";
import { ReleaseImages } from "../components/registry/mirror";
import { DeclaredNetwork } from "./networks";
import { endpointAddress } from "../config/dns";

/** A declared cluster with its storage. */
export interface DeclaredCluster {
    readonly settings: ClusterSettings;
    readonly cluster: PlatformCluster;
    /** Its StorageClasses: NAS and disk on ACK; none yet on a self-managed cluster (it has no CSI driver, see the README). */
    readonly storage?: NasStorage;
}

/**
 * Declares the cluster of a network, by its kind: ACK with its node pools and NAS storage, or a self-managed
 * cluster (KubeKey on ECS instances in the VPC, Calico). The one place that branches on the kind; what follows
 * takes a {@link PlatformCluster}. Its nodes trust the platform CA for Harbor (`registryTrust`).
 */
export function declareCluster(settings: Settings, cluster: ClusterSettings, network: DeclaredNetwork, registryTrust: RegistryTrust): DeclaredCluster {
    const net = settings.networks.find((n) => n.name === cluster.network)!;
    const tags = platformTags(settings.environment, cluster.network);
    // nodes and pods pull upstream images (and Harbor its proxy caches) through the network's NAT gateway
    const egress = { dependsOn: [network.egress] };
    if (cluster.kind === "selfManaged") {
        const selfManaged = new SelfManagedCluster(
            cluster.network,
            {
                environment: settings.environment,
                cluster,
                network: net,
                zones: network.vpc.zoneIds,
                nodeVswitchIds: network.vpc.nodeVswitchIds,
                securityGroupId: network.vpc.securityGroupId,
                // parseSettings requires both for a self-managed cluster
                sshPublicKey: settings.nodeSshPublicKey!,
                sshPrivateKey: settings.secrets.nodeSshPrivateKey!,
                tags,
                registryTrust,
            },
            egress,
        );
        if (cluster.selfManaged?.fabric !== "vpc") return { settings: cluster, cluster: selfManaged };
        // in a VPC, the same NAS and disk classes as on ACK, on Alibaba Cloud's CSI driver (ACK's addons on ACK)
        const csi = new AlibabaCsiDriver(`${cluster.network}-csi`, { provider: selfManaged.provider, region: settings.region }, { dependsOn: [selfManaged] });
        return { settings: cluster, cluster: selfManaged, storage: nasStorage(settings, cluster, network, net.cidr, selfManaged.provider, [csi]) };
    }
    const ack = new AckCluster(cluster.network, {
        environment: settings.environment,
        cluster,
        serviceCidr: net.serviceCidr,
        zones: network.vpc.zoneIds,
        nodeVswitchIds: network.vpc.nodeVswitchIds,
        podVswitchIds: network.vpc.podVswitchIds,
        securityGroupId: network.vpc.securityGroupId,
        nodes: settings.conventions.nodes,
        tags,
        registryTrust,
    }, egress);
    // the StorageClasses need the cluster's CSI addons
    return { settings: cluster, cluster: ack, storage: nasStorage(settings, cluster, network, net.cidr, ack.provider, [ack]) };
}

/** A cluster's NAS file systems and its NAS and disk StorageClasses, once its CSI driver runs (`after`). */
function nasStorage(settings: Settings, cluster: ClusterSettings, network: DeclaredNetwork, vpcCidr: string, provider: k8s.Provider, after: pulumi.Resource[]): NasStorage {
    return new NasStorage(
        `${cluster.network}-nas`,
        {
            network: cluster.network,
            environment: settings.environment,
            vpcId: network.vpc.vpcId,
            vpcCidr,
            vswitchIds: network.vpc.nodeVswitchIds,
            zoneIds: network.vpc.zoneIds,
            provider,
            diskPerformanceLevel: settings.conventions.storage.diskPerformanceLevel,
        },
        { dependsOn: after },
    );
}

/**
 * The shared-file storage of a self-managed cluster in an IDC: csi-driver-nfs and the `nfs-shared` class on the
 * settings' export, once images come through Harbor. Undefined for every other cluster (ACK's and a VPC's
 * storage is NAS, declared with the cluster).
 */
export function declareIdcStorage(declared: DeclaredCluster, images: ReleaseImages): NfsStorage | undefined {
    const nfs = declared.settings.selfManaged?.nfs;
    if (!nfs) return undefined;
    return new NfsStorage(`${declared.settings.network}-nfs`, { provider: declared.cluster.provider, server: nfs.server, path: nfs.path, images }, { dependsOn: [declared.cluster] });
}

/** What a stack exports of a cluster: ids, the intranet endpoint, capacity and storage classes; never its kubeconfig. */
export function clusterOutputs(declared: DeclaredCluster, idcStorage?: NfsStorage): Record<string, pulumi.Input<unknown>> {
    return {
        clusterId: declared.cluster.clusterId,
        intranetEndpoint: declared.cluster.intranetEndpoint,
        capacity: declared.cluster.capacity,
        ...(declared.storage
            ? { storageClasses: { general: declared.storage.generalClassName, extreme: declared.storage.extremeClassNames, disk: declared.storage.diskClassName } }
            : idcStorage
              ? { storageClasses: { shared: idcStorage.className } }
              : {}),
    };
}

/** The A record of a cluster's intranet API server: `api.<network>` -> the endpoint's IP. */
export function apiServerAddress(declared: DeclaredCluster): pulumi.Output<string> {
    return declared.cluster.intranetEndpoint.apply((endpoint) => {
        const ip = endpointAddress(endpoint);
        if (!ip) throw new Error(`cluster ${declared.settings.network}: its intranet API endpoint is not https://<IPv4>:<port>: ${JSON.stringify(endpoint)}`);
        return ip;
    });
}
