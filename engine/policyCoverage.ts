/**
 * Which policies of a pack look at a kind of object, learnt from the policies themselves rather than from a list
 * kept beside them. A resource policy says what it checks by what it does: it returns (or calls
 * `args.notApplicable`) for a type it does not check before it reads the object's properties
 * (`kubePolicy(types, ...)`, `validateResourceOfType(Class, ...)`, a type token attached to its function). So each
 * policy is run on the object with its properties behind a proxy that notes any read: a policy that reads them
 * looks at that kind. A policy that reads them for a type no policy could name (a probe type) looks at every
 * object whatever its kind (nothing-in-default-namespace reads every object's namespace): it does not count as
 * checking the kind. Stack policies do not run in `npm run check` (its analysis is the resource policies'), so
 * only resource policies count.
 */
import { Pack } from "./analyze";
import { ResolvedPackConfig } from "./policyConfig";

/** A type token no policy checks: the probe that tells the policies that look at every object. */
const PROBE_TYPE = "kubernetes:probe.platform.invalid/v1:NoPolicyChecksThisKind";

type Validation = (args: Record<string, unknown>, report: (...a: unknown[]) => void) => unknown;

class NotApplicable extends Error {}

/** `@pulumi/policy`'s type check (server.js isTypeOf): the class's attached type token, else its isInstance. */
function isTypeOf(type: string, resourceClass: unknown): boolean {
    const cls = resourceClass as { __pulumiType?: unknown; isInstance?: (o: unknown) => boolean } | undefined;
    if (typeof cls?.__pulumiType === "string") return cls.__pulumiType === type;
    return typeof cls?.isInstance === "function" && cls.isInstance({ __pulumiType: type }) === true;
}

/** Whether `validation` reads the properties of an object of `type` (a copy of `props`). */
async function reads(validation: Validation, type: string, props: Record<string, unknown>, config: Record<string, unknown>): Promise<boolean> {
    let read = false;
    const seen = <T>(v: T): T => {
        read = true;
        return v;
    };
    const copy = JSON.parse(JSON.stringify(props)) as Record<string, unknown>;
    const watched = new Proxy(copy, {
        get: (t, k, r) => seen(Reflect.get(t, k, r)),
        has: (t, k) => seen(Reflect.has(t, k)),
        ownKeys: (t) => seen(Reflect.ownKeys(t)),
        getOwnPropertyDescriptor: (t, k) => seen(Reflect.getOwnPropertyDescriptor(t, k)),
    });
    const name = String((copy.metadata as { name?: unknown } | undefined)?.name ?? "probe");
    const args = {
        type,
        props: watched,
        urn: `urn:pulumi:manifests::check::${type}::${name}`,
        name,
        opts: { protect: false, ignoreChanges: [], aliases: [], customTimeouts: {}, additionalSecretOutputs: [] },
        stackTags: new Map(),
        isType: (cls: unknown) => isTypeOf(type, cls),
        asType: (cls: unknown) => (isTypeOf(type, cls) ? watched : undefined),
        getConfig: () => config,
        notApplicable: (reason?: string) => {
            throw new NotApplicable(reason);
        },
    };
    try {
        await validation(args, () => undefined);
    } catch {
        // a policy that stops on the object (not applicable, or failing on it) has read it, or not, as noted
    }
    return read;
}

/** The validations of a resource policy of the pack that runs as configured (a disabled one checks nothing). */
function resourceValidations(pack: Pack, config: ResolvedPackConfig): { name: string; config: Record<string, unknown>; validations: Validation[] }[] {
    const out: { name: string; config: Record<string, unknown>; validations: Validation[] }[] = [];
    for (const p of pack.policies) {
        const level = config[p.name]?.enforcementLevel ?? p.enforcementLevel ?? pack.enforcementLevel;
        const validate = (p as { validateResource?: Validation | Validation[] }).validateResource;
        if (level === "disabled" || !validate) continue;
        out.push({ name: p.name, config: config[p.name]?.properties ?? {}, validations: Array.isArray(validate) ? validate : [validate] });
    }
    return out;
}

/** The attached type token of a validation (`validateResourceOfType`): the server runs it on that type only. */
function attachedType(validation: Validation): string | undefined {
    const t = (validation as { __pulumiType?: unknown }).__pulumiType;
    return typeof t === "string" ? t : undefined;
}

/** What the pack's policies do with objects of one type. */
export interface KindCoverage {
    /** The policies that look at objects of this kind (not those that look at every object). */
    readonly checkedBy: readonly string[];
    /** The policies that look at every object, whatever its kind. */
    readonly everyObject: readonly string[];
}

/**
 * For each object (its type token and properties), which policies of the pack, as configured, look at its kind,
 * and which look at every object. Objects of one type are probed once, with the first of them.
 */
export async function policyCoverage(pack: Pack, config: ResolvedPackConfig, objects: readonly { type: string; props: Record<string, unknown> }[]): Promise<KindCoverage[]> {
    const policies = resourceValidations(pack, config);
    const byType = new Map<string, KindCoverage>();
    for (const o of objects) {
        if (byType.has(o.type)) continue;
        const checkedBy: string[] = [];
        const everyObject: string[] = [];
        for (const p of policies) {
            let kind = false;
            let every = false;
            for (const v of p.validations) {
                const only = attachedType(v);
                if (only !== undefined && only !== o.type) continue;
                if (!(await reads(v, o.type, o.props, p.config))) continue;
                if (only === undefined && (await reads(v, PROBE_TYPE, o.props, p.config))) every = true;
                else kind = true;
            }
            if (kind) checkedBy.push(p.name);
            else if (every) everyObject.push(p.name);
        }
        byType.set(o.type, { checkedBy, everyObject });
    }
    return objects.map((o) => byType.get(o.type)!);
}
