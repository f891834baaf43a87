import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runProgram } from "../../engine/run";
import { platformPack } from "../../engine/pack";
import { resolvePolicyConfig } from "../../engine/policyConfig";
import { planCommand } from "../../engine/cli/plan";
import { runInProcess } from "../support/commands";
import { STANDARD, cachedPlan } from "../support/planCache";
import { ROOT, copyProject, edit, edited, runCli } from "../support/project";

describe("npm run plan", () => {
    test("plans nonprod by default, prints the summary, the policy results and a verdict, writes the plan file, exits 0", () => {
        const dir = copyProject();
        const out = path.join(dir, "out", "nonprod.json");
        const { code, stdout, stderr } = runCli(dir, "plan", ["--json", out]);
        expect(stderr).toContain("planning stack prod first, for its outputs (StackReference)");
        expect(stderr).toMatch(/planned in \d+\.\d s; plan file .*nonprod\.json\n$/);
        expect(code).toBe(0);
        const plan = JSON.parse(fs.readFileSync(out, "utf8"));
        expect(plan.stack).toBe("nonprod");
        // one count everywhere: every resource of the plan file but the stack itself
        const count = plan.resources.length - 1;
        expect(stdout.startsWith(`Stack nonprod (project platform): ${count} resources\nBy component`)).toBe(true);
        expect(stdout).toContain("    11  platform:network:Vpc x1: nonprod\n");
        expect(stdout).toContain("Policies (platform-policies@0.1.0): 0 mandatory, 0 advisory violation(s)");
        expect(stdout).not.toContain("  platform:network:Vpc nonprod (10 resources)"); // the tree is behind --tree
        expect(stdout.trimEnd().split("\n").pop()).toBe(`Plan of nonprod: ${count} resources, 0 mandatory and 0 advisory violation(s); exit 0: no mandatory violation`);
    });

    test("a mandatory violation exits 1 and names the policy and the resource; an app team's exemption (policies/config.json) keeps its object out, and is named", async () => {
        // the stack's resources, the one added rule and the team's Deployment
        const count = (await cachedPlan(STANDARD.prod)).plan.resources.length - 1 + 2;
        const deployment = {
            apiVersion: "apps/v1",
            kind: "Deployment",
            metadata: { name: "legacy", namespace: "shop" },
            spec: {
                selector: { matchLabels: { app: "legacy" } },
                template: {
                    metadata: { labels: { app: "legacy" } },
                    spec: {
                        securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
                        containers: [{
                            name: "legacy",
                            image: "harbor.ops.kube-platform.internal/shop/legacy:2.0.1",
                            resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "1", memory: "256Mi" } },
                            securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
                            volumeMounts: [{ name: "spool", mountPath: "/spool" }],
                        }],
                        // reads a spool directory the node's agent writes: what the team's exemption allows
                        volumes: [{ name: "spool", hostPath: { path: "/var/spool/legacy", type: "Directory" } }],
                    },
                },
            },
        };
        const exemption = { namespace: "shop", kind: "Deployment", name: "legacy", reason: "reads the spool directory the node's legacy agent writes, until it moves to the API (ticket SHOP-142)" };
        // `npm run plan -- --stack prod --quiet --tree` in a copy of the project with stacks/prod.ts and
        // policies/config.json edited, as a child process (planned once for these sources: test/support/planCache.ts)
        const { run } = await cachedPlan({
            stack: "prod",
            args: ["--quiet", "--tree"],
            files: {
                "stacks/prod.ts": edited(
                    "stacks/prod.ts",
                    "    return {\n        ...contract,",
                    `    new (require("@pulumi/alicloud").ecs.SecurityGroupRule)("open-ssh", {
        securityGroupId: "sg-1", type: "ingress", ipProtocol: "tcp", portRange: "22/22", cidrIp: "0.0.0.0/0",
    });
    new (require("@pulumi/kubernetes").apps.v1.Deployment)("shop-legacy", ${JSON.stringify(deployment)}, { provider: cluster("prod").cluster.provider });
    return {
        ...contract,`,
                ),
                "policies/config.json": JSON.stringify({ "pod-no-host-path": { teamExemptions: [exemption] } }),
            },
        });
        // --quiet still prints the violations, the exemptions that applied, and the verdict, and nothing else
        const { code, stdout, stderr } = run;
        expect(code).toBe(1);
        expect(stderr).toBe("");
        expect(stdout.startsWith("Policies (platform-policies@0.1.0): 1 mandatory, 0 advisory violation(s)\n")).toBe(true);
        expect(stdout).toContain("[mandatory] no-public-admin-ingress  urn:pulumi:prod::platform::alicloud:ecs/securityGroupRule:SecurityGroupRule::open-ssh");
        expect(stdout).toContain("security group rule open-ssh: cidrIp: expected a source narrower than the internet for ports 22; found 0.0.0.0/0 on tcp 22/22");
        expect(stdout).toContain("  exempted by app teams' exemptions (teamExemptions of the policy configuration): 1\n  [exempted] pod-no-host-path  urn:pulumi:prod::platform::kubernetes:apps/v1:Deployment::shop-legacy\n");
        expect(stdout).not.toContain("By component");
        expect(stdout.trimEnd().split("\n").pop()).toBe(
            `Plan of prod: ${count} resources, 1 mandatory and 0 advisory violation(s); exit 1: a mandatory policy is violated, pulumi preview/up with the pack would refuse this change`,
        );
    });

    test("the repository's policy configuration (policies/config.json) is valid, and the pipeline hands it to pulumi preview and up", () => {
        const pack = platformPack();
        expect(() => resolvePolicyConfig(pack, JSON.parse(fs.readFileSync(path.join(ROOT, "policies", "config.json"), "utf8")), "policies/config.json")).not.toThrow();
        const pipeline = fs.readFileSync(path.join(ROOT, "scripts", "ci", "pulumi.sh"), "utf8");
        const commands = pipeline.split("\n").filter((l) => /pulumi (preview|up)\b/.test(l));
        expect(commands.length).toBeGreaterThanOrEqual(4);
        for (const c of commands) expect(c).toContain("--policy-pack policies --policy-pack-config policies/config.json");
    });

    test("--tree prints every resource under its component, with the same count", async () => {
        const { plan, run } = await cachedPlan(STANDARD.prod);
        // `npm run plan -- --stack prod --tree`, as a child process (planned once for these sources)
        const { code, stdout } = (await cachedPlan(STANDARD.prodTree)).run;
        expect(code).toBe(0);
        expect(stdout).toContain(`Stack prod (project platform): ${plan.resources.length - 1} resources\n  platform:cluster:AckCluster ops (12 resources)\n`);
        expect(stdout).toContain("\n    alicloud:cs/managedKubernetes:ManagedKubernetes ops-ack  [protected]\n");
        expect(stdout).toContain("\n    kubernetes:core/v1:Secret ops-thanos-objstore  [secret: stringData]\n");
        // the summary's line for the two clusters counts them and the 12 + 10 resources under them
        expect(run.stdout).toContain("\n    24  platform:cluster:AckCluster x2: ops, prod\n");
        expect(stdout).toContain("\n  platform:cluster:AckCluster prod (10 resources)\n");
        // the rest of the printout is the default one's
        expect(stdout.slice(stdout.indexOf("Resources by type:"))).toBe(run.stdout.slice(run.stdout.indexOf("Resources by type:")).replace("\n\n(npm run plan -- --tree prints every resource under its component, with its protection and secret inputs)", ""));
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
        [["--stack", "staging"], 'unknown stack "staging": no Pulumi.staging.yaml (stacks: idc, nonprod, prod)'],
        [["--colour"], "unknown option --colour"],
        [["--json"], "--json needs a value"],
    ])("usage errors exit 2: %j", async (args, message) => {
        // the command as its process runs it, in this process: refused before anything is read or written
        // (the child processes of the tests above and below exit 2 the same way)
        const { code, stdout, stderr } = await runInProcess(planCommand, args);
        expect(code).toBe(2);
        expect(stderr).toContain(message);
        expect(stdout).toBe("");
    });

    test("a stack file that does not parse and a bad tenancy file: both in one report (the program never ran)", () => {
        const dir = copyProject();
        edit(dir, "Pulumi.prod.yaml", "  platform:region: cn-hangzhou\n", "  platform:region: cn-hangzhou\n  platform:region: cn-shanghai\n");
        fs.appendFileSync(path.join(dir, "config", "tenancy", "users.yaml"), "  zhao-lei:\n    email: not-an-address\n");
        const { code, stderr } = runCli(dir, "plan", ["--stack", "prod", "--quiet"]);
        expect(code).toBe(2);
        expect(stderr).toContain("Invalid settings (2 problems):");
        expect(stderr).toContain("found:    the key platform:region a second time in one mapping");
        expect(stderr).toContain("config/tenancy/users.yaml: users.zhao-lei.email");
    });

    test("a bad policy configuration and a bad tenancy file: both in one report, exit 2, nothing declared, no plan file", () => {
        const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "plan-inputs-"));
        const layout = path.join(scratch, "tenancy");
        fs.cpSync(path.join(ROOT, "config", "tenancy"), layout, { recursive: true });
        fs.appendFileSync(path.join(layout, "users.yaml"), "  zhao-lei:\n    email: not-an-address\n");
        const policyConfig = path.join(scratch, "config.json");
        fs.writeFileSync(policyConfig, JSON.stringify({ "prod-nonprod-isolated": "sometimes" }));
        const out = path.join(scratch, "plan.json");
        const { code, stdout, stderr } = runCli(ROOT, "plan", ["--stack", "prod", "--policy-config", policyConfig, "--json", out, "--quiet"], undefined, { PLATFORM_TENANCY_DIR: layout });
        const written = fs.existsSync(out);
        fs.rmSync(scratch, { recursive: true, force: true, maxRetries: 2 });
        expect(written).toBe(false);
        expect(code).toBe(2);
        expect(stderr).toContain("Invalid settings (1 problem):");
        expect(stderr).toContain("users.yaml: users.zhao-lei.email");
        expect(stderr).toContain("Invalid policy configuration (1 problem):");
        expect(stderr).toContain('found:    "sometimes"');
        expect(stderr).not.toMatch(/\n\s+at /);
        expect(stdout).not.toContain("resources");
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
