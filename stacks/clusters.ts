import { ClusterSettings, Settings } from "../config/load";
import { AckCluster } from "../components/cluster/ackCluster";
import { platformTags } from "../components/network";
import { DeclaredNetwork } from "./networks";

/** Declares the cluster of a network (ACK; self-managed clusters are declared by their own component). */
export function declareCluster(settings: Settings, cluster: ClusterSettings, network: DeclaredNetwork): AckCluster {
    const net = settings.networks.find((n) => n.name === cluster.network)!;
    return new AckCluster(cluster.network, {
        environment: settings.environment,
        cluster,
        serviceCidr: net.serviceCidr,
        zones: network.vpc.zoneIds,
        nodeVswitchIds: network.vpc.nodeVswitchIds,
        podVswitchIds: network.vpc.podVswitchIds,
        securityGroupId: network.vpc.securityGroupId,
        nodes: settings.conventions.nodes,
        tags: platformTags(settings.environment, cluster.network),
    });
}

/** What a stack exports of a cluster: ids, the intranet endpoint and capacity; never its kubeconfig. */
export function clusterOutputs(cluster: AckCluster) {
    return { clusterId: cluster.clusterId, intranetEndpoint: cluster.intranetEndpoint, capacity: cluster.capacity };
}
