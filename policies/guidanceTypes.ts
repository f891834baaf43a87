/**
 * The type of a policy's guidance, in its own module so that policies/guidance.ts (all the guidance) and the
 * policy modules that keep their own (policies/tenancy.ts) import it without importing each other.
 */

/** What a policy does not say itself: why it exists and how to comply. */
export interface PolicyGuidance {
    /** Why the rule exists: the risk it removes. */
    readonly why: string;
    /** How to comply, in the project's terms. */
    readonly comply: string;
}
