import * as analyzerproto from "@pulumi/pulumi/proto/analyzer_pb";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import { EnforcementLevel, Policies } from "@pulumi/policy";

/**
 * Runs a policy pack the way `pulumi preview --policy-pack` does: through @pulumi/policy's own analyzer RPC
 * handlers (the functions its gRPC server registers), with AnalyzeRequest / AnalyzeStackRequest protos.
 */

/** A resource as the analyzer sees it. */
export interface AnalyzedResource {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly parent?: string;
    readonly provider?: string;
    readonly protect: boolean;
    readonly ignoreChanges: readonly string[];
    readonly additionalSecretOutputs: readonly string[];
    readonly deleteBeforeReplace: boolean;
    readonly dependencies: readonly string[];
    readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
    /** Wire-form inputs: what resource policies see. */
    readonly inputs: Record<string, unknown>;
    /** Wire-form outputs: what stack policies see (after the update). */
    readonly outputs: Record<string, unknown>;
}

/** One policy violation. */
export interface Violation {
    readonly policy: string;
    readonly enforcementLevel: "advisory" | "mandatory" | "remediate" | "disabled";
    readonly urn: string;
    readonly message: string;
}

/** A policy pack to run: what PolicyPack's constructor would get. */
export interface Pack {
    readonly name: string;
    readonly version: string;
    readonly enforcementLevel: EnforcementLevel;
    readonly policies: Policies;
}

type RpcFun = (call: { request: unknown }, callback: (err: unknown, response?: analyzerproto.AnalyzeResponse) => void) => Promise<void>;
interface PolicyServer {
    makeAnalyzeRpcFun(name: string, version: string, level: EnforcementLevel, policies: Policies): RpcFun;
    makeAnalyzeStackRpcFun(name: string, version: string, level: EnforcementLevel, policies: Policies): RpcFun;
}
// Internal to @pulumi/policy (not in its typings), and exactly what its analyzer server serves.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const server = require("@pulumi/policy/server") as PolicyServer;

const LEVELS: Record<number, Violation["enforcementLevel"]> = {
    [analyzerproto.EnforcementLevel.ADVISORY]: "advisory",
    [analyzerproto.EnforcementLevel.MANDATORY]: "mandatory",
    [analyzerproto.EnforcementLevel.DISABLED]: "disabled",
    [analyzerproto.EnforcementLevel.REMEDIATE]: "remediate",
};

/**
 * A Struct that hands the analyzer the properties it was made from. The policy server reads a resource's
 * properties with `getProperties().toJavaScript()` (inside `deserializeProperties`) once per policy, and the
 * provider's once per policy too: for a protobuf built with `Struct.fromJavaScript`, each of those calls
 * rebuilds the same JavaScript object from the protobuf tree, about half of a large plan's policy time.
 * The properties here are already the wire form that conversion yields (the recorder got them from the
 * monitor's Struct), so the conversion is done once instead of once per policy. Safe against a policy that
 * changes its input: `deserializeProperties` copies every object and array before a policy sees it.
 */
class WireStruct extends structproto.Struct {
    private converted?: { [key: string]: structproto.JavaScriptValue };

    constructor(private readonly wire: Record<string, unknown>) {
        super();
    }

    toJavaScript(): { [key: string]: structproto.JavaScriptValue } {
        return (this.converted ??= plainCopy(this.wire) as { [key: string]: structproto.JavaScriptValue });
    }
}

/**
 * A copy made of this realm's arrays and objects, as the protobuf conversion makes them. The policy server
 * tells arrays by `instanceof Array`, which an array of another realm fails (under jest, one made by Node's
 * `structuredClone` or by a module outside the test's context): such an array would reach policies as an
 * object with numbered keys.
 */
function plainCopy(value: unknown): unknown {
    // a literal, not value.map: map would make an array of the value's own realm
    if (Array.isArray(value)) {
        const copy: unknown[] = [];
        for (const v of value) copy.push(plainCopy(v));
        return copy;
    }
    if (value === null || typeof value !== "object") return value;
    const copy: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) copy[k] = plainCopy(v);
    return copy;
}

function options(r: AnalyzedResource): analyzerproto.AnalyzerResourceOptions {
    const opts = new analyzerproto.AnalyzerResourceOptions();
    opts.setProtect(r.protect);
    opts.setIgnorechangesList([...r.ignoreChanges]);
    opts.setAdditionalsecretoutputsList([...r.additionalSecretOutputs]);
    opts.setDeletebeforereplace(r.deleteBeforeReplace);
    opts.setDeletebeforereplacedefined(r.deleteBeforeReplace);
    if (r.parent) opts.setParent(r.parent);
    return opts;
}

/** Makes the Struct of a resource's properties. */
type StructOf = (wire: Record<string, unknown>) => structproto.Struct;
const wireStruct: StructOf = (wire) => new WireStruct(wire);

function providerOf(r: AnalyzedResource, byUrn: Map<string, AnalyzedResource>, structOf: StructOf): analyzerproto.AnalyzerProviderResource | undefined {
    const provider = r.provider ? byUrn.get(r.provider) : undefined;
    if (!provider) return undefined;
    const p = new analyzerproto.AnalyzerProviderResource();
    p.setType(provider.type);
    p.setUrn(provider.urn);
    p.setName(provider.name);
    p.setProperties(structOf(provider.inputs));
    return p;
}

function call(fn: RpcFun, request: unknown): Promise<analyzerproto.AnalyzeResponse> {
    return new Promise((resolve, reject) => {
        void fn({ request }, (err, response) => (err ? reject(err) : resolve(response!)));
    });
}

function collect(response: analyzerproto.AnalyzeResponse, defaultUrn: string): Violation[] {
    return response.getDiagnosticsList().map((d) => ({
        policy: d.getPolicyname(),
        enforcementLevel: LEVELS[d.getEnforcementlevel()] ?? "advisory",
        urn: d.getUrn() || defaultUrn,
        message: d.getMessage(),
    }));
}

/** Options of {@link analyze}. */
export interface AnalyzeOptions {
    /** Run the stack policies too (default true). */
    readonly stack?: boolean;
    /** How properties become Structs: {@link WireStruct} by default; a test compares it with `Struct.fromJavaScript`. */
    readonly structOf?: StructOf;
}

/** Runs every resource policy on each resource, then every stack policy on the whole stack. */
export async function analyze(pack: Pack, resources: readonly AnalyzedResource[], opts: AnalyzeOptions = {}): Promise<Violation[]> {
    const structOf = opts.structOf ?? wireStruct;
    const analyzeResource = server.makeAnalyzeRpcFun(pack.name, pack.version, pack.enforcementLevel, pack.policies);
    const analyzeStack = server.makeAnalyzeStackRpcFun(pack.name, pack.version, pack.enforcementLevel, pack.policies);
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const violations: Violation[] = [];

    for (const r of resources) {
        const req = new analyzerproto.AnalyzeRequest();
        req.setType(r.type);
        req.setUrn(r.urn);
        req.setName(r.name);
        req.setProperties(structOf(r.inputs));
        req.setOptions(options(r));
        const provider = providerOf(r, byUrn, structOf);
        if (provider) req.setProvider(provider);
        violations.push(...collect(await call(analyzeResource, req), r.urn));
    }
    if (opts.stack === false) return violations;

    const stackReq = new analyzerproto.AnalyzeStackRequest();
    stackReq.setResourcesList(
        resources.map((r) => {
            const res = new analyzerproto.AnalyzerResource();
            res.setType(r.type);
            res.setUrn(r.urn);
            res.setName(r.name);
            res.setProperties(structOf(r.outputs));
            res.setOptions(options(r));
            const provider = providerOf(r, byUrn, structOf);
            if (provider) res.setProvider(provider);
            if (r.parent) res.setParent(r.parent);
            res.setDependenciesList([...r.dependencies]);
            for (const [key, urns] of Object.entries(r.propertyDependencies)) {
                const deps = new analyzerproto.AnalyzerPropertyDependencies();
                deps.setUrnsList([...urns]);
                res.getPropertydependenciesMap().set(key, deps);
            }
            return res;
        }),
    );
    violations.push(...collect(await call(analyzeStack, stackReq), ""));
    return violations;
}
