import { ResourceValidationPolicy } from "@pulumi/policy";
import { NAS_CLASS_SPECS } from "../components/storage/storageClasses";
import { BASELINE_CAPABILITIES } from "./podSecurity";
import { containersOf, workloadPolicy } from "./kubernetes";

/**
 * The Pod Security Standards restricted profile, beyond the baseline: advisory by default, so teams see where
 * they stand; a team (or the whole pack) can make them mandatory in the pack's configuration.
 */

export const podNoPrivilegeEscalation = workloadPolicy({
    name: "pod-no-privilege-escalation",
    description: "Containers must set securityContext.allowPrivilegeEscalation: false (restricted profile).",
    enforcementLevel: "advisory",
    check: (w, _config, report) => {
        for (const c of containersOf(w)) {
            const value = c.container.securityContext?.allowPrivilegeEscalation;
            if (value !== false) {
                report({ field: `${c.path}.securityContext.allowPrivilegeEscalation`, expected: "false", found: value === undefined ? "unset (defaults to true)" : String(value),
                    fix: "set securityContext.allowPrivilegeEscalation: false" });
            }
        }
    },
});

export const podRunAsNonRoot = workloadPolicy({
    name: "pod-run-as-non-root",
    description: "Containers must run as a non-root user: runAsNonRoot true (on the container or the pod) and never runAsUser 0 (restricted profile).",
    enforcementLevel: "advisory",
    check: (w, _config, report) => {
        const pod = w.pod.securityContext;
        if (pod?.runAsUser === 0) {
            report({ field: `${w.podPath}.securityContext.runAsUser`, expected: "a non-zero user ID, or unset", found: "0 (root)", fix: "set runAsUser to the image's non-root user ID" });
        }
        for (const c of containersOf(w)) {
            const sc = c.container.securityContext;
            const nonRoot = sc?.runAsNonRoot ?? pod?.runAsNonRoot;
            if (nonRoot !== true) {
                report({ field: `${c.path}.securityContext.runAsNonRoot`, expected: `true (here, or in ${w.podPath}.securityContext)`,
                    found: nonRoot === undefined ? "unset on the container and the pod" : String(nonRoot), fix: "set runAsNonRoot: true in the pod's securityContext, with an image that runs as a non-root user" });
            }
            if (sc?.runAsUser === 0) {
                report({ field: `${c.path}.securityContext.runAsUser`, expected: "a non-zero user ID, or unset", found: "0 (root)", fix: "set runAsUser to the image's non-root user ID" });
            }
        }
    },
});

export const podSeccompRuntimeDefault = workloadPolicy({
    name: "pod-seccomp-runtime-default",
    description: "Containers must run with a seccomp profile, RuntimeDefault or Localhost, set on the container or the pod (restricted profile).",
    enforcementLevel: "advisory",
    check: (w, _config, report) => {
        const podType = w.pod.securityContext?.seccompProfile?.type;
        for (const c of containersOf(w)) {
            // Unconfined is a baseline violation (pod-no-unconfined-seccomp); here only the missing profile
            if ((c.container.securityContext?.seccompProfile?.type ?? podType) === undefined) {
                report({ field: `${c.path}.securityContext.seccompProfile.type`, expected: `RuntimeDefault or Localhost (here, or in ${w.podPath}.securityContext)`,
                    found: "unset on the container and the pod", fix: "set seccompProfile: { type: RuntimeDefault } in the pod's securityContext" });
            }
        }
    },
});

export const podDropAllCapabilities = workloadPolicy({
    name: "pod-drop-all-capabilities",
    description: "Containers must drop ALL capabilities and add back at most NET_BIND_SERVICE (restricted profile).",
    enforcementLevel: "advisory",
    check: (w, _config, report) => {
        for (const c of containersOf(w)) {
            const caps = c.container.securityContext?.capabilities;
            if (!(caps?.drop ?? []).includes("ALL")) {
                report({ field: `${c.path}.securityContext.capabilities.drop`, expected: "a list that includes ALL", found: caps?.drop?.length ? caps.drop.join(", ") : "none",
                    fix: "set capabilities.drop: [ALL]" });
            }
            // adds beyond the baseline set are pod-baseline-capabilities' (mandatory); here the ones only restricted forbids
            const extra = (caps?.add ?? []).filter((cap) => cap !== "NET_BIND_SERVICE" && BASELINE_CAPABILITIES.includes(cap));
            if (extra.length > 0) {
                report({ field: `${c.path}.securityContext.capabilities.add`, expected: "at most NET_BIND_SERVICE", found: extra.join(", "), fix: `remove ${extra.join(", ")} from capabilities.add` });
            }
        }
    },
});

/** The volume types the restricted profile allows (Pod Security Standards, "Volume Types"). */
export const RESTRICTED_VOLUME_TYPES = ["configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret"] as const;

export const podRestrictedVolumeTypes = workloadPolicy({
    name: "pod-restricted-volume-types",
    description: `Volumes must be of the types the restricted profile allows: ${RESTRICTED_VOLUME_TYPES.join(", ")} (restricted profile).`,
    enforcementLevel: "advisory",
    check: (w, _config, report) => {
        ((w.pod.volumes ?? []) as unknown as Record<string, unknown>[]).forEach((volume, i) => {
            // a volume with no source is an emptyDir (the API server defaults it); hostPath is the baseline's (pod-no-host-path, mandatory)
            const types = Object.keys(volume).filter((k) => k !== "name" && volume[k] !== undefined && volume[k] !== null);
            const other = types.filter((t) => t !== "hostPath" && !(RESTRICTED_VOLUME_TYPES as readonly string[]).includes(t));
            for (const type of other) {
                report({ field: `${w.podPath}.volumes[${i}].${type}`, expected: `a volume of type ${RESTRICTED_VOLUME_TYPES.join(", ")}`, found: `${type} (volume ${String(volume.name)})`,
                    fix: `use a persistentVolumeClaim (on ${NAS_CLASS_SPECS.general.className} or a ${NAS_CLASS_SPECS.extreme.className}-<zone> class) for shared or lasting data, emptyDir for scratch space, configMap or secret for files` });
            }
        });
    },
});

export const podSecurityRestrictedPolicies: ResourceValidationPolicy[] = [podNoPrivilegeEscalation, podRunAsNonRoot, podSeccompRuntimeDefault, podDropAllCapabilities, podRestrictedVolumeTypes];
