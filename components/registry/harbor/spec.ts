import type { HarborClient } from "./api";

/**
 * What every Harbor kind shares: the shape of a kind (its fields, defaults, validation and create, read,
 * update, delete over the one {@link HarborClient}), field comparison, and Harbor's own rules for names and
 * cron. Pure: the provider serializes this module with every kind (no @pulumi/pulumi at run time).
 */

/** A resource's inputs or outputs as the provider sees them. */
export type Props = Record<string, unknown>;

/** Pulumi's stand-in for a value not known until an earlier resource is applied (seen during preview). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** How each Harbor resource carries its connection: flat, so that exactly the password can be secret. */
export interface ConnectionProps {
    readonly harborUrl: string;
    readonly harborUsername: string;
    readonly harborPassword: string;
    /** The CA certificate (PEM) Harbor is verified against. */
    readonly harborCa?: string;
    /** The address connected to instead of resolving the URL's name. */
    readonly harborAddress?: string;
}

/**
 * One Harbor entity kind, as a provider implements a resource (goharbor/terraform-provider-harbor: a file per
 * resource with its schema, defaults and CRUD over a shared client): `S` is its desired state.
 */
export interface Kind<S extends object> {
    /** Compared fields. */
    readonly fields: readonly (keyof S & string)[];
    /** Of those, the ones Harbor cannot change in place. */
    readonly replaceOn: readonly (keyof S & string)[];
    /** The desired state from a resource's inputs, with the kind's defaults (values not known yet pass through). */
    parse(props: Props): S;
    /** Problems with a desired state, as sentences; empty when Harbor would accept it. */
    validate(spec: S): string[];
    /** Creates the entity; returns its id and the outputs beyond the inputs. */
    create(client: HarborClient, spec: S): Promise<{ id: string; outs: Props }>;
    /** Harbor's current state in the shape of the outputs; undefined when the entity is gone. */
    read(client: HarborClient, id: string, olds: Props): Promise<Props | undefined>;
    /** Writes the changed fields; returns the outputs beyond the inputs. */
    update(client: HarborClient, id: string, olds: Props, news: S, changed: readonly string[]): Promise<Props>;
    delete(client: HarborClient, id: string, olds: Props): Promise<void>;
}

/**
 * An input's value, or `fallback` when it is absent. The one place inputs get their types: the provider's
 * `check` validates every parsed state before Harbor sees it, and a value not known yet (UNKNOWN) passes through.
 */
export function input<T>(props: Props, key: string, fallback: T): T {
    const v = props[key];
    return (v === undefined || v === null ? fallback : v) as T;
}

/** {@link UNKNOWN} where a value of type `T` belongs (a preview's stand-in for a value not known yet). */
export function unknownValue<T>(): T {
    // the one place a stand-in takes a value's type: check() validates nothing it cannot know yet
    return UNKNOWN as unknown as T;
}

/** An id (Harbor's are numbers) from Pulumi's string id. */
export const num = (v: unknown): number => Number(v);

/** JSON with sorted keys, so that two equal states print the same. */
export function canonical(value: unknown): string {
    return JSON.stringify(value, (_k, v: unknown) =>
        v && typeof v === "object" && !Array.isArray(v)
            ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
            : v,
    );
}

/** The fields whose values differ; a value still unknown on the new side counts as changed. */
export function changedFields<S extends object>(olds: S, news: S, fields: readonly (keyof S & string)[]): string[] {
    const unknown = (v: unknown): boolean => canonical(v)?.includes(UNKNOWN) ?? false;
    return fields.filter((f) => unknown(news[f]) || canonical(olds[f] ?? null) !== canonical(news[f] ?? null));
}

/** What an apply must do to bring an entity from its recorded state to the desired one. */
export interface SpecDiff {
    /** Fields that differ. */
    readonly changed: string[];
    /** Of those, the ones Harbor cannot change in place: the entity must be deleted and created again. */
    readonly replaces: string[];
}

/** The {@link SpecDiff} of two states, comparing `fields`, of which `replaceOn` cannot change in place. */
export function diffSpec(olds: object, news: object, fields: readonly string[], replaceOn: readonly string[]): SpecDiff {
    const changed = changedFields(olds as Record<string, unknown>, news as Record<string, unknown>, fields);
    return { changed, replaces: changed.filter((f) => replaceOn.includes(f)) };
}

/** Harbor's rule for project and robot names. */
export const HARBOR_NAME = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

/** Harbor's cron: six fields, seconds first (`0 0 3 * * 6` is Saturdays 03:00:00). */
export function validateCron(cron: string, what: string): string[] {
    if (cron === UNKNOWN) return [];
    const fields = cron.trim().split(/\s+/);
    if (fields.length !== 6 || !fields.every((f) => /^[0-9A-Za-z*?/,\-LW#]+$/.test(f))) {
        return [`${what}: cron must have six fields, seconds first (e.g. "0 0 3 * * 6"), found "${cron}"`];
    }
    return [];
}
