/**
 * The alerters of ElastAlert 2.31.0 (the appVersion of the pinned elastalert2 chart 2.31.0), as its source has
 * them at the git tag 2.31.0 of jertel/elastalert2 (commit 1d88bb0e2c28b16582ccd29cc12741659d5abe2c):
 *
 * - the names a rule's `alert:` may give and the class each loads: `RulesLoader.alerts_mapping` in
 *   `elastalert/loaders.py`. A name not in it is imported as a Python module path (`get_module`), which fails on
 *   the platform's ElastAlert (the chart's image has no custom alerter modules);
 * - what each class requires: its `required_options`, in the file under `elastalert/alerters/` named below
 *   (`Alerter.required_options` in `elastalert/alerts.py`, empty, for a class that sets none).
 *   `RulesLoader.load_alerts` refuses a rule that lacks any of them ("Missing required option(s)") after it
 *   filled the rule's missing options from ElastAlert's configuration (`load_options`: `rule.setdefault` of
 *   every global option), so an option the configuration carries counts as given.
 *
 * `credentials` are the required options that hold a secret or a webhook's address: never in a rule (rules are in
 * git and in a ConfigMap), so an alerter that needs one can only be used if the platform supplies it.
 */

/** The ElastAlert 2 version the table is of. */
export const ELASTALERT_VERSION = "2.31.0";

/** One alerter: its class's file (under `elastalert/alerters/`), its required options, the credentials among them. */
export interface AlerterOptions {
    readonly file: string;
    readonly required: readonly string[];
    readonly credentials: readonly string[];
}

const a = (file: string, required: readonly string[], credentials: readonly string[] = []): AlerterOptions => ({ file, required, credentials });

/** `alert:` name -> its required options (elastalert/loaders.py alerts_mapping, then each class's file). */
export const ALERTER_OPTIONS: Readonly<Record<string, AlerterOptions>> = {
    alerta: a("alerta.py", ["alerta_api_url"], ["alerta_api_url"]),
    alertmanager: a("alertmanager.py", ["alertmanager_hosts"]),
    chatwork: a("chatwork.py", ["chatwork_apikey", "chatwork_room_id"], ["chatwork_apikey"]),
    command: a("command.py", ["command"]),
    datadog: a("datadog.py", ["datadog_api_key", "datadog_app_key"], ["datadog_api_key", "datadog_app_key"]),
    debug: a("debug.py", []),
    dingtalk: a("dingtalk.py", ["dingtalk_access_token"], ["dingtalk_access_token"]),
    discord: a("discord.py", ["discord_webhook_url"], ["discord_webhook_url"]),
    email: a("email.py", ["email"]),
    exotel: a("exotel.py", ["exotel_account_sid", "exotel_auth_token", "exotel_to_number", "exotel_from_number"], ["exotel_account_sid", "exotel_auth_token"]),
    flashduty: a("flashduty.py", ["flashduty_integration_key"], ["flashduty_integration_key"]),
    gelf: a("gelf.py", ["gelf_type"]),
    gitter: a("gitter.py", ["gitter_webhook_url"], ["gitter_webhook_url"]),
    googlechat: a("googlechat.py", ["googlechat_webhook_url"], ["googlechat_webhook_url"]),
    hivealerter: a("thehive.py", ["hive_connection", "hive_alert_config"], ["hive_connection"]),
    indexer: a("indexer.py", ["indexer_alert_config"]),
    iris: a("iris.py", ["iris_host", "iris_api_token"], ["iris_api_token"]),
    jira: a("jira.py", ["jira_server", "jira_account_file", "jira_project", "jira_issuetype"]),
    lark: a("lark.py", ["lark_bot_id"], ["lark_bot_id"]),
    // line.py sets `required_option` (sic), so ElastAlert requires nothing of it
    line: a("line.py", []),
    matrixhookshot: a("matrixhookshot.py", ["matrixhookshot_webhook_url"], ["matrixhookshot_webhook_url"]),
    mattermost: a("mattermost.py", ["mattermost_webhook_url"], ["mattermost_webhook_url"]),
    ms_power_automate: a("powerautomate.py", ["ms_power_automate_webhook_url"], ["ms_power_automate_webhook_url"]),
    opsgenie: a("opsgenie.py", ["opsgenie_key"], ["opsgenie_key"]),
    pagerduty: a("pagerduty.py", ["pagerduty_service_key", "pagerduty_client_name"], ["pagerduty_service_key"]),
    pagertree: a("pagertree.py", ["pagertree_integration_url"], ["pagertree_integration_url"]),
    post: a("httppost.py", ["http_post_url"], ["http_post_url"]),
    post2: a("httppost2.py", ["http_post2_url"], ["http_post2_url"]),
    rocketchat: a("rocketchat.py", ["rocket_chat_webhook_url"], ["rocket_chat_webhook_url"]),
    servicenow: a(
        "servicenow.py",
        ["username", "password", "servicenow_rest_url", "short_description", "comments", "assignment_group", "category", "subcategory", "cmdb_ci", "caller_id"],
        ["password", "servicenow_rest_url"],
    ),
    ses: a("ses.py", ["ses_email", "ses_from_addr"]),
    slack: a("slack.py", ["slack_webhook_url"], ["slack_webhook_url"]),
    smseagle: a("smseagle.py", ["smseagle_url", "smseagle_token", "smseagle_message_type"], ["smseagle_url", "smseagle_token"]),
    sns: a("sns.py", ["sns_topic_arn"]),
    sqs: a("sqs.py", ["sqs_queue_url"], ["sqs_queue_url"]),
    stomp: a("stomp.py", ["stomp_hostname", "stomp_hostport", "stomp_login", "stomp_password"], ["stomp_password"]),
    telegram: a("telegram.py", ["telegram_bot_token", "telegram_room_id"], ["telegram_bot_token"]),
    tencent_sms: a("tencentsms.py", ["tencent_sms_secret_id", "tencent_sms_secret_key", "tencent_sms_sdk_appid", "tencent_sms_to_number", "tencent_sms_template_id"], ["tencent_sms_secret_id", "tencent_sms_secret_key"]),
    twilio: a("twilio.py", ["twilio_account_sid", "twilio_auth_token", "twilio_to_number"], ["twilio_account_sid", "twilio_auth_token"]),
    victorops: a("victorops.py", ["victorops_api_key", "victorops_routing_key", "victorops_message_type"], ["victorops_api_key"]),
    webex_webhook: a("webex_webhook.py", ["webex_webhook_id"], ["webex_webhook_id"]),
    workwechat: a("workwechat.py", ["work_wechat_bot_id"], ["work_wechat_bot_id"]),
    yzj: a("yzj.py", ["yzj_token"], ["yzj_token"]),
    zabbix: a("zabbix.py", ["zbx_host", "zbx_key"]),
};

/**
 * Alerters of earlier ElastAlert 2 versions that 2.31.0 no longer has (elastalert/loaders.py of each tag), with
 * what replaced them.
 */
export const REMOVED_ALERTERS: Readonly<Record<string, { readonly removedIn: string; readonly use: string }>> = {
    // CHANGELOG.md "Remove MS Teams Alerter" (#1757, commit 84f5b43e): in 2.29.0, gone in 2.30.0
    ms_teams: { removedIn: "2.30.0", use: "ms_power_automate" },
    // CHANGELOG.md "Remove lineNotifyAlerter" (#1638, commit 673864f6): in 2.23.0, gone in 2.24.0
    linenotify: { removedIn: "2.24.0", use: "line" },
};

/**
 * Options the platform puts in ElastAlert's global configuration (the chart's `extraConfigOptions`,
 * components/logging/elastAlert.ts), which ElastAlert copies into every rule: the notification webhook of
 * `platform:alertWebhookUrl` (through the Secret's environment variable) for post2. A test holds this list to
 * what elastAlertValues writes.
 */
export const PLATFORM_GLOBAL_OPTIONS: readonly string[] = ["http_post2_url", "http_post2_timeout"];

/** What a required option a rule may hold is, and how to give it in the platform's terms. */
export const OPTION_HINTS: Readonly<Record<string, { readonly expected: string; readonly fix: string }>> = {
    alertmanager_hosts: {
        expected: "a list of Alertmanager URLs",
        fix: "add alertmanager_hosts: [http://alertmanager.ops.<dns.zone of config/platform.yaml>:9093] (the platform's Alertmanager in ops), or alert through post2",
    },
    email: {
        expected: "a list of recipient addresses",
        fix: "add email: [<address>, ...] and smtp_host: <the company's SMTP relay> (ElastAlert sends to localhost otherwise, where nothing listens), or alert through post2",
    },
    command: {
        expected: "the command to run, as a list such as [/usr/bin/notify, \"%(name)s\"]",
        fix: "add command: [...] naming a program of ElastAlert's image, or alert through post2",
    },
};
