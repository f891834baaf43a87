/**
 * The one table of fake invokes (data sources). An invoke the table does not know fails the run with its
 * token named: a program that starts calling a new data source must get a fake here, on purpose.
 */

type Args = Record<string, unknown>;
type InvokeFake = (args: Args) => Record<string, unknown>;

const INVOKES: Readonly<Record<string, InvokeFake>> = {};

/** Thrown for an invoke with no fake. */
export class UnknownInvokeError extends Error {
    constructor(public readonly token: string) {
        super(`no fake for invoke ${token}: add one to engine/fakes/invokes.ts`);
        this.name = "UnknownInvokeError";
    }
}

/** The fake result of an invoke, or an {@link UnknownInvokeError}. */
export function fakeInvoke(token: string, args: Args, table: Readonly<Record<string, InvokeFake>> = INVOKES): Record<string, unknown> {
    const fake = table[token];
    if (!fake) throw new UnknownInvokeError(token);
    return fake(args);
}

/** True when the table has a fake for the invoke. */
export function isKnownInvoke(token: string): boolean {
    return token in INVOKES;
}

/** The tokens the table answers, for documentation and tests. */
export function knownInvokes(): string[] {
    return Object.keys(INVOKES).sort();
}
