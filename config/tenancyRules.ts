import { Allocatable } from "./nodes";
import { Problem } from "./problems";
import { closestMatch } from "./spelling";
import { Compute, ContainerDefaultsInput, ProjectInput, QuotaInput, TenancySettingsInput, UserInput, WorkspaceRole } from "./tenancySchema";
import { describeCpu, describeMemory } from "./tenancyQuantities";
import { NETWORK_NAMES, SHARED_NETWORK } from "./topology";

/**
 * The rules of the tenancy layout that span entries or files: names, references, placement, and quotas that
 * must fit (projects in their workspace, workspaces in the cluster). Each rule runs on what parsed (the
 * schema reported the rest), returns every problem it finds, and names the file, the entry, the numbers and
 * the fix. The same arithmetic backs the `tenant-quotas-fit` policy.
 */

/** What parsed of a workspace file: a key that did not parse is undefined (its problems are reported already). */
export interface ParsedWorkspace {
    readonly description?: string;
    readonly manager?: string;
    readonly members?: Readonly<Record<string, WorkspaceRole>>;
    readonly clusters?: Readonly<Record<string, QuotaInput>>;
    /** The projects that parsed. */
    readonly projects: Readonly<Record<string, ProjectInput>>;
}

/**
 * What parsed of a layout's files, with the paths messages name them by. Files and entries are parsed one by
 * one, so that one bad value hides no other problem: each rule runs on what it needs, where that parsed.
 */
export interface ParsedLayout {
    readonly settingsFile: string;
    readonly settings?: TenancySettingsInput;
    readonly usersFile: string;
    /** Every user name present (parsed or not), and the users that parsed. */
    readonly users?: { readonly names: ReadonlySet<string>; readonly entries: Readonly<Record<string, UserInput>> };
    /** The workspaces folder, for problems that span workspaces. */
    readonly workspacesDir: string;
    readonly workspaces: readonly { readonly name: string; readonly file: string; readonly value?: ParsedWorkspace }[];
}

/** Tenant capacity (allocatable of the tenant pools, config/capacity.ts) of the clusters the current stack declares. */
export type CapacityByCluster = Readonly<Record<string, Allocatable>>;

/**
 * KubeSphere's own workspace for system namespaces: the platform's namespaces are in it (they belong to no tenant,
 * components/kubernetes/objects.ts), so no tenant workspace may take its name.
 */
export const SYSTEM_WORKSPACE = "system-workspace";
/** The longest workspace name: `<workspace>-self-provisioner` is a label value (63 characters at most). */
export const MAX_WORKSPACE_NAME = 63 - "-self-provisioner".length;
const RESERVED_PREFIXES = ["kube-", "kubesphere-"] as const;

type Workspace = { readonly name: string; readonly file: string; readonly value: ParsedWorkspace };

/**
 * The workspaces the rules look into: those that parsed, and whose file name is a workspace's name. A file that
 * cannot be a workspace (an editor's `finance copy.yaml`) is reported once, by its name, and not again for the
 * projects it repeats.
 */
function parsedWorkspaces(layout: ParsedLayout): Workspace[] {
    return layout.workspaces.filter((w): w is Workspace => w.value !== undefined && isWorkspaceName(w.name));
}

/** Every rule, in a stable order. `capacity` holds the clusters the current stack can check. */
export function tenancyProblems(layout: ParsedLayout, capacity: CapacityByCluster = {}): Problem[] {
    return [
        ...workspaceNameProblems(layout),
        ...uniquenessProblems(layout),
        ...reservedNamespaceProblems(layout),
        ...referenceProblems(layout),
        ...clusterProblems(layout),
        ...quotaLimitProblems(layout),
        ...containerDefaultsProblems(layout),
        ...projectsFitProblems(layout),
        ...capacityProblems(layout, capacity),
    ];
}

/** A DNS-label name made of a file name (`Finance` -> finance, `finance copy` -> finance-copy); undefined when none is left. */
export function suggestedWorkspaceName(name: string): string | undefined {
    const label = name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, MAX_WORKSPACE_NAME).replace(/-+$/, "");
    return label === "" ? undefined : label;
}

/** Whether a workspace's file name can be a workspace's name (else only that is reported about it). */
export function isWorkspaceName(name: string): boolean {
    return /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name) && name.length <= MAX_WORKSPACE_NAME;
}

/** Workspaces are named by their file: a DNS label short enough for KubeSphere's role labels, not KubeSphere's own. */
export function workspaceNameProblems(layout: ParsedLayout): Problem[] {
    const problems: Problem[] = [];
    for (const w of layout.workspaces) {
        if (!isWorkspaceName(w.name)) {
            // an editor's copy of another workspace's file (finance copy.yaml): the thing to do is remove it
            const original = layout.workspaces.find((o) => o !== w && isWorkspaceName(o.name) && o.value !== undefined && JSON.stringify(o.value) === JSON.stringify(w.value));
            problems.push({
                file: w.file,
                key: "(file name)",
                expected: `a workspace name: a DNS label (lowercase letters, digits, '-') of at most ${MAX_WORKSPACE_NAME} characters, so that the role label <workspace>-self-provisioner fits 63`,
                found: JSON.stringify(w.name),
                fix: original
                    ? `remove it: it holds what ${original.file} holds (a copy); else rename it to workspaces/${suggestedWorkspaceName(w.name) ?? "<name>"}.yaml`
                    : suggestedWorkspaceName(w.name) ? `rename the file to workspaces/${suggestedWorkspaceName(w.name)}.yaml` : "rename the file, e.g. workspaces/retail.yaml",
            });
        } else if (w.name === SYSTEM_WORKSPACE) {
            problems.push({ file: w.file, key: "(file name)", expected: `a workspace name other than ${SYSTEM_WORKSPACE} (KubeSphere's workspace of system namespaces)`,
                found: JSON.stringify(w.name), fix: "rename the file" });
        }
    }
    return problems;
}

/** Workspaces (by file), projects (across all workspaces: they are namespaces) and users' emails are unique. */
export function uniquenessProblems(layout: ParsedLayout): Problem[] {
    const problems: Problem[] = [];
    const workspaceFile = new Map<string, string>();
    for (const w of layout.workspaces) {
        const first = workspaceFile.get(w.name);
        if (first) problems.push({ file: w.file, key: "(file name)", expected: "one file per workspace", found: `workspace ${w.name} again (also ${first})`, fix: `merge the two files into ${first}` });
        else workspaceFile.set(w.name, w.file);
    }
    const projectOwner = new Map<string, Workspace>();
    for (const w of parsedWorkspaces(layout)) {
        for (const p of Object.keys(w.value.projects)) {
            const first = projectOwner.get(p);
            if (first && first !== w) {
                problems.push({ file: w.file, key: `projects.${p}`, expected: "a project name no other workspace uses (a project is a namespace on every cluster)",
                    found: `${p}, a project of workspace ${first.name} (${first.file})`, fix: `rename the project, e.g. ${w.name}-${p}` });
            } else projectOwner.set(p, w);
        }
    }
    if (layout.users) {
        const byEmail = new Map<string, string>();
        for (const [name, u] of Object.entries(layout.users.entries)) {
            const email = u.email.toLowerCase();
            const first = byEmail.get(email);
            if (first) problems.push({ file: layout.usersFile, key: `users.${name}.email`, expected: "an email no other user has (KubeSphere requires unique emails)", found: `${u.email}, the email of ${first}`, fix: "correct the email" });
            else byEmail.set(email, name);
        }
    }
    return problems;
}

/** Namespaces the platform or Kubernetes owns, which no project may take. */
export function reservedNamespaces(settings: TenancySettingsInput | undefined): { names: Set<string>; prefixes: readonly string[] } {
    const names = new Set(["default", ...(settings ? [settings.platformNamespaces.ingress, settings.platformNamespaces.monitoring, ...settings.platformNamespaces.reserved] : [])]);
    return { names, prefixes: RESERVED_PREFIXES };
}

/** A project's namespace must not be one the platform or Kubernetes owns. */
export function reservedNamespaceProblems(layout: ParsedLayout): Problem[] {
    const { names, prefixes } = reservedNamespaces(layout.settings);
    const problems: Problem[] = [];
    for (const w of parsedWorkspaces(layout)) {
        for (const p of Object.keys(w.value.projects)) {
            const prefix = prefixes.find((x) => p.startsWith(x));
            if (names.has(p) || prefix) {
                problems.push({ file: w.file, key: `projects.${p}`, expected: `a namespace the platform does not own (not ${[...names].join(", ")}, nor ${prefixes.map((x) => `${x}*`).join(", ")})`,
                    found: JSON.stringify(p), fix: `rename the project, e.g. ${w.name}-${prefix ? p.slice(prefix.length) || "app" : p}` });
            }
        }
    }
    return problems;
}

/** Managers and members are users of users.yaml; project members belong to the workspace; the manager is not also a member. */
export function referenceProblems(layout: ParsedLayout): Problem[] {
    if (!layout.users) return [];
    const users = layout.users.names;
    const problems: Problem[] = [];
    // one problem per unknown user and file, at the first place it is named, listing the others
    const seen = new Map<string, { problem: Problem; also: string[] }>();
    const unknown = (file: string, key: string, user: string) => {
        const earlier = seen.get(`${file}\u0000${user}`);
        if (earlier) {
            earlier.also.push(key);
            return;
        }
        const near = closestMatch(user, users, 1);
        const problem: Problem = { file, key, expected: `a user of ${layout.usersFile}`, found: `${user}, who is not there`,
            fix: near ? `did you mean ${near}? Else add ${user} to ${layout.usersFile}` : `add ${user} to ${layout.usersFile}, or correct the name` };
        seen.set(`${file}\u0000${user}`, { problem, also: [] });
        problems.push(problem);
    };
    for (const w of parsedWorkspaces(layout)) {
        const { manager, members } = w.value;
        if (manager !== undefined && !users.has(manager)) unknown(w.file, "manager", manager);
        for (const [user, role] of Object.entries(members ?? {})) {
            if (!users.has(user)) unknown(w.file, `members.${user}`, user);
            if (user === manager) {
                problems.push({ file: w.file, key: `members.${user}`, expected: "members other than the manager (the manager is the workspace's admin already)",
                    found: `${user}, the manager, as ${role}`, fix: `remove ${user} from members` });
            }
        }
        // who is in the workspace is known only when both parsed
        const inWorkspace = manager !== undefined && members !== undefined ? new Set([manager, ...Object.keys(members)]) : undefined;
        for (const [p, project] of Object.entries(w.value.projects)) {
            for (const user of Object.keys(project.members)) {
                if (!users.has(user)) unknown(w.file, `projects.${p}.members.${user}`, user);
                else if (inWorkspace && !inWorkspace.has(user)) {
                    problems.push({ file: w.file, key: `projects.${p}.members.${user}`, expected: `a member of workspace ${w.name} (its manager or one of its members): KubeSphere invites only them into its projects`,
                        found: `${user}, who is not`, fix: `add ${user} to members (e.g. as regular), or remove them from the project` });
                }
            }
        }
    }
    return problems.map((p) => {
        const entry = [...seen.values()].find((e) => e.problem === p);
        if (!entry || entry.also.length === 0) return p;
        const user = p.found.slice(0, p.found.indexOf(","));
        return { ...p, found: `${p.found} (also named at ${entry.also.join(", ")})`, fix: `${p.fix}, or remove ${user} from all ${entry.also.length + 1} places` };
    });
}

/** Clusters are the platform's; a project is placed only where its workspace is. */
export function clusterProblems(layout: ParsedLayout): Problem[] {
    const known = NETWORK_NAMES as readonly string[];
    const problems: Problem[] = [];
    const check = (file: string, key: string, cluster: string) => {
        if (!known.includes(cluster)) problems.push({ file, key, expected: `a cluster of the platform: ${known.join(", ")}`, found: JSON.stringify(cluster), fix: "correct the cluster name" });
        return known.includes(cluster);
    };
    const tenantClusters = known.filter((c) => c !== SHARED_NETWORK);
    // ops runs the platform's control plane (the KubeSphere host, Harbor, Thanos): no tenant is placed there
    const notShared = (file: string, key: string, cluster: string, what: string) => {
        if (cluster !== SHARED_NETWORK) return true;
        problems.push({ file, key, expected: `a tenant cluster: ${tenantClusters.join(" or ")} (${SHARED_NETWORK} runs the platform's control plane and takes no tenant workspaces)`,
            found: JSON.stringify(cluster), fix: `remove ${key} (place the ${what} on ${tenantClusters.join(" or ")} instead)` });
        return false;
    };
    if (layout.settings) for (const c of Object.keys(layout.settings.overcommit)) check(layout.settingsFile, `overcommit.${c}`, c);
    for (const w of parsedWorkspaces(layout)) {
        const placement = w.value.clusters;
        for (const c of Object.keys(placement ?? {})) if (check(w.file, `clusters.${c}`, c)) notShared(w.file, `clusters.${c}`, c, "workspace");
        for (const [p, project] of Object.entries(w.value.projects)) {
            for (const c of Object.keys(project.clusters)) {
                if (check(w.file, `projects.${p}.clusters.${c}`, c) && notShared(w.file, `projects.${p}.clusters.${c}`, c, "project") && placement && !Object.hasOwn(placement, c)) {
                    problems.push({ file: w.file, key: `projects.${p}.clusters.${c}`, expected: `a cluster workspace ${w.name} is placed on (${Object.keys(placement).join(", ")})`,
                        found: JSON.stringify(c), fix: `place the workspace on ${c} too (clusters.${c} with its quota), or remove the project from ${c}` });
                }
            }
        }
    }
    return problems;
}

const lessOrEqual = (a: Compute, b: Compute) => a.cpu <= b.cpu && a.memory <= b.memory;
const describeCompute = (c: Compute) => `${describeCpu(c.cpu)} / ${describeMemory(c.memory)}`;

/** Every quota's limits are at least its requests. */
export function quotaLimitProblems(layout: ParsedLayout): Problem[] {
    const problems: Problem[] = [];
    const check = (file: string, key: string, q: QuotaInput) => {
        if (q.limits && !lessOrEqual(q, q.limits)) {
            problems.push({ file, key: `${key}.limits`, expected: `limits at least the requests (${describeCompute(q)})`, found: describeCompute(q.limits), fix: "raise the limits or lower cpu/memory" });
        }
    };
    for (const w of parsedWorkspaces(layout)) {
        for (const [c, q] of Object.entries(w.value.clusters ?? {})) check(w.file, `clusters.${c}`, q);
        for (const [p, project] of Object.entries(w.value.projects)) for (const [c, q] of Object.entries(project.clusters)) check(w.file, `projects.${p}.clusters.${c}`, q);
    }
    return problems;
}

/** A project's container defaults: tenancy.yaml's, with the project's own keys over them. */
export function effectiveContainerDefaults(base: ContainerDefaultsInput, own: Partial<ContainerDefaultsInput> | undefined): ContainerDefaultsInput {
    return { request: own?.request ?? base.request, limit: own?.limit ?? base.limit, max: own?.max ?? base.max };
}

/** request <= limit <= max, and one container with the defaults fits the project's quota on every cluster. */
export function containerDefaultsProblems(layout: ParsedLayout): Problem[] {
    const problems: Problem[] = [];
    const order = (file: string, key: string, d: ContainerDefaultsInput) => {
        if (!lessOrEqual(d.request, d.limit)) {
            problems.push({ file, key: `${key}.request`, expected: `a default request no larger than the default limit (${describeCompute(d.limit)})`, found: describeCompute(d.request), fix: "lower the request or raise the limit" });
        }
        if (d.max && !lessOrEqual(d.limit, d.max)) {
            problems.push({ file, key: `${key}.limit`, expected: `a default limit no larger than max (${describeCompute(d.max)})`, found: describeCompute(d.limit), fix: "lower the limit or raise max" });
        }
    };
    if (!layout.settings) return problems;
    const shared = layout.settings.containerDefaults;
    order(layout.settingsFile, "containerDefaults", shared);
    // tenancy.yaml's max below its own limit is the one problem: a project that sets a higher limit and keeps that max
    // breaks it only through it, and is named there
    const sharedMaxBroken = shared.max !== undefined && !lessOrEqual(shared.limit, shared.max);
    const alsoOver: string[] = [];
    for (const w of parsedWorkspaces(layout)) {
        for (const [p, project] of Object.entries(w.value.projects)) {
            const d = effectiveContainerDefaults(layout.settings.containerDefaults, project.containerDefaults);
            const inheritsBrokenMax = sharedMaxBroken && project.containerDefaults?.max === undefined;
            if (inheritsBrokenMax && project.containerDefaults?.limit && d.max && !lessOrEqual(d.limit, d.max)) alsoOver.push(`${p} (${w.file})`);
            if (project.containerDefaults) order(w.file, `projects.${p}.containerDefaults`, inheritsBrokenMax ? { ...d, max: undefined } : d);
            for (const [c, q] of Object.entries(project.clusters)) {
                if (!lessOrEqual(d.request, q)) {
                    problems.push({ file: w.file, key: `projects.${p}.clusters.${c}`, expected: `a quota that holds one container with the default request (${describeCompute(d.request)})`,
                        found: describeCompute(q), fix: `raise the quota, or set projects.${p}.containerDefaults.request lower` });
                }
                if (q.limits && !lessOrEqual(d.limit, q.limits)) {
                    problems.push({ file: w.file, key: `projects.${p}.clusters.${c}.limits`, expected: `limits that hold one container with the default limit (${describeCompute(d.limit)})`,
                        found: describeCompute(q.limits), fix: `raise the limits, or set projects.${p}.containerDefaults.limit lower` });
                }
            }
        }
    }
    if (alsoOver.length > 0) {
        const at = problems.findIndex((p) => p.file === layout.settingsFile && p.key === "containerDefaults.limit");
        if (at >= 0) problems[at] = { ...problems[at], found: `${problems[at].found}; and the limits projects set above it: ${alsoOver.join(", ")}`, fix: "raise max (or lower the limits that pass it)" };
    }
    return problems;
}

/** The quota keys, how to read each from a quota (in the layout's units) and print it. */
const FIT_KEYS: readonly { readonly key: string; readonly read: (q: QuotaInput) => number | undefined; readonly show: (n: number) => string }[] = [
    { key: "cpu", read: (q) => q.cpu, show: describeCpu },
    { key: "memory", read: (q) => q.memory, show: describeMemory },
    { key: "limits.cpu", read: (q) => q.limits?.cpu, show: describeCpu },
    { key: "limits.memory", read: (q) => q.limits?.memory, show: describeMemory },
    { key: "pods", read: (q) => q.pods, show: (n) => `${n} pods` },
    { key: "storage", read: (q) => q.storage, show: describeMemory },
    { key: "persistentVolumeClaims", read: (q) => q.persistentVolumeClaims, show: (n) => `${n} PVCs` },
];

/**
 * On each cluster, a workspace's projects fit its quota: for every key the workspace quota sets, the projects'
 * amounts add up to no more, and every project sets it (a project without it would be unbounded).
 */
export function projectsFitProblems(layout: ParsedLayout): Problem[] {
    const problems: Problem[] = [];
    for (const w of parsedWorkspaces(layout)) {
        for (const [c, wq] of Object.entries(w.value.clusters ?? {})) {
            const projects = Object.entries(w.value.projects).filter(([, p]) => Object.hasOwn(p.clusters, c));
            for (const { key, read, show } of FIT_KEYS) {
                const cap = read(wq);
                if (cap === undefined) continue;
                const amounts = projects.map(([name, p]) => ({ name, amount: read(p.clusters[c]) }));
                for (const a of amounts.filter((x) => x.amount === undefined)) {
                    problems.push({ file: w.file, key: `projects.${a.name}.clusters.${c}.${key}`, expected: `a ${key} quota: the workspace caps ${key} on ${c} at ${show(cap)}, so each of its projects there needs one`,
                        found: "nothing (the key is missing)", fix: `add projects.${a.name}.clusters.${c}.${key}` });
                }
                const total = amounts.reduce((n, a) => n + (a.amount ?? 0), 0);
                if (total > cap) {
                    const parts = amounts.filter((a) => a.amount !== undefined).map((a) => `${a.name} ${show(a.amount!)}`).join(", ");
                    problems.push({
                        file: w.file,
                        key: `clusters.${c}.${key}`,
                        expected: `a workspace quota that holds its projects on ${c}`,
                        found: `projects of ${w.name} on ${c} ask ${show(total)} (${parts}); the workspace quota is ${show(cap)}`,
                        fix: `raise clusters.${c}.${key} to at least ${show(total)}, or lower the projects' quotas on ${c}`,
                    });
                }
            }
        }
    }
    return problems;
}

/** The overcommit ratio of a cluster (1 when tenancy.yaml names none). */
export function overcommitOf(settings: TenancySettingsInput | undefined, cluster: string): { cpu: number; memory: number } {
    return (settings && Object.hasOwn(settings.overcommit, cluster) ? settings.overcommit[cluster] : undefined) ?? { cpu: 1, memory: 1 };
}

/**
 * On each cluster the current stack declares, the workspaces' quotas (CPU and memory requests) add up to no
 * more than the cluster's tenant capacity times the overcommit ratio. Clusters of other stacks are checked
 * when those stacks load the layout.
 */
export function capacityProblems(layout: ParsedLayout, capacity: CapacityByCluster): Problem[] {
    const problems: Problem[] = [];
    for (const [cluster, cap] of Object.entries(capacity)) {
        const placed = parsedWorkspaces(layout).flatMap((w) => (w.value.clusters && Object.hasOwn(w.value.clusters, cluster) ? [{ name: w.name, quota: w.value.clusters[cluster] }] : []));
        const ratio = overcommitOf(layout.settings, cluster);
        const dims = [
            { key: "cpu", ratio: ratio.cpu, allocatable: cap.cpuMilli, show: describeCpu },
            { key: "memory", ratio: ratio.memory, allocatable: cap.memoryMiB, show: describeMemory },
        ] as const;
        for (const d of dims) {
            const limit = Math.floor(d.allocatable * d.ratio);
            const amounts = placed.map((w) => ({ name: w.name, amount: w.quota[d.key] }));
            const total = amounts.reduce((n, a) => n + a.amount, 0);
            if (total <= limit) continue;
            problems.push({
                file: layout.workspacesDir,
                key: `clusters.${cluster}.${d.key} of every workspace`,
                expected: `workspace quotas on ${cluster} within its tenant capacity: ${d.show(d.allocatable)} allocatable (tenant pools) x overcommit ${d.ratio} = ${d.show(limit)}`,
                found: `workspaces on ${cluster} ask ${d.show(total)} (${amounts.map((a) => `${a.name} ${d.show(a.amount)}`).join(", ")})`,
                fix: `lower workspace quotas on ${cluster}, raise overcommit.${cluster}.${d.key} in ${layout.settingsFile}, or add nodes to ${cluster}'s pools`,
            });
        }
    }
    return problems;
}
