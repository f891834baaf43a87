/**
 * What the policies do not say themselves: why each rule exists and how to comply. docs/policies.md is generated
 * from this and the policies' own metadata (`npm run policies:docs`); a policy of the pack without an entry here
 * fails the docs test.
 */
import { DISK_CLASS, NAS_CLASS_SPECS } from "../components/storage/storageClasses";
import type { PolicyGuidance } from "./guidanceTypes";
import { TENANCY_POLICY_GUIDANCE } from "./tenancy";

/** The guidance's type lives in policies/guidanceTypes.ts (policies/tenancy.ts uses it too); re-exported here. */
export type { PolicyGuidance };

export const POLICY_GUIDANCE: Readonly<Record<string, PolicyGuidance>> = {
    ...TENANCY_POLICY_GUIDANCE,
    // networks
    "vpc-cidrs-disjoint": {
        why: "The hub routes between the VPCs by CIDR: overlapping blocks make traffic ambiguous, and a VPC's CIDR cannot change without replacing it.",
        comply: "Give each network its block from `addressPlan` in config/platform.yaml.",
    },
    "cluster-egress": {
        why: "ACK nodes and Terway pods have private addresses only: without a NAT gateway's SNAT entry for their vSwitch, no image from Docker Hub, Quay or registry.k8s.io can be pulled, and Harbor's proxy caches cannot reach their upstreams.",
        comply: "Declare the network's Egress with every node and pod vSwitch among its sources (stacks/networks.ts does it for the platform's networks).",
    },
    "prod-nonprod-isolated": {
        why: "A path between prod and nonprod lets test systems reach production data; the isolation must be structural, not a firewall rule.",
        comply: "Route prod and nonprod only to ops: no route entry, transit-router propagation or peering between them. The Hub and HubAttachment components do this.",
    },
    "no-public-admin-ingress": {
        why: "SSH, RDP and the Kubernetes API open to the internet are the first thing scanners try.",
        comply: "Allow administrative ports only from the ops network or a bastion's CIDR.",
    },
    // platform services
    "federation-one-host": {
        why: "Two hosts split the federation; and the host installs ks-core on every member itself (with its own jwtSecret), upgrading over any release it finds there, so a member release of the program has two owners.",
        comply: "Keep ops the only host; register members with a ClusterRegistration whose chartConfig holds the member's values (stacks/federation.ts declareMember), and declare no ks-core release on a member.",
    },
    "no-chart-default-credentials": {
        why: "A chart's default password is published with the chart: whoever reaches the service logs in with it, and a default encryption key protects nothing.",
        comply: "Generate each credential with @pulumi/random, keep it secret, and give it to the chart through the Secret it reads (HARBOR_GENERATED in components/registry/harborValues.ts, KsCore's admin password).",
    },
    "prometheus-remote-write": {
        why: "Central queries and alerts in ops tell clusters apart by the cluster label; a cluster that does not remote-write is invisible there; two prometheus-operators on one cluster fight over every Prometheus object.",
        comply: "Declare monitoring with PlatformMonitoring: whizard-monitoring's InstallPlan labels every placed cluster's series with its name and remote-writes them to Thanos Receive; keep kube-prometheus-stack to Grafana (grafanaValues).",
    },
    // nodes and clusters
    "calico-encapsulation-fits-fabric": {
        why: "VXLAN inside an SDN/VXLAN fabric doubles the encapsulation (lower MTU, the fabric's routing bypassed); an Alibaba VPC drops unencapsulated pod traffic, since it learns no BGP routes.",
        comply: "Set the cluster's selfManaged.fabric and calico.mode together: vpc with vxlan; overlay with bgp and the fabric's routers as peers (components/cluster/calico.ts ipPoolObject).",
    },
    "node-pool-approved-instance-type": {
        why: "One node shape keeps capacity arithmetic, quotas and spare capacity simple.",
        comply: "Use one of the approved 32 vCPU / 128 GiB types (StandardNodePool defaults to the first).",
    },
    "node-pool-standard-image": {
        why: "One supported image (Alibaba Cloud Linux 3) gets security fixes from ACK; custom images drift.",
        comply: "Declare pools with StandardNodePool; never set imageId.",
    },
    "node-pool-encrypted-essd": {
        why: "Disks hold container images, logs and emptyDir data: they must be encrypted and fast.",
        comply: "Use cloud_essd with encryption on, as StandardNodePool does.",
    },
    "node-pool-labels": {
        why: "Workloads, quotas and monitoring select nodes by the platform's labels.",
        comply: "Declare pools with StandardNodePool, which sets the labels.",
    },
    "node-pool-multi-zone": {
        why: "A pool in one zone loses all its capacity when that zone fails.",
        comply: "Give the pool a node vSwitch in each zone (leave the pool's zones setting unset).",
    },
    "prod-cluster-protected": {
        why: "Deleting a prod cluster by mistake is an outage; an internet-facing API server is an attack surface.",
        comply: "Set deletionProtection, declare the cluster with protect: true and keep the API server on the intranet (AckCluster does).",
    },
    "cluster-logs-enabled": {
        why: "Control-plane and audit logs are what an incident review starts from.",
        comply: "Keep all control-plane log components and audit logs on (AckCluster does).",
    },
    // storage
    "nas-encrypted": {
        why: "Stateful data at rest must be encrypted, and encryption can only be chosen when the file system is created.",
        comply: "Set encryptType: 1 (or 2 with a KMS key on extreme NAS).",
    },
    "nas-protected": {
        why: "Deleting or replacing a NAS file system deletes every volume on it.",
        comply: "Declare file systems with protect: true (NasStorage does).",
    },
    "nas-access-vpc-only": {
        why: "A NAS access rule wider than the mounting VPC exposes the data to other networks.",
        comply: "Set sourceCidrIp to the CIDR of the VPC that mounts the file system.",
    },
    "nas-storageclass-conventions": {
        why: "Without nolock/noresvport and NFSv3, NAS mounts hang after a reconnect; extreme NAS exports only /share; its data must survive a deleted claim.",
        comply: "Declare StorageClasses with the StorageClasses component.",
    },
    // services
    "service-no-external-ips": {
        why: "externalIPs let any Service owner intercept traffic to those addresses (CVE-2020-8554).",
        comply: "Expose the Service as a NodePort in the platform's range or an intranet LoadBalancer.",
    },
    "service-nodeport-range": {
        why: "A NodePort outside the platform's range is rejected by the API server, or takes a port the platform keeps for itself.",
        comply: "Leave nodePort unset, or choose a free port inside the range.",
    },
    "service-loadbalancer-intranet": {
        why: "Without the annotation, Alibaba Cloud creates an internet-facing load balancer: the Service is published to the internet.",
        comply: "Annotate LoadBalancer Services `service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type: intranet`.",
    },
    // pod security baseline
    "pod-no-host-namespaces": {
        why: "A pod in the node's network, PID or IPC namespace can sniff traffic, signal processes or read memory of everything on the node.",
        comply: "Remove hostNetwork, hostPID and hostIPC; expose ports through a Service.",
    },
    "pod-no-privileged": {
        why: "A privileged container (or a Windows HostProcess container) is root on the node: every isolation is off.",
        comply: "Remove privileged: true; add the single capabilities the process needs, within the baseline set.",
    },
    "pod-no-host-path": {
        why: "hostPath volumes read and write the node's file system: kubelet credentials, other pods' data, the container runtime's socket.",
        comply: `Use emptyDir for scratch space, configMap/secret for files, a PersistentVolumeClaim for data (${DISK_CLASS.className}, or a NAS class for shared files).`,
    },
    "pod-no-host-ports": {
        why: "A host port binds every node's address, bypasses Services and NetworkPolicies, and limits scheduling to one pod per node.",
        comply: "Remove hostPort; expose the port through a Service.",
    },
    "pod-baseline-capabilities": {
        why: "Capabilities such as SYS_ADMIN or NET_ADMIN give a container most of root's power over the node.",
        comply: "Add only capabilities of the baseline set, and only those the process needs.",
    },
    "pod-safe-sysctls": {
        why: "Unsafe sysctls change the kernel for every pod of the node, or are not namespaced at all.",
        comply: "Use only the safe sysctls; ask the platform team for a node-level setting.",
    },
    "pod-default-proc-mount": {
        why: "An unmasked /proc exposes the node's kernel interfaces to the container.",
        comply: "Remove securityContext.procMount.",
    },
    "pod-no-selinux-override": {
        why: "A custom SELinux user, role or type can lift the confinement the runtime applies to containers.",
        comply: "Remove seLinuxOptions, or use one of the container types.",
    },
    "pod-apparmor-allowed": {
        why: "An unconfined AppArmor profile removes a layer of the container's confinement.",
        comply: "Use the runtime's default profile (appArmorProfile.type: RuntimeDefault) or a profile loaded on the nodes (Localhost).",
    },
    "pod-no-unconfined-seccomp": {
        why: "Without seccomp, a container can call every system call of the kernel, including those most kernel exploits use.",
        comply: "Set seccompProfile.type: RuntimeDefault (or Localhost).",
    },
    // pod security restricted (advisory)
    "pod-no-privilege-escalation": {
        why: "Without it, a setuid binary in the image can gain more privileges than the container started with.",
        comply: "Set allowPrivilegeEscalation: false on every container.",
    },
    "pod-run-as-non-root": {
        why: "Root in a container is root on the node after any container escape.",
        comply: "Build images that run as a non-root user and set runAsNonRoot: true in the pod's securityContext.",
    },
    "pod-seccomp-runtime-default": {
        why: "The runtime's default seccomp profile blocks system calls that containers never need.",
        comply: "Set seccompProfile: { type: RuntimeDefault } in the pod's securityContext.",
    },
    "pod-drop-all-capabilities": {
        why: "Most processes need no capability at all; dropping all of them limits what an attacker inside can do.",
        comply: "Set capabilities.drop: [ALL], and add back NET_BIND_SERVICE only to bind ports below 1024.",
    },
    "pod-restricted-volume-types": {
        why: "Other volume types (NFS, iSCSI, cloud disks named directly, gitRepo, ...) reach storage outside the platform's classes, quotas and access rules, or run code on the node.",
        comply: "Use a persistentVolumeClaim on a platform StorageClass; emptyDir, configMap, secret, projected, downwardAPI, csi and ephemeral volumes are allowed.",
    },
    // workload conventions
    "image-from-harbor": {
        why: "Harbor scans images, keeps them when upstream registries are slow or gone, and is reachable from every VPC without internet access.",
        comply: "Push images to a Harbor project, or pull upstream images through a Harbor proxy-cache project.",
    },
    "image-tag-pinned": {
        why: "latest (or no tag) changes under a running workload: a restart can run code nobody reviewed, and a rollback cannot name what ran before.",
        comply: "Use a version tag (or a digest), bumped by the release.",
    },
    "container-resources": {
        why: "Requests drive scheduling and quotas; limits keep one container from starving its neighbours on a 32-core node.",
        comply: "Set requests and limits for cpu and memory on every container and init container.",
    },
    "no-bare-pods": {
        why: "A bare pod is not recreated when its node fails or is drained: the service silently disappears.",
        comply: "Use a Deployment, StatefulSet or DaemonSet for services, a Job or CronJob for tasks.",
    },
    "volume-claims-by-need": {
        why: "A database or a time series on NFS risks corruption (Prometheus documents NFS as unsupported) and gets no block device; shared files need a filesystem many pods mount.",
        comply: `ReadWriteOnce claims: storageClassName ${DISK_CLASS.className}; ReadWriteMany claims: ${NAS_CLASS_SPECS.general.className} (a directory quota of the claim's size), or ${NAS_CLASS_SPECS.extreme.className}-<zone> (latency) for pods pinned to that zone.`,
    },
};
