import { Kind, Props, input, num, validateCron } from "./spec";
import type * as T from "./types";

/** A project's tag-retention policy: its state, defaults, rules and CRUD. */

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
export const RETENTION_REPLACE_ON = ["projectId"] as const;

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

/** A policy's defaults: run daily at midnight; each rule over every repository and tag, untagged included. */
export const RETENTION_DEFAULTS = { cron: "0 0 0 * * *", rule: { repositories: "**", tags: "**", untagged: true } } as const;

/** A rule with its defaults. */
export function ruleWithDefaults(r: { readonly template: RetentionTemplate; readonly count?: number; readonly repositories?: string; readonly tags?: string; readonly untagged?: boolean }): RetentionRuleSpec {
    const d = RETENTION_DEFAULTS.rule;
    return { ...r, repositories: r.repositories ?? d.repositories, tags: r.tags ?? d.tags, untagged: r.untagged ?? d.untagged };
}

/** The retention kind of the Harbor provider. */
export const retentionKind: Kind<RetentionSpec> = {
    fields: RETENTION_FIELDS,
    replaceOn: RETENTION_REPLACE_ON,
    parse(p) {
        const rules = input<unknown>(p, "rules", []);
        return {
            projectId: input(p, "projectId", 0),
            cron: input(p, "cron", RETENTION_DEFAULTS.cron),
            // a list not known yet (preview) passes through
            rules: Array.isArray(rules) ? (rules as Props[]).map((r) => ruleWithDefaults({ ...r, template: input<RetentionTemplate>(r, "template", "always") })) : input<RetentionRuleSpec[]>(p, "rules", []),
        };
    },
    validate: (spec) => validateRetention(spec, `retention of project ${String(spec.projectId)}`),
    async create(client, spec) {
        const project = await client.getProject(spec.projectId);
        if (!project) throw new Error(`Harbor has no project with id ${spec.projectId} to attach a retention policy to`);
        // Harbor gives every proxy-cache project a policy of its own at creation: take it over. A retention_id
        // left pointing at a deleted policy would make Harbor refuse a new one: drop it.
        const linked = project.metadata?.retention_id ? num(project.metadata.retention_id) : undefined;
        if (linked !== undefined && (await client.getRetention(linked))) {
            await client.updateRetention(linked, retentionRequest(spec, linked));
            return { id: String(linked), outs: { retentionId: linked } };
        }
        if (linked !== undefined) await client.deleteProjectMetadata(spec.projectId, "retention_id");
        const id = await client.createRetention(retentionRequest(spec));
        return { id: String(id), outs: { retentionId: id } };
    },
    async read(client, id) {
        const policy = await client.getRetention(num(id));
        return policy && { ...observedRetention(policy), retentionId: num(id) };
    },
    async update(client, id, _olds, spec) {
        await client.updateRetention(num(id), retentionRequest(spec, num(id)));
        return { retentionId: num(id) };
    },
    async delete(client, id, olds) {
        await client.deleteRetention(num(id));
        // some Harbor versions leave retention_id behind, and a project with one refuses a new policy
        const project = await client.getProject(num(olds.projectId));
        if (project?.metadata?.retention_id === id) await client.deleteProjectMetadata(num(olds.projectId), "retention_id");
    },
};
