// docs/policies.md is generated from the pack; it must match what the pack says now.
import * as fs from "fs";
import * as path from "path";
import { ResourceValidationPolicy } from "@pulumi/policy";
import { POLICY_GUIDANCE } from "../../policies/guidance";
import { policies } from "../../policies/pack";
import { POLICY_DOCS_FILE, renderPolicyDocs } from "../../scripts/policy-docs";

const ROOT = path.resolve(__dirname, "../..");

test(`${POLICY_DOCS_FILE} is up to date with the pack (else run npm run policies:docs)`, () => {
    const checkedIn = fs.readFileSync(path.join(ROOT, POLICY_DOCS_FILE), "utf8");
    // one assertion with the remedy in its name: a diff of the whole file says which policy changed
    expect(checkedIn).toBe(renderPolicyDocs());
});

test("every policy of the pack has guidance, and every guidance entry a policy", () => {
    expect(Object.keys(POLICY_GUIDANCE).sort()).toEqual(policies.map((p) => p.name).sort());
});

test("a policy without guidance cannot be documented", () => {
    const undocumented: ResourceValidationPolicy = { name: "undocumented", description: "Does nothing.", enforcementLevel: "advisory", validateResource: () => undefined };
    expect(() => renderPolicyDocs([...policies, undocumented])).toThrow("no guidance (why, how to comply) for undocumented: add it to policies/guidance.ts");
});

test("each policy's section gives its level, what it checks, why, how to comply, its knobs and its exemptions", () => {
    const docs = renderPolicyDocs();
    const section = docs.slice(docs.indexOf("### image-from-harbor"), docs.indexOf("### image-tag-pinned"));
    expect(section).toBe(
        [
            "### image-from-harbor",
            "",
            "**Level:** mandatory (resource policy)",
            "",
            "**Checks:** Container images come from the platform Harbor (its own projects or its proxy caches of upstream registries), except in the platform's bootstrap namespaces.",
            "",
            `**Why:** ${POLICY_GUIDANCE["image-from-harbor"].why}`,
            "",
            `**How to comply:** ${POLICY_GUIDANCE["image-from-harbor"].comply}`,
            "",
            "| knob | default | meaning |",
            "|---|---|---|",
            "| `registryHost` | `harbor.ops.kube-platform.internal` | The platform Harbor's host name (and port, if any): host[:port], as an image reference begins, without https:// or a path. |",
            "| `bootstrapNamespaces` | `[\"kube-system\",\"tigera-operator\",\"calico-system\",\"harbor\"]` | Platform namespaces that pull from upstream registries because they run before Harbor exists (or run Harbor). |",
            "| `teamExemptions` | `[]` | Exemptions of app teams, beside the platform's own (exemptions); each names its namespace, object and reason. |",
            "",
            "**Exemptions:** none by default; request one as described under [Exemptions](#exemptions).",
            "",
            "",
        ].join("\n"),
    );
    expect(docs).toContain("- `logging` DaemonSet `filebeat`: Filebeat ships every container's logs");
    expect(docs).toContain("### vpc-cidrs-disjoint\n\n**Level:** mandatory (stack policy)");
    expect(docs).toContain("**Exemptions:** none: this rule has no exemptions; change the resource.");
});
