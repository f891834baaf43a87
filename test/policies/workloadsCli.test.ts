// npm run check on application manifests, as a team runs it: the first case as a child process of npm, the
// others through the command's function in this process, as the command's process runs it (checkCommand, its
// errors through reportError: test/support/commands.ts), so they cost no process each.
import * as fs from "fs";
import * as path from "path";
import { checkCommand } from "../../engine/cli/check";
import { runInProcess } from "../support/commands";
import { CLI_TIMEOUT, ROOT, npmRun, tmpFiles } from "../engine/npmScript";

/** `npm run check -- ...args` without the process. */
const check = (args: readonly string[], input?: string) => runInProcess(checkCommand, args, input);

const MANIFESTS = path.join(ROOT, "test/fixtures/manifests");
const NEW_USER = path.join(MANIFESTS, "new-user.yaml");
const HARBOR = "harbor.ops.kube-platform.internal";
const DEPLOYMENT = "Deployment shop/web";

const PRIVILEGED = `${DEPLOYMENT}: spec.template.spec.containers[0].securityContext.privileged: expected false or unset; found true. Fix: remove privileged: true; add only the capabilities the container needs, within the baseline set`;
const HOST_PATH = `${DEPLOYMENT}: spec.template.spec.volumes[0].hostPath: expected no hostPath volume; found hostPath /var/log/web (volume logs). Fix: use an emptyDir, a configMap or secret, or a PersistentVolumeClaim (disk-essd, or a NAS class for shared files)`;
const LATEST = `${DEPLOYMENT}: spec.template.spec.containers[0].image: expected an explicit tag other than latest, or a digest; found ${HARBOR}/shop/web:latest (tag latest). Fix: pin a version, e.g. ${HARBOR}/shop/web:1.2.3, or a digest (@sha256:...)`;

interface Report {
    violations: { policy: string; enforcementLevel: string; resource: { kind: string; namespace: string; name: string }; message: string }[];
}
const readReport = (file: string) => JSON.parse(fs.readFileSync(file, "utf8")) as Report;

describe("npm run check on application manifests", () => {
    const dir = tmpFiles({
        "relaxed.json": JSON.stringify({ "pod-no-privileged": "advisory", "pod-no-host-path": "advisory", "image-tag-pinned": { enforcementLevel: "advisory" } }),
        "other-registry.json": JSON.stringify({ all: "advisory", "image-from-harbor": { enforcementLevel: "mandatory", registryHost: "registry.example.internal" } }),
        "invalid.json": JSON.stringify({ "pod-no-privileged": "strict" }),
    });
    const file = (name: string) => path.join(dir, name);

    test(
        "as a new user: a privileged container, a latest tag and a hostPath volume get three precise mandatory messages and exit 1",
        async () => {
            const report = file("new-user.json");
            const { code, stdout, stderr } = await npmRun("check", [NEW_USER, "--json", report]);
            expect(stderr).toBe("");
            expect(code).toBe(1);
            expect(stdout).toMatch(/^Checked 1 object\(s\) against platform-policies@[\d.]+: 3 mandatory, \d+ advisory violation\(s\)\n/);
            for (const [policy, message] of [["pod-no-privileged", PRIVILEGED], ["pod-no-host-path", HOST_PATH], ["image-tag-pinned", LATEST]]) {
                expect(stdout).toContain(`  [mandatory] ${policy}  ${DEPLOYMENT}\n`);
                expect(stdout).toContain(`      ${message}\n`);
            }
            const { violations } = readReport(report);
            // the restricted profile's advisory notes may come too; the mandatory ones are exactly these three
            expect(violations.filter((v) => v.enforcementLevel === "mandatory").map((v) => [v.policy, v.resource, v.message.split("\n")[1]])).toEqual([
                ["pod-no-privileged", { kind: "Deployment", namespace: "shop", name: "web" }, PRIVILEGED],
                ["pod-no-host-path", { kind: "Deployment", namespace: "shop", name: "web" }, HOST_PATH],
                ["image-tag-pinned", { kind: "Deployment", namespace: "shop", name: "web" }, LATEST],
            ]);
            expect(violations.filter((v) => v.enforcementLevel === "advisory").map((v) => v.policy)).toEqual([
                "pod-no-privilege-escalation",
                "pod-run-as-non-root",
                "pod-seccomp-runtime-default",
                "pod-drop-all-capabilities",
            ]);
        },
        CLI_TIMEOUT,
    );

    test(
        "Helm-rendered output on standard input: every kind checked at its own pod spec path, same messages, exit 1",
        async () => {
            const report = file("helm.json");
            const { code, stdout, stderr } = await check(["-", "--json", report], fs.readFileSync(path.join(MANIFESTS, "helm-rendered.yaml"), "utf8"));
            expect(stderr).toBe("");
            expect(code).toBe(1);
            // the chart's test pod is a helm test hook: an install never creates it, so it is skipped, and said so
            expect(stdout).toMatch(/^Checked 5 object\(s\) against platform-policies@[\d.]+: 2 mandatory, 0 advisory violation\(s\)\n/);
            expect(stdout).toContain("  skipped (stdin) document 6, Pod shop-test-connection: a Helm test hook (helm.sh/hook: test): helm install never creates it, helm test does\n");
            expect(readReport(report).violations.map((v) => [v.policy, v.enforcementLevel, v.resource, v.message.split("\n")[1]])).toEqual([
                ["container-resources", "mandatory", { kind: "StatefulSet", namespace: "shop", name: "shop-db" },
                    "StatefulSet shop/shop-db: spec.template.spec.initContainers[0].resources: expected requests and limits for both cpu and memory; found no requests.cpu, requests.memory, limits.cpu, limits.memory. Fix: set resources.requests.cpu, resources.requests.memory, resources.limits.cpu, resources.limits.memory, sized from the container's observed usage"],
                ["image-from-harbor", "mandatory", { kind: "CronJob", namespace: "shop", name: "shop-report" },
                    `CronJob shop/shop-report: spec.jobTemplate.spec.template.spec.containers[0].image: expected an image from ${HARBOR} (${HARBOR}/<project>/<name>:<tag>); found python:3.12-slim (registry docker.io). Fix: push the image to a Harbor project, or pull it through Harbor's proxy cache: ${HARBOR}/<proxy-cache project>/library/python`],
            ]);
        },
        CLI_TIMEOUT,
    );

    test(
        "--policy-config: the three rules made advisory turn exit 1 into exit 0, with the same messages",
        async () => {
            const { code, stdout, stderr } = await check([NEW_USER, "--policy-config", file("relaxed.json")]);
            expect(stderr).toBe("");
            expect(code).toBe(0);
            expect(stdout).toMatch(new RegExp(`^Checked 1 object\\(s\\) against platform-policies@[\\d.]+ \\(configuration ${file("relaxed.json").replace(/[.]/g, "\\.")}\\): 0 mandatory, 7 advisory violation\\(s\\)\n`));
            expect(stdout).toContain(`  [advisory] pod-no-privileged  ${DEPLOYMENT}\n      Containers must not run privileged (securityContext.privileged) or as Windows HostProcess containers.\n      ${PRIVILEGED}\n`);
        },
        CLI_TIMEOUT,
    );

    test(
        "--policy-config: a knob (the registry host) changes what is a violation",
        async () => {
            const { code, stdout } = await check([NEW_USER, "--policy-config", file("other-registry.json")]);
            expect(code).toBe(1);
            expect(stdout).toContain(`  [mandatory] image-from-harbor  ${DEPLOYMENT}\n`);
            expect(stdout).toContain(`found ${HARBOR}/shop/web:latest (registry ${HARBOR})`);
        },
        CLI_TIMEOUT,
    );

    test(
        "an invalid configuration: exit 2 with the report, without a stack trace",
        async () => {
            const { code, stdout, stderr } = await check([NEW_USER, "--policy-config", file("invalid.json")]);
            expect(code).toBe(2);
            expect(stdout).toBe("");
            expect(stderr).toBe(
                [
                    "Invalid policy configuration (1 problem):",
                    `  ${file("invalid.json")}: pod-no-privileged`,
                    "    expected: an enforcement level: advisory, mandatory, remediate, disabled",
                    '    found:    "strict"',
                    "    fix:      use one of the levels",
                    "",
                ].join("\n"),
            );
        },
        CLI_TIMEOUT,
    );
});
