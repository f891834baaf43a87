/**
 * Harbor's six-field cron (seconds first, as its scheduler, robfig/cron with seconds, reads it): the one check of
 * a schedule's shape and of each field's range, for the registry configuration and Harbor's resources.
 */
const FIELDS = [
    { name: "seconds", min: 0, max: 59 },
    { name: "minutes", min: 0, max: 59 },
    { name: "hours", min: 0, max: 23 },
    { name: "day of month", min: 1, max: 31 },
    { name: "month", min: 1, max: 12, names: ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"] },
    { name: "day of week", min: 0, max: 6, names: ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] },
] as const;

/** What is wrong with a cron expression, or undefined when Harbor can schedule it. */
export function cronProblem(cron: string): string | undefined {
    const parts = cron.trim().split(/\s+/);
    if (parts.length !== 6) return `${parts.length} field(s); a schedule has six, seconds first (e.g. 0 0 3 * * 6: Saturdays at 03:00)`;
    for (let i = 0; i < 6; i++) {
        const f = FIELDS[i];
        const names: readonly string[] = "names" in f ? f.names : [];
        const value = (v: string) => {
            const named = names.indexOf(v.toLowerCase());
            if (named >= 0) return named + (f.min === 1 ? 1 : 0);
            return /^\d+$/.test(v) ? Number(v) : NaN;
        };
        for (const item of parts[i].split(",")) {
            const [range, step] = item.split("/");
            if (step !== undefined && !/^[1-9]\d*$/.test(step)) return `the ${f.name} field "${parts[i]}": a step is a whole number above 0`;
            if (range === "*" || range === "?") continue;
            const bounds = range.split("-");
            if (bounds.length > 2) return `the ${f.name} field "${parts[i]}": a range is two values, a-b`;
            for (const b of bounds) {
                const n = value(b);
                if (Number.isNaN(n) || n < f.min || n > f.max) return `the ${f.name} field "${parts[i]}": ${f.name} run from ${f.min} to ${f.max}`;
            }
        }
    }
    return undefined;
}
