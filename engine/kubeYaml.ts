/**
 * YAML as Kubernetes reads it. `kubectl apply` and Helm turn YAML into JSON with sigs.k8s.io/yaml, which
 * decodes with its fork of go-yaml v2 (YAML 1.1 resolution, goyaml.v2/resolve.go):
 * - `y`, `yes`, `on` (any of their three cases) are true and `n`, `no`, `off` false, as are true/false;
 * - an integer with a leading 0 is octal (`defaultMode: 0600` is 384), `0x` is hex, `0b` binary, `0o` octal,
 *   and underscores are ignored (`1_000`);
 * - a multi-line quoted scalar whose continuation lines are indented like its key is accepted (Helm emits
 *   them, for example ks-core's role-template annotations), as libyaml does;
 * - a key given twice is refused, as kubectl's strict field validation (its default since 1.27) does.
 * js-yaml parses (it accepts those scalars, where the `yaml` package stops), with its YAML 1.2 core types
 * replaced by these.
 */
import * as jsyaml from "js-yaml";

const TRUE = ["y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"];
const FALSE = ["n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"];

const bool = new jsyaml.Type("tag:yaml.org,2002:bool", {
    kind: "scalar",
    resolve: (data: string) => TRUE.includes(data) || FALSE.includes(data),
    construct: (data: string) => TRUE.includes(data),
    predicate: (v: unknown) => typeof v === "boolean",
    represent: (v: object) => String(v),
});

/** go-yaml v2's integer forms: strconv.ParseInt(plain, 0, 64) after dropping underscores, and 0b binary. */
const INT = /^[-+]?(0b[01]+|0o[0-7]+|0x[0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/;

function intValue(data: string): number {
    const plain = data.replace(/_/g, "");
    const sign = plain.startsWith("-") ? -1 : 1;
    const digits = plain.replace(/^[-+]/, "");
    if (/^0b/.test(digits)) return sign * parseInt(digits.slice(2), 2);
    if (/^0o/.test(digits)) return sign * parseInt(digits.slice(2), 8);
    if (/^0x/.test(digits)) return sign * parseInt(digits.slice(2), 16);
    if (/^0[0-7]+$/.test(digits)) return sign * parseInt(digits.slice(1), 8);
    return sign * parseInt(digits, 10);
}

const int = new jsyaml.Type("tag:yaml.org,2002:int", {
    kind: "scalar",
    resolve: (data: string) => typeof data === "string" && INT.test(data.replace(/_/g, "")) && data.replace(/[-+_]/g, "").length > 0,
    construct: intValue,
    predicate: (v: unknown) => typeof v === "number" && Number.isInteger(v),
    represent: (v: object) => String(v),
});

/** The schema: js-yaml's core schema with go-yaml v2's booleans and integers. */
export const KUBERNETES_YAML_SCHEMA = jsyaml.CORE_SCHEMA.extend({ implicit: [bool, int] });

/** A YAML error with where it is: 1-based document and line. */
export class KubeYamlError extends Error {
    constructor(
        message: string,
        public readonly document: number,
        public readonly line: number | undefined,
    ) {
        super(message);
    }
}

/** The 1-based number of the document that contains 0-based `line` of `text` (documents split at `---`). */
function documentAt(text: string, line: number): number {
    const lines = text.split("\n").slice(0, line + 1);
    const separators = lines.filter((l, i) => /^---(\s|$)/.test(l) && i < line).length;
    // a stream that starts with --- has no document before it
    return separators + (/^---(\s|$)/.test(text) ? 0 : 1);
}

/** Every document of a multi-document YAML stream, as Kubernetes would decode it. */
export function parseKubernetesYaml(text: string): unknown[] {
    try {
        // a key given twice is an error: kubectl's strict field validation (the default since 1.27) refuses it
        return jsyaml.loadAll(text, undefined, { schema: KUBERNETES_YAML_SCHEMA });
    } catch (err) {
        if (err instanceof jsyaml.YAMLException) {
            const line = err.mark?.line;
            throw new KubeYamlError(err.reason ?? err.message.split("\n")[0], line === undefined ? 1 : documentAt(text, line), line === undefined ? undefined : line + 1);
        }
        throw err;
    }
}
