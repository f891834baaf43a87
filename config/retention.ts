/**
 * Thanos Compactor retention per resolution (`platform:observability.metricsRetention`): raw data must live at least
 * 2 days (the Compactor downsamples blocks older than 40 hours), and a coarser resolution must not be kept for less
 * time than a finer one (it would be deleted while the finer data it summarises still exists, which is useless).
 * The settings check it before anything is declared; the Thanos component checks its arguments with the same rule.
 */

/** How long each resolution is kept: `30d`, `12w`, `1y`. */
export interface MetricsRetention {
    readonly raw: string;
    readonly fiveMinutes: string;
    readonly oneHour: string;
}

const DAYS_PER_UNIT: Readonly<Record<string, number>> = { d: 1, w: 7, y: 365 };

/** `30d` -> 30, `12w` -> 84, `1y` -> 365; undefined for anything else. */
export function retentionDays(value: string): number | undefined {
    const m = /^(\d+)([dwy])$/.exec(value);
    return m ? Number(m[1]) * DAYS_PER_UNIT[m[2]] : undefined;
}

/** One thing wrong with a retention: the resolution's key, what it must be, what it is, and how to fix it. */
export interface RetentionIssue {
    readonly key: keyof MetricsRetention;
    readonly expected: string;
    readonly found: string;
    readonly fix: string;
}

/** What is wrong with a retention; empty when it is fine. */
export function retentionIssues(r: MetricsRetention): RetentionIssue[] {
    const raw = retentionDays(r.raw);
    const five = retentionDays(r.fiveMinutes);
    const hour = retentionDays(r.oneHour);
    const issues: RetentionIssue[] = [];
    for (const [key, value, days] of [["raw", r.raw, raw], ["fiveMinutes", r.fiveMinutes, five], ["oneHour", r.oneHour, hour]] as const) {
        if (days === undefined) issues.push({ key, expected: "a duration such as 30d, 12w or 1y", found: JSON.stringify(value), fix: "write a number and d, w or y" });
    }
    if (raw !== undefined && raw < 2) issues.push({ key: "raw", expected: "at least 2d (blocks are downsampled after 40 hours)", found: r.raw, fix: "keep raw data 2d or more" });
    if (raw !== undefined && five !== undefined && five < raw) {
        issues.push({ key: "fiveMinutes", expected: `at least raw (${r.raw}): the 5-minute data summarises the raw`, found: r.fiveMinutes, fix: `keep fiveMinutes at least ${r.raw}, or raw shorter` });
    }
    if (five !== undefined && hour !== undefined && hour < five) {
        issues.push({ key: "oneHour", expected: `at least fiveMinutes (${r.fiveMinutes}): the 1-hour data summarises the 5-minute`, found: r.oneHour, fix: `keep oneHour at least ${r.fiveMinutes}, or fiveMinutes shorter` });
    }
    return issues;
}
