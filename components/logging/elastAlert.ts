import { PLATFORM_RESOURCES } from "../kubernetes/resources";
import { PLATFORM_CHARTS, chartRelease } from "../kubernetes/charts";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as YAML from "yaml";
import { platformNamespace } from "../kubernetes/objects";
import { ElastAlertRule } from "../../config/elastalertRules";
import { ImageMirror, ReleaseImages } from "../registry/mirror";

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
    /** Where images come through Harbor. Defaults to Docker Hub (the chart's own). */
    readonly mirror?: ImageMirror;
}

/** ElastAlert's image on Docker Hub (the chart's `image.repository` names no registry). */
export const ELASTALERT_IMAGE_PATH = "jertel/elastalert2";

/**
 * The Secret holding the notification webhook's URL, which ElastAlert reads from its environment: ElastAlert
 * 2.31 expands environment variables in its configuration (elastalert/yaml.py, `os.path.expandvars`), so the
 * chart's ConfigMap holds only `${ELASTALERT_WEBHOOK_URL}` and the URL never is in the values or a ConfigMap.
 */
export const WEBHOOK_SECRET = { name: "elastalert-webhook", key: "url", env: "ELASTALERT_WEBHOOK_URL" } as const;

/** The chart writes these into ElastAlert's YAML configuration unquoted, so Python reads `True`/`False`. */
function pythonBool(value: boolean): "True" | "False" {
    return value ? "True" : "False";
}

/**
 * Values of the elastalert2 chart: the external Elasticsearch, the repository's rules (each the chart's
 * `rules.<file base name>`, mounted as `<key>.yaml`), and the webhook as a global option that ElastAlert copies
 * into every rule (its RulesLoader fills a rule's missing options from the configuration), so that the rules
 * in git never hold it; its URL comes from {@link WEBHOOK_SECRET} through the environment. No secret in them.
 */
export function elastAlertValues(i: ElastAlertValuesInput): Record<string, unknown> {
    return {
        fullnameOverride: ELASTALERT_CHART.releaseName,
        ...(i.mirror ? { image: { repository: `${i.mirror["docker.io"]}/${ELASTALERT_IMAGE_PATH}` } } : {}),
        writebackIndex: WRITEBACK_INDEX,
        elasticsearch: {
            host: i.elasticsearch.host,
            port: i.elasticsearch.port,
            useSsl: pythonBool(i.elasticsearch.useSsl),
            verifyCerts: pythonBool(i.elasticsearch.useSsl),
        },
        // written as is into the ConfigMap; ElastAlert replaces it with the variable's value when it reads it
        extraConfigOptions: { http_post2_url: `\${${WEBHOOK_SECRET.env}}`, http_post2_timeout: 10 },
        optEnv: [{ name: WEBHOOK_SECRET.env, valueFrom: { secretKeyRef: { name: WEBHOOK_SECRET.name, key: WEBHOOK_SECRET.key } } }],
        resources: PLATFORM_RESOURCES.elastalert.elastalert,
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
    /** Where images come from, and what must exist first. Defaults to upstream. */
    readonly images?: ReleaseImages;
}

/**
 * ElastAlert 2 in the ops cluster, evaluating the repository's log-alert rules against the external
 * Elasticsearch and posting matches to the notification webhook, whose URL is in a Secret of its own
 * ({@link WEBHOOK_SECRET}): the release's values hold no secret and stay readable in a preview. A new URL
 * reaches the running pod at its next restart (`kubectl -n elastalert rollout restart deployment/elastalert`).
 */
export class ElastAlert extends pulumi.ComponentResource {
    constructor(name: string, args: ElastAlertArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:logging:ElastAlert", name, {}, opts);
        if (args.rules.length === 0) throw new Error(`ElastAlert ${name}: rules: expected at least one rule, found none`);
        const inCluster = { parent: this, provider: args.provider };
        const namespace = platformNamespace(`${name}-ns`, ELASTALERT_CHART.namespace, "baseline", inCluster);
        const webhook = new k8s.core.v1.Secret(
            `${name}-alert-webhook`,
            {
                metadata: { name: WEBHOOK_SECRET.name, namespace: namespace.metadata.name },
                type: "Opaque",
                stringData: { [WEBHOOK_SECRET.key]: pulumi.secret(args.alertWebhookUrl) },
            },
            inCluster,
        );
        const values = pulumi.output(args.images?.mirror).apply((mirror) => elastAlertValues({ elasticsearch: args.elasticsearch, rules: args.rules, mirror }));
        chartRelease(`${name}-release`, ELASTALERT_CHART, { namespace: namespace.metadata.name, values }, { ...inCluster, dependsOn: [webhook, ...(args.images?.ready ?? [])] });
        this.registerOutputs({});
    }
}
