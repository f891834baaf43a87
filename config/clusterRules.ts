import { contains, containsAddress, overlaps, parseAddress, parseCidr } from "./cidr";
import { KUBERNETES_VERSIONS, kubernetesVersionProblem } from "./kubernetesVersion";
import { guessedFix } from "./spelling";
import { formatShape, instanceShape } from "./nodes";
import { Problem } from "./problems";
import { ClusterInput, PlatformConventions } from "./schema";
import { NETWORK_NAMES, NetworkName } from "./topology";

/** Label keys the platform sets on every node; settings may not override them. */
export const PLATFORM_LABEL_PREFIX = "node.kube-platform.io/";

/** The standard shape every approved instance type must have. */
export const STANDARD_SHAPE = { vcpu: 32, memoryGiB: 128 } as const;

/** Every approved instance type has the standard shape. */
export function approvedTypeProblems(nodes: PlatformConventions["nodes"], file: string): Problem[] {
    return nodes.approvedInstanceTypes.flatMap((type, i) => {
        const shape = instanceShape(type);
        if (shape && shape.vcpu === STANDARD_SHAPE.vcpu && shape.memoryGiB === STANDARD_SHAPE.memoryGiB) return [];
        return [{
            file,
            key: `nodes.approvedInstanceTypes[${i}]`,
            expected: `an instance type of the standard shape, ${formatShape(STANDARD_SHAPE)}`,
            found: `${type}${shape ? ` (${formatShape(shape)})` : /^ecs\.[gcr]\d+[a-z]*\./.test(type) ? " (a size this check does not know: the standard shape's is .8xlarge)" : " (not an ecs.<family><generation>.<size> type of the g, c or r families)"}`,
            fix: "approve only .8xlarge types of the g family (e.g. ecs.g6.8xlarge, ecs.g7.8xlarge, ecs.g8i.8xlarge)",
        }];
    });
}

/** Self-managed clusters need the nodes' SSH key pair; the private half must be a secret. */
export function sshKeyProblems(
    anySelfManaged: boolean,
    settings: { nodeSshPublicKey?: string; nodeSshPrivateKey?: string },
    privateKeyIsSecret: boolean,
    file: string,
): Problem[] {
    if (!anySelfManaged) return [];
    const problems: Problem[] = [];
    if (!settings.nodeSshPublicKey) {
        problems.push({ file, key: "platform:nodeSshPublicKey", expected: "the nodes' OpenSSH public key (a self-managed cluster is declared)",
            found: "nothing (the key is missing)", fix: "pulumi config set platform:nodeSshPublicKey \"$(cat key.pub)\"" });
    }
    if (!settings.nodeSshPrivateKey || !privateKeyIsSecret) {
        problems.push({ file, key: "platform:nodeSshPrivateKey", expected: "the nodes' private key, set as a secret",
            found: settings.nodeSshPrivateKey ? "a plain-text value" : "nothing (the key is missing)",
            fix: "pulumi config set --secret platform:nodeSshPrivateKey < key (and remove any plain-text value)" });
    }
    return problems;
}

/** The rules of one network's cluster: versions, pools, and the self-managed block. */
export function clusterProblems(
    network: NetworkName,
    cluster: ClusterInput,
    ctx: { zones: readonly string[]; addressPlan: PlatformConventions["addressPlan"]; nodes: PlatformConventions["nodes"]; serviceCidr?: string; file: string },
): Problem[] {
    const { file } = ctx;
    const base = `platform:clusters.${network}`;
    const problems: Problem[] = [];
    const push = (key: string, expected: string, found: string, fix: string) => problems.push({ file, key: `${base}${key}`, expected, found, fix });

    const versionRe = cluster.kind === "ack" ? /^1\.\d+\.\d+-aliyun\.\d+$/ : /^v1\.\d+\.\d+$/;
    if (!versionRe.test(cluster.kubernetesVersion)) {
        const kubekey = cluster.selfManaged?.kubekeyVersion;
        const offered = kubekey ? KUBERNETES_VERSIONS.kubekey[kubekey] : undefined;
        push(".kubernetesVersion", cluster.kind === "ack" ? "an ACK version such as 1.33.3-aliyun.1" : "a KubeKey version such as v1.32.5",
            JSON.stringify(cluster.kubernetesVersion),
            cluster.kind === "ack"
                ? "write ACK's full version, e.g. 1.33.3-aliyun.1 (ACK's console lists the versions it offers when a cluster is created)"
                : `write the full version with its v, e.g. ${offered ? `${offered[offered.length - 1]} (the latest KubeKey ${kubekey} installs)` : "v1.32.5"}`);
    } else {
        const installable = kubernetesVersionProblem(cluster.kubernetesVersion, { kind: cluster.kind, kubekeyVersion: cluster.selfManaged?.kubekeyVersion });
        if (installable) push(".kubernetesVersion", installable.expected, installable.found, installable.fix);
    }
    if (cluster.kind === "selfManaged" && !cluster.selfManaged) {
        push(".selfManaged", "the self-managed block (controlPlaneCount, calico)", "nothing (the key is missing)", "add selfManaged with calico settings");
    }
    if (cluster.kind === "ack" && cluster.selfManaged) {
        push(".selfManaged", "no self-managed block on an ACK cluster", "a selfManaged block", "remove it, or set kind: selfManaged");
    }

    const pools = Object.entries(cluster.pools);
    if (!pools.some(([, p]) => p.role === "general")) {
        push(".pools", "at least one pool with role general (tenants' workloads run there)", `roles ${JSON.stringify(pools.map(([, p]) => p.role))}`, "add a general pool");
    }
    const approved = ctx.nodes.approvedInstanceTypes;
    for (const [name, pool] of pools) {
        const at = `.pools.${name}`;
        if (pool.instanceType !== undefined && !approved.includes(pool.instanceType)) {
            const shape = instanceShape(pool.instanceType);
            push(`${at}.instanceType`, `one of the approved ${formatShape(STANDARD_SHAPE)} types: ${approved.join(", ")}`,
                `${pool.instanceType}${shape ? ` (${formatShape(shape)})` : ""}`, `remove it to get ${approved[0]}, or pick an approved type`);
        }
        if ((pool.desiredSize === undefined) === (pool.autoscaling === undefined)) {
            push(at, "exactly one of desiredSize or autoscaling", pool.desiredSize === undefined ? "neither" : "both", "keep one of the two");
        }
        if (pool.autoscaling && pool.autoscaling.min > pool.autoscaling.max) {
            push(`${at}.autoscaling`, "min <= max", `min ${pool.autoscaling.min}, max ${pool.autoscaling.max}`, "swap or correct the bounds");
        }
        if (cluster.kind === "selfManaged" && pool.autoscaling) {
            push(`${at}.autoscaling`, "a fixed desiredSize (self-managed clusters do not autoscale)", "autoscaling bounds", "use desiredSize");
        }
        if (pool.zones) {
            const distinct = [...new Set(pool.zones)];
            if (distinct.length < 2) {
                push(`${at}.zones`, "at least two distinct zones (a pool spans zones)", JSON.stringify(pool.zones), "list two or more zones, or remove the key to use all");
            }
            for (const z of distinct.filter((z) => !ctx.zones.includes(z))) {
                push(`${at}.zones`, `zones of platform:zones (${ctx.zones.join(", ")})`, JSON.stringify(z), guessedFix(z, ctx.zones, "use a zone the network has vSwitches in"));
            }
        }
        for (const key of Object.keys(pool.labels).filter((k) => k.startsWith(PLATFORM_LABEL_PREFIX))) {
            push(`${at}.labels`, `no label under ${PLATFORM_LABEL_PREFIX} (the platform sets those)`, JSON.stringify(key), "use a label of your own prefix");
        }
    }
    if (cluster.selfManaged) {
        problems.push(...calicoProblems(network, cluster.selfManaged.calico, cluster.selfManaged.fabric, cluster.selfManaged.hosts, ctx));
        problems.push(...selfManagedProblems(network, cluster, cluster.selfManaged, ctx.file));
    }
    return problems;
}

/** The rules of a self-managed cluster's nodes: the control-plane count, the fabric and Calico's mode on it, an IDC's hosts. */
function selfManagedProblems(network: NetworkName, cluster: ClusterInput, sm: NonNullable<ClusterInput["selfManaged"]>, file: string): Problem[] {
    const problems: Problem[] = [];
    const key = `platform:clusters.${network}.selfManaged`;
    const push = (at: string, expected: string, found: string, fix: string) => problems.push({ file, key: `${key}${at}`, expected, found, fix });
    if (sm.controlPlaneCount < 3 || sm.controlPlaneCount % 2 === 0) {
        push(".controlPlaneCount", "an odd number of control planes, at least 3 (etcd keeps its quorum with one member lost)", String(sm.controlPlaneCount), "use 3 (or 5)");
    }
    if (sm.fabric === "vpc" && sm.calico.mode === "bgp") {
        push(".calico.mode", "vxlan on a VPC (an Alibaba VPC learns no BGP routes: unencapsulated pod traffic between nodes is dropped)", "bgp", "use mode vxlan, or fabric routed/overlay with the IDC's hosts");
    }
    if (sm.fabric === "overlay" && sm.calico.mode === "vxlan") {
        push(".calico.mode", "bgp on a fabric that is already an overlay (no second VXLAN layer under an SDN/VXLAN fabric)", "vxlan", "use mode bgp with the fabric's routers as bgpPeers");
    }
    if (sm.fabric === "vpc" && sm.hosts.length > 0) {
        push(".hosts", "no hosts on a VPC (the program creates the ECS nodes)", `${sm.hosts.length} host(s)`, "remove hosts, or set fabric routed/overlay for an IDC");
    }
    if (sm.fabric === "vpc" && sm.nfs) {
        push(".nfs", "no NFS export on a VPC (its shared files are on NAS)", `${sm.nfs.server}:${sm.nfs.path}`, "remove nfs, or set fabric routed/overlay for an IDC");
    }
    if (sm.fabric !== "vpc") {
        if (!sm.nfs) push(".nfs", "the IDC's NFS export for shared files (server and path)", "nothing (the key is missing)", "add nfs: { server: <host>, path: /export/k8s }");
        else {
            if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(sm.nfs.server)) push(".nfs.server", "a host name or IPv4 address", JSON.stringify(sm.nfs.server), "give the NFS server's name or address");
            if (!/^\/[^\s]*$/.test(sm.nfs.path)) push(".nfs.path", "an absolute exported path", JSON.stringify(sm.nfs.path), "give the export's path, e.g. /export/k8s");
        }
        const count = (role: string) => sm.hosts.filter((h) => h.role === role).length;
        // a wrong controlPlaneCount is reported above: the hosts are not held to it as well
        const countValid = sm.controlPlaneCount >= 3 && sm.controlPlaneCount % 2 === 1;
        if (countValid && count("control-plane") !== sm.controlPlaneCount) {
            push(".hosts", `${sm.controlPlaneCount} hosts with role control-plane (controlPlaneCount)`, `${count("control-plane")}`, "list one host per control plane, or change controlPlaneCount");
        }
        for (const [pool, p] of Object.entries(cluster.pools)) {
            if (count(pool) !== (p.desiredSize ?? 0)) push(".hosts", `${p.desiredSize ?? 0} hosts with role ${pool} (its desiredSize)`, `${count(pool)}`, `list one host per node of pool ${pool}, or change its desiredSize`);
        }
        for (const h of sm.hosts.filter((x) => x.role !== "control-plane" && !(x.role in cluster.pools))) {
            push(".hosts", `role control-plane or one of the pools (${Object.keys(cluster.pools).join(", ")})`, `${JSON.stringify(h.role)} on host ${h.name}`, "name the host's pool");
        }
        for (const field of ["name", "address"] as const) {
            const seen = new Set<string>();
            for (const h of sm.hosts) {
                if (seen.has(h[field])) push(".hosts", `each host's ${field} once`, `${h[field]} twice`, `give every host its own ${field}`);
                seen.add(h[field]);
            }
        }
    }
    return problems;
}

function calicoProblems(
    network: NetworkName,
    calico: NonNullable<ClusterInput["selfManaged"]>["calico"],
    fabric: NonNullable<ClusterInput["selfManaged"]>["fabric"],
    hosts: NonNullable<ClusterInput["selfManaged"]>["hosts"],
    ctx: { addressPlan: PlatformConventions["addressPlan"]; serviceCidr?: string; file: string },
): Problem[] {
    const problems: Problem[] = [];
    const key = `platform:clusters.${network}.selfManaged.calico`;
    const pool = parseCidr(calico.ipPool);
    if (pool) {
        const taken = [
            ...NETWORK_NAMES.map((n) => ({ what: `the ${n} VPC`, cidr: parseCidr(ctx.addressPlan[n]) })),
            { what: "the network's service CIDR", cidr: ctx.serviceCidr ? parseCidr(ctx.serviceCidr) : undefined },
        ];
        for (const t of taken) {
            if (t.cidr && (overlaps(pool, t.cidr) || contains(t.cidr, pool))) {
                problems.push({ file: ctx.file, key: `${key}.ipPool`, expected: `a pod IP pool that overlaps no VPC and no service CIDR`,
                    found: `${pool.text}, which overlaps ${t.what} ${t.cidr.text}`, fix: "use a free range such as 172.20.0.0/16" });
            }
        }
    }
    if (pool) {
        // pod addresses over the nodes' or the routers' own: Calico would route a node's address into a pod
        // (and, in bgp mode, advertise it to the fabric), cutting the node off
        const inPool = [
            ...hosts.map((h) => ({ what: `host ${h.name}`, address: h.address })),
            ...calico.bgpPeers.map((p, i) => ({ what: `BGP peer ${i + 1}`, address: p.address })),
        ].filter((a) => {
            const n = parseAddress(a.address);
            return n !== undefined && containsAddress(pool, n);
        });
        if (inPool.length > 0) {
            problems.push({ file: ctx.file, key: `${key}.ipPool`, expected: "a pod IP pool apart from the nodes' and the BGP peers' addresses",
                found: `${pool.text}, which holds ${inPool.map((a) => `${a.what} ${a.address}`).join(", ")}`,
                fix: "use a range the IDC's network does not use, such as 172.20.0.0/16" });
        }
    }
    // on a VPC, bgp itself is the problem (selfManagedProblems): its peers are not asked for as well
    if (calico.mode === "bgp" && fabric !== "vpc" && (calico.bgpPeers.length === 0 || calico.asNumber === undefined)) {
        problems.push({ file: ctx.file, key: `${key}.bgpPeers`, expected: "bgp mode: the cluster's asNumber and at least one BGP peer (the fabric's routers)",
            found: `asNumber ${calico.asNumber ?? "missing"}, ${calico.bgpPeers.length} peer(s)`,
            fix: `${[calico.asNumber === undefined ? "asNumber" : "", calico.bgpPeers.length === 0 ? "bgpPeers [{address, asNumber}]" : ""].filter(Boolean).join(" and ")}: add ${calico.asNumber === undefined && calico.bgpPeers.length === 0 ? "them" : "it"}, or use mode vxlan inside a VPC` });
    }
    if (calico.mode === "vxlan" && calico.bgpPeers.length > 0) {
        problems.push({ file: ctx.file, key: `${key}.bgpPeers`, expected: "no BGP peers in vxlan mode (an Alibaba VPC does not learn BGP routes)",
            found: `${calico.bgpPeers.length} peer(s)`, fix: "remove bgpPeers, or use mode bgp towards an IDC fabric" });
    }
    return problems;
}
