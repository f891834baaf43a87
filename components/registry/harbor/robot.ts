import { HARBOR_NAME, Kind, UNKNOWN, input, num, unknownValue } from "./spec";
import type * as T from "./types";

/** A system-level, pull-only robot account: its state, defaults, rules and CRUD. */

/** A system-level robot account that may only pull, from the listed projects. */
export interface RobotSpec {
    /** Short name; Harbor prefixes it (`robot$<name>`) and cannot rename it. */
    readonly name: string;
    readonly description: string;
    /** Projects it may pull from, sorted. */
    readonly projects: readonly string[];
    readonly disabled: boolean;
    /** Days until the secret expires; -1 never. */
    readonly durationDays: number;
    /** What it may do, one `kind/namespace:resource:action` each, sorted: derived from `projects`, or observed. */
    readonly grants: readonly string[];
}

/** Compared fields of a robot account; Harbor cannot rename a robot. */
export const ROBOT_FIELDS = ["name", "description", "disabled", "durationDays", "grants"] as const;
/** Robot fields Harbor cannot change in place. */
export const ROBOT_REPLACE_ON = ["name"] as const;

/** The grants of a pull-only robot on these projects. */
export function pullGrants(projects: readonly string[]): string[] {
    return [...new Set(projects)].map((p) => `project/${p}:repository:pull`).sort();
}

/** Problems with a robot's settings; empty when it is valid. */
export function validateRobot(r: Pick<RobotSpec, "name" | "projects" | "durationDays">): string[] {
    const problems: string[] = [];
    if (r.name !== UNKNOWN && !HARBOR_NAME.test(r.name)) problems.push(`robot name "${r.name}" is invalid: Harbor expects lowercase letters and digits, optionally separated by one of . _ -`);
    if (Array.isArray(r.projects) && r.projects.length === 0) problems.push(`robot "${r.name}": list at least one project it may pull from`);
    if (r.durationDays !== -1 && !(Number.isInteger(r.durationDays) && r.durationDays > 0)) {
        problems.push(`robot "${r.name}": durationDays must be -1 (never expires) or a whole number of days, found ${r.durationDays}`);
    }
    return problems;
}

/** The CreateRobot body: level `system`, one pull-only permission per project. */
export function robotCreateRequest(r: RobotSpec): T.RobotCreate {
    return {
        name: r.name,
        description: r.description,
        level: "system",
        disable: r.disabled,
        duration: r.durationDays,
        permissions: [...new Set(r.projects)].sort().map((p) => ({ kind: "project", namespace: p, access: [{ resource: "repository", action: "pull" }] })),
    };
}

/** The UpdateRobot body: the whole robot, under the full name Harbor gave it. */
export function robotUpdateRequest(r: RobotSpec, id: number, fullName: string): T.Robot {
    return { ...robotCreateRequest(r), id, name: fullName };
}

/** A robot as Harbor reports it, keeping the short name it was created with. */
export function observedRobot(r: T.Robot, shortName: string): RobotSpec {
    const perms = r.permissions ?? [];
    const grants = perms.flatMap((p) => (p.access ?? []).map((a) => `${p.kind}/${p.namespace}:${a.resource}:${a.action}`)).sort();
    return {
        name: shortName,
        description: r.description ?? "",
        projects: perms.filter((p) => p.kind === "project").map((p) => p.namespace ?? "").sort(),
        disabled: r.disable ?? false,
        durationDays: r.duration ?? -1,
        grants,
    };
}

/** A robot's defaults: no description, enabled, a secret that never expires. */
export const ROBOT_DEFAULTS = { description: "", disabled: false, durationDays: -1 } as const;

/** The robot kind of the Harbor provider. */
export const robotKind: Kind<RobotSpec> = {
    fields: ROBOT_FIELDS,
    replaceOn: ROBOT_REPLACE_ON,
    parse(p) {
        const base = {
            name: input(p, "name", ""),
            description: input(p, "description", ROBOT_DEFAULTS.description),
            disabled: input(p, "disabled", ROBOT_DEFAULTS.disabled),
            durationDays: input(p, "durationDays", ROBOT_DEFAULTS.durationDays),
        };
        // the whole list is unknown during a preview when it comes from a resource not yet created
        if (p.projects !== undefined && !Array.isArray(p.projects)) return { ...base, projects: input<string[]>(p, "projects", []), grants: unknownValue<string[]>() };
        const projects = [...new Set(input<string[]>(p, "projects", []))].sort();
        return { ...base, projects, grants: projects.includes(UNKNOWN) ? unknownValue<string[]>() : pullGrants(projects) };
    },
    validate: validateRobot,
    async create(client, spec) {
        const created = await client.createRobot(robotCreateRequest(spec));
        return { id: String(created.id), outs: { robotId: created.id, fullName: created.name, secret: created.secret } };
    },
    async read(client, id, olds) {
        const robot = await client.getRobot(num(id));
        if (!robot) return undefined;
        return { ...observedRobot(robot, String(olds.name)), robotId: num(id), fullName: robot.name, secret: olds.secret };
    },
    async update(client, id, olds, spec) {
        await client.updateRobot(num(id), robotUpdateRequest(spec, num(id), String(olds.fullName)));
        return { robotId: num(id), fullName: olds.fullName, secret: olds.secret };
    },
    delete: (client, id) => client.deleteRobot(num(id)),
};
