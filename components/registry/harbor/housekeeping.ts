import { UNKNOWN } from "./desired";
import type * as T from "./types";

/**
 * Desired state of Harbor's housekeeping: the garbage-collection schedule (one per Harbor) and tag-retention
 * policies (at most one per project, linked by the project's `retention_id` metadata), with the pure
 * functions that build request bodies and read Harbor's answers back into the same shape.
 */

/** Harbor's cron: six fields, seconds first (`0 0 3 * * 6` is Saturdays 03:00:00). */
export function validateCron(cron: string, what: string): string[] {
    if (cron === UNKNOWN) return [];
    const fields = cron.trim().split(/\s+/);
    if (fields.length !== 6 || !fields.every((f) => /^[0-9A-Za-z*?/,\-LW#]+$/.test(f))) {
        return [`${what}: cron must have six fields, seconds first (e.g. "0 0 3 * * 6"), found "${cron}"`];
    }
    return [];
}

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

/** Retention rule templates (GET /retentions/metadatas): what a rule keeps. */
export const RETENTION_TEMPLATES = ["latestPushedK", "latestPulledN", "nDaysSinceLastPush", "nDaysSinceLastPull", "always"] as const;
/** `latestPushedK`: the N most recently pushed; `nDaysSinceLastPush`: pushed within N days; `always`: everything. */
export type RetentionTemplate = (typeof RETENTION_TEMPLATES)[number];

/** One retain rule: artifacts it selects and matches are kept; the rules of a policy are OR-ed. */
export interface RetentionRuleSpec {
    readonly template: RetentionTemplate;
    /** N of the template (a count or days); absent for `always`. */
    readonly count?: number;
    /** Repositories the rule applies to, doublestar pattern. */
    readonly repositories: string;
    /** Tags the rule applies to, doublestar pattern. */
    readonly tags: string;
    /** Whether untagged artifacts are selected too. */
    readonly untagged: boolean;
}

/** A project's tag-retention policy. */
export interface RetentionSpec {
    readonly projectId: number;
    /** Six-field cron of the run; "" runs only by hand. */
    readonly cron: string;
    readonly rules: readonly RetentionRuleSpec[];
}

/** Compared fields of a retention policy; it belongs to one project for good. */
export const RETENTION_FIELDS = ["projectId", "cron", "rules"] as const;
/** Retention fields that cannot change in place. */
export const RETENTION_REPLACE_ON: readonly string[] = ["projectId"];

/** Problems with a retention policy; empty when it is valid. */
export function validateRetention(r: Pick<RetentionSpec, "cron" | "rules">, what: string): string[] {
    const problems = r.cron === "" ? [] : validateCron(r.cron, what);
    if (!Array.isArray(r.rules)) return problems;
    if (r.rules.length === 0 || r.rules.length > 15) problems.push(`${what}: give 1 to 15 rules (Harbor's limit), found ${r.rules.length}`);
    r.rules.forEach((rule, i) => {
        if (!(RETENTION_TEMPLATES as readonly string[]).includes(rule.template)) {
            problems.push(`${what}: rule ${i + 1} template must be one of ${RETENTION_TEMPLATES.join(", ")}, found "${rule.template}"`);
        } else if (rule.template !== "always" && !(Number.isInteger(rule.count) && rule.count! > 0)) {
            problems.push(`${what}: rule ${i + 1} (${rule.template}) needs a whole count above 0, found ${String(rule.count)}`);
        }
    });
    return problems;
}

/** The body of createRetention/updateRetention. */
export function retentionRequest(r: RetentionSpec, id?: number): T.RetentionPolicy {
    return {
        ...(id === undefined ? {} : { id }),
        algorithm: "or",
        rules: r.rules.map((rule) => ({
            disabled: false,
            action: "retain",
            template: rule.template,
            params: rule.template === "always" ? {} : { [rule.template]: rule.count },
            tag_selectors: [{ kind: "doublestar", decoration: "matches", pattern: rule.tags, extras: JSON.stringify({ untagged: rule.untagged }) }],
            scope_selectors: { repository: [{ kind: "doublestar", decoration: "repoMatches", pattern: rule.repositories }] },
        })),
        trigger: { kind: "Schedule", settings: { cron: r.cron }, references: {} },
        scope: { level: "project", ref: r.projectId },
    };
}

/** A policy as Harbor reports it, in the shape of {@link RetentionSpec}. */
export function observedRetention(p: T.RetentionPolicy): RetentionSpec {
    return {
        projectId: p.scope?.ref ?? 0,
        cron: String(p.trigger?.settings?.cron ?? ""),
        rules: (p.rules ?? [])
            .filter((r) => !r.disabled)
            .map((r) => {
                const template = (r.template ?? "") as RetentionTemplate;
                const count = r.params?.[template];
                const tag = r.tag_selectors?.[0];
                return {
                    template,
                    ...(count === undefined ? {} : { count: Number(count) }),
                    repositories: pattern(r.scope_selectors?.repository?.[0], "repoMatches"),
                    tags: pattern(tag, "matches"),
                    untagged: parseUntagged(tag?.extras),
                };
            }),
    };
}

/** A selector's pattern; one that excludes instead of matching reads as a different pattern, so it shows as drift. */
function pattern(s: T.RetentionSelector | undefined, decoration: string): string {
    if (!s) return "";
    return s.decoration === decoration ? (s.pattern ?? "") : `${s.decoration ?? "?"}:${s.pattern ?? ""}`;
}

function parseUntagged(extras: string | undefined): boolean {
    try {
        return (JSON.parse(extras ?? "{}") as { untagged?: unknown }).untagged === true;
    } catch {
        return false;
    }
}
