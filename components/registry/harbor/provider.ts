/**
 * The dynamic provider of every Harbor entity kind, over Harbor's REST API. One provider object for all
 * kinds, each resource naming its kind in the input `harborKind`: Pulumi serializes each distinct provider
 * object with everything it references (an inspector walk and a parse of every function), so five objects
 * sharing the same client and kind modules cost five serializations of them (a fifth of a plan).
 *
 * Each kind lives in a file of its own (project.ts, registry.ts, robot.ts, retention.ts, gcSchedule.ts: its
 * state, defaults, rules and create, read, update, delete) over the one client (api.ts), as real providers
 * are organised; this file is the skeleton they share: check, diff, and the connection.
 *
 * Why dynamic providers and not `@pulumi/command` running a script: each Harbor entity becomes a Pulumi
 * resource with real create/read/update/delete. `read` lets `pulumi refresh` (and `up --refresh`) see drift
 * made in Harbor's UI, `diff` shows per field what an apply will change (and when a change needs a
 * replacement), and an entry removed from the settings is a resource removed from the program, so Pulumi
 * deletes it in Harbor. A command would rerun a whole script on any change, could not see drift, and would
 * need its own bookkeeping to delete what was removed.
 *
 * Pulumi serializes each provider object with everything it references at registration time, so this module
 * imports only the API client and the pure kind modules (and @pulumi/pulumi for types only).
 */
import type * as pulumi from "@pulumi/pulumi";
import { HarborClient } from "./api";
import { gcScheduleKind } from "./gcSchedule";
import { projectKind } from "./project";
import { registryKind } from "./registry";
import { retentionKind } from "./retention";
import { robotKind } from "./robot";
import { Kind, Props, changedFields, diffSpec } from "./spec";

type Dyn = pulumi.dynamic.ResourceProvider;

/** The inputs of the connection every Harbor resource carries; only `harborUrl` names another Harbor. */
const CONNECTION = ["harborUrl", "harborUsername", "harborPassword", "harborCa", "harborAddress"] as const;
const OPTIONAL_CONNECTION = ["harborCa", "harborAddress"] as const;

/** The one client of a resource's connection: the CA it verifies Harbor against, the address it connects to. */
function clientOf(p: Props): HarborClient {
    const given = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);
    return new HarborClient({ url: String(p.harborUrl), username: String(p.harborUsername), password: String(p.harborPassword), caCertPem: given(p.harborCa), address: given(p.harborAddress) });
}

function connectionOf(p: Props): Props {
    const optional = Object.fromEntries(OPTIONAL_CONNECTION.filter((k) => p[k] !== undefined).map((k) => [k, p[k]]));
    return { harborUrl: p.harborUrl, harborUsername: p.harborUsername, harborPassword: p.harborPassword, ...optional };
}

/** The input naming a resource's kind (a key of {@link HARBOR_KINDS}). */
export const KIND_INPUT = "harborKind";

/** A kind whose state type the skeleton does not need to know (each kind's own file types it). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyKind = Kind<any>;

function providerOf(kinds: Readonly<Record<string, AnyKind>>): Dyn {
    const kindOf = (props: Props): AnyKind => {
        const kind = kinds[String(props[KIND_INPUT])];
        if (!kind) throw new Error(`a Harbor resource needs ${KIND_INPUT} (one of ${Object.keys(kinds).join(", ")}); found ${JSON.stringify(props[KIND_INPUT])}`);
        return kind;
    };
    return {
        async check(_olds: Props, news: Props) {
            if (!(String(news[KIND_INPUT]) in kinds)) {
                return { inputs: news, failures: [{ property: KIND_INPUT, reason: `expected one of ${Object.keys(kinds).join(", ")}; found ${JSON.stringify(news[KIND_INPUT])}` }] };
            }
            const kind = kindOf(news);
            const spec = kind.parse(news);
            return { inputs: { ...news, ...spec }, failures: kind.validate(spec).map((reason) => ({ property: "", reason })) };
        },
        async diff(_id: string, olds: Props, news: Props) {
            const kind = kindOf(news);
            const spec = diffSpec(olds, news, kind.fields, kind.replaceOn);
            // a new password, CA or address only needs recording; another Harbor means the entity is not the same one
            const connection = diffSpec(olds, news, CONNECTION, ["harborUrl"]);
            const replaces = [...spec.replaces, ...connection.replaces];
            // state written before the kind was an input gets it recorded (an update that calls no API)
            const unrecordedKind = olds[KIND_INPUT] !== news[KIND_INPUT];
            return { changes: unrecordedKind || spec.changed.length + connection.changed.length > 0, replaces, deleteBeforeReplace: true };
        },
        async create(inputs: Props) {
            const kind = kindOf(inputs);
            const { id, outs } = await kind.create(clientOf(inputs), kind.parse(inputs));
            return { id, outs: { ...inputs, ...outs } };
        },
        async read(id: string, props: Props = {}) {
            const observed = await kindOf(props).read(clientOf(props), id, props);
            return observed ? { id, props: { ...connectionOf(props), [KIND_INPUT]: props[KIND_INPUT], ...observed } } : {};
        },
        async update(id: string, olds: Props, news: Props) {
            const kind = kindOf(news);
            const changed = changedFields(olds, news, kind.fields);
            // only the connection (a rotated admin password) or the recorded kind changed: Harbor has nothing to change
            if (changed.length === 0) return { outs: { ...olds, ...news } };
            return { outs: { ...news, ...(await kind.update(clientOf(news), id, olds, kind.parse(news), changed)) } };
        },
        async delete(id: string, props: Props) {
            await kindOf(props).delete(clientOf(props), id, props);
        },
    };
}

/** The kinds, by the value of {@link KIND_INPUT}. */
const HARBOR_KINDS = {
    /** Harbor projects (ordinary and proxy cache). */
    project: projectKind,
    /** Registry endpoints, the upstreams of proxy-cache projects. */
    registry: registryKind,
    /** System-level robot accounts. */
    robot: robotKind,
    /** The garbage-collection schedule. */
    gcSchedule: gcScheduleKind,
    /** Tag-retention policies. */
    retention: retentionKind,
} as const;

/** A value of {@link KIND_INPUT}. */
export type HarborKind = keyof typeof HARBOR_KINDS;

/** The one provider of every Harbor resource. */
export const harborProvider = providerOf(HARBOR_KINDS);
