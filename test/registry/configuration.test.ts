import * as pulumi from "@pulumi/pulumi";
import { HarborConfiguration, HarborConfigurationArgs, validateHarborSettings } from "../../components/registry/harbor";
import { record } from "../support/mocks";

const SETTINGS: HarborConfigurationArgs = {
    harbor: { url: "https://harbor.ops.example.com", password: "S3cret-Harbor-Admin!" },
    projects: [
        { name: "kubesphere", public: true },
        { name: "kubesphereio", public: true, storageQuotaGiB: 50, retention: { rules: [{ template: "latestPushedK", count: 10 }] } },
        { name: "dockerhub", proxyCache: { name: "docker.io", type: "docker-hub", url: "https://hub.docker.com" }, retention: { rules: [{ template: "nDaysSinceLastPull", count: 14 }] } },
        { name: "k8s", proxyCache: { type: "docker-registry", url: "https://registry.k8s.io" } },
    ],
    robots: [
        { cluster: "prod", projects: ["kubesphere", "kubesphereio", "dockerhub", "k8s"] },
        { cluster: "nonprod", projects: ["kubesphere", "kubesphereio"] },
    ],
    gc: { cron: "0 0 3 * * 6", deleteUntagged: true },
};

describe("validateHarborSettings", () => {
    test("the platform's settings are valid", () => expect(validateHarborSettings(SETTINGS)).toEqual([]));

    test.each<[string, Partial<HarborConfigurationArgs>, string[]]>([
        ["a duplicate project", { projects: [...SETTINGS.projects, { name: "kubesphere" }] }, ['project "kubesphere" is declared more than once']],
        [
            "two proxies of one upstream name",
            { projects: [...SETTINGS.projects, { name: "hub2", proxyCache: { name: "docker.io", type: "docker-hub", url: "https://hub.docker.com" } }] },
            ['proxy-cache upstream "docker.io" is declared more than once'],
        ],
        ["a robot pulling from an undeclared project", { robots: [{ cluster: "prod", projects: ["ghcr"] }] }, ['robot of cluster "prod" pulls from project "ghcr", which is not declared in projects']],
        ["two robots for one cluster", { robots: [SETTINGS.robots[0], SETTINGS.robots[0]] }, ['cluster "prod" has more than one robot']],
        ["a cluster name Harbor cannot use in a robot name", { robots: [{ cluster: "Prod", projects: ["kubesphere"] }] }, ['robot name "Prod-pull" is invalid: Harbor expects lowercase letters and digits, optionally separated by one of . _ -']],
        ["a five-field GC cron", { gc: { cron: "0 3 * * 6" } }, ['gc schedule: cron must have six fields, seconds first (e.g. "0 0 3 * * 6"), found "0 3 * * 6"']],
        [
            "a proxy cache of an http URL without scheme",
            { projects: [{ name: "quay", proxyCache: { type: "quay", url: "quay.io" } }], robots: [] },
            ['registry "quay": url must start with https:// or http://, found "quay.io"'],
        ],
        [
            "a retention policy with no rule and a bad cron",
            { projects: [{ name: "kubesphere", retention: { cron: "daily", rules: [] } }], robots: [] },
            [
                'retention of project "kubesphere": cron must have six fields, seconds first (e.g. "0 0 3 * * 6"), found "daily"',
                `retention of project "kubesphere": give 1 to 15 rules (Harbor's limit), found 0`,
            ],
        ],
    ])("%s", (_what, change, problems) => {
        expect(validateHarborSettings({ ...SETTINGS, ...change })).toEqual(problems);
    });
});

describe("HarborConfiguration", () => {
    test("declares one resource per Harbor entity, under the component, named after it", async () => {
        const rec = await record(() => new HarborConfiguration("harbor", SETTINGS));
        const component = rec.byName("harbor");
        expect(component.type).toBe("platform:registry:HarborConfiguration");
        const children = rec.resources.filter((r) => r.parent === component.urn).map((r) => [r.name, r.type.replace("pulumi-nodejs:dynamic/harbor:", "")]);
        expect(children.sort()).toEqual(
            [
                ["harbor-gc", "GcSchedule"],
                ["harbor-project-dockerhub", "Project"],
                ["harbor-project-k8s", "Project"],
                ["harbor-project-kubesphere", "Project"],
                ["harbor-project-kubesphereio", "Project"],
                ["harbor-registry-docker.io", "Registry"],
                ["harbor-registry-k8s", "Registry"],
                ["harbor-retention-dockerhub", "Retention"],
                ["harbor-retention-kubesphereio", "Retention"],
                ["harbor-robot-nonprod", "Robot"],
                ["harbor-robot-prod", "Robot"],
            ].sort(),
        );
        expect(rec.byName("harbor-registry-k8s").inputs).toMatchObject({ name: "k8s", type: "docker-registry", url: "https://registry.k8s.io" });
        expect(rec.byName("harbor-project-kubesphereio").inputs).toMatchObject({ name: "kubesphereio", public: true, storageQuotaGiB: 50 });
        expect(rec.byName("harbor-robot-nonprod").inputs).toMatchObject({ name: "nonprod-pull", projects: ["kubesphere", "kubesphereio"] });
        expect(rec.byName("harbor-gc").inputs).toMatchObject({ cron: "0 0 3 * * 6", deleteUntagged: true });
        // the robot waits for the projects it pulls from, the proxy project for its upstream
        expect(rec.byName("harbor-robot-nonprod").dependencies.sort()).toEqual([rec.byName("harbor-project-kubesphere").urn, rec.byName("harbor-project-kubesphereio").urn].sort());
        expect(rec.byName("harbor-project-dockerhub").dependencies).toEqual([rec.byName("harbor-registry-docker.io").urn]);
    });

    test("exposes each cluster's pull credential as a secret", async () => {
        let config: HarborConfiguration | undefined;
        await record(() => (config = new HarborConfiguration("harbor", SETTINGS)));
        expect(Object.keys(config!.pullCredentials).sort()).toEqual(["nonprod", "prod"]);
        expect(await pulumi.isSecret(config!.pullCredentials.prod)).toBe(true);
    });

    test("stops before declaring anything, with every problem", async () => {
        const bad = { ...SETTINGS, robots: [{ cluster: "prod", projects: ["ghcr"] }], gc: { cron: "weekly" } };
        let thrown: unknown;
        const rec = await record(() => {
            try {
                new HarborConfiguration("harbor", bad);
            } catch (err) {
                thrown = err;
            }
        });
        expect((thrown as Error).message).toBe(
            [
                "HarborConfiguration harbor: 2 problem(s):",
                '  - robot of cluster "prod" pulls from project "ghcr", which is not declared in projects',
                '  - gc schedule: cron must have six fields, seconds first (e.g. "0 0 3 * * 6"), found "weekly"',
            ].join("\n"),
        );
        expect(rec.resources.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/harbor:"))).toEqual([]);
    });
});
