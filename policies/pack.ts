import { EnforcementLevel, Policies } from "@pulumi/policy";
import { clusterPolicies } from "./clusters";
import { networkPolicies } from "./network";
import { nodePolicies } from "./nodes";
import { servicePolicies } from "./services";

/** The pack's name, as `pulumi preview --policy-pack policies` reports it. */
export const PACK_NAME = "platform-policies";
/** Level for policies that set none (each policy here sets its own). */
export const PACK_ENFORCEMENT_LEVEL: EnforcementLevel = "advisory";

/** Every policy of the pack, in report order. */
export const policies: Policies = [...networkPolicies, ...nodePolicies, ...clusterPolicies, ...servicePolicies];
