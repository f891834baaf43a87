import { PolicyResource, StackValidationArgs } from "@pulumi/policy";
import { parseConventions, readConventionsFile } from "../config/load";
import { PlatformConventions } from "../config/schema";

let conventions: PlatformConventions | undefined;

/** The platform conventions (config/platform.yaml): the defaults of the policies' configuration. */
export function platformConventions(): PlatformConventions {
    conventions ??= parseConventions(readConventionsFile());
    return conventions;
}

/** The parts of a violation message: which resource, which field, expected, found, how to fix. */
export interface ViolationParts {
    readonly resource: string;
    readonly field: string;
    readonly expected: string;
    readonly found: string;
    readonly fix: string;
}

/** One message layout for every policy, so a reader always finds the same five things in the same place. */
export function violation(parts: ViolationParts): string {
    return `${parts.resource}: ${parts.field}: expected ${parts.expected}; found ${parts.found}. Fix: ${parts.fix}`;
}

/** A policy's configuration: what the pack's configuration sets, over the defaults from the conventions. */
export function configured<T extends object>(args: { getConfig<C extends object>(): C }, defaults: T): T {
    return { ...defaults, ...args.getConfig<Partial<T>>() };
}

/** Resources of one type in a stack. */
export function ofType(args: StackValidationArgs, type: string): PolicyResource[] {
    return args.resources.filter((r) => r.type === type);
}

/** The URN of the resource a property of `r` was computed from, when the engine recorded one. */
export function dependencyOf(r: PolicyResource, property: string): PolicyResource | undefined {
    return r.propertyDependencies[property]?.[0];
}
