import { RecordingMonitor, StackReferenceResolver } from "../../engine/recorder";
import { installMonitor, settle } from "../../engine/run";
import { redact } from "../../engine/serialized";

/** A registration as tests assert on it: plain inputs with secrets replaced, and where the secrets were. */
export interface Registered {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly parent?: string;
    readonly custom: boolean;
    readonly protect: boolean;
    readonly provider?: string;
    readonly dependencies: string[];
    /** URNs of the resource's aliases, resolved. */
    readonly aliases: string[];
    readonly additionalSecretOutputs: string[];
    readonly inputs: Record<string, unknown>;
    readonly secretInputs: string[];
    /** Outputs the fake provider returned (redacted). */
    readonly state: Record<string, unknown>;
}

/** The result of {@link record}: every registration, and lookups by name. */
export interface Recording {
    readonly resources: Registered[];
    readonly invokes: RecordingMonitor["invokes"];
    /** The one resource with this name; throws when there is none or several. */
    byName(name: string): Registered;
    /** Resources of a type, in registration order. */
    ofType(type: string): Registered[];
}

const noReferences: StackReferenceResolver = async (name) => {
    throw new Error(`this test declares no StackReference, but ${name} was read`);
};

/**
 * Runs `declare` under the same recording mock monitor the offline engine uses (fakes for resources, one
 * table of fake invokes that throws for an unknown one) and returns what was registered.
 */
export async function record(
    declare: () => void,
    opts: { stack?: string; resolveStackReference?: StackReferenceResolver } = {},
): Promise<Recording> {
    const monitor = new RecordingMonitor(opts.resolveStackReference ?? noReferences);
    installMonitor(monitor, "platform", opts.stack ?? "test");
    declare();
    await settle(monitor);
    const resources = monitor.recorded.map((r): Registered => {
        const inputs = redact(r.wireInputs);
        return {
            urn: r.urn,
            type: r.type,
            name: r.name,
            parent: r.parent,
            custom: r.custom,
            protect: r.protect,
            provider: r.provider,
            dependencies: r.dependencies,
            aliases: r.aliases,
            additionalSecretOutputs: r.additionalSecretOutputs,
            inputs: inputs.value as Record<string, unknown>,
            secretInputs: inputs.secretPaths,
            state: redact(r.wireState).value as Record<string, unknown>,
        };
    });
    return {
        resources,
        invokes: monitor.invokes,
        byName(name) {
            const found = resources.filter((r) => r.name === name);
            if (found.length !== 1) throw new Error(`expected one resource named ${name}, found ${found.length}`);
            return found[0];
        },
        ofType: (type) => resources.filter((r) => r.type === type),
    };
}
