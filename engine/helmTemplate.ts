/**
 * A chart's template (templates/*.yaml) given where a manifest is expected: its `{{ ... }}` actions make YAML
 * that does not parse (`name: {{ include ... }}` opens a flow mapping) or, quoted, objects named
 * `{{ .Release.Name }}`. Rendered output may hold `{{ ... }}` too, inside values (Prometheus rules'
 * `{{ $labels.instance }}`, Alertmanager's templates), so a text counts as an unrendered template only when
 * it references what only Helm fills in (`.Values`, `.Release`, `include "..."`), or when the YAML error is on
 * a line that starts with an action.
 */
import { documentAt } from "./kubeYaml";

/** A template action that only Helm evaluates: chart values, the release, Helm's own functions. */
const HELM_ACTION = /\{\{-?[^}]*?(?:\.Values\b|\.Release\b|\.Chart\b|\.Capabilities\b|\.Files\b|\.Template\b|\binclude\s+"|\btemplate\s+"|\bnindent\b|\btoYaml\b|\brequired\s+")[^}]*\}\}/;
/** Any template action where YAML would read structure: not after a quote on its line. */
const BARE_ACTION = /^[^'"#]*?(\{\{-?[^}]*\}\})/;

/** The command that renders a chart for `npm run check`. */
export const RENDER_FIRST = "helm template RELEASE CHART -n NS | npm run check -- -";

/** Where a text's first template action is: 1-based document and line, and the action as written. */
export interface TemplateAction {
    readonly document: number;
    readonly line: number;
    readonly action: string;
}

function firstAction(lines: readonly string[], text: string, test: (line: string) => string | undefined): TemplateAction | undefined {
    for (let i = 0; i < lines.length; i++) {
        const action = test(lines[i]);
        if (action !== undefined) return { document: documentAt(text, i), line: i + 1, action: action.length > 60 ? `${action.slice(0, 57)}...}}` : action };
    }
    return undefined;
}

const ANY_ACTION = /\{\{-?[^}]*\}\}/;
const bareAction = (line: string) => BARE_ACTION.exec(line)?.[1];
const bareHelmAction = (line: string) => {
    const action = bareAction(line);
    return action !== undefined && HELM_ACTION.test(action) ? action : undefined;
};

/**
 * Whether YAML that does not parse (at 1-based `errorLine`) is an unrendered Helm template: its first action when
 * a line has a Helm action where YAML reads structure (not inside a quoted value), or when an action starts the
 * error's line or the one before; else undefined.
 */
export function unrenderedTemplate(text: string, errorLine: number | undefined): TemplateAction | undefined {
    if (!text.includes("{{")) return undefined;
    const lines = text.split("\n");
    const helm = firstAction(lines, text, bareHelmAction);
    if (helm) return helm;
    if (errorLine === undefined) return undefined;
    const near = [errorLine - 2, errorLine - 1].some((i) => i >= 0 && i < lines.length && bareAction(lines[i]) !== undefined);
    return near ? firstAction(lines, text, bareAction) : undefined;
}

/** The first template action of a text that parsed (its objects' names hold actions), quoted or not. */
export function firstTemplateAction(text: string): TemplateAction | undefined {
    return firstAction(text.split("\n"), text, (line) => ANY_ACTION.exec(line)?.[0]);
}

/** The message for an unrendered template, as `npm run check` prints it. */
export function unrenderedTemplateMessage(source: string, at: TemplateAction): string {
    return `${source}: document ${at.document}, line ${at.line}: an unrendered Helm template (${at.action}), not a Kubernetes manifest; render the chart first and check its output: ${RENDER_FIRST}`;
}
