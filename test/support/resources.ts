/** Chart values split into their `resources` entries (by path) and everything else, for exact-value tests. */
type Obj = Record<string, unknown>;

/** A container's requests/limits of cpu or memory (not a claim's `requests.storage`). */
function isContainerResources(x: unknown): boolean {
    const r = x as { requests?: Obj; limits?: Obj } | null;
    return !!r && typeof r === "object" && [r.requests, r.limits].some((q) => !!q && ("cpu" in q || "memory" in q));
}

export function splitResources(values: unknown): { rest: unknown; resources: Record<string, unknown> } {
    const resources: Record<string, unknown> = {};
    const walk = (v: unknown, at: string): unknown => {
        if (Array.isArray(v)) return v.map((x, i) => walk(x, `${at}[${i}]`));
        if (v === null || typeof v !== "object") return v;
        const out: Obj = {};
        for (const [k, x] of Object.entries(v as Obj)) {
            const path = at ? `${at}.${k}` : k;
            if (k === "resources" && isContainerResources(x)) resources[path] = x;
            else out[k] = walk(x, path);
        }
        return out;
    };
    return { rest: walk(values, ""), resources };
}
