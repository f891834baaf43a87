// npm run plan:diff as a user runs it: a child process per case, so only a handful of cases.
import * as path from "path";
import { CLI_TIMEOUT, npmRun, tmpFiles } from "./npmScript";
import { plan, resource } from "./planFixtures";

const NETWORK = "alicloud:vpc/network:Network";

describe("npm run plan:diff", () => {
    const base = plan([resource(NETWORK, "ops", { cidrBlock: "10.0.0.0/16", vpcName: "ops" }), resource("kubernetes:core/v1:ConfigMap", "logs", { data: { level: "info" } })]);
    const head = plan([resource(NETWORK, "ops", { cidrBlock: "10.0.0.0/16", vpcName: "ops-vpc" })]);
    const nonprod = plan([resource(NETWORK, "nonprod", { cidrBlock: "10.32.0.0/12" }, { stack: "nonprod" })], "nonprod");
    const dir = tmpFiles({
        "base.json": JSON.stringify(base),
        "head.json": JSON.stringify(head),
        "nonprod.json": JSON.stringify(nonprod),
        "other.json": JSON.stringify({ name: "not a plan", resources: {} }),
    });
    const file = (name: string) => path.join(dir, name);

    test(
        "two plans of a stack: prints the diff, exits 0",
        async () => {
            const { code, stdout, stderr } = await npmRun("plan:diff", [file("base.json"), file("head.json")]);
            expect(stderr).toBe("");
            expect(code).toBe(0);
            expect(stdout).toBe(
                [
                    "Stack prod: 0 to create, 1 to update, 0 to replace, 1 to delete",
                    "  ~  alicloud:vpc/network:Network ops",
                    '       vpcName: "ops" -> "ops-vpc"',
                    "  -  kubernetes:core/v1:ConfigMap logs",
                    "",
                ].join("\n"),
            );
        },
        CLI_TIMEOUT,
    );

    test(
        "a file that is not a plan: exit 2, naming the file and how to make a plan",
        async () => {
            const { code, stdout, stderr } = await npmRun("plan:diff", [file("base.json"), file("other.json")]);
            expect(code).toBe(2);
            expect(stdout).toBe("");
            expect(stderr).toBe(`${file("other.json")} is not a plan file (no "stack" or "resources"); make one with npm run plan -- --json FILE\n`);
        },
        CLI_TIMEOUT,
    );

    test(
        "plans of different stacks: exit 2, naming both stacks",
        async () => {
            const { code, stdout, stderr } = await npmRun("plan:diff", [file("base.json"), file("nonprod.json")]);
            expect(code).toBe(2);
            expect(stdout).toBe("");
            expect(stderr).toBe(`${file("base.json")} and ${file("nonprod.json")} are plans of different stacks (prod and nonprod): give each stack's BASE and HEAD as a pair (BASE-prod HEAD-prod BASE-nonprod HEAD-nonprod)\n`);
        },
        CLI_TIMEOUT,
    );
});
