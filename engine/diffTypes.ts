/**
 * The types of a diff between two plans, in their own module so that engine/diff.ts (which computes a diff) and
 * engine/safety.ts (which judges one change) import them without importing each other. engine/diff.ts re-exports them.
 */

/** One input that differs between two plans. Secret values are never carried, only that they are secret. */
export interface InputChange {
    readonly path: string;
    readonly secret: boolean;
    readonly before?: unknown;
    readonly after?: unknown;
    /** For a creation's or a deletion's key input: the resources its value comes from, by name (a pool's vSwitches). */
    readonly from?: readonly string[];
}

/** What a change does to one resource. */
export type ChangeKind = "create" | "update" | "replace" | "delete";

/** One resource's change. */
export interface ResourceChange {
    readonly kind: ChangeKind;
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    /** The resource's parent component (its URN), for grouping. */
    readonly parent?: string;
    /** For updates and replacements: the inputs that changed. */
    readonly inputs: InputChange[];
    /** For replacements: the changed inputs that force it. */
    readonly replacedBy: string[];
    /**
     * Inputs that take the new id (or another output) of a resource the change replaces, and which one: the
     * resource is replaced too when such an input forces it, else updated with the new value.
     */
    readonly takesReplaced?: readonly { readonly input: string; readonly from: string }[];
    /** Changed inputs only a create applies (the provider's update never sends them): the cloud keeps the old value. */
    readonly createOnly?: readonly string[];
    /** Changed inputs the Kubernetes API server refuses to update: `pulumi up` fails on them. */
    readonly refused?: readonly string[];
    /** Why the change loses data or service (engine/safety.ts), when it does. */
    readonly danger?: string;
    /** For a renamed resource kept by an alias: its URN before. */
    readonly previousUrn?: string;
    /** A delete or replacement of a protected resource: `pulumi up` refuses it until `protect` is removed. */
    readonly protectedRefusal?: boolean;
}

/** The difference between two plans of a stack. */
export interface PlanDiff {
    readonly stack: string;
    readonly summary: Record<ChangeKind, number>;
    readonly changes: ResourceChange[];
    /** The stack outputs that change (what other stacks and people read: capacity, endpoints), secrets by path only. */
    readonly outputs?: InputChange[];
}
