import { MockMonitor } from "@pulumi/pulumi/runtime/mocks";
import * as rpc from "@pulumi/pulumi/runtime/rpc";
import { getProject, getStack } from "@pulumi/pulumi/runtime/settings";
import * as resproto from "@pulumi/pulumi/proto/resource_pb";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import { UnknownInvokeError, fakeInvoke, isKnownInvoke } from "./fakes/invokes";
import { childAliasUrn, splitUrn } from "./aliases";
import { fakeResource } from "./fakes/resources";
import { isSecretEnvelope, secretEnvelope } from "./serialized";

/** Everything the program said about one resource, in Pulumi's wire form (secrets still enveloped). */
export interface RecordedResource {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly parent?: string;
    /** URN of the explicit provider, if the resource names one. */
    readonly provider?: string;
    readonly custom: boolean;
    readonly id?: string;
    readonly dependencies: string[];
    readonly propertyDependencies: Record<string, string[]>;
    readonly protect: boolean;
    readonly retainOnDelete: boolean;
    readonly deleteBeforeReplace: boolean;
    readonly ignoreChanges: string[];
    readonly replaceOnChanges: string[];
    readonly additionalSecretOutputs: string[];
    /** URNs the resource was known by before (its aliases, resolved). */
    readonly aliases: string[];
    /** Inputs as the monitor received them. */
    readonly wireInputs: Record<string, unknown>;
    /** Outputs as the (fake) provider returned them; for components, what registerOutputs gave. */
    wireState: Record<string, unknown>;
}

/** One invoke the program made. */
export interface RecordedInvoke {
    readonly token: string;
    readonly ok: boolean;
    readonly error?: string;
}

/** Resolves a StackReference by its stack name to that stack's outputs. */
export type StackReferenceResolver = (name: string) => Promise<{ outputs: Record<string, unknown>; secretOutputNames: string[] }>;

const STACK_TYPE = "pulumi:pulumi:Stack";

/**
 * Pulumi's own MockMonitor, recording each registration in full (parent, dependencies, provider, options,
 * inputs) and answering with fakes: resources from engine/fakes/resources.ts, invokes from
 * engine/fakes/invokes.ts, StackReferences from the resolver.
 */
export class RecordingMonitor extends MockMonitor {
    public readonly recorded: RecordedResource[] = [];
    public readonly invokes: RecordedInvoke[] = [];
    private readonly byUrn = new Map<string, RecordedResource>();
    private readonly formerUrns = new Map<string, string[]>();

    /** A resource's former URNs: its own aliases, then those its ancestors' aliases give it, as the engine does. */
    private formerUrnsOf(record: RecordedResource): string[] {
        const known = this.formerUrns.get(record.urn);
        if (known) return known;
        const parent = record.parent ? this.byUrn.get(record.parent) : undefined;
        const inherited = parent ? this.formerUrnsOf(parent).map((a) => childAliasUrn(a, parent.name, record)) : [];
        const all = [...record.aliases, ...inherited];
        this.formerUrns.set(record.urn, all);
        return all;
    }
    private rejectFailed!: (err: unknown) => void;
    /** Rejects with the first error of a registration or invoke: the SDK would otherwise wait forever. */
    public readonly failed: Promise<never> = new Promise<never>((_, reject) => {
        this.rejectFailed = reject;
    });

    constructor(private readonly resolveStackReference: StackReferenceResolver) {
        super({
            call: (args) => {
                try {
                    const result = fakeInvoke(args.token, args.inputs as Record<string, unknown>);
                    this.invokes.push({ token: args.token, ok: true });
                    return result;
                } catch (err) {
                    this.invokes.push({ token: args.token, ok: false, error: (err as Error).message });
                    this.rejectFailed(err);
                    throw err;
                }
            },
            newResource: () => {
                throw new Error("RecordingMonitor registers and reads resources itself");
            },
        });
    }

    /**
     * An invoke with no fake fails the run through {@link failed} and is never answered: answering with an
     * error would also reject promises inside the SDK that nothing handles, and crash the reporting process.
     */
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async invoke(req: any, callback: (err: any, response: any) => void): Promise<void> {
        const token: string = req.getTok();
        if (token !== "pulumi:pulumi:getResource" && !isKnownInvoke(token)) {
            const err = new UnknownInvokeError(token);
            this.invokes.push({ token, ok: false, error: err.message });
            this.rejectFailed(err);
            return;
        }
        return super.invoke(req, callback);
    }

    /** URNs as the engine forms them: the root stack's type is not part of its children's qualified type. */
    urnFor(parent: string, type: string, name: string, stack: string, project: string): string {
        let qualified = type;
        if (parent) {
            const parentQualified = parent.split("::")[2];
            const parentType = parentQualified.split("$").pop()!;
            if (parentType !== STACK_TYPE) qualified = `${parentQualified}$${type}`;
        }
        return `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
    }

    // The signature is MockMonitor's: the request is the gRPC RegisterResourceRequest.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async registerResource(req: any, callback: (err: any, response: any) => void): Promise<void> {
        try {
            const r = req as resproto.RegisterResourceRequest;
            const urn = this.urnFor(r.getParent(), r.getType(), r.getName(), getStack(), getProject());
            const wireInputs = (r.getObject()?.toJavaScript() ?? {}) as Record<string, unknown>;
            const providerRef = r.getProvider();
            const propertyDependencies: Record<string, string[]> = {};
            r.getPropertydependenciesMap().forEach((deps, key) => {
                propertyDependencies[key] = deps.getUrnsList();
            });
            const record: RecordedResource = {
                urn,
                type: r.getType(),
                name: r.getName(),
                parent: r.getParent() || undefined,
                provider: providerRef ? providerRef.split("::").slice(0, -1).join("::") : undefined,
                custom: r.getCustom(),
                dependencies: r.getDependenciesList(),
                propertyDependencies,
                protect: r.getProtect() ?? false,
                retainOnDelete: r.getRetainondelete() ?? false,
                deleteBeforeReplace: r.getDeletebeforereplace(),
                ignoreChanges: r.getIgnorechangesList(),
                replaceOnChanges: r.getReplaceonchangesList(),
                additionalSecretOutputs: r.getAdditionalsecretoutputsList(),
                aliases: r.getAliasesList().map((a) => {
                    if (a.hasUrn()) return a.getUrn();
                    const spec = a.getSpec()!;
                    const parent = spec.getNoparent() ? "" : spec.getParenturn() || r.getParent();
                    return this.urnFor(parent, spec.getType() || r.getType(), spec.getName() || r.getName(), spec.getStack() || getStack(), spec.getProject() || getProject());
                }),
                wireInputs,
                wireState: {},
            };
            this.recorded.push(record);
            this.byUrn.set(urn, record);

            const object = r.getObject();
            const inputs = object ? rpc.deserializeProperties(object) : {};
            let id: string | undefined;
            let state: Record<string, unknown>;
            if (r.getCustom()) {
                // an aliased resource is the one it was: its fake id and outputs are those of its first former URN
                const identity = this.formerUrnsOf(record)[0] ?? urn;
                const fake = fakeResource(r.getType(), splitUrn(identity).name, identity, inputs);
                id = fake.id;
                state = fake.state;
            } else {
                state = {};
            }
            const serialized = await rpc.serializeProperties("", state);
            // as the engine does: outputs named in additionalSecretOutputs come back secret
            for (const key of record.additionalSecretOutputs) {
                if (key in serialized && !isSecretEnvelope(serialized[key])) serialized[key] = secretEnvelope(serialized[key]);
            }
            Object.assign(record, { id });
            record.wireState = r.getCustom() ? mergeSecretness(wireInputs, serialized) : {};
            this.resources.set(urn, { urn, id: id ?? null, state: serialized });

            const response = new resproto.RegisterResourceResponse();
            response.setUrn(urn);
            response.setId(id ?? "");
            response.setObject(structproto.Struct.fromJavaScript(serialized));
            callback(null, response);
        } catch (err) {
            this.rejectFailed(err);
            callback(err, undefined);
        }
    }

    /** Reads (`StackReference`, `.get()`) are answered like registrations and recorded as resources too. */
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async readResource(req: any, callback: (err: any, response: any) => void): Promise<void> {
        try {
            const r = req as resproto.ReadResourceRequest;
            const urn = this.urnFor(r.getParent(), r.getType(), r.getName(), getStack(), getProject());
            const object = r.getProperties();
            const inputs = object ? rpc.deserializeProperties(object) : {};
            let state: Record<string, unknown>;
            if (r.getType() === "pulumi:pulumi:StackReference") {
                const ref = await this.resolveStackReference(String(inputs.name ?? r.getId()));
                state = { name: inputs.name, outputs: ref.outputs, secretOutputNames: ref.secretOutputNames };
            } else {
                state = fakeResource(r.getType(), r.getName(), urn, inputs).state;
            }
            const serialized = await rpc.serializeProperties("", state);
            const record: RecordedResource = {
                urn,
                type: r.getType(),
                name: r.getName(),
                parent: r.getParent() || undefined,
                provider: r.getProvider() ? r.getProvider().split("::").slice(0, -1).join("::") : undefined,
                custom: true,
                id: r.getId(),
                dependencies: r.getDependenciesList(),
                propertyDependencies: {},
                protect: false,
                retainOnDelete: false,
                deleteBeforeReplace: false,
                ignoreChanges: [],
                replaceOnChanges: [],
                additionalSecretOutputs: r.getAdditionalsecretoutputsList(),
                aliases: [],
                wireInputs: (object?.toJavaScript() ?? {}) as Record<string, unknown>,
                wireState: serialized,
            };
            this.recorded.push(record);
            this.byUrn.set(urn, record);
            this.resources.set(urn, { urn, id: r.getId(), state: serialized });
            const response = new resproto.ReadResourceResponse();
            response.setUrn(urn);
            response.setProperties(structproto.Struct.fromJavaScript(serialized));
            callback(null, response);
        } catch (err) {
            this.rejectFailed(err);
            callback(err, undefined);
        }
    }

    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    registerResourceOutputs(req: any, callback: (err: any, response: any) => void): void {
        const record = this.byUrn.get(req.getUrn());
        if (record) record.wireState = (req.getOutputs()?.toJavaScript() ?? {}) as Record<string, unknown>;
        super.registerResourceOutputs(req, callback);
    }
}

/**
 * A provider keeps an input's secretness on the matching output. The fake state is built from deserialized
 * (unwrapped) inputs, so put the secret envelopes of the inputs back on the outputs that echo them.
 */
function mergeSecretness(wireInputs: Record<string, unknown>, state: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = { ...state };
    for (const [key, value] of Object.entries(wireInputs)) {
        if (key in out) out[key] = value;
    }
    return out;
}
