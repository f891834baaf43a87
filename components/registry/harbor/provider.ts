/**
 * The dynamic provider of every Harbor entity kind, over Harbor's REST API. One provider object for all
 * kinds, each resource naming its kind in the input `harborKind`: Pulumi serializes each distinct provider
 * object with everything it references (an inspector walk and a parse of every function), so five objects
 * sharing the same client and desired-state modules cost five serializations of them (a fifth of a plan).
 *
 * Why dynamic providers and not `@pulumi/command` running a script: each Harbor entity becomes a Pulumi
 * resource with real create/read/update/delete. `read` lets `pulumi refresh` (and `up --refresh`) see drift
 * made in Harbor's UI, `diff` shows per field what an apply will change (and when a change needs a
 * replacement), and an entry removed from the settings is a resource removed from the program, so Pulumi
 * deletes it in Harbor. A command would rerun a whole script on any change, could not see drift, and would
 * need its own bookkeeping to delete what was removed.
 *
 * Pulumi serializes each provider object with everything it references at registration time, so this module
 * imports only the API client and the pure desired-state modules (and @pulumi/pulumi for types only).
 */
import type * as pulumi from "@pulumi/pulumi";
import { HarborClient } from "./api";
import * as D from "./desired";
import * as H from "./housekeeping";

type Props = Record<string, unknown>;
type Dyn = pulumi.dynamic.ResourceProvider;

/** What differs between kinds; the provider skeleton is shared. */
interface Kind {
    readonly fields: readonly string[];
    readonly replaceOn: readonly string[];
    /** Inputs with defaults applied, sorted where order carries no meaning. */
    normalize(news: Props): Props;
    validate(spec: Props): string[];
    /** Returns the id and the outputs beyond the inputs. */
    create(client: HarborClient, spec: Props): Promise<{ id: string; outs: Props }>;
    /** Harbor's current state in the shape of the outputs; undefined when the entity is gone. */
    read(client: HarborClient, id: string, olds: Props): Promise<Props | undefined>;
    /** Writes the changed fields; returns the outputs beyond the inputs. */
    update(client: HarborClient, id: string, olds: Props, news: Props, changed: readonly string[]): Promise<Props>;
    delete(client: HarborClient, id: string, olds: Props): Promise<void>;
}

const CONNECTION = ["harborUrl", "harborUsername", "harborPassword", "harborCa", "harborAddress"] as const;

function clientOf(p: Props): HarborClient {
    const given = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);
    return new HarborClient({ url: String(p.harborUrl), username: String(p.harborUsername), password: String(p.harborPassword), caCertPem: given(p.harborCa), address: given(p.harborAddress) });
}

function connectionOf(p: Props): Props {
    const optional = Object.fromEntries((["harborCa", "harborAddress"] as const).filter((k) => p[k] !== undefined).map((k) => [k, p[k]]));
    return { harborUrl: p.harborUrl, harborUsername: p.harborUsername, harborPassword: p.harborPassword, ...optional };
}

/** The input naming a resource's kind (a key of {@link HARBOR_KINDS}). */
export const KIND_INPUT = "harborKind";

function providerOf(kinds: Readonly<Record<string, Kind>>): Dyn {
    const kindOf = (props: Props): Kind => {
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
            const inputs = { ...news, ...kind.normalize(news) };
            return { inputs, failures: kind.validate(inputs).map((reason) => ({ property: "", reason })) };
        },
        async diff(_id: string, olds: Props, news: Props) {
            const kind = kindOf(news);
            const spec = D.diffSpec(olds, news, kind.fields, kind.replaceOn);
            // a new password, CA or address only needs recording; another Harbor means the entity is not the same one
            const connection = D.diffSpec(olds, news, CONNECTION, ["harborUrl"]);
            const replaces = [...spec.replaces, ...connection.replaces];
            // state written before the kind was an input gets it recorded (an update that calls no API)
            const unrecordedKind = olds[KIND_INPUT] !== news[KIND_INPUT];
            return { changes: unrecordedKind || spec.changed.length + connection.changed.length > 0, replaces, deleteBeforeReplace: true };
        },
        async create(inputs: Props) {
            const { id, outs } = await kindOf(inputs).create(clientOf(inputs), inputs);
            return { id, outs: { ...inputs, ...outs } };
        },
        async read(id: string, props: Props = {}) {
            const observed = await kindOf(props).read(clientOf(props), id, props);
            return observed ? { id, props: { ...connectionOf(props), [KIND_INPUT]: props[KIND_INPUT], ...observed } } : {};
        },
        async update(id: string, olds: Props, news: Props) {
            const kind = kindOf(news);
            const changed = D.changedFields(olds, news, kind.fields);
            // only the connection (a rotated admin password) or the recorded kind changed: Harbor has nothing to change
            if (changed.length === 0) return { outs: { ...olds, ...news } };
            return { outs: { ...news, ...(await kind.update(clientOf(news), id, olds, news, changed)) } };
        },
        async delete(id: string, props: Props) {
            await kindOf(props).delete(clientOf(props), id, props);
        },
    };
}

const num = (v: unknown): number => Number(v);

const projectKind: Kind = {
    fields: D.PROJECT_FIELDS,
    replaceOn: D.PROJECT_REPLACE_ON,
    normalize: (n) => ({ public: n.public ?? false, storageQuotaGiB: n.storageQuotaGiB ?? -1 }),
    validate: (s) => D.validateProject(s as unknown as D.ProjectSpec),
    async create(client, s) {
        const id = await client.createProject(D.projectCreateRequest(s as unknown as D.ProjectSpec));
        return { id: String(id), outs: { projectId: id } };
    },
    async read(client, id) {
        const project = await client.getProject(num(id));
        if (!project) return undefined;
        return { ...D.observedProject(project, await client.getProjectQuota(num(id))), projectId: num(id) };
    },
    async update(client, id, _olds, news, changed) {
        const spec = news as unknown as D.ProjectSpec;
        if (changed.includes("public")) await client.updateProject(num(id), D.projectUpdateRequest(spec));
        if (changed.includes("storageQuotaGiB")) {
            const quota = await client.getProjectQuota(num(id));
            if (quota?.id === undefined) throw new Error(`Harbor has no quota for project ${spec.name} (id ${id}) to update`);
            await client.updateQuota(quota.id, { hard: { storage: D.storageLimitBytes(spec.storageQuotaGiB) } });
        }
        return { projectId: num(id) };
    },
    delete: (client, id) => client.deleteProject(num(id)),
};

const registryKind: Kind = {
    fields: D.REGISTRY_FIELDS,
    replaceOn: D.REGISTRY_REPLACE_ON,
    normalize: (n) => ({ description: n.description ?? "", insecure: n.insecure ?? false }),
    validate: (s) => D.validateRegistry(s as unknown as D.RegistrySpec),
    async create(client, s) {
        const id = await client.createRegistry(D.registryCreateRequest(s as unknown as D.RegistrySpec));
        return { id: String(id), outs: { registryId: id } };
    },
    async read(client, id, olds) {
        const registry = await client.getRegistry(num(id));
        return registry && { ...D.observedRegistry(registry, olds.accessSecret as string | undefined), registryId: num(id) };
    },
    async update(client, id, _olds, news) {
        await client.updateRegistry(num(id), D.registryUpdateRequest(news as unknown as D.RegistrySpec));
        return { registryId: num(id) };
    },
    delete: (client, id) => client.deleteRegistry(num(id)),
};

const robotKind: Kind = {
    fields: D.ROBOT_FIELDS,
    replaceOn: D.ROBOT_REPLACE_ON,
    normalize(n) {
        const defaults = { description: n.description ?? "", disabled: n.disabled ?? false, durationDays: n.durationDays ?? -1 };
        // the whole list is unknown during a preview when it comes from a resource not yet created
        if (n.projects !== undefined && !Array.isArray(n.projects)) return { ...defaults, grants: D.UNKNOWN };
        const projects = [...new Set((n.projects ?? []) as string[])].sort();
        return { ...defaults, projects, grants: projects.includes(D.UNKNOWN) ? D.UNKNOWN : D.pullGrants(projects) };
    },
    validate: (s) => D.validateRobot(s as unknown as D.RobotSpec),
    async create(client, s) {
        const created = await client.createRobot(D.robotCreateRequest(s as unknown as D.RobotSpec));
        return { id: String(created.id), outs: { robotId: created.id, fullName: created.name, secret: created.secret } };
    },
    async read(client, id, olds) {
        const robot = await client.getRobot(num(id));
        if (!robot) return undefined;
        return { ...D.observedRobot(robot, String(olds.name)), robotId: num(id), fullName: robot.name, secret: olds.secret };
    },
    async update(client, id, olds, news) {
        await client.updateRobot(num(id), D.robotUpdateRequest(news as unknown as D.RobotSpec, num(id), String(olds.fullName)));
        return { robotId: num(id), fullName: olds.fullName, secret: olds.secret };
    },
    delete: (client, id) => client.deleteRobot(num(id)),
};

/** The GC schedule is one per Harbor: its id is fixed. */
const GC_ID = "gc-schedule";

const gcKind: Kind = {
    fields: H.GC_FIELDS,
    replaceOn: [],
    normalize: (n) => ({ deleteUntagged: n.deleteUntagged ?? false, workers: n.workers ?? 1 }),
    validate: (s) => H.validateGcSchedule(s as unknown as H.GcScheduleSpec),
    async create(client, s) {
        const request = H.gcScheduleRequest(s as unknown as H.GcScheduleSpec);
        // Harbor installs no schedule of its own, but one set by hand is taken over rather than duplicated
        if (H.observedGcSchedule(await client.getGcSchedule())) await client.updateGcSchedule(request);
        else await client.createGcSchedule(request);
        return { id: GC_ID, outs: {} };
    },
    read: async (client) => H.observedGcSchedule(await client.getGcSchedule()) as Props | undefined,
    async update(client, _id, _olds, news) {
        await client.updateGcSchedule(H.gcScheduleRequest(news as unknown as H.GcScheduleSpec));
        return {};
    },
    delete: (client) => client.updateGcSchedule(H.gcRemoveRequest()),
};

const retentionKind: Kind = {
    fields: H.RETENTION_FIELDS,
    replaceOn: H.RETENTION_REPLACE_ON,
    normalize: (n) => ({
        cron: n.cron ?? "0 0 0 * * *",
        rules: !Array.isArray(n.rules) ? (n.rules ?? []) : (n.rules as Props[]).map((r) => ({ ...r, repositories: r.repositories ?? "**", tags: r.tags ?? "**", untagged: r.untagged ?? true })),
    }),
    validate: (s) => H.validateRetention(s as unknown as H.RetentionSpec, `retention of project ${String(s.projectId)}`),
    async create(client, s) {
        const spec = s as unknown as H.RetentionSpec;
        const project = await client.getProject(spec.projectId);
        if (!project) throw new Error(`Harbor has no project with id ${spec.projectId} to attach a retention policy to`);
        // Harbor gives every proxy-cache project a policy of its own at creation: take it over. A retention_id
        // left pointing at a deleted policy would make Harbor refuse a new one: drop it.
        const linked = project.metadata?.retention_id ? num(project.metadata.retention_id) : undefined;
        if (linked !== undefined && (await client.getRetention(linked))) {
            await client.updateRetention(linked, H.retentionRequest(spec, linked));
            return { id: String(linked), outs: { retentionId: linked } };
        }
        if (linked !== undefined) await client.deleteProjectMetadata(spec.projectId, "retention_id");
        const id = await client.createRetention(H.retentionRequest(spec));
        return { id: String(id), outs: { retentionId: id } };
    },
    async read(client, id) {
        const policy = await client.getRetention(num(id));
        return policy && { ...H.observedRetention(policy), retentionId: num(id) };
    },
    async update(client, id, _olds, news) {
        await client.updateRetention(num(id), H.retentionRequest(news as unknown as H.RetentionSpec, num(id)));
        return { retentionId: num(id) };
    },
    async delete(client, id, olds) {
        await client.deleteRetention(num(id));
        // some Harbor versions leave retention_id behind, and a project with one refuses a new policy
        const project = await client.getProject(num(olds.projectId));
        if (project?.metadata?.retention_id === id) await client.deleteProjectMetadata(num(olds.projectId), "retention_id");
    },
};

/** The kinds, by the value of {@link KIND_INPUT}. */
const HARBOR_KINDS = {
    /** Harbor projects (ordinary and proxy cache). */
    project: projectKind,
    /** Registry endpoints, the upstreams of proxy-cache projects. */
    registry: registryKind,
    /** System-level robot accounts. */
    robot: robotKind,
    /** The garbage-collection schedule. */
    gcSchedule: gcKind,
    /** Tag-retention policies. */
    retention: retentionKind,
} as const;

/** A value of {@link KIND_INPUT}. */
export type HarborKind = keyof typeof HARBOR_KINDS;

/** The one provider of every Harbor resource. */
export const harborProvider = providerOf(HARBOR_KINDS);
