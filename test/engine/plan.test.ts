import * as fs from "fs";
import * as path from "path";
import { runProgram } from "../../engine/run";
import { copyProject, edit, runCli } from "../support/project";

describe("npm run plan", () => {
    test("plans nonprod by default, prints the tree and the policy results, writes the plan file, exits 0", () => {
        const dir = copyProject();
        const out = path.join(dir, "out", "nonprod.json");
        const { code, stdout, stderr } = runCli(dir, "plan", ["--json", out]);
        expect(stderr).toContain("planning stack prod first, for its outputs (StackReference)");
        expect(code).toBe(0);
        expect(stdout).toContain("  platform:network:Vpc nonprod (10 resources)");
        expect(stdout).toContain("Policies (platform-policies@0.1.0): 0 mandatory, 0 advisory violation(s)");
        const plan = JSON.parse(fs.readFileSync(out, "utf8"));
        expect(plan.stack).toBe("nonprod");
        // the printed count is every resource of the plan file but the stack itself
        expect(stdout).toContain(`Stack nonprod (project platform): ${plan.resources.length - 1} resources`);
    });

    test("a mandatory violation exits 1 and names the policy and the resource", () => {
        const dir = copyProject();
        edit(
            dir,
            "stacks/prod.ts",
            "    return {\n        tenancy:",
            `    new (require("@pulumi/alicloud").ecs.SecurityGroupRule)("open-ssh", {
        securityGroupId: "sg-1", type: "ingress", ipProtocol: "tcp", portRange: "22/22", cidrIp: "0.0.0.0/0",
    });
    return {
        tenancy:`,
        );
        const { code, stdout } = runCli(dir, "plan", ["--stack", "prod"]);
        expect(code).toBe(1);
        expect(stdout).toContain("Policies (platform-policies@0.1.0): 1 mandatory, 0 advisory violation(s)");
        expect(stdout).toContain("[mandatory] no-public-admin-ingress  urn:pulumi:prod::platform::alicloud:ecs/securityGroupRule:SecurityGroupRule::open-ssh");
        expect(stdout).toContain("security group rule open-ssh: cidrIp: expected a source narrower than the internet for ports 22; found 0.0.0.0/0 on tcp 22/22");
    });

    test("overlapping CIDRs exit 2 with one message naming the file and the key, and no stack trace", () => {
        const dir = copyProject();
        edit(dir, "Pulumi.nonprod.yaml", "nodeCidr: 10.32.16.0/20", "nodeCidr: 10.32.0.0/20");
        const { code, stdout, stderr } = runCli(dir, "plan", []);
        expect(code).toBe(2);
        expect(stdout).toBe("");
        expect(stderr).toContain(
            [
                "Invalid settings (1 problem):",
                "  Pulumi.nonprod.yaml: platform:networks.nonprod.zones.cn-hangzhou-i.nodeCidr",
                "    expected: a vSwitch CIDR that overlaps no other vSwitch of the network",
                "    found:    10.32.0.0/20, which overlaps cn-hangzhou-h nodeCidr 10.32.0.0/20",
                "    fix:      move one of the two vSwitches to a free range",
            ].join("\n"),
        );
        expect(stderr).not.toMatch(/\n\s+at /);
    });

    test.each([
        [["--stack", "staging"], 'unknown stack "staging": no Pulumi.staging.yaml (stacks: nonprod, prod)'],
        [["--colour"], "unknown option --colour"],
        [["--json"], "--json needs a value"],
    ])("usage errors exit 2: %j", (args, message) => {
        const { code, stderr } = runCli(copyProject(), "plan", args);
        expect(code).toBe(2);
        expect(stderr).toContain(message);
    });
});

describe("the offline runtime", () => {
    test("an invoke with no fake fails the run, naming the token", async () => {
        await expect(
            runProgram({
                stack: "prod",
                program: path.join(__dirname, "..", "fixtures", "programs", "unknownInvoke.ts"),
                resolveStackReference: async () => ({ outputs: {}, secretOutputNames: [] }),
            }),
        ).rejects.toThrow("no fake for invoke alicloud:index/getZones:getZones: add one to engine/fakes/invokes.ts");
    });
});
