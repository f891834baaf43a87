import { EnforcementLevel, Policies } from "@pulumi/policy";
import { calicoPolicies } from "./calico";
import { clusterPolicies } from "./clusters";
import { POLICY_GUIDANCE } from "./guidance";
import { networkPolicies } from "./network";
import { nodePolicies } from "./nodes";
import { platformServicePolicies } from "./platformServices";
import { storagePolicies } from "./storage";
import { tenancyPolicies } from "./tenancy";
import { podSecurityBaselinePolicies } from "./podSecurity";
import { podSecurityRestrictedPolicies } from "./podSecurityRestricted";
import { servicePolicies } from "./services";
import { workloadPolicies } from "./workloads";

/** The pack's name, as `pulumi preview --policy-pack policies` reports it. */
export const PACK_NAME = "platform-policies";
/** Level for policies that set none (each policy here sets its own). */
export const PACK_ENFORCEMENT_LEVEL: EnforcementLevel = "advisory";

/** Every policy of the pack, in report order, with its remediation steps from the guidance (shown by Pulumi). */
export const policies: Policies = [
    ...networkPolicies,
    ...nodePolicies,
    ...clusterPolicies,
    ...calicoPolicies,
    ...storagePolicies,
    ...platformServicePolicies,
    ...tenancyPolicies,
    ...servicePolicies,
    ...podSecurityBaselinePolicies,
    ...podSecurityRestrictedPolicies,
    ...workloadPolicies,
].map((p) => ({ ...p, remediationSteps: p.remediationSteps ?? POLICY_GUIDANCE[p.name]?.comply }));
