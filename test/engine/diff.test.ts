import { InputChange, PlanDiff, changedPaths, diffPlans, formatDiff, formatDiffMarkdown, formatInputChange } from "../../engine/diff";
import { PlanResource } from "../../engine/planFile";
import { STACK_URN, componentUrn, plan, resource } from "./planFixtures";

const NETWORK = "alicloud:vpc/network:Network";
const SWITCH = "alicloud:vpc/switch:Switch";
const BUCKET = "alicloud:oss/bucket:Bucket";
// created and deleted in the fixtures: a type whose delete loses nothing (engine/safety.ts marks the others)
const CONFIG_MAP = "kubernetes:core/v1:ConfigMap";
const RULE = "alicloud:ecs/securityGroupRule:SecurityGroupRule";
const RELEASE = "kubernetes:helm.sh/v3:Release";
const SECRET = "kubernetes:core/v1:Secret";
const VPC = componentUrn("platform:network:Vpc", "ops");

/** The diff of one resource changing from `before` to `after` (same URN). */
function diffOne(before: PlanResource, after: PlanResource): PlanDiff {
    return diffPlans(plan([before]), plan([after]));
}

describe("changedPaths", () => {
    test.each<[string, unknown, unknown, string[]]>([
        ["equal objects", { a: 1, b: [1, 2] }, { a: 1, b: [1, 2] }, []],
        ["key order only", { a: 1, b: 2 }, { b: 2, a: 1 }, []],
        ["one leaf", { a: 1 }, { a: 2 }, ["a"]],
        ["scalars at the root", 1, 2, ["(value)"]],
        ["keys sorted", { b: 1, a: 1 }, { a: 2, b: 2 }, ["a", "b"]],
        ["added key", {}, { x: 1 }, ["x"]],
        ["removed key", { a: {} }, {}, ["a"]],
        ["array element changed and appended", { a: { b: [1, 2] } }, { a: { b: [1, 3, 4] } }, ["a.b[1]", "a.b[2]"]],
        ["array shortened", { list: ["x", "y", "z"] }, { list: ["x"] }, ["list[1]", "list[2]"]],
        ["nested in arrays of objects", { c: [{ image: "a:1" }, { image: "b:1" }] }, { c: [{ image: "a:1" }, { image: "b:2" }] }, ["c[1].image"]],
        ["a quoted key", { tags: { "kubernetes.io/name": "x", team: "t" } }, { tags: { "kubernetes.io/name": "y", team: "t" } }, ['tags["kubernetes.io/name"]']],
        ["a key starting with a digit", { "0abc": 1 }, { "0abc": 2 }, ['["0abc"]']],
        ["a key with a dash", { "my-key": 1 }, { "my-key": 2 }, ["my-key"]],
        ["array to object is a leaf", { a: [1] }, { a: { 0: 1 } }, ["a"]],
        ["null to object is a leaf", { a: null }, { a: {} }, ["a"]],
        ["a resource reference", { vpcId: { $ref: "urn:a" } }, { vpcId: { $ref: "urn:b" } }, ["vpcId.$ref"]],
    ])("%s", (_, before, after, paths) => {
        expect(changedPaths(before, after)).toEqual(paths);
    });
});

describe("diffPlans: what happens to each resource", () => {
    test("identical plans: no change", () => {
        const r = resource(NETWORK, "ops", { cidrBlock: "10.0.0.0/16" }, { parent: VPC });
        expect(diffPlans(plan([r]), plan([r]))).toEqual({ stack: "prod", summary: { create: 0, update: 0, replace: 0, delete: 0 }, changes: [] });
    });

    test("a new resource is a create, a missing one a delete", () => {
        const kept = resource(CONFIG_MAP, "kept", { data: { a: "1" } });
        const gone = resource(CONFIG_MAP, "gone", { data: { a: "1" } });
        const added = resource(CONFIG_MAP, "added", { data: { a: "1" } });
        const diff = diffPlans(plan([kept, gone]), plan([kept, added]));
        expect(diff.summary).toEqual({ create: 1, update: 0, replace: 0, delete: 1 });
        expect(diff.changes).toEqual([
            { kind: "create", urn: added.urn, type: CONFIG_MAP, name: "added", parent: STACK_URN, inputs: [], replacedBy: [] },
            { kind: "delete", urn: gone.urn, type: CONFIG_MAP, name: "gone", parent: STACK_URN, inputs: [], replacedBy: [] },
        ]);
    });

    test("a rename is a delete plus a create, never an update", () => {
        const before = resource("alicloud:nas/fileSystem:FileSystem", "ops-extreme", { fileSystemType: "extreme" }, { parent: VPC });
        const after = resource("alicloud:nas/fileSystem:FileSystem", "ops-nas-extreme", { fileSystemType: "extreme" }, { parent: VPC });
        const diff = diffOne(before, after);
        expect(diff.summary).toEqual({ create: 1, update: 0, replace: 0, delete: 1 });
        expect(diff.changes.map((c) => [c.kind, c.urn])).toEqual([
            ["create", "urn:pulumi:prod::platform::platform:network:Vpc$alicloud:nas/fileSystem:FileSystem::ops-nas-extreme"],
            ["delete", "urn:pulumi:prod::platform::platform:network:Vpc$alicloud:nas/fileSystem:FileSystem::ops-extreme"],
        ]);
    });

    test("a re-parent (same name, new parent type) is a delete plus a create", () => {
        const before = resource(NETWORK, "ops", { cidrBlock: "10.0.0.0/16" });
        const after = resource(NETWORK, "ops", { cidrBlock: "10.0.0.0/16" }, { parent: VPC });
        expect(diffOne(before, after).changes.map((c) => c.kind)).toEqual(["create", "delete"]);
    });

    test("an input change is an update with the exact path, before and after", () => {
        const before = resource(NETWORK, "ops", { cidrBlock: "10.0.0.0/16", vpcName: "ops", description: "old" }, { parent: VPC });
        const after = resource(NETWORK, "ops", { cidrBlock: "10.0.0.0/16", vpcName: "ops-vpc", description: "old" }, { parent: VPC });
        expect(diffOne(before, after)).toEqual({
            stack: "prod",
            summary: { create: 0, update: 1, replace: 0, delete: 0 },
            changes: [{ kind: "update", urn: after.urn, type: NETWORK, name: "ops", parent: VPC, inputs: [{ path: "vpcName", secret: false, before: "ops", after: "ops-vpc" }], replacedBy: [] }],
        });
    });

    test("nested paths: a quoted tag key and array indexes", () => {
        const before = resource(
            "alicloud:cs/nodePool:NodePool",
            "ops-general",
            { tags: { "kubernetes.io/name": "ops", team: "platform" }, vswitchIds: ["vsw-h", "vsw-i"], labels: [{ key: "role", value: "general" }] },
            { parent: VPC },
        );
        const after = resource(
            "alicloud:cs/nodePool:NodePool",
            "ops-general",
            { tags: { "kubernetes.io/name": "ops-general", team: "platform" }, vswitchIds: ["vsw-h", "vsw-j", "vsw-k"], labels: [{ key: "role", value: "stateful" }] },
            { parent: VPC },
        );
        expect(diffOne(before, after).changes[0].inputs).toEqual<InputChange[]>([
            { path: "labels[0].value", secret: false, before: "general", after: "stateful" },
            { path: 'tags["kubernetes.io/name"]', secret: false, before: "ops", after: "ops-general" },
            { path: "vswitchIds[1]", secret: false, before: "vsw-i", after: "vsw-j" },
            { path: "vswitchIds[2]", secret: false, before: undefined, after: "vsw-k" },
        ]);
    });

    test("a changed replace-on-change input is a replacement, naming the input", () => {
        const before = resource(SWITCH, "ops-h", { cidrBlock: "10.0.0.0/20", zoneId: "cn-hangzhou-h", vswitchName: "ops-h" }, { parent: VPC });
        const after = resource(SWITCH, "ops-h", { cidrBlock: "10.0.0.0/21", zoneId: "cn-hangzhou-h", vswitchName: "ops-h-2" }, { parent: VPC });
        expect(diffOne(before, after).changes).toEqual([
            {
                kind: "replace",
                urn: after.urn,
                type: SWITCH,
                name: "ops-h",
                parent: VPC,
                inputs: [
                    { path: "cidrBlock", secret: false, before: "10.0.0.0/20", after: "10.0.0.0/21" },
                    { path: "vswitchName", secret: false, before: "ops-h", after: "ops-h-2" },
                ],
                replacedBy: ["cidrBlock"],
            },
        ]);
    });

    test("a changed reference below a replace-on-change input is a replacement too", () => {
        const before = resource(SWITCH, "ops-h", { vpcId: { $ref: "urn:pulumi:prod::platform::alicloud:vpc/network:Network::a" } });
        const after = resource(SWITCH, "ops-h", { vpcId: { $ref: "urn:pulumi:prod::platform::alicloud:vpc/network:Network::b" } });
        const change = diffOne(before, after).changes[0];
        expect(change.kind).toBe("replace");
        expect(change.replacedBy).toEqual(["vpcId.$ref"]);
        expect(change.inputs).toEqual([
            { path: "vpcId.$ref", secret: false, before: "urn:pulumi:prod::platform::alicloud:vpc/network:Network::a", after: "urn:pulumi:prod::platform::alicloud:vpc/network:Network::b" },
        ]);
    });

    test("the same input of a type without replace-on-change inputs is an update", () => {
        const before = resource(BUCKET, "logs", { cidrBlock: "a" });
        const after = resource(BUCKET, "logs", { cidrBlock: "b" });
        expect(diffOne(before, after).changes[0]).toMatchObject({ kind: "update", replacedBy: [] });
    });
});

describe("secrets never show", () => {
    // Plain text that is (or becomes) secret in the other plan: none of it may appear in any output.
    const PLAINTEXT = ["hunter2-plain", "kube-token-plain", "robot-secret-plain", "jwt-plain", "tok-plain", "10.9.8.0/24"];

    const pairs: [string, PlanResource, PlanResource, InputChange[]][] = [
        [
            "a value that becomes secret",
            resource(RELEASE, "harbor", { values: { harborAdminPassword: "hunter2-plain", expose: { type: "clusterIP" } } }),
            resource(RELEASE, "harbor", { values: { harborAdminPassword: "[secret]", expose: { type: "clusterIP" } } }, { secretInputs: ["values.harborAdminPassword"] }),
            [{ path: "values.harborAdminPassword", secret: true }],
        ],
        [
            "a secret that becomes plain",
            resource("kubernetes:cluster.kubesphere.io/v1alpha1:Cluster", "nonprod", { spec: { connection: { kubeconfig: "[secret]", type: "direct" } } }, { secretInputs: ["spec.connection.kubeconfig"] }),
            resource("kubernetes:cluster.kubesphere.io/v1alpha1:Cluster", "nonprod", { spec: { connection: { kubeconfig: "kube-token-plain", type: "direct" } } }),
            [{ path: "spec.connection.kubeconfig", secret: true }],
        ],
        [
            "a secret under a quoted key",
            resource(SECRET, "harbor-pull", { stringData: { ".dockerconfigjson": "[secret]" } }, { secretInputs: ['stringData[".dockerconfigjson"]'] }),
            resource(SECRET, "harbor-pull", { stringData: { ".dockerconfigjson": "robot-secret-plain" } }),
            [{ path: 'stringData[".dockerconfigjson"]', secret: true }],
        ],
        [
            "a secret array element, beside a plain one",
            resource("command:local:Command", "register", { args: ["--user=admin", "[secret]"] }, { secretInputs: ["args[1]"] }),
            resource("command:local:Command", "register", { args: ["--user=admin", "jwt-plain", "--v=2"] }),
            [
                { path: "args[1]", secret: true },
                { path: "args[2]", secret: false, before: undefined, after: "--v=2" },
            ],
        ],
        [
            "a whole secret object replaced by a plain one",
            resource(SECRET, "thanos-objstore", { auth: "[secret]" }, { secretInputs: ["auth"] }),
            resource(SECRET, "thanos-objstore", { auth: { token: "tok-plain" } }),
            [{ path: "auth", secret: true }],
        ],
        [
            "a secret replace-on-change input: a replacement, still without values",
            resource(RULE, "office-ssh", { cidrIp: "[secret]", portRange: "22/22" }, { secretInputs: ["cidrIp"] }),
            resource(RULE, "office-ssh", { cidrIp: "10.9.8.0/24", portRange: "22/22" }),
            [{ path: "cidrIp", secret: true }],
        ],
    ];

    test.each(pairs)("%s: only the path, no before or after", (_, before, after, inputs) => {
        const diff = diffOne(before, after);
        expect(diff.changes).toHaveLength(1);
        expect(diff.changes[0].inputs).toEqual(inputs);
        for (const input of inputs.filter((i) => i.secret)) {
            expect(diff.changes[0].inputs.find((i) => i.path === input.path)).not.toHaveProperty("before");
            expect(diff.changes[0].inputs.find((i) => i.path === input.path)).not.toHaveProperty("after");
        }
    });

    test("a secret whose placeholder is unchanged is no change at all", () => {
        const r = resource(SECRET, "jwt", { stringData: { jwtSecret: "[secret]" } }, { secretInputs: ["stringData.jwtSecret"] });
        expect(diffOne(r, { ...r, inputs: { stringData: { jwtSecret: "[secret]" } } }).changes).toEqual([]);
    });

    test("a secret replace-on-change input is shown as a replacement", () => {
        const [, before, after] = pairs[5];
        expect(diffOne(before, after).changes[0]).toMatchObject({ kind: "replace", replacedBy: ["cidrIp"] });
        expect(formatDiff(diffOne(before, after))).toBe(
            [
                "Stack prod: 0 to create, 0 to update, 1 to replace, 0 to delete",
                "  +- alicloud:ecs/securityGroupRule:SecurityGroupRule office-ssh  (replaced because cidrIp changed)",
                "       cidrIp: (secret, value not shown)",
            ].join("\n"),
        );
    });

    test("no plaintext of any fixture appears in the diff, its text or its Markdown, in either direction", () => {
        const base = plan(pairs.map(([, before]) => before));
        const head = plan(pairs.map(([, , after]) => after));
        for (const diff of [diffPlans(base, head), diffPlans(head, base)]) {
            const outputs = [formatDiff(diff), formatDiffMarkdown(diff), JSON.stringify(diff)];
            for (const out of outputs) for (const plaintext of PLAINTEXT) expect(out).not.toContain(plaintext);
            expect(formatDiff(diff).match(/\(secret, value not shown\)/g)).toHaveLength(6);
            expect(formatDiffMarkdown(diff).match(/\(secret, value not shown\)/g)).toHaveLength(6);
        }
    });
});

describe("formatInputChange", () => {
    test.each<[InputChange, string]>([
        [{ path: "vpcName", secret: false, before: "ops", after: "ops-vpc" }, 'vpcName: "ops" -> "ops-vpc"'],
        [{ path: "desiredSize", secret: false, before: 3, after: 4 }, "desiredSize: 3 -> 4"],
        [{ path: "tags.team", secret: false, before: undefined, after: "platform" }, 'tags.team: (none) -> "platform"'],
        [{ path: "tags.team", secret: false, before: "platform", after: undefined }, 'tags.team: "platform" -> (none)'],
        [{ path: "labels", secret: false, before: null, after: { a: "b" } }, 'labels: null -> {"a":"b"}'],
        [{ path: "vpcId", secret: false, before: "vpc-1", after: "[unknown]" }, 'vpcId: "vpc-1" -> [unknown]'],
        [{ path: "password", secret: true }, "password: (secret, value not shown)"],
        [{ path: "userData", secret: false, before: "a".repeat(100), after: "b" }, `userData: "${"a".repeat(76)}... -> "b"`],
    ])("%j -> %s", (change, text) => {
        expect(formatInputChange(change)).toBe(text);
    });
});

describe("formatDiff and formatDiffMarkdown: exact output", () => {
    const base = plan([
        resource(NETWORK, "ops", { cidrBlock: "10.0.0.0/16", vpcName: "ops", tags: { "kubernetes.io/name": "ops-old", team: "platform" } }, { parent: VPC }),
        resource(SWITCH, "ops-h", { cidrBlock: "10.0.0.0/20", zoneId: "cn-hangzhou-h" }, { parent: VPC }),
        resource(CONFIG_MAP, "logs", { data: { level: "info" } }),
    ]);
    const head = plan([
        resource(NETWORK, "ops", { cidrBlock: "10.0.0.0/16", vpcName: "ops-vpc", tags: { "kubernetes.io/name": "ops", team: "platform" } }, { parent: VPC }),
        resource(SWITCH, "ops-h", { cidrBlock: "10.0.0.0/21", zoneId: "cn-hangzhou-h" }, { parent: VPC }),
        resource(CONFIG_MAP, "archive", { data: { level: "info" } }),
    ]);

    test("text", () => {
        expect(formatDiff(diffPlans(base, head))).toBe(
            [
                "Stack prod: 1 to create, 1 to update, 1 to replace, 1 to delete",
                "  ~  alicloud:vpc/network:Network ops",
                '       tags["kubernetes.io/name"]: "ops-old" -> "ops"',
                '       vpcName: "ops" -> "ops-vpc"',
                "  +- alicloud:vpc/switch:Switch ops-h  (replaced because cidrBlock changed)",
                '       cidrBlock: "10.0.0.0/20" -> "10.0.0.0/21"',
                "  +  kubernetes:core/v1:ConfigMap archive",
                "  -  kubernetes:core/v1:ConfigMap logs",
            ].join("\n"),
        );
    });

    test("Markdown: summary table, then the changes grouped by component", () => {
        expect(formatDiffMarkdown(diffPlans(base, head))).toBe(
            [
                "### Stack `prod`",
                "",
                "| create | update | replace | delete |",
                "| --- | --- | --- | --- |",
                "| 1 | 1 | 1 | 1 |",
                "",
                "**(stack)**",
                "",
                "- `+` create `kubernetes:core/v1:ConfigMap` **archive**",
                "- `-` delete `kubernetes:core/v1:ConfigMap` **logs**",
                "",
                "**platform:network:Vpc ops**",
                "",
                "- `~` update `alicloud:vpc/network:Network` **ops**",
                '  - `tags["kubernetes.io/name"]: "ops-old" -> "ops"`',
                '  - `vpcName: "ops" -> "ops-vpc"`',
                "- `+-` replace `alicloud:vpc/switch:Switch` **ops-h** (replaced: `cidrBlock`)",
                '  - `cidrBlock: "10.0.0.0/20" -> "10.0.0.0/21"`',
            ].join("\n"),
        );
    });

    test("no changes", () => {
        const diff = diffPlans(base, base);
        expect(formatDiff(diff)).toBe("Stack prod: 0 to create, 0 to update, 0 to replace, 0 to delete\n  no changes");
        expect(formatDiffMarkdown(diff)).toBe(
            ["### Stack `prod`", "", "| create | update | replace | delete |", "| --- | --- | --- | --- |", "| 0 | 0 | 0 | 0 |", "", "No changes."].join("\n"),
        );
    });

    test("Markdown: a nested component is labelled by its own type, and backticks in values cannot break the code span", () => {
        const hub = "urn:pulumi:prod::platform::platform:network:Vpc$platform:network:Hub::hub";
        const before = resource("command:local:Command", "probe", { create: "echo `id`" }, { parent: hub });
        const after = resource("command:local:Command", "probe", { create: "echo `hostname`" }, { parent: hub });
        const markdown = formatDiffMarkdown(diffOne(before, after));
        expect(markdown).toContain("**platform:network:Hub hub**");
        expect(markdown).toContain("  - `create: \"echo 'id'\" -> \"echo 'hostname'\"`");
    });
});

describe("stack outputs", () => {
    test("a changed output shows before and after, a secret one by path only, and none when they are equal", () => {
        const base = { ...plan([]), outputs: { capacity: { vcpu: 286.65 }, token: "[secret]", endpoint: "a" }, secretOutputs: ["token"] };
        const head = { ...plan([]), outputs: { capacity: { vcpu: 414.05 }, token: "[secret]", endpoint: "a" }, secretOutputs: ["token"] };
        expect(diffPlans(base, head).outputs).toEqual([{ path: "capacity.vcpu", secret: false, before: 286.65, after: 414.05 }]);
        expect(diffPlans(base, base).outputs).toBeUndefined();
        const rotated = { ...head, outputs: { ...head.outputs, token: "[secret]" }, secretOutputs: ["token", "endpoint"] };
        expect(diffPlans(base, { ...rotated, outputs: { ...rotated.outputs, endpoint: "b" } }).outputs).toContainEqual({ path: "endpoint", secret: true });
        const md = formatDiffMarkdown(diffPlans(base, head));
        expect(md).toContain("**Stack outputs** (what the other stacks and the platform's users read)");
        expect(md).toContain("- `capacity.vcpu: 286.65 -> 414.05`");
    });
});
