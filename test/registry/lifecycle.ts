import type * as pulumi from "@pulumi/pulumi";

/**
 * A stand-in for the Pulumi engine's use of a dynamic provider, so that tests can run whole lifecycles
 * against the fake Harbor: `up` checks each desired resource, creates it when it has no state, otherwise
 * diffs old outputs against new inputs and updates or replaces (delete first when the provider asks), then
 * deletes what is no longer desired in reverse creation order; `refresh` reads every resource and drops
 * those that are gone. Values cross a JSON round trip, as they cross gRPC in the real engine.
 */

type Props = Record<string, unknown>;
type Provider = pulumi.dynamic.ResourceProvider;

/** One desired resource; `inputs` may read outputs of resources declared before it. */
export interface Desired {
    readonly key: string;
    readonly provider: Provider;
    readonly inputs: (outputs: (key: string) => Props) => Props;
}

/** What `up` or `refresh` did to one resource. */
export interface Step {
    readonly key: string;
    readonly op: "create" | "update" | "replace" | "delete" | "same" | "refresh" | "gone";
    /** For update and replace: the fields the diff named (replace: the ones forcing it). */
    readonly fields?: string[];
}

interface Entry {
    id: string;
    provider: Provider;
    outputs: Props;
}

const wire = <V>(v: V): V => JSON.parse(JSON.stringify(v)) as V;

/** The state of one stack: resource outputs by key, in creation order. */
export class Stack {
    readonly state = new Map<string, Entry>();

    /** Outputs of a resource in the state. */
    outputs(key: string): Props {
        const e = this.state.get(key);
        if (!e) throw new Error(`no resource ${key} in the state`);
        return e.outputs;
    }

    /** Applies the desired resources; throws on a check failure or a provider error, as `pulumi up` stops. */
    async up(desired: readonly Desired[]): Promise<Step[]> {
        const steps: Step[] = [];
        for (const d of desired) {
            const old = this.state.get(d.key);
            const checked = await d.provider.check!(old?.outputs ?? {}, wire(d.inputs((k) => this.outputs(k))));
            if (checked.failures?.length) throw new Error(`${d.key}: ${checked.failures.map((f) => f.reason).join("; ")}`);
            const inputs = wire(checked.inputs as Props);
            if (!old) {
                const made = await d.provider.create(inputs);
                this.state.set(d.key, { id: made.id, provider: d.provider, outputs: wire(made.outs as Props) });
                steps.push({ key: d.key, op: "create" });
                continue;
            }
            const diff = await d.provider.diff!(old.id, old.outputs, inputs);
            if (diff.replaces?.length) {
                if (!diff.deleteBeforeReplace) throw new Error("the Harbor providers always delete before replacing");
                await d.provider.delete!(old.id, old.outputs);
                const made = await d.provider.create(inputs);
                this.state.set(d.key, { id: made.id, provider: d.provider, outputs: wire(made.outs as Props) });
                steps.push({ key: d.key, op: "replace", fields: [...diff.replaces] });
            } else if (diff.changes) {
                const updated = await d.provider.update!(old.id, old.outputs, inputs);
                old.outputs = wire(updated.outs as Props);
                steps.push({ key: d.key, op: "update" });
            } else steps.push({ key: d.key, op: "same" });
        }
        const wanted = new Set(desired.map((d) => d.key));
        for (const [key, e] of [...this.state].reverse()) {
            if (wanted.has(key)) continue;
            await e.provider.delete!(e.id, e.outputs);
            this.state.delete(key);
            steps.push({ key, op: "delete" });
        }
        return steps;
    }

    /** Reads every resource back from Harbor, as `pulumi refresh` does. */
    async refresh(): Promise<Step[]> {
        const steps: Step[] = [];
        for (const [key, e] of [...this.state]) {
            const read = await e.provider.read!(e.id, e.outputs);
            if (!read.id) {
                this.state.delete(key);
                steps.push({ key, op: "gone" });
            } else {
                e.outputs = wire(read.props as Props);
                steps.push({ key, op: "refresh" });
            }
        }
        return steps;
    }

    /** The diff `pulumi preview` would show for one desired resource against its state. */
    async diff(d: Desired): Promise<pulumi.dynamic.DiffResult> {
        const old = this.state.get(d.key);
        if (!old) throw new Error(`no resource ${d.key} in the state`);
        const checked = await d.provider.check!(old.outputs, wire(d.inputs((k) => this.outputs(k))));
        return d.provider.diff!(old.id, old.outputs, wire(checked.inputs as Props));
    }
}
