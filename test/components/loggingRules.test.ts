import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import fc from "fast-check";
import * as YAML from "yaml";
import { ALERTERS, loadElastAlertRules, parseElastAlertRule, parseElastAlertRules } from "../../config/elastalertRules";
import { ALERTER_OPTIONS, REMOVED_ALERTERS } from "../../config/elastalertAlerters";
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
        ["frequency with a misspelt num_events", yaml({ ...without(FREQUENCY, "num_events"), num_event: 3 }), "num_event", 'the key num_events: a whole number, at least 1, which a frequency rule requires (missing here; "num_event" looks like a misspelling of it)', 'an unknown key "num_event"'],
        ["a misspelt type", yaml({ ...FREQUENCY, type: "frequancy" }), "type", expect.stringMatching(/^one of "any", .*"frequency"/), '"frequancy"'],
        ["no alert", yaml(without(FREQUENCY, "alert")), "alert", "a list of alerters such as [post2], which every rule requires", "nothing (the key is missing)"],
        ["alert as a string", yaml({ ...FREQUENCY, alert: "post2" }), "alert", "a list of alerters such as [post2]", '"post2"'],
        ["an unknown alerter", yaml({ ...FREQUENCY, alert: ["webhook"] }), "alert[0]", expect.stringContaining('"post2"'), expect.stringMatching(/^"webhook", which ElastAlert 2\.31\.0 does not have/)],
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

describe("alerters: each name ElastAlert 2.31.0 has, and the options its alerter requires (elastalert/loaders.py, elastalert/alerters/*.py)", () => {
    const ANY = { name: "Panics", type: "any", index: "filebeat-*" };
    const problemsOf = (rule: Record<string, unknown>) => parseElastAlertRule(FILE, yaml({ ...ANY, ...rule })).problems;

    test.each([
        ["post2: its http_post2_url is ElastAlert's global option (platform:alertWebhookUrl)", { alert: ["post2"] }],
        ["debug requires nothing", { alert: ["debug"] }],
        ["email with its recipients", { alert: ["email"], email: ["oncall@example.com"], smtp_host: "smtp.example.com" }],
        ["alertmanager with its hosts", { alert: ["alertmanager"], alertmanager_hosts: ["http://alertmanager.ops.kube-platform.internal:9093"] }],
        ["command with its command", { alert: ["post2", "command"], command: ["/bin/true"] }],
        ["line: ElastAlert requires nothing of it (line.py sets required_option, sic)", { alert: ["line"] }],
    ])("loads: %s", (_title, rule) => {
        expect(problemsOf(rule)).toEqual([]);
    });

    test("slack without slack_webhook_url: the alert entry, that a rule may not hold the URL and the platform does not supply it, post2 instead", () => {
        expect(problemsOf({ alert: ["slack"] })).toEqual([
            {
                file: FILE,
                key: "alert[0]",
                expected: "an alerter whose required options the rule or the platform gives (ElastAlert 2.31.0 refuses to load a rule without them), such as post2, which posts to the platform's notification webhook (platform:alertWebhookUrl)",
                found: '"slack", which requires slack_webhook_url: a credential or webhook URL, which a rule may not hold (rules are in git and in a ConfigMap) and the platform does not supply (it supplies only post2\'s http_post2_url)',
                fix: "alert through post2 instead (alert: [post2]): the platform's notification webhook (platform:alertWebhookUrl) receives every rule's alerts",
            },
        ]);
    });

    test.each([
        ["post", "http_post_url"],
        ["ms_power_automate", "ms_power_automate_webhook_url"],
        ["dingtalk", "dingtalk_access_token"],
        ["opsgenie", "opsgenie_key"],
        ["pagerduty", "pagerduty_service_key"],
    ])("%s needs %s, which no rule may hold: one problem of the alert entry", (alerter, option) => {
        const problems = problemsOf({ alert: ["post2", alerter] });
        expect(problems.map((p) => [p.key, p.found.split(":")[0]])).toEqual([["alert[1]", `"${alerter}", which requires ${option}`]]);
    });

    test("the credential given in the rule instead: refused as a credential (opsgenie_key, though its name does not say so)", () => {
        expect(problemsOf({ alert: ["opsgenie"], opsgenie_key: "k" }).map((p) => [p.key, p.expected])).toEqual([["opsgenie_key", "no credentials or webhook URLs in a rule (rules are in git and in a ConfigMap)"]]);
        expect(problemsOf({ alert: ["slack"], slack_webhook_url: "https://hooks.slack.com/x" }).map((p) => p.key)).toEqual(["slack_webhook_url"]);
    });

    test.each([
        ["email", "email", "a list of recipient addresses, which the email alerter (alert[0]) requires: ElastAlert 2.31.0 refuses to load the rule without it", /^add email: \[<address>, \.\.\.\] and smtp_host/],
        ["alertmanager", "alertmanager_hosts", "a list of Alertmanager URLs, which the alertmanager alerter (alert[0]) requires: ElastAlert 2.31.0 refuses to load the rule without it", /alertmanager\.ops\.<dns\.zone of config\/platform\.yaml>:9093/],
        ["command", "command", expect.stringMatching(/^the command to run, as a list .*, which the command alerter \(alert\[0\]\) requires/), /^add command: /],
        ["zabbix", "zbx_host", "the zabbix alerter's zbx_host, which the zabbix alerter (alert[0]) requires: ElastAlert 2.31.0 refuses to load the rule without it", /^add zbx_host \(see ElastAlert 2's zabbix alerter\), or alert through post2$/],
    ])("%s without %s: the missing option, what it holds, how to give it", (alerter, option, expected, fix) => {
        const problems = problemsOf({ alert: [alerter] });
        expect(problems[0]).toEqual({ file: FILE, key: option, expected, found: "nothing (the key is missing)", fix: expect.stringMatching(fix) });
        if (alerter !== "zabbix") expect(problems).toHaveLength(1);
        else expect(problems.map((p) => p.key)).toEqual(["zbx_host", "zbx_key"]);
    });

    test.each([
        ["a removed alerter", "ms_teams", '"ms_teams", an alerter ElastAlert removed in 2.30.0 (the chart runs 2.31.0)', /^use post2, .*; ms_power_automate needs ms_power_automate_webhook_url/],
        ["a removed alerter with a usable successor", "linenotify", '"linenotify", an alerter ElastAlert removed in 2.24.0 (the chart runs 2.31.0)', /^use line, or post2, /],
        ["a misspelt alerter", "slak", expect.stringMatching(/^"slak", which ElastAlert 2\.31\.0 does not have/), /^did you mean slack\? Use post2, .*; slack needs slack_webhook_url/],
        ["a misspelt usable alerter", "emial", expect.stringMatching(/^"emial", which/), /^did you mean email\? Use email, or post2/],
        ["a name of no alerter", "webhook", expect.stringMatching(/^"webhook", which/), /^use post2, which posts to the platform's notification webhook \(platform:alertWebhookUrl\)$/],
    ])("%s: the entry, the alerters there are, and what to use", (_title, alerter, found, fix) => {
        expect(problemsOf({ alert: ["post2", alerter] })).toEqual([{ file: FILE, key: "alert[1]", expected: expect.stringMatching(/^one of ElastAlert 2\.31\.0's alerters: "post2" .*"slack"/), found, fix: expect.stringMatching(fix) }]);
    });

    test("the table: every alerter a platform rule may plausibly use, credentials among the required options, no removed name", () => {
        for (const name of ["slack", "email", "post", "post2", "alertmanager", "ms_power_automate", "dingtalk", "command", "debug"]) expect(ALERTERS).toContain(name);
        for (const [name, o] of Object.entries(ALERTER_OPTIONS)) {
            expect([name, o.credentials.filter((c) => !o.required.includes(c))]).toEqual([name, []]);
            expect(o.file).toMatch(/^[a-z_0-9]+\.py$/);
        }
        for (const removed of Object.keys(REMOVED_ALERTERS)) expect(ALERTERS).not.toContain(removed);
        expect(ALERTER_OPTIONS.slack.required).toEqual(["slack_webhook_url"]);
        expect(ALERTER_OPTIONS.post2.required).toEqual(["http_post2_url"]);
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

describe("a known option misspelt, which ElastAlert would ignore", () => {
    test("reelert for realert, num_event for num_events: each named with the option meant", () => {
        const { problems } = parseElastAlertRule(FILE, yaml({ ...FREQUENCY, reelert: { minutes: 30 } }));
        expect(problems).toEqual([
            { file: FILE, key: "reelert", expected: "a rule option ElastAlert reads (realert, most likely: it ignores a key it does not know)", found: 'an unknown key "reelert"', fix: 'rename "reelert" to realert' },
        ]);
        const { num_events: _n, ...rest } = FREQUENCY;
        // a required option misspelt: one problem, not also "num_events is missing"
        expect(parseElastAlertRule(FILE, yaml({ ...rest, num_event: 3 })).problems.map((p) => [p.key, p.fix])).toEqual([["num_event", 'rename "num_event" to num_events']]);
    });

    test("an option no known one is close to passes (ElastAlert has many more than the platform checks)", () => {
        expect(parseElastAlertRule(FILE, yaml({ ...FREQUENCY, use_count_query: true, doc_type: "_doc" })).problems).toEqual([]);
    });
});

test("a list's entries written under a value (query_key: a, then - b) read as one text: said so, with the list meant", () => {
    const text = yaml(FREQUENCY) + "query_key: orchestrator.cluster.name\n  - kubernetes.namespace\n";
    const { problems } = parseElastAlertRule(FILE, text);
    expect(problems).toEqual([
        expect.objectContaining({
            key: "query_key",
            found: '"orchestrator.cluster.name - kubernetes.namespace"',
            fix: 'write the fields as a list: [orchestrator.cluster.name, kubernetes.namespace] (a "- " line under "key: value" continues the value\'s text, it does not start a list)',
        }),
    ]);
});

test("a time span's figure written as a word or in quotes: the figure meant", () => {
    const { problems } = parseElastAlertRule(FILE, yaml({ ...FREQUENCY, realert: { hours: "one" } }));
    expect(problems).toEqual([expect.objectContaining({ key: "realert.hours", found: '"one"', fix: "write realert.hours: 1 (a number, without quotes)" })]);
    expect(parseElastAlertRule(FILE, yaml({ ...FREQUENCY, realert: { minutes: "30" } })).problems).toEqual([expect.objectContaining({ fix: "write realert.minutes: 30 (a number, without quotes)" })]);
});
