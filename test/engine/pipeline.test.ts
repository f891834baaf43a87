import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { ROOT } from "../support/project";

type Job = { stage: string; rules: { if: string; when?: string }[]; script: string[]; needs?: string[]; parallel?: unknown };
const ci = YAML.parse(fs.readFileSync(path.join(ROOT, ".gitlab-ci.yml"), "utf8")) as Record<string, unknown> & {
    stages: string[];
    default: { before_script: string[] };
};
const scripts = (JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
const jobs = Object.entries(ci).filter(([name, v]) => !["default", "stages", "variables"].includes(name) && typeof v === "object") as [string, Job][];
const job = (name: string) => jobs.find(([n]) => n === name)![1];

describe(".gitlab-ci.yml", () => {
    test("has the four stages and their jobs", () => {
        expect(ci.stages).toEqual(["verify", "preview", "deploy", "drift"]);
        expect(jobs.map(([n, j]) => `${j.stage}:${n}`)).toEqual(["verify:verify", "preview:preview", "deploy:deploy-nonprod", "deploy:deploy-prod", "drift:drift"]);
    });

    test.each([
        ["verify", ['$CI_PIPELINE_SOURCE == "push"', '$CI_PIPELINE_SOURCE == "merge_request_event"']],
        ["preview", ['$CI_PIPELINE_SOURCE == "merge_request_event"']],
        ["deploy-nonprod", ['$CI_PIPELINE_SOURCE == "push" && $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH']],
        ["deploy-prod", ['$CI_PIPELINE_SOURCE == "push" && $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH']],
        ["drift", ['$CI_PIPELINE_SOURCE == "schedule"']],
    ])("%s runs only on its events", (name, conditions) => {
        expect(job(name).rules.map((r) => r.if)).toEqual(conditions);
    });

    test("prod deploys after nonprod, behind a manual gate that blocks the pipeline", () => {
        expect(job("deploy-prod").needs).toEqual(["deploy-nonprod"]);
        expect(job("deploy-prod").rules[0].when).toBe("manual");
        expect((job("deploy-prod") as unknown as { allow_failure: boolean }).allow_failure).toBe(false);
        expect(job("deploy-nonprod").rules[0].when).toBeUndefined();
    });

    test("the deploy and drift steps use the policy pack and expect no changes afterwards", () => {
        const pulumi = fs.readFileSync(path.join(ROOT, "scripts/ci/pulumi.sh"), "utf8");
        expect(pulumi).toContain("pulumi up --yes --policy-pack policies");
        expect(pulumi).toContain("pulumi preview --expect-no-changes --policy-pack policies");
        expect(pulumi).toContain("pulumi preview --refresh --expect-no-changes --diff --policy-pack policies");
        expect(pulumi).toContain("pulumi preview --diff --policy-pack policies");
        expect(job("drift").script).toEqual(["npm run ci:pulumi -- drift $STACK"]);
    });

    test("the pipeline installs the Pulumi CLI at the SDK's version, read from the lockfile, and that version is the lockfile's", () => {
        const pulumi = fs.readFileSync(path.join(ROOT, "scripts/ci/pulumi.sh"), "utf8");
        expect(pulumi).toContain(`require("./package-lock.json").packages["node_modules/@pulumi/pulumi"].version`);
        expect(pulumi).toContain('sh -s -- --version "${PULUMI_VERSION:-$sdk_version}"');
        expect(pulumi).not.toMatch(/--version "?\$\{PULUMI_VERSION:-\d/);
        const lock = JSON.parse(fs.readFileSync(path.join(ROOT, "package-lock.json"), "utf8")) as { packages: Record<string, { version: string }> };
        const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { dependencies: Record<string, string> };
        expect(lock.packages["node_modules/@pulumi/pulumi"].version).toBe(pkg.dependencies["@pulumi/pulumi"]);
    });

    test("every command is an npm script that exists, and every file a script runs exists", () => {
        const commands = [...ci.default.before_script, ...jobs.flatMap(([, j]) => j.script)];
        for (const command of commands) expect(command).toMatch(/^npm (ci|test|run) ?/);
        const used = commands.flatMap((c) => [...c.matchAll(/npm run (\S+)/g)].map((m) => m[1]));
        expect(used.length).toBeGreaterThan(5);
        for (const name of used) expect(Object.keys(scripts)).toContain(name);
        for (const script of Object.values(scripts)) {
            for (const file of script.match(/\S+\.(sh|ts)\b/g) ?? []) expect(fs.existsSync(path.join(ROOT, file))).toBe(true);
        }
    });

    test("no credential is written in the pipeline: only names of CI variables", () => {
        const text = fs.readFileSync(path.join(ROOT, ".gitlab-ci.yml"), "utf8");
        expect(text).not.toMatch(/LTAI[0-9A-Za-z]{8,}/); // Alibaba access key ids start with LTAI
        expect(text).not.toMatch(/(SECRET|TOKEN|PASSPHRASE|KEY)\s*:\s*\S+/);
    });
});
