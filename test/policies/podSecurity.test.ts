// The Pod Security rules and the per-container conventions, for every pod-bearing kind and every container list:
// one compliant fixture per kind; each failing case changes exactly one field and asserts the whole pack's result.
import { HARBOR, POD_BEARING_KINDS, at, changed, checkObjects, compliantWorkload, summaries } from "./workloadsFixtures";

type Obj = Record<string, unknown>;
const sc = (c: Obj): Obj => (c.securityContext ??= {}) as Obj;
const caps = (c: Obj): Obj => (sc(c).capabilities ??= {}) as Obj;

/** [case, policy, level, change to the container, field under the container's path, expected/found/fix]. */
const CONTAINER_CASES: [string, string, string, (c: Obj) => void, string, string][] = [
    ["privileged", "pod-no-privileged", "mandatory", (c) => (sc(c).privileged = true), ".securityContext.privileged",
        "expected false or unset; found true. Fix: remove privileged: true; add only the capabilities the container needs, within the baseline set"],
    ["a HostProcess container", "pod-no-privileged", "mandatory", (c) => (sc(c).windowsOptions = { hostProcess: true }), ".securityContext.windowsOptions.hostProcess",
        "expected false or unset; found true. Fix: remove hostProcess: true"],
    ["a host port", "pod-no-host-ports", "mandatory", (c) => (c.ports = [{ containerPort: 8080, hostPort: 8080 }]), ".ports[0].hostPort",
        "expected unset or 0; found 8080. Fix: remove hostPort and expose the port through a Service (NodePort or intranet LoadBalancer)"],
    ["SYS_ADMIN added", "pod-baseline-capabilities", "mandatory", (c) => (caps(c).add = ["SYS_ADMIN"]), ".securityContext.capabilities.add",
        // the baseline's capabilities and safe sysctls: the Pod Security Standards' (kubernetes.io, "Pod Security Standards", Baseline)
        `expected only capabilities of the baseline set (AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT); found SYS_ADMIN. Fix: remove SYS_ADMIN from capabilities.add`],
    ["procMount Unmasked", "pod-default-proc-mount", "mandatory", (c) => (sc(c).procMount = "Unmasked"), ".securityContext.procMount",
        "expected Default or unset; found Unmasked. Fix: remove procMount"],
    ["SELinux type spc_t", "pod-no-selinux-override", "mandatory", (c) => (sc(c).seLinuxOptions = { type: "spc_t" }), ".securityContext.seLinuxOptions.type",
        "expected unset or one of container_t, container_init_t, container_kvm_t, container_engine_t; found spc_t. Fix: remove seLinuxOptions.type"],
    ["an SELinux role", "pod-no-selinux-override", "mandatory", (c) => (sc(c).seLinuxOptions = { role: "system_r" }), ".securityContext.seLinuxOptions.role",
        "expected unset; found system_r. Fix: remove seLinuxOptions.role"],
    ["AppArmor Unconfined", "pod-apparmor-allowed", "mandatory", (c) => (sc(c).appArmorProfile = { type: "Unconfined" }), ".securityContext.appArmorProfile.type",
        "expected RuntimeDefault or Localhost; found Unconfined. Fix: set appArmorProfile.type: RuntimeDefault"],
    ["seccomp Unconfined", "pod-no-unconfined-seccomp", "mandatory", (c) => (sc(c).seccompProfile = { type: "Unconfined" }), ".securityContext.seccompProfile.type",
        "expected RuntimeDefault or Localhost; found Unconfined. Fix: set seccompProfile.type: RuntimeDefault"],
    ["privilege escalation allowed", "pod-no-privilege-escalation", "advisory", (c) => (sc(c).allowPrivilegeEscalation = true), ".securityContext.allowPrivilegeEscalation",
        "expected false; found true. Fix: set securityContext.allowPrivilegeEscalation: false"],
    ["allowPrivilegeEscalation unset", "pod-no-privilege-escalation", "advisory", (c) => delete sc(c).allowPrivilegeEscalation, ".securityContext.allowPrivilegeEscalation",
        "expected false; found unset (defaults to true). Fix: set securityContext.allowPrivilegeEscalation: false"],
    ["runAsUser 0", "pod-run-as-non-root", "advisory", (c) => (sc(c).runAsUser = 0), ".securityContext.runAsUser",
        "expected a non-zero user ID, or unset; found 0 (root). Fix: set runAsUser to the image's non-root user ID"],
    ["no capability dropped", "pod-drop-all-capabilities", "advisory", (c) => delete caps(c).drop, ".securityContext.capabilities.drop",
        "expected a list that includes ALL; found none. Fix: set capabilities.drop: [ALL]"],
    ["CHOWN added", "pod-drop-all-capabilities", "advisory", (c) => (caps(c).add = ["CHOWN"]), ".securityContext.capabilities.add",
        "expected at most NET_BIND_SERVICE; found CHOWN. Fix: remove CHOWN from capabilities.add"],
    ["an image from Docker Hub", "image-from-harbor", "mandatory", (c) => (c.image = "nginx:1.25.3"), ".image",
        `expected an image from ${HARBOR} (${HARBOR}/<project>/<name>:<tag>); found nginx:1.25.3 (registry docker.io). Fix: push the image to a Harbor project, or pull it through Harbor's proxy cache: ${HARBOR}/<proxy-cache project>/library/nginx`],
    ["the latest tag", "image-tag-pinned", "mandatory", (c) => (c.image = `${HARBOR}/shop/web:latest`), ".image",
        `expected an explicit tag other than latest, or a digest; found ${HARBOR}/shop/web:latest (tag latest). Fix: pin a version, e.g. ${HARBOR}/shop/web:1.2.3, or a digest (@sha256:...)`],
    ["no tag", "image-tag-pinned", "mandatory", (c) => (c.image = `${HARBOR}/shop/web`), ".image",
        `expected an explicit tag other than latest, or a digest; found ${HARBOR}/shop/web (no tag: the runtime pulls latest). Fix: pin a version, e.g. ${HARBOR}/shop/web:1.2.3, or a digest (@sha256:...)`],
];

const APPARMOR = "container.apparmor.security.beta.kubernetes.io/web";
const podSc = (pod: Obj): Obj => pod.securityContext as Obj;
/** [case, policy, level, change to the pod spec and pod metadata, field under the pod spec's path (or the metadata's, for ^), expected/found/fix]. */
const POD_CASES: [string, string, string, (pod: Obj, meta: Obj) => void, string, string][] = [
    ["hostNetwork", "pod-no-host-namespaces", "mandatory", (pod) => (pod.hostNetwork = true), ".hostNetwork",
        "expected false or unset; found true. Fix: expose the workload through a Service (NodePort or intranet LoadBalancer) instead of the node's network"],
    ["hostPID", "pod-no-host-namespaces", "mandatory", (pod) => (pod.hostPID = true), ".hostPID",
        "expected false or unset; found true. Fix: remove it; a workload must not see or signal the node's processes"],
    ["hostIPC", "pod-no-host-namespaces", "mandatory", (pod) => (pod.hostIPC = true), ".hostIPC",
        "expected false or unset; found true. Fix: remove it; share memory between containers of the pod with an emptyDir (medium: Memory)"],
    ["a hostPath volume", "pod-no-host-path", "mandatory", (pod) => (pod.volumes = [{ name: "logs", hostPath: { path: "/var/log" } }]), ".volumes[0].hostPath",
        "expected no hostPath volume; found hostPath /var/log (volume logs). Fix: use an emptyDir, a configMap or secret, or a PersistentVolumeClaim (disk-essd, or a NAS class for shared files)"],
    ["an unsafe sysctl", "pod-safe-sysctls", "mandatory", (pod) => (podSc(pod).sysctls = [{ name: "kernel.msgmax", value: "65536" }]), ".securityContext.sysctls[0].name",
        `expected a safe sysctl (kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, net.ipv4.ip_unprivileged_port_start, net.ipv4.tcp_syncookies, net.ipv4.ping_group_range, net.ipv4.ip_local_reserved_ports, net.ipv4.tcp_keepalive_time, net.ipv4.tcp_fin_timeout, net.ipv4.tcp_keepalive_intvl, net.ipv4.tcp_keepalive_probes); found kernel.msgmax. Fix: remove the sysctl; a node-level setting belongs to the node pool, agreed with the platform team`],
    ["an SELinux user on the pod", "pod-no-selinux-override", "mandatory", (pod) => (podSc(pod).seLinuxOptions = { user: "system_u" }), ".securityContext.seLinuxOptions.user",
        "expected unset; found system_u. Fix: remove seLinuxOptions.user"],
    ["AppArmor Unconfined on the pod", "pod-apparmor-allowed", "mandatory", (pod) => (podSc(pod).appArmorProfile = { type: "Unconfined" }), ".securityContext.appArmorProfile.type",
        "expected RuntimeDefault or Localhost; found Unconfined. Fix: set appArmorProfile.type: RuntimeDefault"],
    ["an unconfined AppArmor annotation", "pod-apparmor-allowed", "mandatory", (_pod, meta) => (meta.annotations = { [APPARMOR]: "unconfined" }), `^.annotations["${APPARMOR}"]`,
        "expected runtime/default or localhost/<profile>; found unconfined. Fix: set it to runtime/default, or better, set securityContext.appArmorProfile.type: RuntimeDefault and drop the annotation"],
    ["seccomp Unconfined on the pod", "pod-no-unconfined-seccomp", "mandatory", (pod) => (podSc(pod).seccompProfile = { type: "Unconfined" }), ".securityContext.seccompProfile.type",
        "expected RuntimeDefault or Localhost; found Unconfined. Fix: set seccompProfile.type: RuntimeDefault"],
    ["runAsUser 0 on the pod", "pod-run-as-non-root", "advisory", (pod) => (podSc(pod).runAsUser = 0), ".securityContext.runAsUser",
        "expected a non-zero user ID, or unset; found 0 (root). Fix: set runAsUser to the image's non-root user ID"],
    ["an NFS volume", "pod-restricted-volume-types", "advisory", (pod) => (pod.volumes = [{ name: "share", nfs: { server: "nas.example", path: "/share" } }]), ".volumes[0].nfs",
        "expected a volume of type configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected, secret; found nfs (volume share). Fix: use a persistentVolumeClaim (on nas-general or a nas-extreme-<zone> class) for shared or lasting data, emptyDir for scratch space, configMap or secret for files"],
    ["a gitRepo volume after an allowed one", "pod-restricted-volume-types", "advisory", (pod) => (pod.volumes = [{ name: "tmp", emptyDir: {} }, { name: "src", gitRepo: { repository: "https://x" } }]), ".volumes[1].gitRepo",
        "expected a volume of type configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected, secret; found gitRepo (volume src). Fix: use a persistentVolumeClaim (on nas-general or a nas-extreme-<zone> class) for shared or lasting data, emptyDir for scratch space, configMap or secret for files"],
];

describe.each(POD_BEARING_KINDS)("$kind", ({ kind, podPath }) => {
    const compliant = compliantWorkload(kind);
    const metaPath = podPath.replace(/spec$/, "metadata");
    const resource = `${kind} shop/web`;

    test("the compliant fixture violates no policy of the pack", async () => {
        expect(summaries(await checkObjects([compliant]))).toEqual([]);
    });

    describe.each(["initContainers", "containers", "ephemeralContainers"])("%s[0]", (list) => {
        const path = `${podPath}.${list}[0]`;
        test.each(CONTAINER_CASES)("%s: %s", async (_case, policy, level, change, field, rest) => {
            const object = changed(compliant, (o) => change((at(o, podPath)[list] as Obj[])[0]));
            expect(summaries(await checkObjects([object]))).toEqual([`${policy} [${level}]: ${resource}: ${path}${field}: ${rest}`]);
        });

        test("runAsNonRoot false on the container, true on the pod: pod-run-as-non-root", async () => {
            const object = changed(compliant, (o) => (sc((at(o, podPath)[list] as Obj[])[0]).runAsNonRoot = false));
            expect(summaries(await checkObjects([object]))).toEqual([
                `pod-run-as-non-root [advisory]: ${resource}: ${path}.securityContext.runAsNonRoot: expected true (here, or in ${podPath}.securityContext); found false. Fix: set runAsNonRoot: true in the pod's securityContext, with an image that runs as a non-root user`,
            ]);
        });

        const needsResources = list !== "ephemeralContainers";
        test(needsResources ? "no memory limit: container-resources" : "no resources: nothing (ephemeral containers cannot have them)", async () => {
            const object = changed(compliant, (o) => delete ((at(o, podPath)[list] as Obj[])[0].resources as { limits?: Obj } | undefined)?.limits?.memory);
            const expected = `container-resources [mandatory]: ${resource}: ${path}.resources: expected requests and limits for both cpu and memory; found no limits.memory. Fix: set resources.limits.memory, sized from the container's observed usage`;
            expect(summaries(await checkObjects([object]))).toEqual(needsResources ? [expected] : []);
        });
    });

    test.each(POD_CASES)("%s: %s", async (_case, policy, level, change, field, rest) => {
        const object = changed(compliant, (o) => change(at(o, podPath), at(o, metaPath)));
        const where = field.startsWith("^") ? `${metaPath}${field.slice(1)}` : `${podPath}${field}`;
        expect(summaries(await checkObjects([object]))).toEqual([`${policy} [${level}]: ${resource}: ${where}: ${rest}`]);
    });

    test("every allowed volume type, and a volume with no source (an emptyDir), pass; a hostPath is only the baseline's", async () => {
        const allowed = ["configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret"].map((t, i) => ({ name: `v${i}`, [t]: {} }));
        const ok = changed(compliant, (o) => (at(o, podPath).volumes = [...allowed, { name: "bare" }]));
        expect(summaries(await checkObjects([ok]))).toEqual([]);
        const host = changed(compliant, (o) => (at(o, podPath).volumes = [{ name: "logs", hostPath: { path: "/var/log" } }]));
        expect(summaries(await checkObjects([host])).map((v) => v.split(" ")[0])).toEqual(["pod-no-host-path"]);
    });

    test("procMount: null is unset, not a violation", async () => {
        const object = changed(compliant, (o) => (sc((at(o, podPath).containers as Obj[])[0]).procMount = null));
        expect(summaries(await checkObjects([object]))).toEqual([]);
    });

    test("no seccomp profile on the pod: pod-seccomp-runtime-default names every container of every list", async () => {
        const object = changed(compliant, (o) => delete podSc(at(o, podPath)).seccompProfile);
        expect(summaries(await checkObjects([object]))).toEqual(
            ["initContainers", "containers", "ephemeralContainers"].map(
                (list) =>
                    `pod-seccomp-runtime-default [advisory]: ${resource}: ${podPath}.${list}[0].securityContext.seccompProfile.type: expected RuntimeDefault or Localhost (here, or in ${podPath}.securityContext); found unset on the container and the pod. Fix: set seccompProfile: { type: RuntimeDefault } in the pod's securityContext`,
            ),
        );
    });
});
