import { Kind, input, validateCron } from "./spec";
import type * as T from "./types";

/** Harbor's garbage-collection schedule (one per Harbor): its state, defaults, rules and CRUD. */

/** The garbage-collection schedule. */
export interface GcScheduleSpec {
    /** Six-field cron. */
    readonly cron: string;
    /** Also delete artifacts that have no tag. */
    readonly deleteUntagged: boolean;
    /** Parallel GC workers, 1 to 5. */
    readonly workers: number;
}

/** Compared fields of the GC schedule. */
export const GC_FIELDS = ["cron", "deleteUntagged", "workers"] as const;

/** Problems with the GC schedule; empty when it is valid. */
export function validateGcSchedule(gc: GcScheduleSpec): string[] {
    const problems = validateCron(gc.cron, "gc schedule");
    if (!(Number.isInteger(gc.workers) && gc.workers >= 1 && gc.workers <= 5)) problems.push(`gc schedule: workers must be 1 to 5, found ${gc.workers}`);
    return problems;
}

/** The body of createGCSchedule/updateGCSchedule. */
export function gcScheduleRequest(gc: GcScheduleSpec): T.Schedule {
    return { schedule: { type: "Custom", cron: gc.cron }, parameters: { delete_untagged: gc.deleteUntagged, workers: gc.workers } };
}

/** The body that removes the schedule. Harbor writes into `parameters`, so it must be present. */
export function gcRemoveRequest(): T.Schedule {
    return { schedule: { type: "None" }, parameters: {} };
}

/** The schedule as Harbor reports it; undefined when there is none. */
export function observedGcSchedule(h: T.GCHistory | undefined): GcScheduleSpec | undefined {
    const type = h?.schedule?.type;
    if (!h || !type || type === "None" || type === "Manual") return undefined;
    let params: Record<string, unknown> = {};
    try {
        params = JSON.parse(h.job_parameters ?? "{}") as Record<string, unknown>;
    } catch {
        // unreadable parameters read as defaults, which then differ from the desired ones and get rewritten
    }
    return { cron: h.schedule?.cron ?? "", deleteUntagged: params.delete_untagged === true, workers: Number(params.workers ?? 1) };
}

/** The GC schedule's defaults: tagged artifacts only, one worker. */
export const GC_DEFAULTS = { deleteUntagged: false, workers: 1 } as const;

/** The GC schedule is one per Harbor: its id is fixed. */
const GC_ID = "gc-schedule";

/** The GC schedule kind of the Harbor provider. */
export const gcScheduleKind: Kind<GcScheduleSpec> = {
    fields: GC_FIELDS,
    replaceOn: [],
    parse: (p) => ({ cron: input(p, "cron", ""), deleteUntagged: input(p, "deleteUntagged", GC_DEFAULTS.deleteUntagged), workers: input(p, "workers", GC_DEFAULTS.workers) }),
    validate: validateGcSchedule,
    async create(client, spec) {
        const request = gcScheduleRequest(spec);
        // Harbor installs no schedule of its own, but one set by hand is taken over rather than duplicated
        if (observedGcSchedule(await client.getGcSchedule())) await client.updateGcSchedule(request);
        else await client.createGcSchedule(request);
        return { id: GC_ID, outs: {} };
    },
    async read(client) {
        const observed = observedGcSchedule(await client.getGcSchedule());
        return observed && { ...observed };
    },
    async update(client, _id, _olds, spec) {
        await client.updateGcSchedule(gcScheduleRequest(spec));
        return {};
    },
    delete: (client) => client.updateGcSchedule(gcRemoveRequest()),
};
