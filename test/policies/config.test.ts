// The pack's configuration: levels and knobs from a policy-pack config file, applied through the pack's own
// configure handler, the way `pulumi preview --policy-pack-config FILE` applies them.
import * as fs from "fs";
import * as fc from "fast-check";
import * as os from "os";
import * as path from "path";
import { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import { UsageError } from "../../engine/cli/exit";
import { SchemaError, validateSchema } from "../../engine/jsonSchema";
import { platformPack } from "../../engine/pack";
import { ResolvedPackConfig, applyPolicyConfigFile, configurePack, readPolicyConfigFile, resolvePolicyConfig } from "../../engine/policyConfig";
import { KIND_PATTERN, defaultExemptions, exemptionsSchema } from "../../policies/exemptions";
import { REGISTRY_HOST_PATTERN, imageFromHarbor } from "../../policies/workloads";
import { HARBOR, at, changed, checkObjects, compliantWorkload, summaries } from "./workloadsFixtures";

type Obj = Record<string, unknown>;
const pack = platformPack();
const resolve = (raw: unknown) => resolvePolicyConfig(pack, raw, "policy.json");
const configure = (raw: unknown) => configurePack(pack, resolve(raw));
/** The message of the usage error `fn` throws. */
function errorOf(fn: () => unknown): string {
    try {
        fn();
    } catch (err) {
        expect(err).toBeInstanceOf(UsageError);
        return (err as Error).message;
    }
    throw new Error("expected a usage error");
}

afterEach(() => configure({}));

/** The platform's defaults (policies/platformDefaults.ts): Harbor's host and the namespaces that run before it. */
const BOOTSTRAP_NAMESPACES = ["kube-system", "tigera-operator", "calico-system", "harbor"];
/** pod-no-host-path's default exemptions (policies/exemptions.ts): the node agents and the charts that hard-code a hostPath. */
const HOST_PATH_EXEMPTED = [
    "calico-system DaemonSet calico-node", "calico-system DaemonSet csi-node-driver", "tigera-operator Deployment tigera-operator",
    "kube-system DaemonSet csi-plugin", "kube-system DaemonSet terway-eniip", "logging DaemonSet filebeat", "kubesphere-monitoring-system DaemonSet node-exporter",
    "extension-whizard-telemetry Deployment whizard-telemetry-apiserver", "kube-system DaemonSet csi-nfs-node", "kube-system Deployment csi-nfs-controller",
    "kubesphere-system Deployment ks-apiserver", "kubesphere-system Deployment ks-console", "kubesphere-system Deployment ks-controller-manager", "kubesphere-system Deployment ks-agent",
];
const exempted = (exemptions: unknown) => (exemptions as { namespace: string; kind: string; name: string }[]).map((e) => `${e.namespace} ${e.kind} ${e.name}`);

describe("resolvePolicyConfig", () => {
    test("no configuration: every policy at its own level, its knobs at their defaults", () => {
        const config = resolve({});
        expect(Object.keys(config)).toEqual(pack.policies.map((p) => p.name));
        for (const p of pack.policies) expect(config[p.name].enforcementLevel).toBe(p.enforcementLevel);
        expect(config["image-from-harbor"].properties).toEqual({ registryHost: "harbor.ops.kube-platform.internal", bootstrapNamespaces: BOOTSTRAP_NAMESPACES, exemptions: [], teamExemptions: [] });
        expect(exempted(config["pod-no-host-path"].properties.exemptions)).toEqual(HOST_PATH_EXEMPTED);
        expect(config["vpc-cidrs-disjoint"]).toEqual({ enforcementLevel: "mandatory", properties: {} });
    });

    test("all sets every level; a policy's own entry (a level, or an object) wins over all", () => {
        const config: ResolvedPackConfig = resolve({ all: "advisory", "pod-no-host-path": "disabled", "image-from-harbor": { enforcementLevel: "mandatory", registryHost: "harbor.example.internal" } });
        expect(new Set(Object.entries(config).filter(([name]) => !["pod-no-host-path", "image-from-harbor"].includes(name)).map(([, c]) => c.enforcementLevel))).toEqual(new Set(["advisory"]));
        expect(config["pod-no-host-path"]).toEqual({ enforcementLevel: "disabled", properties: { exemptions: expect.any(Array), teamExemptions: [] } });
        expect(exempted(config["pod-no-host-path"].properties.exemptions)).toEqual(HOST_PATH_EXEMPTED);
        expect(config["image-from-harbor"]).toEqual({ enforcementLevel: "mandatory", properties: { registryHost: "harbor.example.internal", bootstrapNamespaces: BOOTSTRAP_NAMESPACES, exemptions: [], teamExemptions: [] } });
    });

    test("every problem at once: unknown policy and knob, invalid level, values the schemas reject", () => {
        const message = errorOf(() =>
            resolve({
                all: { enforcementLevel: "advisory", registryHost: "x" },
                "pod-no-hostpath": "mandatory",
                "image-from-harbor": { enforcementLevel: "strict", registryHost: 5, registry: "harbor" },
                "pod-no-host-path": { exemptions: [{ namespace: "shop", name: "web" }] },
                "service-nodeport-range": { nodePortRange: { min: 30000, max: 70000 } },
                "no-bare-pods": ["advisory"],
            }),
        );
        expect(message.split("\n")).toEqual([
            "Invalid policy configuration (9 problems):",
            "  policy.json: all.registryHost",
            "    expected: only enforcementLevel (knobs belong to one policy)",
            '    found:    {"registryHost":"x"}',
            "    fix:      move the knob under the policy it configures",
            "  policy.json: pod-no-hostpath",
            `    expected: a policy of platform-policies (${pack.policies.map((p) => p.name).join(", ")})`,
            '    found:    "pod-no-hostpath"',
            "    fix:      did you mean pod-no-host-path? (docs/policies.md lists the policies)",
            "  policy.json: image-from-harbor.enforcementLevel",
            "    expected: an enforcement level: advisory, mandatory, remediate, disabled",
            '    found:    "strict"',
            "    fix:      use one of the levels",
            "  policy.json: image-from-harbor.registry",
            "    expected: a knob of image-from-harbor (registryHost, bootstrapNamespaces, exemptions, teamExemptions)",
            '    found:    "harbor"',
            "    fix:      remove it or fix its name",
            "  policy.json: no-bare-pods",
            "    expected: an enforcement level, or an object of enforcementLevel and knobs",
            '    found:    ["advisory"]',
            '    fix:      write "no-bare-pods": "advisory" or "no-bare-pods": { "enforcementLevel": "advisory" }',
            "  policy.json: service-nodeport-range.nodePortRange.max",
            "    expected: a number of at most 65535",
            "    found:    70000",
            "    fix:      correct the value; docs/policies.md describes each knob",
            "  policy.json: pod-no-host-path.exemptions[0].reason",
            '    expected: the reason of the exemption (every exemption says why, e.g. "reason": "log shipper reads /var/log")',
            "    found:    nothing (the key is missing)",
            "    fix:      add \"reason\": \"why the object needs it\" to pod-no-host-path.exemptions[0]",
            // the list replaces the platform's defaults: said at once, beside its entry's own problem
            "  policy.json: pod-no-host-path.exemptions",
            `    expected: every one of pod-no-host-path's 14 default exemptions (policies/exemptions.ts): setting exemptions replaces the platform's list whole, and an app team's exemptions go in teamExemptions, beside it`,
            `    found:    a list without any of them: ${HOST_PATH_EXEMPTED.map((e) => e.split(" ")).map(([ns, kind, name]) => `${kind} ${ns}/${name}`).join(", ")}`,
            '    fix:      move the app team\'s entries to "pod-no-host-path": { "teamExemptions": [ ... ] } and remove "exemptions" (a platform component\'s default is changed in policies/exemptions.ts, reviewed like code)',
            "  policy.json: image-from-harbor.registryHost",
            "    expected: a text value",
            "    found:    5",
            "    fix:      correct the value; docs/policies.md describes each knob",
        ]);
    });

    test("a range whose min is above its max: the schema accepts each figure, the policy could not use them", () => {
        expect(errorOf(() => resolve({ "service-nodeport-range": { nodePortRange: { min: 32767, max: 30000 } } })).split("\n")).toEqual([
            "Invalid policy configuration (1 problem):",
            "  policy.json: service-nodeport-range.nodePortRange",
            "    expected: min at most max (the range is inclusive)",
            "    found:    min 32767, max 30000",
            '    fix:      swap them: { "min": 30000, "max": 32767 }',
        ]);
        // one port is a range too
        expect(resolve({ "service-nodeport-range": { nodePortRange: { min: 30080, max: 30080 } } })["service-nodeport-range"].properties.nodePortRange).toEqual({ min: 30080, max: 30080 });
    });

    test("under pulumi preview, which checks only the schema, the policy refuses to run on such a range", async () => {
        // the engine refuses it first; the pack's own handler takes what pulumi would hand it
        const resolved = resolve({});
        resolved["service-nodeport-range"] = { ...resolved["service-nodeport-range"], properties: { ...resolved["service-nodeport-range"].properties, nodePortRange: { min: 32767, max: 30000 } } };
        await configurePack(pack, resolved);
        const service = { apiVersion: "v1", kind: "Service", metadata: { name: "web", namespace: "shop" }, spec: { type: "NodePort", ports: [{ port: 80, nodePort: 31000 }] } };
        await expect(checkObjects([service])).rejects.toThrow("service-nodeport-range: its configuration cannot be used: nodePortRange: expected min at most max (the range is inclusive), found min 32767, max 30000");
    });

    test("a level in the wrong case, or warn: the level meant", () => {
        expect(errorOf(() => resolve({ all: "Mandatory" }))).toContain('fix:      did you mean "mandatory"?');
        expect(errorOf(() => resolve({ "pod-no-host-path": "warn" }))).toContain('fix:      use "advisory" (reported, not blocking)');
    });

    test("a misspelt knob: the knob it likely means", () => {
        expect(errorOf(() => resolve({ "image-from-harbor": { registryHots: "harbor.example.internal" } }))).toContain("fix:      did you mean registryHost? Remove it or fix its name");
    });

    test.each([
        [[], "(the file)"],
        ["mandatory", "(the file)"],
    ])("a file that is not an object (%j) is a usage error", (raw, key) => {
        expect(errorOf(() => resolve(raw))).toContain(`policy.json: ${key}\n    expected: a JSON object`);
    });
});

describe("exemptions, team exemptions' kinds and the registry host: mistakes refused, with the fix", () => {
    const FILEBEAT_LOST = "DaemonSet logging/filebeat";
    const KEEP_ALL_BUT_FILEBEAT = defaultExemptions("pod-run-as-non-root").filter((e) => e.name !== "filebeat");

    test("exemptions that drop a platform default (filebeat's): refused, naming the default lost, and that a team's go in teamExemptions", () => {
        const team = { namespace: "shop", kind: "Deployment", name: "web", reason: "runs as root until PLAT-77 lands" };
        expect(errorOf(() => resolve({ "pod-run-as-non-root": { exemptions: [...KEEP_ALL_BUT_FILEBEAT, team] } })).split("\n")).toEqual([
            "Invalid policy configuration (1 problem):",
            "  policy.json: pod-run-as-non-root.exemptions",
            "    expected: every one of pod-run-as-non-root's 7 default exemptions (policies/exemptions.ts): setting exemptions replaces the platform's list whole, and an app team's exemptions go in teamExemptions, beside it",
            `    found:    a list without 1 of them: ${FILEBEAT_LOST}`,
            '    fix:      move the app team\'s entries to "pod-run-as-non-root": { "teamExemptions": [ ... ] } and remove "exemptions" (a platform component\'s default is changed in policies/exemptions.ts, reviewed like code)',
        ]);
    });

    test("exemptions that keep every default (a reworded reason, an entry of any kind, one more): accepted; a policy without defaults takes any list", () => {
        const anyKind = defaultExemptions("pod-run-as-non-root").map((e, i) => (i === 0 ? { namespace: e.namespace, name: e.name, reason: "reworded: the CNI agent runs privileged" } : e));
        const extra = { namespace: "shop", kind: "Deployment", name: "web", reason: "runs as root until PLAT-77 lands" };
        expect(resolve({ "pod-run-as-non-root": { exemptions: [...anyKind, extra] } })["pod-run-as-non-root"].properties.exemptions).toHaveLength(8);
        expect(resolve({ "image-tag-pinned": { exemptions: [extra] } })["image-tag-pinned"].properties.exemptions).toEqual([extra]);
        // teamExemptions leaves the defaults in place: filebeat is still exempt
        const config = resolve({ "pod-no-host-path": { teamExemptions: [extra] } });
        expect(exempted(config["pod-no-host-path"].properties.exemptions)).toEqual(HOST_PATH_EXEMPTED);
    });

    test.each([
        ["deployment", 'write "kind": "Deployment" (a kind is case-sensitive: "deployment" matches no object)'],
        ["DAEMONSET", 'write "kind": "DaemonSet" (a kind is case-sensitive: "DAEMONSET" matches no object)'],
        ["Daemonset", 'write "kind": "DaemonSet" (a kind is case-sensitive: "Daemonset" matches no object)'],
        ["statefulsets", 'write "kind": "StatefulSet" ("statefulsets" is kubectl\'s resource name, not the kind)'],
        ["my-app", 'write the kind as the object\'s manifest has it (kind: DaemonSet), or leave "kind" out to exempt the named object of any kind'],
    ])("teamExemptions[].kind %j (it never matched): a Kubernetes kind in PascalCase is required", (kind, fix) => {
        const raw = { "pod-no-host-path": { teamExemptions: [{ namespace: "shop", kind, name: "web", reason: "log shipper reads /var/log" }] } };
        expect(errorOf(() => resolve(raw)).split("\n")).toEqual([
            "Invalid policy configuration (1 problem):",
            "  policy.json: pod-no-host-path.teamExemptions[0].kind",
            '    expected: a Kubernetes kind as the object\'s manifest writes it, in PascalCase ("Deployment", "DaemonSet"): it is compared with the object\'s kind exactly',
            `    found:    ${JSON.stringify(kind)}`,
            `    fix:      ${fix}`,
        ]);
    });

    test("a kind of a custom resource, and a built-in one, in PascalCase: accepted as written", () => {
        const entries = ["Workspace", "Deployment", "ConfigMap"].map((kind) => ({ namespace: "shop", kind, name: "web", reason: "reviewed in PLAT-12" }));
        expect(resolve({ "pod-no-host-path": { teamExemptions: entries } })["pod-no-host-path"].properties.teamExemptions).toEqual(entries);
    });

    test.each([
        ["https://harbor.ops.kube-platform.internal", 'drop the https://: "registryHost": "harbor.ops.kube-platform.internal"'],
        ["https://harbor.example.internal:8443/v2/", 'drop the https:// and the path /v2/: "registryHost": "harbor.example.internal:8443"'],
        ["harbor.example.internal/", 'drop the trailing /: "registryHost": "harbor.example.internal"'],
        ["harbor example", 'write the host name alone (and ":port" if Harbor has one), e.g. "registryHost": "harbor.ops.kube-platform.internal"'],
    ])("image-from-harbor.registryHost %j (every image then failed): a host[:port], said in words", (registryHost, fix) => {
        expect(errorOf(() => resolve({ "image-from-harbor": { registryHost } })).split("\n")).toEqual([
            "Invalid policy configuration (1 problem):",
            "  policy.json: image-from-harbor.registryHost",
            "    expected: a registry host, and its port if any (host[:port], as an image reference begins: harbor.example.internal or harbor.example.internal:8443), without a scheme or a path",
            `    found:    ${JSON.stringify(registryHost)}`,
            `    fix:      ${fix}`,
        ]);
    });

    test.each(["harbor.ops.kube-platform.internal", "harbor.example.internal:8443", "10.0.0.5:5000", "localhost:5000", "Harbor.Example.Internal"])("registryHost %j is a host[:port]", (registryHost) => {
        expect(resolve({ "image-from-harbor": { registryHost } })["image-from-harbor"].properties.registryHost).toBe(registryHost);
    });

    test("the schema carries the pattern (pulumi preview checks it too), and the platform's default meets it", () => {
        const schema = imageFromHarbor.configSchema!.properties!.registryHost as PolicyConfigJSONSchema;
        expect(schema.pattern).toBe(REGISTRY_HOST_PATTERN);
        expect(validateSchema(schema.default, schema)).toEqual([]);
        expect((exemptionsSchema([]).items as PolicyConfigJSONSchema).properties!.kind).toEqual({ type: "string", minLength: 1, pattern: KIND_PATTERN });
    });
});

describe("readPolicyConfigFile", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "policy-config-"));
    test("invalid JSON names the file", () => {
        const file = path.join(dir, "bad.json");
        fs.writeFileSync(file, "{ all: advisory }");
        expect(errorOf(() => readPolicyConfigFile(file))).toBe(`${file}: invalid JSON at line 1, column 3: a key without quotes: JSON writes keys in double quotes ({ "<policy>": "<level>" })`);
    });
    test("a missing file names the file", () => {
        expect(errorOf(() => readPolicyConfigFile(path.join(dir, "missing.json"), "missing.json"))).toMatch(
            /^--policy-config: missing\.json: no such file \(the policy pack's configuration, pulumi preview --policy-pack-config format\); /,
        );
    });
    test("a missing file: the file of that folder whose name is close, else the repository's", () => {
        const folder = fs.mkdtempSync(path.join(os.tmpdir(), "policy-config-"));
        fs.writeFileSync(path.join(folder, "config.json"), "{}");
        expect(errorOf(() => readPolicyConfigFile(path.join(folder, "confg.json"), "policies/confg.json"))).toMatch(/; did you mean policies\/config\.json\?$/);
        expect(errorOf(() => readPolicyConfigFile(path.join(folder, "nothing-like-it.json"), "x/nothing-like-it.json"))).toMatch(/; give the repository's policies\/config\.json, or leave --policy-config out to use it$/);
    });
    test("an empty file is no configuration", () => {
        const file = path.join(dir, "empty.json");
        fs.writeFileSync(file, "\n");
        expect(readPolicyConfigFile(file)).toEqual({});
    });
});

describe("the pack reads its configuration through args.getConfig()", () => {
    const latest = changed(compliantWorkload("Deployment"), (o) => ((at(o, "spec.template.spec").containers as Obj[])[0].image = `${HARBOR}/shop/web:latest`));

    test("a level: image-tag-pinned made advisory reports it as advisory; disabled, not at all", async () => {
        expect((await checkObjects([latest])).map((v) => [v.policy, v.enforcementLevel])).toEqual([["image-tag-pinned", "mandatory"]]);
        await configure({ "image-tag-pinned": "advisory" });
        expect((await checkObjects([latest])).map((v) => [v.policy, v.enforcementLevel])).toEqual([["image-tag-pinned", "advisory"]]);
        await configure({ "image-tag-pinned": "disabled" });
        expect(await checkObjects([latest])).toEqual([]);
    });

    test("a knob: another registry host makes the platform Harbor's images violations", async () => {
        expect(await checkObjects([compliantWorkload("Deployment")])).toEqual([]);
        await configure({ "image-from-harbor": { registryHost: "registry.example.internal" } });
        const vs = summaries(await checkObjects([compliantWorkload("Deployment")]));
        expect(vs).toHaveLength(3);
        expect(vs[0]).toBe(
            `image-from-harbor [mandatory]: Deployment shop/web: spec.template.spec.initContainers[0].image: expected an image from registry.example.internal (registry.example.internal/<project>/<name>:<tag>); found ${HARBOR}/shop/migrate:1.4.2 (registry ${HARBOR}). Fix: push the image to a Harbor project, or pull it through Harbor's proxy cache: registry.example.internal/<proxy-cache project>/shop/migrate`,
        );
    });

    test("an exemption declared in the configuration, with its reason, exempts that workload from that policy only", async () => {
        await configure({ "image-tag-pinned": { exemptions: [{ namespace: "shop", kind: "Deployment", name: "web", reason: "the vendor publishes only latest; tracked in PLAT-123" }] } });
        expect(await checkObjects([latest])).toEqual([]);
        const other = changed(latest, (o) => ((o.metadata as Obj).name = "api"));
        expect((await checkObjects([other])).map((v) => v.policy)).toEqual(["image-tag-pinned"]);
    });

    test("applyPolicyConfigFile reads, resolves and applies a file; without one, the defaults", async () => {
        const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "policy-config-")), "policy.json");
        fs.writeFileSync(file, JSON.stringify({ all: "advisory" }));
        const config = await applyPolicyConfigFile(pack, file);
        expect(config["image-tag-pinned"].enforcementLevel).toBe("advisory");
        expect((await checkObjects([latest])).map((v) => v.enforcementLevel)).toEqual(["advisory"]);
        await applyPolicyConfigFile(pack);
        expect((await checkObjects([latest])).map((v) => v.enforcementLevel)).toEqual(["mandatory"]);
    });
});

describe("validateSchema (the JSON-schema subset of the pack's configSchemas)", () => {
    test.each([
        [5, { type: "string" }, [{ path: "", expected: "a text value", found: 5 }]],
        [5, { type: "number" }, []],
        [5.5, { type: "integer" }, [{ path: "", expected: "a whole number", found: 5.5 }]],
        ["x", { enum: ["a", "b"] }, [{ path: "", expected: 'one of "a", "b"', found: "x" }]],
        ["Harbor", { type: "string", pattern: "^[a-z.]+$" }, [{ path: "", expected: "a text matching ^[a-z.]+$", found: "Harbor", pattern: "^[a-z.]+$" }]],
        ["harbor.internal", { type: "string", pattern: "^[a-z.]+$" }, []],
        [{ host: "https://h" }, { type: "object", properties: { host: { type: "string", pattern: "^[a-z]+$" } } }, [{ path: "host", expected: "a text matching ^[a-z]+$", found: "https://h", pattern: "^[a-z]+$" }]],
        [[], { type: "array", minItems: 1 }, [{ path: "", expected: "a list of at least 1 item(s)", found: [] }]],
        [[1, "a"], { type: "array", items: { type: "integer" } }, [{ path: "[1]", expected: "a whole number", found: "a" }]],
        [{ a: 1, b: 2 }, { type: "object", properties: { a: { type: "integer" } }, additionalProperties: false }, [{ path: "b", expected: "nothing (no such setting)", found: 2 }]],
        [{}, { type: "object", required: ["a"], properties: { a: { type: "integer", description: "The a." } } }, [{ path: "a", expected: "its a (required: The a, a whole number)", found: undefined }]],
    ] as [unknown, PolicyConfigJSONSchema, SchemaError[]][])("%j against %j", (value, schema, errors) => {
        expect(validateSchema(value, schema)).toEqual(errors);
    });

    test("any well-formed exemption list passes the exemptions schema; one without a reason never does", () => {
        const text = fc.string({ minLength: 10, maxLength: 40 });
        const exemption = fc.record({ namespace: text, name: text, reason: text, kind: fc.constantFrom("Deployment", "DaemonSet") }, { requiredKeys: ["namespace", "name", "reason"] });
        const schema = exemptionsSchema([]);
        fc.assert(fc.property(fc.array(exemption), (list) => expect(validateSchema(list, schema)).toEqual([])));
        fc.assert(
            fc.property(fc.array(exemption, { minLength: 1 }), fc.nat(), (list, i) => {
                const { reason: _reason, ...withoutReason } = list[i % list.length];
                const broken = list.map((e, j) => (j === i % list.length ? withoutReason : e));
                expect(validateSchema(broken, schema).map((e) => e.path)).toContain(`[${i % list.length}].reason`);
            }),
        );
    });
});
