import type { SwaggerResponse } from "../support/swaggerServer";
import type * as T from "../../components/registry/harbor/types";

/** Harbor's rules and answers that {@link FakeHarbor} shares between its handlers, as Harbor 2.x has them. */

/** An answer with Harbor's error body. */
export const err = (status: number, code: string, message: string): SwaggerResponse => ({ status, body: { errors: [{ code, message }] } });
/** 201 with the new entity's Location. */
export const created = (location: string, body?: unknown): SwaggerResponse => ({ status: 201, headers: { location }, body });
/** 200 without a body. */
export const OK: SwaggerResponse = { status: 200 };
/** Harbor's rule for robot names. */
export const NAME = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

/** What Harbor's robot handler refuses (validate() of robot.go), or undefined. */
export function robotProblem(req: T.RobotCreate, projectExists: (name: string) => boolean): string | undefined {
    if (req.level !== "system" && req.level !== "project") return `bad request error level input: ${String(req.level)}`;
    if (!(req.duration! >= -1)) return `bad request error duration input: ${String(req.duration)}`;
    if (!req.permissions?.length || req.permissions.some((p) => !p.access?.length)) return "bad request empty permission";
    const missing = req.permissions.find((p) => p.kind === "project" && p.namespace !== "*" && !projectExists(p.namespace ?? ""));
    return missing && `project ${String(missing.namespace)} not found`;
}

/** The policy Harbor gives a new proxy-cache project: keep what was pulled in the last 7 days. */
export function proxyCacheRetention(projectId: number): T.RetentionPolicy {
    const all = (decoration: string) => [{ kind: "doublestar", decoration, pattern: "**" }];
    return {
        algorithm: "or",
        rules: [{ action: "retain", template: "nDaysSinceLastPull", params: { nDaysSinceLastPull: 7 }, tag_selectors: all("matches"), scope_selectors: { repository: all("repoMatches") } }],
        trigger: { kind: "Schedule", settings: { cron: "0 0 0 * * *" } },
        scope: { level: "project", ref: projectId },
    };
}

/** The object without its undefined properties (Harbor's update handlers skip absent fields). */
export function defined<V extends object>(o: V): Partial<V> {
    return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<V>;
}
