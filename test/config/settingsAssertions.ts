import { RawSettings, parseSettings } from "../../config/load";
import { Problem, isSettingsError } from "../../config/problems";

/**
 * A problem as a test expects it: the exact file and key, and fragments (names, numbers, CIDRs) that the
 * expected, found and fix texts must each contain. `found` may also be given whole, as an exact string.
 */
export interface ExpectedProblem {
    readonly file: string;
    readonly key: string;
    readonly expected: readonly string[];
    readonly found: string | readonly string[];
    readonly fix: readonly string[];
}

/** The problems `parseSettings` reports for `raw`; fails the test if it parses or throws anything else. */
export function problemsOf(raw: RawSettings): readonly Problem[] {
    let thrown: unknown;
    try {
        parseSettings(raw);
    } catch (err) {
        thrown = err;
    }
    if (thrown === undefined) throw new Error("expected parseSettings to throw a SettingsError, but the settings parsed");
    if (!isSettingsError(thrown)) throw thrown;
    return thrown.problems;
}

/** Asserts the exact list of problems (order, file, key) and the fragments of each. */
export function expectProblems(actual: readonly Problem[], expected: readonly ExpectedProblem[]): void {
    expect(actual.map((p) => `${p.file}: ${p.key}`)).toEqual(expected.map((p) => `${p.file}: ${p.key}`));
    expected.forEach((e, i) => {
        const p = actual[i];
        for (const fragment of e.expected) expect(p.expected).toContain(fragment);
        if (typeof e.found === "string") expect(p.found).toBe(e.found);
        else for (const fragment of e.found) expect(p.found).toContain(fragment);
        for (const fragment of e.fix) expect(p.fix).toContain(fragment);
    });
}
