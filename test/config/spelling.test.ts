import { closestMatch, editDistance } from "../../config/spelling";
import { Problem, SettingsError, foldMisspeltKeys } from "../../config/problems";

describe("editDistance", () => {
    test.each([
        ["", "", 0],
        ["zones", "zones", 0],
        ["zones", "zonez", 1],
        ["zones ", "zones", 1],
        ["managerPasswd", "managerPassword", 2],
        ["kitten", "sitting", 3],
        ["", "abc", 3],
    ])("%j to %j: %i", (a, b, d) => {
        expect(editDistance(a, b)).toBe(d);
        expect(editDistance(b, a)).toBe(d);
    });
});

describe("closestMatch", () => {
    test.each([
        ["nodeCIDR", ["serviceCidr", "nodeCidr"], "nodeCidr"],
        ["managerPasswd", ["host", "managerDN", "managerPassword"], "managerPassword"],
        ["zonez", ["zones", "egress"], "zones"],
        ["colour", ["serviceCidr", "zones", "egress"], undefined],
        // two edits are always tolerated, more only for longer words (a third of the length)
        ["ab", ["xy"], "xy"],
        ["abc", ["xyz"], undefined],
        ["x", [], undefined],
    ])("%j among %j: %j", (word, candidates, expected) => {
        expect(closestMatch(word, candidates)).toBe(expected);
    });
});

describe("foldMisspeltKeys", () => {
    const missing = (key: string, file = "Pulumi.prod.yaml"): Problem => ({ file, key, expected: "a text value", found: "nothing (the key is missing)", fix: `add ${key}` });
    const unknown = (parent: string, extra: string, file = "Pulumi.prod.yaml"): Problem => ({
        file,
        key: `${parent}${extra}`,
        expected: "a known key",
        found: `an unknown key ${JSON.stringify(extra)}`,
        fix: "correct its spelling or remove it",
    });

    test("an unknown key and the missing sibling it misspells: one problem, at the unknown key, in the first one's place", () => {
        const other: Problem = { file: "Pulumi.prod.yaml", key: "platform:environment", expected: "x", found: '"y"', fix: "z" };
        expect(foldMisspeltKeys([missing("platform:networks.ops.zones"), other, unknown("platform:networks.ops.", "zonez")])).toEqual([
            other,
            {
                file: "Pulumi.prod.yaml",
                key: "platform:networks.ops.zonez",
                expected: 'the key zones: a text value (missing here; "zonez" looks like a misspelling of it)',
                found: 'an unknown key "zonez"',
                fix: 'rename "zonez" to zones',
            },
        ]);
    });

    test("kept apart: another parent, another file, a key not close, a missing key deeper down", () => {
        const apart = [
            [missing("platform:networks.prod.zones"), unknown("platform:networks.ops.", "zonez")],
            [missing("platform:networks.ops.zones", "Pulumi.nonprod.yaml"), unknown("platform:networks.ops.", "zonez")],
            [missing("platform:networks.ops.zones"), unknown("platform:networks.ops.", "colour")],
            [missing("platform:networks.ops.zones.cn-hangzhou-h.nodeCidr"), unknown("platform:networks.ops.", "zonez")],
        ];
        for (const problems of apart) expect(foldMisspeltKeys(problems)).toEqual(problems);
    });

    test("each missing key is taken once: two misspellings of one key leave the second as it was", () => {
        const second = unknown("platform:", "zonse");
        expect(foldMisspeltKeys([missing("platform:zones"), unknown("platform:", "zonez"), second]).map((p) => p.key)).toEqual(["platform:zonez", "platform:zonse"]);
        expect(foldMisspeltKeys([missing("platform:zones"), unknown("platform:", "zonez"), second])[1]).toBe(second);
    });

    test("the key with a word added (hostname for host, maxSize for max) is folded too", () => {
        expect(foldMisspeltKeys([missing("platform:observability.elasticsearch.host"), unknown("platform:observability.elasticsearch.", "hostname")])).toEqual([
            expect.objectContaining({ key: "platform:observability.elasticsearch.hostname", fix: 'rename "hostname" to host' }),
        ]);
        expect(foldMisspeltKeys([missing("a.autoscaling.max"), unknown("a.autoscaling.", "maxSize")])).toEqual([expect.objectContaining({ fix: 'rename "maxSize" to max' })]);
    });

    test("SettingsError reports the folded problems", () => {
        const error = new SettingsError([missing("platform:zones"), unknown("", "platform:zonez")]);
        expect(error.problems.map((p) => p.fix)).toEqual(['rename "platform:zonez" to platform:zones']);
        expect(error.message).toMatch(/^Invalid settings \(1 problem\):/);
    });
});

test("closestMatch with one edit tolerated at least (names): zed is not dee, sun-lee is sun-li", () => {
    expect(closestMatch("zed", ["dee", "ann"], 1)).toBeUndefined();
    expect(closestMatch("sun-lee", ["sun-li", "wu-tao"], 1)).toBe("sun-li");
});
