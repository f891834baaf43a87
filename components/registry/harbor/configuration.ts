import * as pulumi from "@pulumi/pulumi";
import { gcScheduleKind } from "./gcSchedule";
import { projectKind } from "./project";
import { RegistryType, registryKind } from "./registry";
import { retentionKind, validateRetention } from "./retention";
import { robotKind } from "./robot";
import { HarborAccess, HarborGcSchedule, HarborProject, HarborRegistry, HarborRetention, HarborRobot, RetentionRuleArgs } from "./resources";

/** The upstream a proxy-cache project pulls through. */
export interface HarborUpstreamSettings {
    /** Endpoint name in Harbor. Defaults to the project name. */
    readonly name?: string;
    /** `docker-hub` (docker.io), `quay`, `github-ghcr`, `docker-registry` (e.g. registry.k8s.io), ... */
    readonly type: RegistryType;
    /** e.g. `https://hub.docker.com`, `https://quay.io`, `https://registry.k8s.io`, `https://ghcr.io`. */
    readonly url: string;
    /** Skip TLS verification. Defaults to false. */
    readonly insecure?: boolean;
    /** Upstream login. Defaults to anonymous. */
    readonly credential?: { readonly accessKey: string; readonly accessSecret: pulumi.Input<string> };
}

/** A project's tag-retention policy. */
export interface HarborRetentionSettings {
    /** Six-field cron. Defaults to `0 0 0 * * *`. */
    readonly cron?: string;
    /** OR-ed retain rules, 1 to 15. */
    readonly rules: readonly RetentionRuleArgs[];
}

/** A project the platform keeps in Harbor. */
export interface HarborProjectSettings {
    /** Project name; KubeSphere's image projects keep their upstream names (`kubesphere`, `kubesphereio`). */
    readonly name: string;
    /** Anyone may pull without logging in. Defaults to false. */
    readonly public?: boolean;
    /** Storage quota in GiB. Defaults to unlimited. */
    readonly storageQuotaGiB?: number;
    /** Makes it a proxy cache of this upstream. Defaults to an ordinary project. */
    readonly proxyCache?: HarborUpstreamSettings;
    /** The project's tag-retention policy. Defaults to none (a proxy cache then keeps the 7-days-since-last-pull policy Harbor gives it). */
    readonly retention?: HarborRetentionSettings;
}

/** The pull-only robot account of one cluster. */
export interface HarborRobotSettings {
    /** Cluster name; the robot is `robot$<cluster>-pull`. */
    readonly cluster: string;
    /** Projects it may pull from, each declared in `projects`. */
    readonly projects: readonly string[];
}

/** Arguments for {@link HarborConfiguration}. */
export interface HarborConfigurationArgs {
    /**
     * Where Harbor is and the administrator login every project, registry endpoint, robot and schedule is managed
     * with.
     */
    readonly harbor: HarborAccess;
    /**
     * The projects (config/registry.yaml `projects`): a proxy-cache project gets its registry endpoint first, and
     * each its retention policy.
     */
    readonly projects: readonly HarborProjectSettings[];
    /** The pull-only robot of each cluster (config/registry.yaml `robots`), each on projects of `projects`. */
    readonly robots: readonly HarborRobotSettings[];
    /** Garbage collection: six-field cron, e.g. `0 0 3 * * 6`; deleteUntagged defaults to false, workers to 1. */
    readonly gc: { readonly cron: string; readonly deleteUntagged?: boolean; readonly workers?: number };
    /** What must exist before Harbor's API answers (the Harbor release). Defaults to nothing. */
    readonly dependsOn?: pulumi.Input<pulumi.Resource>[];
}

/** Every problem with the settings, as sentences; empty when they are valid. */
export function validateHarborSettings(args: Pick<HarborConfigurationArgs, "projects" | "robots" | "gc">): string[] {
    const problems: string[] = [];
    const names = args.projects.map((p) => p.name);
    for (const dup of new Set(names.filter((n, i) => names.indexOf(n) !== i))) problems.push(`project "${dup}" is declared more than once`);
    const upstreams = args.projects.flatMap((p) => (p.proxyCache ? [p.proxyCache.name ?? p.name] : []));
    for (const dup of new Set(upstreams.filter((n, i) => upstreams.indexOf(n) !== i))) problems.push(`proxy-cache upstream "${dup}" is declared more than once`);
    // each kind's own defaults and rules: what its resource's check would say, before any resource exists
    for (const p of args.projects) {
        problems.push(...projectKind.validate(projectKind.parse({ name: p.name, public: p.public, storageQuotaGiB: p.storageQuotaGiB })));
        if (p.proxyCache) {
            const { name, type, url, credential } = p.proxyCache;
            problems.push(...registryKind.validate(registryKind.parse({ name: name ?? p.name, type, url, ...(credential ? { accessKey: credential.accessKey, accessSecret: "" } : {}) })));
        }
        if (p.retention) {
            const spec = retentionKind.parse({ projectId: 0, cron: p.retention.cron, rules: p.retention.rules });
            problems.push(...validateRetention(spec, `retention of project "${p.name}"`));
        }
    }
    const clusters = args.robots.map((r) => r.cluster);
    for (const dup of new Set(clusters.filter((c, i) => clusters.indexOf(c) !== i))) problems.push(`cluster "${dup}" has more than one robot`);
    for (const r of args.robots) {
        problems.push(...robotKind.validate(robotKind.parse({ name: robotName(r.cluster), projects: r.projects })));
        for (const p of r.projects.filter((p) => !names.includes(p))) problems.push(`robot of cluster "${r.cluster}" pulls from project "${p}", which is not declared in projects`);
    }
    problems.push(...gcScheduleKind.validate(gcScheduleKind.parse({ cron: args.gc.cron, deleteUntagged: args.gc.deleteUntagged, workers: args.gc.workers })));
    return problems;
}

/** The robot account name of a cluster. */
export function robotName(cluster: string): string {
    return `${cluster}-pull`;
}


/**
 * Harbor's configuration as code: projects (ordinary and proxy cache, each proxy cache with its registry
 * endpoint), tag-retention policies, one pull-only robot account per cluster and the GC schedule, each a
 * resource of its own, so that drift is seen on refresh and a removed entry is deleted from Harbor.
 * Proxy-cache upstream types allowed: `PROXY_CACHE_TYPES` of desired.ts.
 */
export class HarborConfiguration extends pulumi.ComponentResource {
    /** Harbor project id by project name. */
    public readonly projectIds: Record<string, pulumi.Output<number>>;
    /** Per cluster, the robot's login (`robot$<cluster>-pull`) and secret, as one secret value. */
    public readonly pullCredentials: Record<string, pulumi.Output<{ username: string; password: string }>>;

    constructor(name: string, args: HarborConfigurationArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:registry:HarborConfiguration", name, {}, opts);
        const problems = validateHarborSettings(args);
        if (problems.length > 0) throw new Error(`HarborConfiguration ${name}: ${problems.length} problem(s):\n  - ${problems.join("\n  - ")}`);
        const root = { parent: this, dependsOn: args.dependsOn };
        const harbor = args.harbor;

        const projects: Record<string, HarborProject> = {};
        for (const p of args.projects) {
            let registryId: pulumi.Output<number> | undefined;
            let upstreamOf: pulumi.Resource[] = [];
            if (p.proxyCache) {
                const upstream = p.proxyCache.name ?? p.name;
                const registry = new HarborRegistry(
                    `${name}-registry-${upstream}`,
                    { harbor, name: upstream, type: p.proxyCache.type, url: p.proxyCache.url, insecure: p.proxyCache.insecure, credential: p.proxyCache.credential, description: `upstream of proxy-cache project ${p.name}` },
                    root,
                );
                registryId = registry.registryId;
                upstreamOf = [registry];
            }
            // the ids already order these; dependsOn states the order even where an id is not known yet
            const projectOpts = { parent: this, dependsOn: [...(args.dependsOn ?? []), ...upstreamOf] };
            const project = new HarborProject(`${name}-project-${p.name}`, { harbor, name: p.name, public: p.public, storageQuotaGiB: p.storageQuotaGiB, registryId }, projectOpts);
            projects[p.name] = project;
            if (p.retention) {
                const rules = [...p.retention.rules];
                new HarborRetention(`${name}-retention-${p.name}`, { harbor, projectId: project.projectId, cron: p.retention.cron, rules }, { parent: this, dependsOn: [project] });
            }
        }

        this.pullCredentials = {};
        for (const r of args.robots) {
            const robot = new HarborRobot(
                `${name}-robot-${r.cluster}`,
                { harbor, name: robotName(r.cluster), projects: r.projects.map((p) => projects[p].name), description: `pull-only access of cluster ${r.cluster}` },
                { parent: this },
            );
            this.pullCredentials[r.cluster] = pulumi.secret(pulumi.all([robot.fullName, robot.secret]).apply(([username, password]) => ({ username, password })));
        }

        new HarborGcSchedule(`${name}-gc`, { harbor, cron: args.gc.cron, deleteUntagged: args.gc.deleteUntagged, workers: args.gc.workers }, root);

        this.projectIds = Object.fromEntries(Object.entries(projects).map(([n, p]) => [n, p.projectId]));
        this.registerOutputs({ projectIds: this.projectIds, pullCredentials: this.pullCredentials });
    }
}
