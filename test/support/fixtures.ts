import { AnalyzedResource, Violation, analyze } from "../../engine/analyze";
import { platformPack } from "../../engine/pack";
import { Policies } from "@pulumi/policy";
import { STANDARD, cachedPlan } from "./planCache";

/**
 * The compliant fixture of policy tests: a stack exactly as the program declares it, as the analyzer saw it
 * in the stack's real plan (planned once per run: test/support/planCache.ts). A fresh copy on every call.
 */
export async function declaredStack(stack: "prod" | "nonprod" = "prod"): Promise<AnalyzedResource[]> {
    return (await cachedPlan(STANDARD[stack])).analyzed();
}

/** A deep copy, so that one test's mutation does not leak into the next. */
export function cloneResources(rs: readonly AnalyzedResource[]): AnalyzedResource[] {
    return JSON.parse(JSON.stringify(rs));
}

/** The one resource with that name. */
export function named(rs: readonly AnalyzedResource[], name: string): AnalyzedResource {
    const found = rs.filter((r) => r.name === name);
    if (found.length !== 1) throw new Error(`expected one resource named ${name}, found ${found.length}`);
    return found[0];
}

/** Sets a property on both the inputs and the outputs of a resource. */
export function setProp(r: AnalyzedResource, key: string, value: unknown): void {
    if (value === undefined) {
        delete r.inputs[key];
        delete r.outputs[key];
    } else {
        r.inputs[key] = value;
        r.outputs[key] = value;
    }
}

/** The violations of some policies (the whole pack by default) over resources. */
export async function violationsOf(rs: readonly AnalyzedResource[], policies?: Policies, policy?: string): Promise<Violation[]> {
    const pack = policies ? { ...platformPack(), policies } : platformPack();
    const vs = await analyze(pack, rs);
    return policy ? vs.filter((v) => v.policy === policy) : vs;
}
