/**
 * Kubernetes object-name rules (as in k8s.io/apimachinery/pkg/util/validation), shared by the reference
 * validators (near-miss suggestions are config/spelling.ts).
 */

/** Which name rule a kind's `metadata.name` follows. */
export type NameRule = "dns1123-subdomain" | "dns1123-label" | "dns1035-label" | "path-segment";

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

const RULE_TEXT: Record<NameRule, string> = {
    "dns1123-subdomain": "a DNS-1123 subdomain (lowercase letters, digits, '-' and '.', starting and ending with a letter or digit, at most 253 characters)",
    "dns1123-label": "a DNS-1123 label (lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters)",
    "dns1035-label": "a DNS-1035 label (lowercase letters, digits and '-', starting with a letter, ending with a letter or digit, at most 63 characters)",
    "path-segment": "a path segment name (not '.' or '..', without '/' or '%')",
};

/** What a name or label should have been, and what it was. */
export interface NameProblem {
    readonly expected: string;
    readonly found: string;
}

/** Checks a name against a rule. Returns undefined when the name is valid. */
export function checkName(name: unknown, rule: NameRule = "dns1123-subdomain"): NameProblem | undefined {
    const expected = RULE_TEXT[rule];
    if (typeof name !== "string" || name === "") return { expected, found: name === "" ? "an empty string" : (JSON.stringify(name) ?? "nothing") };
    let ok: boolean;
    switch (rule) {
        case "dns1123-subdomain":
            ok = name.length <= 253 && DNS1123_SUBDOMAIN.test(name);
            break;
        case "dns1123-label":
            ok = name.length <= 63 && DNS1123_LABEL.test(name);
            break;
        case "dns1035-label":
            ok = name.length <= 63 && DNS1035_LABEL.test(name);
            break;
        case "path-segment":
            ok = name !== "." && name !== ".." && !/[/%]/.test(name);
            break;
    }
    return ok ? undefined : { expected, found: `${JSON.stringify(name)} (${name.length} characters)` };
}

const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/**
 * Checks one label (`metadata.labels` entry): the key is an optional DNS-1123 subdomain prefix and `/`, then a
 * name of at most 63 characters; the value is empty or such a name. Returns undefined when valid.
 */
export function checkLabel(key: string, value: unknown): NameProblem | undefined {
    const slash = key.lastIndexOf("/");
    const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
    const name = slash >= 0 ? key.slice(slash + 1) : key;
    if (!(name.length <= 63 && LABEL_NAME.test(name)) || (prefix !== undefined && checkName(prefix) !== undefined)) {
        return {
            expected: "a label key: an optional DNS-1123 subdomain and '/', then at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit",
            found: JSON.stringify(key),
        };
    }
    if (typeof value !== "string") return { expected: "a string label value", found: JSON.stringify(value) ?? "nothing" };
    if (value !== "" && !(value.length <= 63 && LABEL_NAME.test(value))) {
        return { expected: "a label value: empty, or at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit", found: JSON.stringify(value) };
    }
    return undefined;
}
