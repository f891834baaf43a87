import { referenceFile } from "../../engine/reference/paths";
import { SwaggerRequest, SwaggerResponse, SwaggerServer, SwaggerSpec, startSwaggerServer } from "../support/swaggerServer";
import type * as T from "../../components/registry/harbor/types";
import { NAME, OK, created, defined, err, proxyCacheRetention, robotProblem } from "./fakeHarborRules";

/** The pinned Harbor API spec. */
export const HARBOR_SPEC = referenceFile("harbor", "swagger-v2.15.2.yaml");

/** The fake's administrator login. */
export const ADMIN = { username: "admin", password: "S3cret-Harbor-Admin!" };

// parsing the 10,000-line spec takes a while: once per test file
let spec: SwaggerSpec | undefined;

type Meta = Record<string, string>;
interface Proj { project_id: number; name: string; registry_id?: number; metadata: Meta; repo_count: number }
type Reg = T.Registry & { id: number };
type Bot = T.Robot & { id: number; secret: string };
type Handler = (r: SwaggerRequest) => SwaggerResponse;

/**
 * Harbor's behaviour, in memory, for the operations the platform uses, as Harbor 2.x's handlers do it:
 * ids, 201 with Location, 409 on a duplicate name, 404 on a missing entity, Harbor's error body, masked
 * registry secrets, the default retention policy of a proxy-cache project and Harbor's quirks (a missing
 * retention policy answers 500/400, GC parameters must be present). Tests change the state directly to
 * simulate drift, and {@link failNext} injects an error.
 */
export class FakeHarbor {
    readonly projects = new Map<number, Proj>();
    readonly quotas = new Map<number, { id: number; projectId: number; storage: number }>();
    readonly registries = new Map<number, Reg>();
    readonly robots = new Map<number, Bot>();
    readonly retentions = new Map<number, T.RetentionPolicy>();
    gc: { type: string; cron: string; params: Record<string, unknown> } | undefined;
    private seq = 0;
    private readonly failures = new Map<string, SwaggerResponse>();

    /** The next call of this operation answers with this Harbor error. */
    failNext(operationId: string, status: number, code: string, message: string): void {
        this.failures.set(operationId, err(status, code, message));
    }

    /** The project with this name. */
    project(name: string): Proj | undefined {
        return [...this.projects.values()].find((p) => p.name === name);
    }

    /** Serves this fake behind the swagger validator. */
    async serve(): Promise<SwaggerServer> {
        spec ??= new SwaggerSpec(HARBOR_SPEC);
        return startSwaggerServer(spec, (r) => this.handle(r));
    }

    private handle(r: SwaggerRequest): SwaggerResponse {
        const auth = String(r.headers.authorization ?? "");
        if (auth !== `Basic ${Buffer.from(`${ADMIN.username}:${ADMIN.password}`).toString("base64")}`) return err(401, "UNAUTHORIZED", "unauthorized");
        const failure = this.failures.get(r.operationId);
        if (failure) {
            this.failures.delete(r.operationId);
            return failure;
        }
        const handler = this.handlers[r.operationId];
        return handler ? handler(r) : err(500, "UNKNOWN", `the fake does not implement ${r.operationId}`);
    }

    private id = (r: SwaggerRequest, name: string): number => Number(r.pathParams[name]);
    private next = (): number => ++this.seq;

    private projectOf(r: SwaggerRequest): Proj | undefined {
        const key = decodeURIComponent(r.pathParams.project_name_or_id);
        const byName = r.headers["x-is-resource-name"] === "true" || !/^\d+$/.test(key);
        return byName ? this.project(key) : this.projects.get(Number(key));
    }

    private readonly handlers: Record<string, Handler> = {
        createProject: (r) => {
            const req = r.body as T.ProjectReq;
            const name = req.project_name ?? "";
            if (this.project(name)) return err(409, "CONFLICT", `The project named ${name} already exists`);
            if (req.metadata?.retention_id) return err(400, "BAD_REQUEST", "the retention_id in the request's payload when creating a project should be omitted");
            if (req.registry_id !== undefined && !this.registries.has(req.registry_id)) return err(400, "BAD_REQUEST", `registry ${req.registry_id} not found`);
            const p: Proj = { project_id: this.next(), name, registry_id: req.registry_id, metadata: { public: "false", ...(req.metadata as Meta) }, repo_count: 0 };
            this.projects.set(p.project_id, p);
            const q = { id: this.next(), projectId: p.project_id, storage: req.storage_limit || -1 };
            this.quotas.set(q.id, q);
            if (p.registry_id !== undefined) {
                const rid = this.next();
                this.retentions.set(rid, { id: rid, ...proxyCacheRetention(p.project_id) });
                p.metadata.retention_id = String(rid);
            }
            return created(`/api/v2.0/projects/${p.project_id}`);
        },
        getProject: (r) => {
            const p = this.projectOf(r);
            if (!p) return err(404, "NOT_FOUND", `project ${r.pathParams.project_name_or_id} not found`);
            return { status: 200, body: { project_id: p.project_id, name: p.name, ...(p.registry_id ? { registry_id: p.registry_id } : {}), metadata: p.metadata, repo_count: p.repo_count, owner_name: "admin" } };
        },
        updateProject: (r) => {
            const p = this.projectOf(r);
            if (!p) return err(404, "NOT_FOUND", `project ${r.pathParams.project_name_or_id} not found`);
            const meta = (r.body as T.ProjectReq).metadata as Meta | undefined;
            if (meta?.retention_id !== undefined && meta.retention_id !== p.metadata.retention_id) return err(400, "BAD_REQUEST", "the retention_id in the request's payload when updating a project should be omitted");
            Object.assign(p.metadata, meta);
            return OK;
        },
        deleteProject: (r) => {
            const p = this.projectOf(r);
            if (!p) return err(404, "NOT_FOUND", `project ${r.pathParams.project_name_or_id} not found`);
            if (p.repo_count > 0) return err(412, "PRECONDITION", "the project contains repositories, can not be deleted");
            this.projects.delete(p.project_id);
            for (const [id, q] of this.quotas) if (q.projectId === p.project_id) this.quotas.delete(id);
            for (const [id, pol] of this.retentions) if (pol.scope?.ref === p.project_id) this.retentions.delete(id);
            return OK;
        },
        deleteProjectMetadata: (r) => {
            const p = this.projectOf(r);
            if (!p || p.metadata[r.pathParams.meta_name] === undefined) return err(404, "NOT_FOUND", "metadata not found");
            delete p.metadata[r.pathParams.meta_name];
            return OK;
        },
        listQuotas: (r) => {
            const ref = Number(r.query.get("reference_id"));
            const list = [...this.quotas.values()].filter((q) => r.query.get("reference") === "project" && q.projectId === ref);
            return { status: 200, body: list.map((q) => ({ id: q.id, ref: { id: q.projectId }, hard: { storage: q.storage }, used: { storage: 0 } })) };
        },
        updateQuota: (r) => {
            const q = this.quotas.get(this.id(r, "id"));
            if (!q) return err(404, "NOT_FOUND", "quota not found");
            const storage = (r.body as T.QuotaUpdateReq).hard?.storage;
            if (storage === undefined || (storage !== -1 && storage <= 0)) return err(400, "BAD_REQUEST", "invalid storage hard limit");
            q.storage = storage;
            return OK;
        },
        createRegistry: (r) => {
            const req = r.body as T.Registry;
            if ([...this.registries.values()].some((x) => x.name === req.name)) return err(409, "CONFLICT", `registry ${req.name} already exists`);
            const reg: Reg = { ...req, id: this.next() };
            this.registries.set(reg.id, reg);
            return created(`/api/v2.0/registries/${reg.id}`);
        },
        getRegistry: (r) => {
            const reg = this.registries.get(this.id(r, "id"));
            if (!reg) return err(404, "NOT_FOUND", `registry ${r.pathParams.id} not found`);
            const credential = reg.credential && { ...reg.credential, access_secret: "*****" };
            return { status: 200, body: { ...reg, credential, status: "healthy" } };
        },
        updateRegistry: (r) => {
            const reg = this.registries.get(this.id(r, "id"));
            if (!reg) return err(404, "NOT_FOUND", `registry ${r.pathParams.id} not found`);
            const u = r.body as T.RegistryUpdate;
            Object.assign(reg, defined({ name: u.name, description: u.description, url: u.url, insecure: u.insecure }));
            reg.credential = { ...reg.credential, ...defined({ type: u.credential_type, access_key: u.access_key, access_secret: u.access_secret }) };
            return OK;
        },
        deleteRegistry: (r) => {
            const id = this.id(r, "id");
            if (!this.registries.has(id)) return err(404, "NOT_FOUND", `registry ${id} not found`);
            if ([...this.projects.values()].some((p) => p.registry_id === id)) return err(412, "PRECONDITION", `the registry ${id} is referenced by proxy cache projects`);
            this.registries.delete(id);
            return OK;
        },
        CreateRobot: (r) => {
            const req = r.body as T.RobotCreate;
            const problem = robotProblem(req, (name) => this.project(name) !== undefined);
            if (problem) return err(400, "BAD_REQUEST", problem);
            if (!NAME.test(req.name ?? "")) return err(400, "BAD_REQUEST", "robot name is not in lower case or contains illegal characters");
            const name = `robot$${req.name}`;
            if ([...this.robots.values()].some((b) => b.name === name)) return err(409, "CONFLICT", `robot account ${name} already exists`);
            const bot: Bot = { ...req, name, id: this.next(), editable: true, secret: `Robot-secret-${this.seq}-Xy9` };
            this.robots.set(bot.id, bot);
            return created(`/api/v2.0/robots/${bot.id}`, { id: bot.id, name, secret: bot.secret, expires_at: -1 });
        },
        GetRobotByID: (r) => {
            const bot = this.robots.get(this.id(r, "robot_id"));
            if (!bot) return err(404, "NOT_FOUND", `robot ${r.pathParams.robot_id} not found`);
            const { secret: _secret, ...shown } = bot;
            return { status: 200, body: { ...shown, expires_at: -1 } };
        },
        UpdateRobot: (r) => {
            const bot = this.robots.get(this.id(r, "robot_id"));
            if (!bot) return err(404, "NOT_FOUND", `robot ${r.pathParams.robot_id} not found`);
            const req = r.body as T.Robot;
            const problem = robotProblem(req, (name) => this.project(name) !== undefined);
            if (problem) return err(400, "BAD_REQUEST", problem);
            if (req.level !== bot.level || req.name !== bot.name) return err(400, "BAD_REQUEST", "cannot update the level or name of robot");
            Object.assign(bot, { description: req.description, disable: req.disable, duration: req.duration, permissions: req.permissions });
            return OK;
        },
        DeleteRobot: (r) => (this.robots.delete(this.id(r, "robot_id")) ? OK : err(404, "NOT_FOUND", `robot ${r.pathParams.robot_id} not found`)),
        getGCSchedule: () => {
            if (!this.gc) return OK;
            const params = { ...this.gc.params, redis_url_reg: "redis://redis:6379/1", time_window: 2 };
            return { status: 200, body: { id: 1, job_name: "GARBAGE_COLLECTION", job_kind: "SCHEDULE", schedule: { type: this.gc.type, cron: this.gc.cron }, job_parameters: JSON.stringify(params) } };
        },
        createGCSchedule: (r) => this.setGc(r) ?? created("/api/v2.0/system/gc/1"),
        updateGCSchedule: (r) => this.setGc(r) ?? OK,
        getRetention: (r) => {
            const pol = this.retentions.get(this.id(r, "id"));
            return pol ? { status: 200, body: pol } : err(500, "UNKNOWN", `unknown: no such Retention policy with id ${r.pathParams.id}`);
        },
        createRetention: (r) => {
            const pol = r.body as T.RetentionPolicy;
            const p = this.projects.get(pol.scope?.ref ?? 0);
            if (pol.scope?.level !== "project" || !p) return err(400, "BAD_REQUEST", `invalid Project id ${String(pol.scope?.ref)}`);
            if ((pol.rules ?? []).length > 15) return err(400, "BAD_REQUEST", "only 15 rules are allowed at most");
            if (p.metadata.retention_id) return err(400, "BAD_REQUEST", `project ${p.project_id} already has retention policy ${p.metadata.retention_id}`);
            const id = this.next();
            this.retentions.set(id, { ...pol, id });
            p.metadata.retention_id = String(id);
            return created(`/api/v2.0/retentions/${id}`);
        },
        updateRetention: (r) => {
            const id = this.id(r, "id");
            const pol = r.body as T.RetentionPolicy;
            if (this.projects.get(pol.scope?.ref ?? 0)?.metadata.retention_id !== String(id)) return err(404, "NOT_FOUND", `the retention policy id ${id} does not match`);
            this.retentions.set(id, { ...pol, id });
            return OK;
        },
        deleteRetention: (r) => {
            const id = this.id(r, "id");
            return this.retentions.delete(id) ? OK : err(400, "BAD_REQUEST", `bad request: no such Retention policy with id ${id}`);
        },
    };

    private setGc(r: SwaggerRequest): SwaggerResponse | undefined {
        const s = r.body as T.Schedule;
        // Harbor writes into parameters; without them its handler panics on a nil map
        if (!s.parameters) return err(500, "UNKNOWN", "runtime error: assignment to entry in nil map");
        const type = s.schedule?.type ?? "";
        if (type === "None") this.gc = undefined;
        else if (type === "Manual") return undefined;
        else if ((s.schedule?.cron ?? "").trim().split(/\s+/).length !== 6) return err(400, "BAD_REQUEST", `invalid cron ${String(s.schedule?.cron)}`);
        else this.gc = { type, cron: s.schedule!.cron!, params: s.parameters };
        return undefined;
    }
}
