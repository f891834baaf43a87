import * as fs from "fs";
import * as http from "http";
import type { AddressInfo } from "net";
import YAML from "yaml";

/**
 * A loopback HTTP server that accepts only requests valid under a swagger 2 document, and a small validator
 * for that: unknown path 404, unknown method 405, a body that is not `application/json` 415, a body or
 * parameter that does not validate 422 (400 for unparseable JSON). What it checks, against the operation's
 * parameters with `$ref`s resolved: path parameters present and typed; query parameters typed, required and
 * known (an unknown one is rejected: the real server would silently ignore a misspelt filter); headers typed;
 * the body's types, required properties, enums, formats, lengths and ranges, `x-nullable`, and `readOnly`
 * properties sent in a request. Extra body properties pass unless `additionalProperties: false`, as in
 * go-swagger, which generates Harbor's server; a bare `type: object` (no properties) is any value there too.
 */

type Schema = Record<string, unknown>;
type Param = { name: string; in: string; required?: boolean; schema?: Schema } & Schema;

/** A request the validator accepted, as the behaviour handler sees it. */
export interface SwaggerRequest {
    readonly operationId: string;
    readonly method: string;
    /** The path below basePath, e.g. `/projects/3`. */
    readonly path: string;
    readonly pathParams: Record<string, string>;
    readonly query: URLSearchParams;
    readonly headers: http.IncomingHttpHeaders;
    readonly body: unknown;
}

/** What the behaviour handler answers. */
export interface SwaggerResponse {
    readonly status: number;
    readonly body?: unknown;
    readonly headers?: Record<string, string>;
}

/** The verdict on a raw request. */
export type Verdict = { ok: true; request: SwaggerRequest } | { ok: false; status: number; message: string };

/** A swagger 2 document, loaded once, that validates raw requests. */
export class SwaggerSpec {
    private readonly doc: Schema;
    readonly basePath: string;

    constructor(file: string) {
        this.doc = YAML.parse(fs.readFileSync(file, "utf8")) as Schema;
        this.basePath = String(this.doc.basePath ?? "");
    }

    /** Judges one request: `url` is path and query as sent; `rawBody` the bytes, "" for none. */
    validate(method: string, url: string, headers: http.IncomingHttpHeaders, rawBody: string): Verdict {
        const u = new URL(url, "http://x");
        if (!u.pathname.startsWith(this.basePath + "/")) return { ok: false, status: 404, message: `no path ${u.pathname} under ${this.basePath}` };
        const path = u.pathname.slice(this.basePath.length);
        const match = this.match(path);
        if (!match) return { ok: false, status: 404, message: `no path ${path} in the spec` };
        const op = match.item[method.toLowerCase()] as Schema | undefined;
        if (!op || method.toLowerCase() === "parameters") return { ok: false, status: 405, message: `${method} is not an operation of ${match.template}` };
        const operationId = String(op.operationId);
        const params = [...((match.item.parameters as Param[]) ?? []), ...((op.parameters as Param[]) ?? [])].map((p) => this.resolve(p) as Param);
        const errors: string[] = [];
        for (const p of params.filter((x) => x.in === "path")) {
            const v = match.params[p.name];
            if (v === undefined || v === "") errors.push(`path parameter ${p.name} is missing`);
            else errors.push(...this.check(p, coerce(p, decodeURIComponent(v)), `path ${p.name}`));
        }
        const queryNames = new Set(params.filter((p) => p.in === "query").map((p) => p.name));
        for (const name of u.searchParams.keys()) if (!queryNames.has(name)) errors.push(`query parameter ${name} is not a parameter of ${operationId}`);
        for (const p of params.filter((x) => x.in === "query" || x.in === "header")) {
            const raw = p.in === "query" ? u.searchParams.get(p.name) : (headers[p.name.toLowerCase()] as string | undefined);
            if (raw === null || raw === undefined) {
                if (p.required) errors.push(`${p.in} parameter ${p.name} is required`);
            } else errors.push(...this.check(p, coerce(p, raw), `${p.in} ${p.name}`));
        }
        const bodyParam = params.find((p) => p.in === "body");
        let body: unknown = undefined;
        if (rawBody !== "") {
            if (!bodyParam) return { ok: false, status: 400, message: `${operationId} takes no request body` };
            const type = String(headers["content-type"] ?? "").split(";")[0].trim();
            const consumes = (op.consumes ?? this.doc.consumes ?? ["application/json"]) as string[];
            if (!consumes.includes(type)) return { ok: false, status: 415, message: `content type "${type}" is not one of ${consumes.join(", ")}` };
            try {
                body = JSON.parse(rawBody);
            } catch {
                return { ok: false, status: 400, message: "the body is not JSON" };
            }
            errors.push(...this.check(bodyParam.schema ?? {}, body, "body"));
        } else if (bodyParam?.required) errors.push(`${operationId} requires a body (${bodyParam.name})`);
        if (errors.length > 0) return { ok: false, status: 422, message: `${operationId}: ${errors.join("; ")}` };
        return { ok: true, request: { operationId, method, path, pathParams: match.params, query: u.searchParams, headers, body } };
    }

    /** Problems of a value under a schema, each prefixed with where it is (`body.metadata.public`). */
    check(schemaOrRef: Schema, value: unknown, at: string, inRequest = true): string[] {
        const s = this.resolve(schemaOrRef);
        if (value === null) return s["x-nullable"] === true ? [] : [`${at} must not be null`];
        const errs: string[] = [];
        if (Array.isArray(s.enum) && !s.enum.includes(value)) errs.push(`${at} must be one of ${JSON.stringify(s.enum)}, found ${JSON.stringify(value)}`);
        const type = (s.type as string | undefined) ?? (s.properties ? "object" : undefined);
        const bare = type === "object" && !s.properties && s.additionalProperties === undefined;
        if (type === undefined || bare) return errs;
        if (!typeMatches(type, value)) return [...errs, `${at} must be ${type}, found ${JSON.stringify(value)}`];
        if (type === "integer" && s.format === "int32" && Math.abs(value as number) > 2 ** 31) errs.push(`${at} is out of int32 range`);
        if (typeof value === "number") {
            if (typeof s.minimum === "number" && value < s.minimum) errs.push(`${at} must be >= ${s.minimum}`);
            if (typeof s.maximum === "number" && value > s.maximum) errs.push(`${at} must be <= ${s.maximum}`);
        }
        if (typeof value === "string") {
            if (typeof s.maxLength === "number" && value.length > s.maxLength) errs.push(`${at} is longer than ${s.maxLength}`);
            if (typeof s.minLength === "number" && value.length < s.minLength) errs.push(`${at} is shorter than ${s.minLength}`);
            if (typeof s.pattern === "string" && !new RegExp(s.pattern).test(value)) errs.push(`${at} does not match ${s.pattern}`);
            if (s.format === "date-time" && Number.isNaN(Date.parse(value))) errs.push(`${at} is not a date-time`);
        }
        if (Array.isArray(value)) value.forEach((v, i) => errs.push(...this.check((s.items as Schema) ?? {}, v, `${at}[${i}]`, inRequest)));
        if (type === "object") {
            const obj = value as Record<string, unknown>;
            const props = (s.properties ?? {}) as Record<string, Schema>;
            for (const r of Array.isArray(s.required) ? (s.required as string[]) : []) if (!(r in obj)) errs.push(`${at}.${r} is required`);
            for (const [k, v] of Object.entries(obj)) {
                if (props[k]) {
                    if (inRequest && this.resolve(props[k]).readOnly === true) errs.push(`${at}.${k} is read-only`);
                    else errs.push(...this.check(props[k], v, `${at}.${k}`, inRequest));
                } else if (s.additionalProperties === false) errs.push(`${at}.${k} is not a property of this object`);
                else if (s.additionalProperties && typeof s.additionalProperties === "object") errs.push(...this.check(s.additionalProperties as Schema, v, `${at}.${k}`, inRequest));
            }
        }
        return errs;
    }

    private resolve(s: Schema): Schema {
        let out = s;
        for (let hops = 0; typeof out.$ref === "string"; hops++) {
            if (hops > 20) throw new Error(`$ref loop at ${String(out.$ref)}`);
            const [, section, name] = /^#\/(\w+)\/(.+)$/.exec(out.$ref as string) ?? [];
            const target = (this.doc[section] as Record<string, Schema> | undefined)?.[name];
            if (!target) throw new Error(`unresolvable $ref ${String(out.$ref)}`);
            out = { ...target, ...Object.fromEntries(Object.entries(out).filter(([k]) => k !== "$ref")) };
        }
        return out;
    }

    private match(path: string): { template: string; item: Schema; params: Record<string, string> } | undefined {
        const candidates: { template: string; item: Schema; params: Record<string, string>; vars: number }[] = [];
        for (const [template, item] of Object.entries(this.doc.paths as Record<string, Schema>)) {
            const names: string[] = [];
            const re = new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{(\w+)\}/g, (_m, n: string) => (names.push(n), "([^/]+)"))}$`);
            const m = re.exec(path);
            if (m) candidates.push({ template, item, params: Object.fromEntries(names.map((n, i) => [n, m[i + 1]])), vars: names.length });
        }
        // a literal segment wins over a template variable (`/retentions/metadatas` over `/retentions/{id}`)
        return candidates.sort((a, b) => a.vars - b.vars)[0];
    }
}

function typeMatches(type: string, v: unknown): boolean {
    if (type === "integer") return typeof v === "number" && Number.isSafeInteger(v);
    if (type === "number") return typeof v === "number" && Number.isFinite(v);
    if (type === "array") return Array.isArray(v);
    if (type === "object") return typeof v === "object" && v !== null && !Array.isArray(v);
    return typeof v === type;
}

/** Path, query and header values arrive as text: read them as the parameter's type. */
function coerce(p: Schema, raw: string): unknown {
    if (p.type === "integer" || p.type === "number") return /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
    if (p.type === "boolean") return raw === "true" ? true : raw === "false" ? false : raw;
    return raw;
}

/** One request as the server saw it, with the status it answered. */
export interface RecordedRequest {
    readonly method: string;
    readonly path: string;
    readonly operationId?: string;
    readonly body: unknown;
    readonly status: number;
    /** The validator's reason, for a rejected request. */
    readonly rejected?: string;
}

/** A running server: its base URL (no basePath) and every request it received. */
export interface SwaggerServer {
    readonly url: string;
    readonly requests: RecordedRequest[];
    close(): Promise<void>;
}

/** Serves `handler` on 127.0.0.1 (random port) behind the validator; a rejected request never reaches it. */
export async function startSwaggerServer(spec: SwaggerSpec, handler: (req: SwaggerRequest) => SwaggerResponse | Promise<SwaggerResponse>): Promise<SwaggerServer> {
    const requests: RecordedRequest[] = [];
    const server = http.createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on("data", (c: Buffer) => chunks.push(c));
        req.on("end", async () => {
            const raw = Buffer.concat(chunks).toString("utf8");
            const verdict = spec.validate(req.method ?? "GET", req.url ?? "/", req.headers, raw);
            const path = (req.url ?? "/").split("?")[0];
            let answer: SwaggerResponse;
            if (!verdict.ok) {
                answer = { status: verdict.status, body: { errors: [{ code: "INVALID_REQUEST", message: verdict.message }] } };
                requests.push({ method: req.method ?? "", path, body: raw, status: answer.status, rejected: verdict.message });
            } else {
                try {
                    answer = await handler(verdict.request);
                } catch (err) {
                    answer = { status: 500, body: { errors: [{ code: "UNKNOWN", message: `fake server: ${(err as Error).message}` }] } };
                }
                requests.push({ method: verdict.request.method, path, operationId: verdict.request.operationId, body: verdict.request.body, status: answer.status });
            }
            const text = answer.body === undefined ? "" : JSON.stringify(answer.body);
            res.writeHead(answer.status, { ...(text ? { "content-type": "application/json" } : {}), ...answer.headers });
            res.end(text);
        });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    return {
        url: `http://127.0.0.1:${port}`,
        requests,
        close: () =>
            new Promise<void>((resolve, reject) => {
                server.close((err) => (err ? reject(err) : resolve()));
                // fetch keeps connections alive; without this, close would wait for them to time out
                server.closeAllConnections();
            }),
    };
}
