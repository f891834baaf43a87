/** Small hand-built plan files for the diff tests. */
import { PlanFile, PlanResource } from "../../engine/planFile";

export const STACK_URN = "urn:pulumi:prod::platform::pulumi:pulumi:Stack::platform-prod";

/** The URN of a component of the prod stack, as a parent. */
export function componentUrn(type: string, name: string): string {
    return `urn:pulumi:prod::platform::${type}::${name}`;
}

/** A resource of the prod stack; `parent` is a component URN made by {@link componentUrn}. */
export function resource(
    type: string,
    name: string,
    inputs: Record<string, unknown>,
    opts: { parent?: string; secretInputs?: string[]; stack?: string } = {},
): PlanResource {
    const stack = opts.stack ?? "prod";
    const parentType = opts.parent ? `${opts.parent.split("::")[2]}$` : "";
    return {
        urn: `urn:pulumi:${stack}::platform::${parentType}${type}::${name}`,
        type,
        name,
        parent: opts.parent ?? STACK_URN,
        custom: true,
        dependencies: [],
        protect: false,
        inputs,
        secretInputs: opts.secretInputs ?? [],
    };
}

/** A plan file holding `resources`. */
export function plan(resources: PlanResource[], stack = "prod"): PlanFile {
    return {
        stack,
        project: "platform",
        resources,
        outputs: {},
        secretOutputs: [],
        policies: { pack: "platform-policies@0.1.0", violations: [] },
    };
}
