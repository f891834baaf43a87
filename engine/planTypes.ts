/**
 * The plan-file contract's types (documented in the README), in their own module so that what writes plans
 * (engine/planFile.ts) and what reads them (engine/deployTime.ts, engine/diff.ts, engine/aliases.ts ...) import
 * them without importing each other. engine/planFile.ts and engine/deployTime.ts re-export them.
 */
import type { Violation } from "./analyze";

/** The deploy-time estimate of a plan. */
export interface DeployTime {
    /** Seconds of the longest chain of dependencies: the least a `pulumi up` from scratch can take. */
    readonly criticalPathSeconds: number;
    /** Seconds if everything ran one after another. */
    readonly totalSeconds: number;
    /** The critical path, first resource first. */
    readonly criticalPath: readonly { readonly urn: string; readonly seconds: number }[];
    /**
     * Per cluster: its own chain, the longest through its resources (its component, or on its provider) and the
     * shared ones (networks, hub), ignoring waits on other clusters.
     */
    readonly clusterChains?: Readonly<Record<string, number>>;
}

/** One resource of a plan file. */
export interface PlanResource {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly parent?: string;
    readonly provider?: string;
    readonly custom: boolean;
    readonly dependencies: string[];
    /**
     * Per top-level input, the resources its value comes from (only inputs that take another resource's
     * output): a replaced resource's new id reaches these inputs. Absent when none.
     */
    readonly propertyDependencies?: Record<string, string[]>;
    readonly protect: boolean;
    /** Inputs with every secret replaced by "[secret]". */
    readonly inputs: Record<string, unknown>;
    /** Paths (`a.b[0]`) of the inputs that are secret. */
    readonly secretInputs: string[];
    /** URNs the resource was known by before (its aliases); absent when none. */
    readonly aliases?: string[];
}

/** The plan file: the contract documented in the README. */
export interface PlanFile {
    readonly stack: string;
    readonly project: string;
    readonly resources: PlanResource[];
    readonly outputs: Record<string, unknown>;
    /** Paths of the outputs that are secret (their values are "[secret]"). */
    readonly secretOutputs: string[];
    readonly policies: {
        readonly pack: string;
        readonly violations: Violation[];
        /** What app teams' exemptions (the policy configuration's `teamExemptions`) kept out, when there are any. */
        readonly exemptions?: readonly { readonly policy: string; readonly urn: string }[];
    };
    /** Deploy-time estimate of a `pulumi up` from scratch (engine/deployTime.ts). */
    readonly deploy?: DeployTime;
}
