// What config/registry.yaml's mistakes are told: a misspelt project a robot names, a schedule with a field out of range.
import { loadRegistryConfig, parseRegistryConfig } from "../../config/registry";
import { Problem, isSettingsError } from "../../config/problems";

function problemsOf(raw: unknown): Problem[] {
    try {
        parseRegistryConfig(raw);
    } catch (err) {
        if (isSettingsError(err)) return [...err.problems];
        throw err;
    }
    throw new Error("expected a SettingsError");
}
const config = () => JSON.parse(JSON.stringify(loadRegistryConfig())) as { robots: { projects: string[] }[]; gc: { cron: string }; projects: { name: string; retention?: { cron?: string } }[] };

test("a robot naming a misspelt project: the project it likely means first", () => {
    const raw = config();
    const named = raw.robots[0].projects[0];
    raw.robots[0].projects[0] = `${named.slice(0, -2)}${named.slice(-1)}${named.slice(-2, -1)}`;
    expect(problemsOf(raw)).toEqual([
        { file: "config/registry.yaml", key: "robots[0].projects", expected: "projects declared in projects", found: JSON.stringify(raw.robots[0].projects[0]), fix: `did you mean ${named}? Else declare project ${raw.robots[0].projects[0]}, or remove it from the robot` },
    ]);
});

test.each([
    ["0 0 25 * * 6", "the hours field \"25\": hours run from 0 to 23"],
    ["0 0 3 * *", "5 field(s); a schedule has six, seconds first (e.g. 0 0 3 * * 6: Saturdays at 03:00)"],
])("gc.cron %j: the field that is wrong", (cron, problem) => {
    const raw = config();
    raw.gc.cron = cron;
    expect(problemsOf(raw)).toEqual([
        {
            file: "config/registry.yaml",
            key: "gc.cron",
            expected: `a six-field cron (seconds first) with each field in its range (${problem})`,
            found: JSON.stringify(cron),
            fix: "write the schedule Harbor runs it on, seconds first: e.g. 0 0 3 * * 6 (Saturdays at 03:00)",
        },
    ]);
});

test("a retention schedule is held to the same rule", () => {
    const raw = config();
    const at = raw.projects.findIndex((p) => p.retention);
    raw.projects[at].retention!.cron = "0 61 * * * *";
    expect(problemsOf(raw)).toEqual([expect.objectContaining({ key: `projects[${at}].retention.cron`, expected: expect.stringContaining('the minutes field "61": minutes run from 0 to 59') })]);
});

test("a retention rule without its count: the settings say so (Harbor's own check would fail only at deploy)", () => {
    const raw = config() as unknown as { projects: { retention?: { rules: Record<string, unknown>[] } }[] };
    const at = raw.projects.findIndex((p) => p.retention);
    const ruleAt = raw.projects[at].retention!.rules.findIndex((r) => r.template !== "always");
    const template = String(raw.projects[at].retention!.rules[ruleAt].template);
    delete raw.projects[at].retention!.rules[ruleAt].count;
    expect(problemsOf(raw)).toEqual([
        expect.objectContaining({ key: `projects[${at}].retention.rules[${ruleAt}].count`, expected: expect.stringContaining(`(the ${template} rule needs one)`), found: "nothing (the key is missing)", fix: `add count: 10 (or the figure you mean) to the ${template} rule` }),
    ]);
});
