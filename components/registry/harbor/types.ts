/**
 * Harbor API v2.0 request and response bodies, transcribed from the `definitions` of the pinned swagger
 * document (reference/harbor/swagger-v2.15.2.yaml), limited to the properties this module sends or reads.
 * Property names are Harbor's (snake_case); `?` marks what the definition does not require.
 */

/** `Errors`: the body of every Harbor error response. */
export interface HarborErrors {
    errors?: { code?: string; message?: string }[];
}

/** `ProjectMetadata`: every value is a string, booleans as "true"/"false". */
export interface ProjectMetadata {
    public?: string;
    auto_scan?: string;
    retention_id?: string;
    proxy_speed_kb?: string;
    [key: string]: string | undefined;
}

/** `ProjectReq`: body of createProject and updateProject. */
export interface ProjectReq {
    project_name?: string;
    metadata?: ProjectMetadata;
    /** Bytes; -1 is unlimited. */
    storage_limit?: number;
    /** Makes the project a proxy cache of this registry endpoint. */
    registry_id?: number;
}

/** `Project`: what getProject returns. */
export interface Project {
    project_id?: number;
    name?: string;
    registry_id?: number;
    metadata?: ProjectMetadata;
}

/** `ResourceList`: quota amounts by resource name (`storage`, in bytes). */
export type ResourceList = Record<string, number>;

/** `Quota`: a project's quota, listed by listQuotas. */
export interface Quota {
    id?: number;
    hard?: ResourceList;
    used?: ResourceList;
}

/** `QuotaUpdateReq`: body of updateQuota. */
export interface QuotaUpdateReq {
    hard?: ResourceList;
}

/** `RegistryCredential`. */
export interface RegistryCredential {
    type?: string;
    access_key?: string;
    access_secret?: string;
}

/** `Registry`: body of createRegistry and what getRegistry returns (the secret then comes back masked). */
export interface Registry {
    id?: number;
    name?: string;
    type?: string;
    url?: string;
    description?: string;
    insecure?: boolean;
    credential?: RegistryCredential;
}

/** `RegistryUpdate`: body of updateRegistry; an absent property is left as it is. */
export interface RegistryUpdate {
    name?: string;
    description?: string;
    url?: string;
    credential_type?: string;
    access_key?: string;
    access_secret?: string;
    insecure?: boolean;
}

/** `Access`: one permitted action on one resource kind. */
export interface Access {
    resource?: string;
    action?: string;
    effect?: string;
}

/** `RobotPermission`: the accesses a robot has in one namespace (a project name, or `*`). */
export interface RobotPermission {
    kind?: string;
    namespace?: string;
    access?: Access[];
}

/** `RobotCreate`: body of CreateRobot. */
export interface RobotCreate {
    name?: string;
    description?: string;
    level?: string;
    disable?: boolean;
    /** Days; -1 never expires. */
    duration?: number;
    permissions?: RobotPermission[];
}

/** `Robot`: what GetRobotByID returns and the body of UpdateRobot. */
export interface Robot extends RobotCreate {
    id?: number;
    editable?: boolean;
}

/** `RobotCreated`: the only response that carries the robot's secret. */
export interface RobotCreated {
    id?: number;
    name?: string;
    secret?: string;
}

/** `ScheduleObj`. */
export interface ScheduleObj {
    type?: "Hourly" | "Daily" | "Weekly" | "Custom" | "Manual" | "None" | "Schedule";
    /** Six fields, seconds first. */
    cron?: string;
}

/** `Schedule`: body of createGCSchedule and updateGCSchedule. */
export interface Schedule {
    schedule?: ScheduleObj;
    parameters?: Record<string, unknown>;
}

/** `GCHistory`: what getGCSchedule returns; `job_parameters` is a JSON-encoded object. */
export interface GCHistory {
    id?: number;
    schedule?: ScheduleObj;
    job_parameters?: string;
}

/** `RetentionSelector`. */
export interface RetentionSelector {
    kind?: string;
    decoration?: string;
    pattern?: string;
    /** JSON-encoded, e.g. `{"untagged":true}`. */
    extras?: string;
}

/** `RetentionRule`. */
export interface RetentionRule {
    id?: number;
    priority?: number;
    disabled?: boolean;
    action?: string;
    template?: string;
    params?: Record<string, unknown>;
    tag_selectors?: RetentionSelector[];
    scope_selectors?: Record<string, RetentionSelector[]>;
}

/** `RetentionPolicy`: body of createRetention and updateRetention, and what getRetention returns. */
export interface RetentionPolicy {
    id?: number;
    algorithm?: string;
    rules?: RetentionRule[];
    trigger?: { kind?: string; settings?: Record<string, unknown>; references?: Record<string, unknown> };
    scope?: { level?: string; ref?: number };
}
