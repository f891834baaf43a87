import { PLATFORM_CHARTS, chartRelease } from "../kubernetes/charts";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as YAML from "yaml";
import { platformNamespace } from "../kubernetes/objects";
import { ElastAlertRule } from "../../config/elastalertRules";

/** The elastalert2 chart, pinned. */
export const ELASTALERT_CHART = PLATFORM_CHARTS.elastalert;

/** The index prefix where ElastAlert keeps its own state in Elasticsearch. */
export const WRITEBACK_INDEX = "elastalert";

/** The external Elasticsearch (`platform:observability.elasticsearch`). */
export interface ElasticsearchEndpoint {
    readonly host: string;
    readonly port: number;
    readonly useSsl: boolean;
}

/** What {@link elastAlertValues} needs. */
export interface ElastAlertValuesInput {
    readonly elasticsearch: ElasticsearchEndpoint;
    readonly rules: readonly ElastAlertRule[];
    /** The notification webhook's URL (a secret: the values built from it must be secret too). */
    readonly webhookUrl: string;
}

/** The chart writes these into ElastAlert's YAML configuration unquoted, so Python reads `True`/`False`. */
function pythonBool(value: boolean): "True" | "False" {
    return value ? "True" : "False";
}

/**
 * Values of the elastalert2 chart: the external Elasticsearch, the repository's rules (each the chart's
 * `rules.<file base name>`, mounted as `<key>.yaml`), and the webhook as a global option that ElastAlert copies
 * into every rule (its RulesLoader fills a rule's missing options from the configuration), so that the rules
 * in git never hold it.
 */
export function elastAlertValues(i: ElastAlertValuesInput): Record<string, unknown> {
    return {
        fullnameOverride: ELASTALERT_CHART.releaseName,
        writebackIndex: WRITEBACK_INDEX,
        elasticsearch: {
            host: i.elasticsearch.host,
            port: i.elasticsearch.port,
            useSsl: pythonBool(i.elasticsearch.useSsl),
            verifyCerts: pythonBool(i.elasticsearch.useSsl),
        },
        extraConfigOptions: { http_post2_url: i.webhookUrl, http_post2_timeout: 10 },
        rules: Object.fromEntries(i.rules.map((r) => [r.key, YAML.stringify(r.body, { lineWidth: 0 })])),
    };
}

/** Arguments for {@link ElastAlert}. */
export interface ElastAlertArgs {
    /** Provider of the ops cluster. */
    readonly provider: k8s.Provider;
    /** The external Elasticsearch (`platform:observability.elasticsearch`). */
    readonly elasticsearch: ElasticsearchEndpoint;
    /** The validated rules (`loadElastAlertRules()`); at least one. */
    readonly rules: readonly ElastAlertRule[];
    /** The company's notification webhook (`platform:alertWebhookUrl`), a secret. */
    readonly alertWebhookUrl: pulumi.Input<string>;
}

/**
 * ElastAlert 2 in the ops cluster, evaluating the repository's log-alert rules against the external
 * Elasticsearch and posting matches to the notification webhook. The release's values hold the webhook URL,
 * so they are secret as a whole (a secret nested in Helm values is not reliably kept secret: pulumi/pulumi#9781).
 */
export class ElastAlert extends pulumi.ComponentResource {
    constructor(name: string, args: ElastAlertArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:logging:ElastAlert", name, {}, opts);
        if (args.rules.length === 0) throw new Error(`ElastAlert ${name}: rules: expected at least one rule, found none`);
        const inCluster = { parent: this, provider: args.provider };
        const namespace = platformNamespace(`${name}-ns`, ELASTALERT_CHART.namespace, "baseline", inCluster);
        const values = pulumi.secret(
            pulumi.output(args.alertWebhookUrl).apply((webhookUrl) => elastAlertValues({ elasticsearch: args.elasticsearch, rules: args.rules, webhookUrl })),
        );
        chartRelease(`${name}-release`, ELASTALERT_CHART, { namespace: namespace.metadata.name, values }, inCluster);
        this.registerOutputs({});
    }
}
