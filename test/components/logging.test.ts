import * as k8s from "@pulumi/kubernetes";
import * as YAML from "yaml";
import { ELASTALERT_CHART, ElastAlert, elastAlertValues } from "../../components/logging/elastAlert";
import { FILEBEAT_CHART, Filebeat, filebeatConfig, filebeatValues } from "../../components/logging/filebeat";
import { PLATFORM_GLOBAL_OPTIONS } from "../../config/elastalertAlerters";
import { ElastAlertRule, loadElastAlertRules } from "../../config/elastalertRules";
import { chartVersion, validateChartValues } from "../../engine/reference/chartValues";
import { validateKubernetesObject } from "../../engine/reference/kubeModels";
import { record } from "../support/mocks";

const LOGSTASH = ["logstash-1.log.kube-platform.internal:5044", "logstash-2.log.kube-platform.internal:5044"];
const ES = { host: "es.log.kube-platform.internal", port: 9200, useSsl: true };
/** The fake notification webhook; its token must never appear in plain text. */
const WEBHOOK = "https://notify.example.com/hooks/FAKE-WEBHOOK-TOKEN";
const RULE: ElastAlertRule = {
    file: "config/elastalert-rules/errors.yaml",
    key: "errors",
    name: "Errors",
    body: { name: "Errors", type: "frequency", index: "filebeat-*", num_events: 3, timeframe: { minutes: 5 }, alert: ["post2"] },
};

/** filebeat.yml for a cluster, as Filebeat reads it: container logs with Kubernetes metadata, the cluster's name, Logstash. */
const filebeatYml = (cluster: string) => ({
    "filebeat.inputs": [
        {
            type: "container",
            paths: ["/var/log/containers/*.log"],
            processors: [{ add_kubernetes_metadata: { host: "${NODE_NAME}", matchers: [{ logs_path: { logs_path: "/var/log/containers/" } }] } }],
        },
    ],
    processors: [{ add_fields: { target: "orchestrator.cluster", fields: { name: cluster } } }],
    "output.logstash": { hosts: LOGSTASH, loadbalance: true },
});

/** The chart values of a cluster's Filebeat, filebeat.yml aside (filebeatYml). */
const filebeatValuesOf = () => ({
    fullnameOverride: "filebeat",
    daemonset: {
        enabled: true,
        extraEnvs: [],
        secretMounts: [],
        filebeatConfig: { "filebeat.yml": expect.any(String) },
        tolerations: [{ operator: "Exists" }],
        resources: { requests: { cpu: "100m", memory: "200Mi" }, limits: { cpu: "1", memory: "512Mi" } },
    },
    deployment: { enabled: false },
});
const filebeatYmlOf = (values: unknown) => YAML.parse((values as { daemonset: { filebeatConfig: Record<string, string> } }).daemonset.filebeatConfig["filebeat.yml"]);

/** ElastAlert's chart values with RULE and ES. */
const ELASTALERT_VALUES = {
    fullnameOverride: "elastalert",
    writebackIndex: "elastalert",
    elasticsearch: { host: "es.log.kube-platform.internal", port: 9200, useSsl: "True", verifyCerts: "True" },
    extraConfigOptions: { http_post2_url: "${ELASTALERT_WEBHOOK_URL}", http_post2_timeout: 10 },
    optEnv: [{ name: "ELASTALERT_WEBHOOK_URL", valueFrom: { secretKeyRef: { name: "elastalert-webhook", key: "url" } } }],
    resources: { requests: { cpu: "100m", memory: "256Mi" }, limits: { cpu: "1", memory: "1Gi" } },
    rules: { errors: "name: Errors\ntype: frequency\nindex: filebeat-*\nnum_events: 3\ntimeframe:\n  minutes: 5\nalert:\n  - post2\n" },
};

describe("Filebeat values", () => {
    test("filebeat.yml: container logs with Kubernetes metadata, the cluster's name, Logstash with load balancing", () => {
        expect(YAML.parse(filebeatConfig({ clusterName: "prod", logstashHosts: LOGSTASH }))).toEqual(filebeatYml("prod"));
    });

    test.each(["ops", "prod", "nonprod"])("exact values for %s, valid against the chart's keys", (cluster) => {
        const values = filebeatValues({ clusterName: cluster, logstashHosts: LOGSTASH });
        expect(values).toEqual(filebeatValuesOf());
        expect(filebeatYmlOf(values)).toEqual(filebeatYml(cluster));
        expect(validateChartValues("filebeat", values)).toEqual([]);
    });

    test("the chart version is the reference's", () => {
        expect(FILEBEAT_CHART.version).toBe(chartVersion("filebeat"));
    });
});

describe("ElastAlert values", () => {
    test("exact values: the external Elasticsearch with the chart's string booleans, the webhook as a global option read from the environment, the rules", () => {
        expect(elastAlertValues({ elasticsearch: ES, rules: [RULE] })).toEqual(ELASTALERT_VALUES);
        const plain = elastAlertValues({ elasticsearch: { ...ES, useSsl: false }, rules: [RULE] }) as { elasticsearch: unknown };
        expect(plain.elasticsearch).toEqual({ host: ES.host, port: 9200, useSsl: "False", verifyCerts: "False" });
    });

    test("the repository's rules become chart values that validate, and read back as the files' rules", () => {
        const rules = loadElastAlertRules();
        const values = elastAlertValues({ elasticsearch: ES, rules }) as { rules: Record<string, string> };
        expect(validateChartValues("elastalert2", values)).toEqual([]);
        expect(Object.keys(values.rules)).toEqual(["cluster-logs-flatline", "error-rate-spike", "oom-killed"]);
        for (const r of rules) expect(YAML.parse(values.rules[r.key])).toEqual(r.body);
        expect(ELASTALERT_CHART.version).toBe(chartVersion("elastalert2"));
    });

    test("the global options the rule check counts as given are those the values put in ElastAlert's configuration", () => {
        // config/elastalertRules.ts does not flag a rule's post2 for http_post2_url because this supplies it
        const values = elastAlertValues({ elasticsearch: ES, rules: [RULE] }) as { extraConfigOptions: Record<string, unknown> };
        expect(Object.keys(values.extraConfigOptions).sort()).toEqual([...PLATFORM_GLOBAL_OPTIONS].sort());
    });
});

describe("Filebeat", () => {
    test("a privileged logging namespace and the release, on the cluster's provider", async () => {
        const rec = await record(() => {
            const provider = new k8s.Provider("prod-k8s", { kubeconfig: "fake" });
            new Filebeat("prod-filebeat", { provider, clusterName: "prod", logstashHosts: LOGSTASH });
        });
        expect(rec.resources.filter((r) => r.parent?.endsWith("::prod-filebeat")).map((r) => `${r.type} ${r.name}`)).toEqual([
            "kubernetes:core/v1:Namespace prod-filebeat-ns",
            "kubernetes:helm.sh/v3:Release prod-filebeat-release",
        ]);
        const ns = rec.byName("prod-filebeat-ns");
        expect(ns.inputs.metadata).toEqual({
            name: "logging",
            labels: { "kubesphere.io/workspace": "system-workspace", "pod-security.kubernetes.io/enforce": "privileged", "pod-security.kubernetes.io/warn": "privileged" },
        });
        expect(validateKubernetesObject(ns.inputs)).toEqual([]);
        const release = rec.byName("prod-filebeat-release");
        expect(release.inputs).toEqual({
            name: "filebeat",
            chart: "filebeat",
            version: chartVersion("filebeat"),
            repositoryOpts: { repo: "https://helm.elastic.co" },
            namespace: "logging",
            values: filebeatValuesOf(),
            maxHistory: 10,
            timeout: 600,
            compat: "true",
        });
        expect(filebeatYmlOf(release.inputs.values)).toEqual(filebeatYml("prod"));
        expect(release.provider).toBe("urn:pulumi:test::platform::pulumi:providers:kubernetes::prod-k8s");
    });

    test("no Logstash host, or one without a port, fails before anything is declared", async () => {
        const declare = (hosts: string[]) => record(() => new Filebeat("f", { provider: new k8s.Provider("p", { kubeconfig: "x" }), clusterName: "ops", logstashHosts: hosts }));
        await expect(declare([])).rejects.toThrow(/logstashHosts: expected at least one host:port, found \[\]/);
        await expect(declare(["logstash-1"])).rejects.toThrow(/found \["logstash-1"\]/);
    });
});

describe("ElastAlert", () => {
    // the webhook URL is passed in plain on purpose: the component must keep it secret by itself
    const declare = (rules: ElastAlertRule[]) =>
        record(() => {
            const provider = new k8s.Provider("ops-k8s", { kubeconfig: "fake" });
            new ElastAlert("elastalert", { provider, elasticsearch: ES, rules, alertWebhookUrl: WEBHOOK });
        });

    test("a namespace, the webhook's Secret, and the release, whose values hold no secret", async () => {
        const rec = await declare([RULE]);
        expect(rec.resources.filter((r) => r.parent?.endsWith("::elastalert")).map((r) => `${r.type} ${r.name}`)).toEqual([
            "kubernetes:core/v1:Namespace elastalert-ns",
            "kubernetes:core/v1:Secret elastalert-alert-webhook",
            "kubernetes:helm.sh/v3:Release elastalert-release",
        ]);
        expect(rec.byName("elastalert-alert-webhook").inputs).toMatchObject({ metadata: { name: "elastalert-webhook", namespace: "elastalert" }, type: "Opaque", stringData: "[secret]" });
        const release = rec.byName("elastalert-release");
        expect(release.inputs).toEqual({
            name: "elastalert",
            chart: "elastalert2",
            version: chartVersion("elastalert2"),
            repositoryOpts: { repo: "https://jertel.github.io/elastalert2/" },
            namespace: "elastalert",
            values: ELASTALERT_VALUES,
            maxHistory: 10,
            timeout: 600,
            compat: "true",
        });
        expect(rec.resources.filter((r) => r.secretInputs.length > 0).map((r) => [r.name, r.secretInputs])).toEqual([["elastalert-alert-webhook", ["stringData"]]]);
        expect(release.dependencies).toContain("urn:pulumi:test::platform::platform:logging:ElastAlert$kubernetes:core/v1:Secret::elastalert-alert-webhook");
        expect(JSON.stringify(rec.resources)).not.toContain("FAKE-WEBHOOK-TOKEN");
        expect(validateKubernetesObject(rec.byName("elastalert-ns").inputs)).toEqual([]);
    });

    test("no rule fails before anything is declared", async () => {
        await expect(declare([])).rejects.toThrow(/rules: expected at least one rule, found none/);
    });
});
