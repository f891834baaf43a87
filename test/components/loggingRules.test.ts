import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import fc from "fast-check";
import * as YAML from "yaml";
import { loadElastAlertRules, parseElastAlertRule, parseElastAlertRules } from "../../config/elastalertRules";
import { isSettingsError } from "../../config/problems";

const FILE = "config/elastalert-rules/r.yaml";
const FREQUENCY = { name: "Errors", type: "frequency", index: "filebeat-*", num_events: 3, timeframe: { minutes: 5 }, alert: ["post2"] };
const yaml = (o: unknown) => YAML.stringify(o);
const without = (o: Record<string, unknown>, key: string) => Object.fromEntries(Object.entries(o).filter(([k]) => k !== key));

describe("the repository's rules", () => {
    test("load, validate and keep their file order: flatline, spike, frequency", () => {
        const rules = loadElastAlertRules();
        expect(rules.map((r) => [r.file, r.key, r.name, r.body.type])).toEqual([
            ["config/elastalert-rules/cluster-logs-flatline.yaml", "cluster-logs-flatline", "No logs from a cluster", "flatline"],
            ["config/elastalert-rules/error-rate-spike.yaml", "error-rate-spike", "Error rate spike per namespace", "spike"],
            ["config/elastalert-rules/oom-killed.yaml", "oom-killed", "Out-of-memory kills", "frequency"],
        ]);
        for (const r of rules) expect(r.body.alert).toEqual(["post2"]);
    });
});

describe("a valid rule", () => {
    test.each([
        ["frequency", FREQUENCY],
        ["any", { name: "Panics", type: "any", index: "filebeat-*", filter: [{ term: { message: "panic" } }], alert: ["post2"] }],
        ["flatline with a query key", { name: "Quiet", type: "flatline", index: "filebeat-*", threshold: 1, timeframe: { minutes: 15 }, query_key: "orchestrator.cluster.name", alert: ["post2"] }],
        ["spike with compound key", { name: "Spike", type: "spike", index: "x-*", spike_height: 2.5, spike_type: "up", timeframe: { hours: 1 }, query_key: ["a", "b"], alert: ["post2", "debug"] }],
        ["change", { name: "Changed", type: "change", index: "x", query_key: "host", compare_key: "version", ignore_null: true, alert: ["post2"] }],
        ["blacklist", { name: "Bad users", type: "blacklist", index: "x", compare_key: "user", blacklist: ["root"], alert: ["post2"] }],
        ["an option ElastAlert knows and the schema passes through", { ...FREQUENCY, alert_subject: "Errors in {0}", alert_subject_args: ["kubernetes.namespace"] }],
    ])("%s", (_title, rule) => {
        const result = parseElastAlertRule(FILE, yaml(rule));
        expect(result.problems).toEqual([]);
        expect(result.rule).toEqual({ file: FILE, key: "r", name: rule.name, body: rule });
    });
});

describe("an invalid rule: each problem names the file and the key", () => {
    test.each([
        ["frequency without num_events", yaml(without(FREQUENCY, "num_events")), "num_events", "a whole number, at least 1, which a frequency rule requires", "nothing (the key is missing)"],
        ["frequency with a misspelt num_events", yaml({ ...without(FREQUENCY, "num_events"), num_event: 3 }), "num_events", "a whole number, at least 1, which a frequency rule requires", "nothing (the key is missing)"],
        ["a misspelt type", yaml({ ...FREQUENCY, type: "frequancy" }), "type", expect.stringMatching(/^one of "any", .*"frequency"/), '"frequancy"'],
        ["no alert", yaml(without(FREQUENCY, "alert")), "alert", "a list of alerters such as [post2], which every rule requires", "nothing (the key is missing)"],
        ["alert as a string", yaml({ ...FREQUENCY, alert: "post2" }), "alert", "a list of alerters such as [post2]", '"post2"'],
        ["an unknown alerter", yaml({ ...FREQUENCY, alert: ["webhook"] }), "alert[0]", expect.stringContaining('"post2"'), '"webhook"'],
        ["no index", yaml(without(FREQUENCY, "index")), "index", "an index pattern such as filebeat-*, which every rule requires", "nothing (the key is missing)"],
        ["a zero timeframe", yaml({ ...FREQUENCY, timeframe: { minutes: 0 } }), "timeframe", "a time span such as {minutes: 15}", '{"minutes":0}'],
        ["a negative time unit", yaml({ ...FREQUENCY, timeframe: { minutes: -10 } }), "timeframe.minutes", "a number of minutes above 0 (the timeframe's span)", "-10"],
        ["an empty file", "", "(file)", "a map of rule options (name, type, index, alert, ...)", "an empty file"],
        ["a misspelt time unit", yaml({ ...FREQUENCY, timeframe: { mins: 5 } }), "timeframe.mins", expect.stringContaining("minutes"), 'an unknown key "mins"'],
        ["a fractional flatline threshold", yaml({ ...without(FREQUENCY, "num_events"), type: "flatline", threshold: 0.5 }), "threshold", "a whole number, at least 1", "0.5"],
        ["a spike without spike_type", yaml({ ...without(FREQUENCY, "num_events"), type: "spike", spike_height: 3 }), "spike_type", 'one of "up", "down", "both", which a spike rule requires', "nothing (the key is missing)"],
        ["a change rule with a numeric query_key", yaml({ ...without(FREQUENCY, "num_events"), type: "change", query_key: 5, compare_key: "v", ignore_null: true }), "query_key", "a field name or a list of field names", "5"],
        ["the webhook URL in the rule", yaml({ ...FREQUENCY, http_post2_url: "https://notify.example.com/x" }), "http_post2_url", expect.stringContaining("no credentials or webhook URLs"), "a value for http_post2_url"],
        ["a list instead of a map", "- name: x\n", "(file)", "a map of rule options (name, type, index, alert, ...)", '[{"name":"x"}]'],
        ["broken YAML", "name: [\n", "(line 1, column 7)", "a YAML document", expect.stringContaining("Flow sequence")],
    ])("%s", (_title, text, key, expected, found) => {
        const { rule, problems } = parseElastAlertRule(FILE, text);
        expect(rule).toBeUndefined();
        expect(problems).toEqual([{ file: FILE, key, expected, found, fix: expect.any(String) }]);
    });

    test("every problem of every file is reported together, duplicate names included", () => {
        let caught: unknown;
        try {
            parseElastAlertRules([
                { file: "config/elastalert-rules/a.yaml", text: yaml(FREQUENCY) },
                { file: "config/elastalert-rules/b.yaml", text: yaml(FREQUENCY) },
                { file: "config/elastalert-rules/c.yaml", text: yaml(without(FREQUENCY, "timeframe")) },
            ]);
        } catch (err) {
            caught = err;
        }
        expect(isSettingsError(caught)).toBe(true);
        const problems = (caught as { problems: { file: string; key: string; found: string }[] }).problems;
        expect(problems.map((p) => [p.file, p.key])).toEqual([
            ["config/elastalert-rules/c.yaml", "timeframe"],
            ["config/elastalert-rules/b.yaml", "name"],
        ]);
        expect(problems[1].found).toBe('"Errors", also the name in config/elastalert-rules/a.yaml');
        expect((caught as Error).message).toContain("config/elastalert-rules/c.yaml: timeframe");
    });

    test("a file name that cannot be a ConfigMap key is a problem of the file name", () => {
        expect(parseElastAlertRule("config/elastalert-rules/my rule.yaml", yaml(FREQUENCY)).problems.map((p) => p.key)).toEqual(["(file name)"]);
    });

    test("loading reads only .yaml and .yml files of the directory", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rules-"));
        fs.writeFileSync(path.join(dir, "b.yml"), yaml({ ...FREQUENCY, name: "B" }));
        fs.writeFileSync(path.join(dir, "a.yaml"), yaml(FREQUENCY));
        fs.writeFileSync(path.join(dir, "README.md"), "not a rule");
        try {
            expect(loadElastAlertRules(dir, "rules").map((r) => [r.file, r.key])).toEqual([
                ["rules/a.yaml", "a"],
                ["rules/b.yml", "b"],
            ]);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});

describe("properties", () => {
    const REQUIRED = ["name", "type", "index", "alert", "num_events", "timeframe"];

    test("removing any one required key of a valid frequency rule is exactly one problem, naming that key", () => {
        fc.assert(
            fc.property(fc.constantFrom(...REQUIRED), fc.integer({ min: 1, max: 1000 }), (key, events) => {
                const { problems } = parseElastAlertRule(FILE, yaml(without({ ...FREQUENCY, num_events: events }, key)));
                // without a type no type-specific key can be checked, so removing type is still one problem
                return problems.length === 1 && problems[0].key === key && problems[0].file === FILE && problems[0].found === "nothing (the key is missing)";
            }),
        );
    });

    test("a valid rule's body survives the YAML round trip the chart values make", () => {
        fc.assert(
            fc.property(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 1, max: 1440 }), fc.string({ minLength: 1 }), (events, minutes, name) => {
                const rule = { ...FREQUENCY, name, num_events: events, timeframe: { minutes } };
                const parsed = parseElastAlertRule(FILE, yaml(rule)).rule;
                return parsed !== undefined && JSON.stringify(YAML.parse(YAML.stringify(parsed.body))) === JSON.stringify(rule);
            }),
        );
    });
});
