import * as path from "path";
import { z } from "zod";
import { cronProblem } from "./cron";
import { guessedFix } from "./spelling";
import { zodProblems } from "./load";
import { Problem, SettingsError } from "./problems";
import { YamlError, readYamlFile, yamlProblem } from "./yaml";
import { UPSTREAM_REGISTRIES, unmirroredUpstreams } from "../components/registry/mirror";

/** A schedule Harbor's scheduler (robfig/cron, seconds first) takes: config/cron.ts says which field is wrong. */
const harborCron = z.string().superRefine((c, ctx) => {
    const problem = cronProblem(c);
    if (problem) ctx.addIssue({ code: "custom", message: `a six-field cron (seconds first) with each field in its range (${problem})`, params: { fix: "write the schedule Harbor runs it on, seconds first: e.g. 0 0 3 * * 6 (Saturdays at 03:00)" } });
});

/** Where Harbor's configuration lives, relative to the project root. */
export const REGISTRY_FILE = "config/registry.yaml";

const name = z.string().regex(/^[a-z0-9]+(?:[._-][a-z0-9]+)*$/, { message: "a Harbor project name: lowercase letters, digits, '.', '_', '-'" });
/** What a retention template's count is (Harbor's rule templates: the K or N they take); `always` takes none. */
const COUNT_OF: Readonly<Record<string, string>> = {
    latestPushedK: "how many of the most recently pushed artifacts to keep",
    latestPulledN: "how many of the most recently pulled artifacts to keep",
    nDaysSinceLastPush: "how many days after its last push an artifact is kept",
    nDaysSinceLastPull: "how many days after its last pull an artifact is kept",
};
const rule = z
    .strictObject({
        template: z.enum(["latestPushedK", "latestPulledN", "nDaysSinceLastPush", "nDaysSinceLastPull", "always"]),
        count: z.number().int().min(1).optional(),
        repositories: z.string().optional(),
        tags: z.string().optional(),
        untagged: z.boolean().optional(),
    })
    .superRefine((r, ctx) => {
        if (r.template !== "always" && r.count === undefined) {
            ctx.addIssue({ code: "custom", path: ["count"], message: `a count: ${COUNT_OF[r.template]} (the ${r.template} rule needs one)`, params: { fix: `add count: 10 (or the figure you mean) to the ${r.template} rule` } });
        }
    });

/** `config/registry.yaml`. */
export const registryConfigSchema = z.strictObject({
    projects: z.array(
        z.strictObject({
            name,
            public: z.boolean().optional(),
            storageQuotaGiB: z.number().int().min(1).optional(),
            proxyCache: z
                .strictObject({
                    type: z.enum(["docker-hub", "docker-registry", "harbor", "quay", "github-ghcr", "google-gcr", "aws-ecr", "azure-acr", "jfrog-artifactory"]),
                    url: z.string().url(),
                    insecure: z.boolean().optional(),
                })
                .optional(),
            retention: z.strictObject({ cron: harborCron.optional(), rules: z.array(rule).min(1).max(15) }).optional(),
        }),
    ),
    robots: z.array(z.strictObject({ cluster: z.enum(["ops", "prod", "nonprod"]), projects: z.array(name).min(1) })),
    gc: z.strictObject({ cron: harborCron, deleteUntagged: z.boolean().optional() }),
});
export type RegistryConfig = z.infer<typeof registryConfigSchema>;

/** Cross-field rules: unique names, robots pull only from declared projects. */
function registryProblems(config: RegistryConfig): Problem[] {
    const problems: Problem[] = [];
    const names = config.projects.map((p) => p.name);
    config.projects.forEach((p, i) => {
        if (names.indexOf(p.name) !== i) {
            problems.push({ file: REGISTRY_FILE, key: `projects[${i}].name`, expected: "a project name used once", found: `${JSON.stringify(p.name)} again`, fix: "merge or rename the entries" });
        }
    });
    for (const upstream of unmirroredUpstreams(config)) {
        problems.push({
            file: REGISTRY_FILE,
            key: "projects",
            expected: `a proxy-cache project for each registry the platform's charts pull from (${UPSTREAM_REGISTRIES.join(", ")})`,
            found: `none for ${upstream}`,
            fix: `add a project with proxyCache { type: ${upstream === "docker.io" ? "docker-hub, url: https://hub.docker.com" : `docker-registry, url: https://${upstream}`} }`,
        });
    }
    config.robots.forEach((r, i) => {
        for (const p of r.projects.filter((p) => !names.includes(p))) {
            problems.push({ file: REGISTRY_FILE, key: `robots[${i}].projects`, expected: "projects declared in projects", found: JSON.stringify(p), fix: guessedFix(p, names, `declare project ${p}, or remove it from the robot`) });
        }
    });
    return problems;
}

/** Parses Harbor's configuration; every problem is reported at once. */
export function parseRegistryConfig(raw: unknown): RegistryConfig {
    const result = registryConfigSchema.safeParse(raw);
    if (!result.success) throw new SettingsError(zodProblems(result.error, raw, REGISTRY_FILE, "", registryConfigSchema));
    const problems = registryProblems(result.data);
    if (problems.length > 0) throw new SettingsError(problems);
    return result.data;
}

/** Reads and parses `config/registry.yaml`. */
export function loadRegistryConfig(file: string = path.join(__dirname, "registry.yaml")): RegistryConfig {
    let raw: unknown;
    try {
        raw = readYamlFile(file, REGISTRY_FILE);
    } catch (err) {
        if (!(err instanceof YamlError)) throw err;
        throw new SettingsError([yamlProblem(err, "a readable YAML file", "fix the YAML syntax")]);
    }
    return parseRegistryConfig(raw);
}
