import type * as http from "http";
import type * as https from "https";
import type * as T from "./types";

/** Where Harbor is, how to log in (a system administrator, Harbor's `admin`) and which CA vouches for it. */
export interface HarborConnection {
    /** Harbor's external URL, e.g. `https://harbor.ops.example.com` (the API is under `/api/v2.0`). */
    readonly url: string;
    readonly username: string;
    readonly password: string;
    /**
     * The CA certificate (PEM) Harbor's server certificate is verified against: the platform CA. Without it,
     * the system's trust store. Verification is never turned off.
     */
    readonly caCertPem?: string;
    /**
     * The address to connect to instead of resolving the URL's host name (Harbor's load balancer IP): the
     * certificate is still verified for the URL's host name, and requests carry it as their Host. Defaults to
     * resolving the name.
     */
    readonly address?: string;
}

/**
 * A failed Harbor API call. The message names the operation (the swagger operationId), the method and path,
 * the HTTP status and Harbor's own messages; it never contains the password or a request body.
 */
export class HarborApiError extends Error {
    constructor(
        readonly operation: string,
        readonly method: string,
        readonly path: string,
        /** Undefined when Harbor could not be reached. */
        readonly status: number | undefined,
        detail: string,
    ) {
        super(`Harbor ${operation} (${method} ${path}) failed: ${detail}`);
        this.name = "HarborApiError";
    }
}

interface Call {
    readonly body?: unknown;
    readonly query?: Record<string, string>;
    /** A 404 is an answer (the entity is absent), not a failure. */
    readonly absentOn404?: boolean;
    /** Harbor's message when it reports an absent entity with another status. */
    readonly absentMessage?: RegExp;
    /** Secrets in the body besides the password, kept out of errors too. */
    readonly secrets?: (string | undefined)[];
}

// Harbor answers a missing retention policy with 500 (GET) or 400 (DELETE), not 404
const NO_SUCH_RETENTION = /no such Retention policy/i;

interface Reply {
    readonly status: number;
    readonly body: unknown;
    readonly location: string | null;
}

const TIMEOUT_MS = 30_000;

/** A typed client for the part of Harbor's REST API v2.0 that holds Harbor's configuration. */
export class HarborClient {
    private readonly base: string;

    constructor(private readonly connection: HarborConnection) {
        this.base = `${connection.url.replace(/\/+$/, "")}/api/v2.0`;
    }

    /** getProject; undefined when there is no such project. */
    async getProject(id: number): Promise<T.Project | undefined> {
        return (await this.call("getProject", "GET", `/projects/${id}`, { absentOn404: true })).body as T.Project | undefined;
    }

    /** createProject; returns the new project's id. */
    async createProject(req: T.ProjectReq): Promise<number> {
        return idFrom(await this.call("createProject", "POST", "/projects", { body: req }), "createProject", "/projects");
    }

    /** updateProject: Harbor merges the given metadata into the project's. */
    async updateProject(id: number, req: T.ProjectReq): Promise<void> {
        await this.call("updateProject", "PUT", `/projects/${id}`, { body: req });
    }

    /** deleteProject; a project already gone counts as deleted. */
    async deleteProject(id: number): Promise<void> {
        await this.call("deleteProject", "DELETE", `/projects/${id}`, { absentOn404: true });
    }

    /** deleteProjectMetadata; a key already gone counts as deleted. */
    async deleteProjectMetadata(projectId: number, key: string): Promise<void> {
        await this.call("deleteProjectMetadata", "DELETE", `/projects/${projectId}/metadatas/${encodeURIComponent(key)}`, { absentOn404: true });
    }

    /** listQuotas for one project; undefined when it has none. */
    async getProjectQuota(projectId: number): Promise<T.Quota | undefined> {
        const query = { reference: "project", reference_id: String(projectId) };
        const quotas = (await this.call("listQuotas", "GET", "/quotas", { query })).body as T.Quota[] | undefined;
        return quotas?.[0];
    }

    /** updateQuota. */
    async updateQuota(id: number, req: T.QuotaUpdateReq): Promise<void> {
        await this.call("updateQuota", "PUT", `/quotas/${id}`, { body: req });
    }

    /** getRegistry; undefined when there is no such registry endpoint. */
    async getRegistry(id: number): Promise<T.Registry | undefined> {
        return (await this.call("getRegistry", "GET", `/registries/${id}`, { absentOn404: true })).body as T.Registry | undefined;
    }

    /** createRegistry; returns the new endpoint's id. */
    async createRegistry(req: T.Registry): Promise<number> {
        const call = { body: req, secrets: [req.credential?.access_secret] };
        return idFrom(await this.call("createRegistry", "POST", "/registries", call), "createRegistry", "/registries");
    }

    /** updateRegistry: only the given properties change. */
    async updateRegistry(id: number, req: T.RegistryUpdate): Promise<void> {
        await this.call("updateRegistry", "PUT", `/registries/${id}`, { body: req, secrets: [req.access_secret] });
    }

    /** deleteRegistry; an endpoint already gone counts as deleted. */
    async deleteRegistry(id: number): Promise<void> {
        await this.call("deleteRegistry", "DELETE", `/registries/${id}`, { absentOn404: true });
    }

    /** GetRobotByID; undefined when there is no such robot. Harbor never returns the secret here. */
    async getRobot(id: number): Promise<T.Robot | undefined> {
        return (await this.call("GetRobotByID", "GET", `/robots/${id}`, { absentOn404: true })).body as T.Robot | undefined;
    }

    /** CreateRobot; the only answer that carries the robot's secret. */
    async createRobot(req: T.RobotCreate): Promise<T.RobotCreated> {
        const body = (await this.call("CreateRobot", "POST", "/robots", { body: req })).body as T.RobotCreated | undefined;
        if (body?.id === undefined || !body.secret) throw new HarborApiError("CreateRobot", "POST", "/robots", 201, "the answer has no robot id or secret");
        return body;
    }

    /** UpdateRobot: the body is the whole robot, with its full name (`robot$...`) and level unchanged. */
    async updateRobot(id: number, req: T.Robot): Promise<void> {
        await this.call("UpdateRobot", "PUT", `/robots/${id}`, { body: req });
    }

    /** DeleteRobot; a robot already gone counts as deleted. */
    async deleteRobot(id: number): Promise<void> {
        await this.call("DeleteRobot", "DELETE", `/robots/${id}`, { absentOn404: true });
    }

    /** getGCSchedule; undefined when none is set (Harbor answers 200 with an empty body). */
    async getGcSchedule(): Promise<T.GCHistory | undefined> {
        return (await this.call("getGCSchedule", "GET", "/system/gc/schedule", {})).body as T.GCHistory | undefined;
    }

    /** createGCSchedule. */
    async createGcSchedule(req: T.Schedule): Promise<void> {
        await this.call("createGCSchedule", "POST", "/system/gc/schedule", { body: req });
    }

    /** updateGCSchedule; type `None` removes the schedule. */
    async updateGcSchedule(req: T.Schedule): Promise<void> {
        await this.call("updateGCSchedule", "PUT", "/system/gc/schedule", { body: req });
    }

    /** getRetention; undefined when there is no such policy. */
    async getRetention(id: number): Promise<T.RetentionPolicy | undefined> {
        const call = { absentOn404: true, absentMessage: NO_SUCH_RETENTION };
        return (await this.call("getRetention", "GET", `/retentions/${id}`, call)).body as T.RetentionPolicy | undefined;
    }

    /** createRetention; Harbor records the new id in the project's `retention_id` metadata. */
    async createRetention(req: T.RetentionPolicy): Promise<number> {
        return idFrom(await this.call("createRetention", "POST", "/retentions", { body: req }), "createRetention", "/retentions");
    }

    /** updateRetention. */
    async updateRetention(id: number, req: T.RetentionPolicy): Promise<void> {
        await this.call("updateRetention", "PUT", `/retentions/${id}`, { body: req });
    }

    /** deleteRetention; a policy already gone counts as deleted. */
    async deleteRetention(id: number): Promise<void> {
        await this.call("deleteRetention", "DELETE", `/retentions/${id}`, { absentOn404: true, absentMessage: NO_SUCH_RETENTION });
    }

    private async call(operation: string, method: string, path: string, call: Call): Promise<Reply> {
        const shown = `/api/v2.0${path}`;
        const url = new URL(this.base + path);
        for (const [k, v] of Object.entries(call.query ?? {})) url.searchParams.set(k, v);
        const headers: Record<string, string> = {
            accept: "application/json",
            authorization: `Basic ${Buffer.from(`${this.connection.username}:${this.connection.password}`).toString("base64")}`,
        };
        if (call.body !== undefined) headers["content-type"] = "application/json";
        let res: HttpReply;
        try {
            res = await send(url, { method, headers, body: call.body === undefined ? undefined : JSON.stringify(call.body), ca: this.connection.caCertPem, address: this.connection.address });
        } catch (err) {
            const detail = `Harbor is unreachable at ${this.connection.url}: ${(err as Error).message}`;
            throw new HarborApiError(operation, method, shown, undefined, this.redact(detail, call.secrets));
        }
        const text = res.text;
        if (res.status === 404 && call.absentOn404) return { status: 404, body: undefined, location: null };
        if (res.status < 200 || res.status > 299) {
            const messages = harborMessages(text);
            if (call.absentMessage?.test(messages)) return { status: res.status, body: undefined, location: null };
            throw new HarborApiError(operation, method, shown, res.status, this.redact(`${res.status} ${messages || res.statusText}`, call.secrets));
        }
        let body: unknown;
        try {
            body = text.trim() === "" ? undefined : JSON.parse(text);
        } catch {
            throw new HarborApiError(operation, method, shown, res.status, "the answer is not JSON");
        }
        return { status: res.status, body, location: res.location };
    }

    /** Harbor may echo what it was sent; make sure no secret travels on in an error. */
    private redact(text: string, secrets: (string | undefined)[] = []): string {
        let out = text;
        for (const secret of [this.connection.password, ...secrets]) {
            // a very short value would blank out ordinary words; Harbor's own passwords have at least 8 characters
            if (secret && secret.length >= 4) out = out.split(secret).join("[redacted]");
        }
        return out;
    }
}

interface HttpReply {
    readonly status: number;
    readonly statusText: string;
    readonly text: string;
    readonly location: string | null;
}

/**
 * One HTTP(S) request with node's own client: HTTPS verifies the server against `ca` when given (the platform
 * CA), else against the system's trust store; `rejectUnauthorized` is never false.
 */
function send(url: URL, req: { method: string; headers: Record<string, string>; body?: string; ca?: string; address?: string }): Promise<HttpReply> {
    const secure = url.protocol === "https:";
    // required here, not imported: Pulumi serializes this module into the provider, and a module object
    // reached through an import wrapper would be serialized whole instead of required by name
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const transport: typeof https | typeof http = secure ? require("https") : require("http");
    return new Promise((resolve, reject) => {
        const options: https.RequestOptions = {
            method: req.method,
            headers: { ...req.headers, host: url.host },
            timeout: TIMEOUT_MS,
            protocol: url.protocol,
            host: req.address ?? url.hostname,
            port: url.port || (secure ? 443 : 80),
            path: url.pathname + url.search,
            // the certificate is checked for the name in the URL, wherever the connection goes
            ...(secure ? { servername: url.hostname } : {}),
            ...(secure && req.ca ? { ca: req.ca } : {}),
        };
        const request = transport.request(options, (res: http.IncomingMessage) => {
            const chunks: Buffer[] = [];
            res.on("data", (c: Buffer) => chunks.push(c));
            res.on("error", reject);
            res.on("end", () => {
                const location = res.headers.location;
                resolve({ status: res.statusCode ?? 0, statusText: res.statusMessage ?? "", text: Buffer.concat(chunks).toString("utf8"), location: location ?? null });
            });
        });
        request.on("timeout", () => request.destroy(new Error(`no answer within ${TIMEOUT_MS / 1000} s`)));
        request.on("error", (err: NodeJS.ErrnoException) => reject(new Error(err.code && !err.message.includes(err.code) ? `${err.message} (${err.code})` : err.message)));
        if (req.body !== undefined) request.write(req.body);
        request.end();
    });
}

/** `code: message` of each entry of Harbor's error body; the raw text when the body is not Harbor's. */
function harborMessages(text: string): string {
    try {
        const parsed = JSON.parse(text) as T.HarborErrors;
        if (Array.isArray(parsed.errors) && parsed.errors.length > 0) {
            return parsed.errors.map((e) => [e.code, e.message].filter(Boolean).join(": ")).join("; ");
        }
    } catch {
        // not JSON: fall through to the raw text
    }
    return text.trim().slice(0, 500);
}

/** The id at the end of a 201's Location header (`/api/v2.0/projects/12` -> 12). */
function idFrom(reply: Reply, operation: string, path: string): number {
    const id = Number(reply.location?.split("/").pop());
    if (!Number.isInteger(id) || id <= 0) {
        throw new HarborApiError(operation, "POST", `/api/v2.0${path}`, reply.status, `the answer has no usable Location header (${String(reply.location)})`);
    }
    return id;
}
