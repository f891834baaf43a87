import { ResourceValidationPolicy } from "@pulumi/policy";
import { DISK_CLASS } from "../components/storage/storageClasses";
import { PodSecurityContext, SecurityContext, Workload, containersOf, workloadPolicy } from "./kubernetes";

/**
 * The Pod Security Standards baseline profile (kubernetes.io/docs/concepts/security/pod-security-standards),
 * mandatory, on every pod-bearing kind and every container list.
 */

/** Capabilities a baseline container may add. */
export const BASELINE_CAPABILITIES = [
    "AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD",
    "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT",
];
/** The namespaced sysctls the baseline calls safe. */
export const SAFE_SYSCTLS = [
    "kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.ip_unprivileged_port_start", "net.ipv4.tcp_syncookies",
    "net.ipv4.ping_group_range", "net.ipv4.ip_local_reserved_ports", "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout",
    "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes",
];
/** SELinux types the baseline allows (an empty or unset type too). */
export const ALLOWED_SELINUX_TYPES = ["container_t", "container_init_t", "container_kvm_t", "container_engine_t"];
const APPARMOR_ANNOTATION = "container.apparmor.security.beta.kubernetes.io/";

/** The pod's security context and each container's, with their paths. */
export function securityContexts(w: Workload): { path: string; sc: PodSecurityContext | SecurityContext }[] {
    const pod = w.pod.securityContext ? [{ path: `${w.podPath}.securityContext`, sc: w.pod.securityContext }] : [];
    const containers = containersOf(w).flatMap((c) => (c.container.securityContext ? [{ path: `${c.path}.securityContext`, sc: c.container.securityContext }] : []));
    return [...pod, ...containers];
}

const HOST_NAMESPACES = {
    hostNetwork: "expose the workload through a Service (NodePort or intranet LoadBalancer) instead of the node's network",
    hostPID: "remove it; a workload must not see or signal the node's processes",
    hostIPC: "remove it; share memory between containers of the pod with an emptyDir (medium: Memory)",
} as const;

export const podNoHostNamespaces = workloadPolicy({
    name: "pod-no-host-namespaces",
    description: "Pods must not share the node's network, PID or IPC namespace (hostNetwork, hostPID, hostIPC).",
    enforcementLevel: "mandatory",
    check: (w, _config, report) => {
        for (const [field, fix] of Object.entries(HOST_NAMESPACES)) {
            if (w.pod[field as keyof typeof HOST_NAMESPACES] === true) report({ field: `${w.podPath}.${field}`, expected: "false or unset", found: "true", fix });
        }
    },
});

export const podNoPrivileged = workloadPolicy({
    name: "pod-no-privileged",
    description: "Containers must not run privileged (securityContext.privileged) or as Windows HostProcess containers.",
    enforcementLevel: "mandatory",
    check: (w, _config, report) => {
        for (const c of containersOf(w)) {
            if (c.container.securityContext?.privileged === true) {
                report({ field: `${c.path}.securityContext.privileged`, expected: "false or unset", found: "true",
                    fix: "remove privileged: true; add only the capabilities the container needs, within the baseline set" });
            }
        }
        for (const { path, sc } of securityContexts(w)) {
            if (sc.windowsOptions?.hostProcess === true) {
                report({ field: `${path}.windowsOptions.hostProcess`, expected: "false or unset", found: "true", fix: "remove hostProcess: true" });
            }
        }
    },
});

export const podNoHostPath = workloadPolicy({
    name: "pod-no-host-path",
    description: "Pods must not mount hostPath volumes: they expose the node's file system.",
    enforcementLevel: "mandatory",
    check: (w, _config, report) => {
        (w.pod.volumes ?? []).forEach((v, i) => {
            if (v.hostPath) {
                report({ field: `${w.podPath}.volumes[${i}].hostPath`, expected: "no hostPath volume", found: `hostPath ${v.hostPath.path} (volume ${v.name})`,
                    fix: `use an emptyDir, a configMap or secret, or a PersistentVolumeClaim (${DISK_CLASS.className}, or a NAS class for shared files)` });
            }
        });
    },
});

export const podNoHostPorts = workloadPolicy({
    name: "pod-no-host-ports",
    description: "Containers must not bind host ports (ports[].hostPort).",
    enforcementLevel: "mandatory",
    check: (w, _config, report) => {
        for (const c of containersOf(w)) {
            (c.container.ports ?? []).forEach((p, j) => {
                if (p.hostPort !== undefined && p.hostPort !== 0) {
                    report({ field: `${c.path}.ports[${j}].hostPort`, expected: "unset or 0", found: String(p.hostPort),
                        fix: "remove hostPort and expose the port through a Service (NodePort or intranet LoadBalancer)" });
                }
            });
        }
    },
});

export const podBaselineCapabilities = workloadPolicy({
    name: "pod-baseline-capabilities",
    description: "Containers may add only the capabilities of the baseline set (AUDIT_WRITE, CHOWN, ..., SYS_CHROOT).",
    enforcementLevel: "mandatory",
    check: (w, _config, report) => {
        for (const c of containersOf(w)) {
            const extra = (c.container.securityContext?.capabilities?.add ?? []).filter((cap) => !BASELINE_CAPABILITIES.includes(cap));
            if (extra.length > 0) {
                report({ field: `${c.path}.securityContext.capabilities.add`, expected: `only capabilities of the baseline set (${BASELINE_CAPABILITIES.join(", ")})`,
                    found: extra.join(", "), fix: `remove ${extra.join(", ")} from capabilities.add` });
            }
        }
    },
});

export const podSafeSysctls = workloadPolicy({
    name: "pod-safe-sysctls",
    description: "Pods may set only the safe namespaced sysctls of the baseline profile.",
    enforcementLevel: "mandatory",
    check: (w, _config, report) => {
        (w.pod.securityContext?.sysctls ?? []).forEach((s, i) => {
            if (!SAFE_SYSCTLS.includes(s.name)) {
                report({ field: `${w.podPath}.securityContext.sysctls[${i}].name`, expected: `a safe sysctl (${SAFE_SYSCTLS.join(", ")})`, found: s.name,
                    fix: "remove the sysctl; a node-level setting belongs to the node pool, agreed with the platform team" });
            }
        });
    },
});

export const podDefaultProcMount = workloadPolicy({
    name: "pod-default-proc-mount",
    description: "Containers must keep the default /proc mount (securityContext.procMount Default).",
    enforcementLevel: "mandatory",
    check: (w, _config, report) => {
        for (const c of containersOf(w)) {
            const procMount = c.container.securityContext?.procMount;
            // null is unset (as Kubernetes and Helm treat it), not a value
            if (procMount !== undefined && procMount !== null && procMount !== "Default") {
                report({ field: `${c.path}.securityContext.procMount`, expected: "Default or unset", found: procMount, fix: "remove procMount" });
            }
        }
    },
});

export const podNoSelinuxOverride = workloadPolicy({
    name: "pod-no-selinux-override",
    description: "Pods and containers must not set a custom SELinux user or role, or a type outside the container types.",
    enforcementLevel: "mandatory",
    check: (w, _config, report) => {
        for (const { path, sc } of securityContexts(w)) {
            const se = sc.seLinuxOptions;
            if (!se) continue;
            if (se.type && !ALLOWED_SELINUX_TYPES.includes(se.type)) {
                report({ field: `${path}.seLinuxOptions.type`, expected: `unset or one of ${ALLOWED_SELINUX_TYPES.join(", ")}`, found: se.type, fix: "remove seLinuxOptions.type" });
            }
            for (const key of ["user", "role"] as const) {
                if (se[key]) report({ field: `${path}.seLinuxOptions.${key}`, expected: "unset", found: se[key], fix: `remove seLinuxOptions.${key}` });
            }
        }
    },
});

export const podAppArmorAllowed = workloadPolicy({
    name: "pod-apparmor-allowed",
    description: "AppArmor profiles may only be the runtime default or a profile loaded on the node (localhost), never unconfined.",
    enforcementLevel: "mandatory",
    check: (w, _config, report) => {
        for (const [key, value] of Object.entries(w.podAnnotations)) {
            if (key.startsWith(APPARMOR_ANNOTATION) && value !== "runtime/default" && !value.startsWith("localhost/")) {
                report({ field: `${w.podMetadataPath}.annotations["${key}"]`, expected: "runtime/default or localhost/<profile>", found: value,
                    fix: "set it to runtime/default, or better, set securityContext.appArmorProfile.type: RuntimeDefault and drop the annotation" });
            }
        }
        for (const { path, sc } of securityContexts(w)) {
            const type = sc.appArmorProfile?.type;
            if (type !== undefined && type !== "RuntimeDefault" && type !== "Localhost") {
                report({ field: `${path}.appArmorProfile.type`, expected: "RuntimeDefault or Localhost", found: type, fix: "set appArmorProfile.type: RuntimeDefault" });
            }
        }
    },
});

export const podNoUnconfinedSeccomp = workloadPolicy({
    name: "pod-no-unconfined-seccomp",
    description: "Pods and containers must not run with the Unconfined seccomp profile.",
    enforcementLevel: "mandatory",
    check: (w, _config, report) => {
        for (const { path, sc } of securityContexts(w)) {
            if (sc.seccompProfile?.type === "Unconfined") {
                report({ field: `${path}.seccompProfile.type`, expected: "RuntimeDefault or Localhost", found: "Unconfined", fix: "set seccompProfile.type: RuntimeDefault" });
            }
        }
    },
});

export const podSecurityBaselinePolicies: ResourceValidationPolicy[] = [
    podNoHostNamespaces, podNoPrivileged, podNoHostPath, podNoHostPorts, podBaselineCapabilities,
    podSafeSysctls, podDefaultProcMount, podNoSelinuxOverride, podAppArmorAllowed, podNoUnconfinedSeccomp,
];
