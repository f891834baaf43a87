/**
 * Every rule of the tenancy layout, one table row each: a compliant layout with one value changed gives
 * exactly one problem (two where one change breaks two things), naming the file, the entry, what was expected,
 * what was found and the fix.
 */
import { Problem } from "../../config/problems";
import { problemsOf, setPath, smallSources } from "./support";

type Change = [path: (string | number)[], value: unknown];
const ws = (i: number, ...at: (string | number)[]): (string | number)[] => ["workspaces", i, "content", ...at];
const SHOP = "layout/workspaces/shop.yaml";
const BOOKS = "layout/workspaces/books.yaml";
const USERS = "layout/users.yaml";
const SETTINGS = "layout/tenancy.yaml";
const one = { clusters: { prod: { cpu: 1, memory: "1Gi" } } };

function problemsAfter(changes: Change[], capacity = {}): Problem[] {
    const sources = smallSources();
    for (const [at, value] of changes) setPath(sources, at, value);
    return problemsOf(sources, capacity);
}

test("the compliant layout has no problem", () => {
    expect(problemsAfter([])).toEqual([]);
});

describe.each<[string, Change[], Partial<Problem>]>([
    // users.yaml
    ["a user name that is not a DNS label", [[["users", "users", "Ann_B"], { email: "x@example.com" }]], { file: USERS, key: "users.Ann_B", found: '"Ann_B"' }],
    ["an email that is not one", [[["users", "users", "bob", "email"], "bob-at-example"]], { file: USERS, key: "users.bob.email", expected: "an email address such as li.wei@example.com" }],
    ["an unknown global role", [[["users", "users", "bob", "globalRole"], "platform-owner"]], { file: USERS, key: "users.bob.globalRole", expected: 'one of "platform-regular", "platform-self-provisioner", "platform-admin"' }],
    ["an unknown key of a user", [[["users", "users", "bob", "phone"], "123"]], { file: USERS, key: "users.bob.phone", found: 'an unknown key "phone"' }],
    ["users as a list", [[["users", "users"], ["ann"]]], { file: USERS, key: "users", expected: "a map of names to entries" }],
    ["two users with one email", [[["users", "users", "bob", "email"], "Ann@example.com"]], { file: USERS, key: "users.bob.email", found: "Ann@example.com, the email of ann" }],
    // tenancy.yaml
    ["no container defaults", [[["settings", "containerDefaults"], undefined]], { file: SETTINGS, key: "containerDefaults", found: "nothing (the key is missing)" }],
    ["a CPU overcommit above 4", [[["settings", "overcommit", "prod", "cpu"], 10]], { file: SETTINGS, key: "overcommit.prod.cpu", expected: "a ratio from 0.1 to 4" }],
    ["a memory overcommit above 2", [[["settings", "overcommit", "prod", "memory"], 3]], { file: SETTINGS, key: "overcommit.prod.memory", expected: "a ratio from 0.1 to 2 (memory overcommit ends in OOM kills)" }],
    ["an overcommit of an unknown cluster", [[["settings", "overcommit", "dev"], { cpu: 1, memory: 1 }]], { file: SETTINGS, key: "overcommit.dev", expected: "a cluster of the platform: ops, prod, nonprod" }],
    ["a platform namespace that is not a DNS label", [[["settings", "platformNamespaces", "ingress"], "Ingress"]], { file: SETTINGS, key: "platformNamespaces.ingress", found: '"Ingress"' }],
    ["a default request above the default limit", [[["settings", "containerDefaults", "request"], { cpu: 2, memory: "128Mi" }]],
        { file: SETTINGS, key: "containerDefaults.request", expected: "a default request no larger than the default limit (1 vCPU / 1 GiB)", found: "2 vCPU / 128 MiB" }],
    // workspace files: schema
    ["a workspace without a manager", [[ws(1, "manager"), undefined]], { file: SHOP, key: "manager", found: "nothing (the key is missing)", fix: "add manager" }],
    ["a workspace placed nowhere", [[ws(1, "clusters"), {}]], { file: SHOP, key: "clusters", expected: "at least one cluster with its quota" }],
    ["an unknown key of a workspace", [[ws(1, "quota"), {}]], { file: SHOP, key: "quota", found: 'an unknown key "quota"' }],
    ["a CPU amount that is not one", [[ws(1, "clusters", "prod", "cpu"), "lots"]], { file: SHOP, key: "clusters.prod.cpu", found: '"lots"', fix: 'write the amount like 16, 0.5 or "500m"' }],
    ["a CPU amount of zero", [[ws(1, "clusters", "prod", "cpu"), 0]], { file: SHOP, key: "clusters.prod.cpu", found: "0" }],
    ["a CPU amount below a millicore", [[ws(1, "clusters", "prod", "cpu"), 0.0005]], { file: SHOP, key: "clusters.prod.cpu", found: "0.0005" }],
    ["memory in decimal units", [[ws(1, "clusters", "prod", "memory"), "256G"]], { file: SHOP, key: "clusters.prod.memory", found: '"256G"', fix: "write the amount with a binary unit, e.g. 64Gi (not 64G or 64)" }],
    ["memory without a unit", [[ws(1, "clusters", "prod", "memory"), 256]], { file: SHOP, key: "clusters.prod.memory", found: "256" }],
    ["zero pods", [[ws(1, "clusters", "prod", "pods"), 0]], { file: SHOP, key: "clusters.prod.pods", expected: "a whole number from 1 to 1000000" }],
    ["a fraction of a pod", [[ws(1, "clusters", "prod", "pods"), 1.5]], { file: SHOP, key: "clusters.prod.pods", found: "1.5" }],
    ["storage in TB", [[ws(1, "projects", "web", "clusters", "prod", "storage"), "1TB"]], { file: SHOP, key: "projects.web.clusters.prod.storage", found: '"1TB"' }],
    ["an unknown workspace role", [[ws(1, "members", "bob"), "editor"]], { file: SHOP, key: "members.bob", expected: 'one of "admin", "self-provisioner", "regular", "viewer"' }],
    ["an unknown project role", [[ws(1, "projects", "web", "members", "bob"), "owner"]], { file: SHOP, key: "projects.web.members.bob", expected: 'one of "admin", "operator", "viewer"' }],
    ["a project name that is not a DNS label", [[ws(1, "projects", "Web"), one]], { file: SHOP, key: "projects.Web", found: '"Web"', fix: "rename the entry, e.g. li-wei or web-shop" }],
    ["a project on no cluster", [[ws(1, "projects", "api", "clusters"), {}]], { file: SHOP, key: "projects.api.clusters", expected: "at least one cluster with its quota" }],
    // names
    ["a workspace file name that is not a DNS label", [[["workspaces", 1, "name"], "Shop_1"]], { file: SHOP, key: "(file name)", found: '"Shop_1"', fix: "rename the file to workspaces/shop-1.yaml" }],
    ["a workspace name too long for KubeSphere's role labels", [[["workspaces", 1, "name"], "a".repeat(47)]], { file: SHOP, key: "(file name)", expected: expect.stringContaining("at most 46 characters") }],
    ["KubeSphere's system workspace", [[["workspaces", 1, "name"], "system-workspace"]], { file: SHOP, key: "(file name)", found: '"system-workspace"' }],
    ["a workspace in two files", [[["workspaces", 2], { name: "shop", file: "layout/workspaces/shop.yml", content: { manager: "ann", clusters: { prod: { cpu: 1, memory: "1Gi" } } } }]],
        { file: "layout/workspaces/shop.yml", key: "(file name)", found: `workspace shop again (also ${SHOP})`, fix: `merge the two files into ${SHOP}` }],
    ["a project name two workspaces use", [[ws(0, "projects", "web"), one]], { file: SHOP, key: "projects.web", found: `web, a project of workspace books (${BOOKS})`, fix: "rename the project, e.g. shop-web" }],
    ["a project named default", [[ws(0, "projects", "default"), one]], { file: BOOKS, key: "projects.default", expected: expect.stringContaining("a namespace the platform does not own") }],
    ["a project named kube-*", [[ws(0, "projects", "kube-ledger"), one]], { file: BOOKS, key: "projects.kube-ledger", fix: "rename the project, e.g. books-ledger" }],
    ["a project named after the monitoring namespace", [[ws(0, "projects", "monitoring"), one]], { file: BOOKS, key: "projects.monitoring", found: '"monitoring"' }],
    ["a project named after a reserved platform namespace", [[ws(0, "projects", "thanos"), one]], { file: BOOKS, key: "projects.thanos", found: '"thanos"' }],
    // references
    ["a manager who is not a user", [[ws(1, "manager"), "zed"]], { file: SHOP, key: "manager", expected: `a user of ${USERS}`, found: "zed, who is not there", fix: `add zed to ${USERS}, or correct the name` }],
    ["a member who is not a user", [[ws(1, "members", "zed"), "viewer"]], { file: SHOP, key: "members.zed", found: "zed, who is not there" }],
    ["the manager also a member", [[ws(1, "members", "ann"), "viewer"]], { file: SHOP, key: "members.ann", found: "ann, the manager, as viewer", fix: "remove ann from members" }],
    ["a project member who is not a user", [[ws(1, "projects", "web", "members", "zed"), "viewer"]], { file: SHOP, key: "projects.web.members.zed", found: "zed, who is not there" }],
    ["a project member outside the workspace", [[ws(0, "projects", "ledger", "members"), { bob: "viewer" }]],
        { file: BOOKS, key: "projects.ledger.members.bob", found: "bob, who is not", fix: "add bob to members (e.g. as regular), or remove them from the project" }],
    ["a workspace on an unknown cluster", [[ws(1, "clusters", "staging"), { cpu: 1, memory: "1Gi" }]], { file: SHOP, key: "clusters.staging", found: '"staging"' }],
    ["a project on an unknown cluster", [[ws(1, "projects", "web", "clusters", "staging"), { cpu: 1, memory: "1Gi" }]], { file: SHOP, key: "projects.web.clusters.staging", found: '"staging"' }],
    ["a project on a cluster its workspace is not placed on", [[ws(0, "projects", "ledger", "clusters", "nonprod"), { cpu: 1, memory: "1Gi" }]],
        { file: BOOKS, key: "projects.ledger.clusters.nonprod", expected: "a cluster workspace books is placed on (prod)", fix: "place the workspace on nonprod too (clusters.nonprod with its quota), or remove the project from nonprod" }],
    // quotas and limits
    ["quota limits below the requests", [[ws(1, "projects", "web", "clusters", "prod", "limits"), { cpu: 16, memory: "160Gi" }]],
        { file: SHOP, key: "projects.web.clusters.prod.limits", expected: "limits at least the requests (32 vCPU / 128 GiB)", found: "16 vCPU / 160 GiB" }],
    ["a project's default request above its default limit", [[ws(1, "projects", "api", "containerDefaults", "request"), { cpu: 4, memory: "128Mi" }]],
        { file: SHOP, key: "projects.api.containerDefaults.request", found: "4 vCPU / 128 MiB" }],
    ["a quota smaller than one container's default request", [[ws(0, "projects", "ledger", "clusters", "prod", "cpu"), "50m"]],
        { file: BOOKS, key: "projects.ledger.clusters.prod", expected: "a quota that holds one container with the default request (0.1 vCPU / 128 MiB)", found: "0.05 vCPU / 64 GiB" }],
    ["quota limits smaller than one container's default limit", [[ws(1, "projects", "web", "clusters", "prod", "limits"), { cpu: 32, memory: "128Gi" }], [ws(1, "projects", "web", "containerDefaults"), { limit: { cpu: 40, memory: "1Gi" }, max: { cpu: 64, memory: "32Gi" } }]],
        { file: SHOP, key: "projects.web.clusters.prod.limits", expected: "limits that hold one container with the default limit (40 vCPU / 1 GiB)" }],
    ["projects asking more CPU than their workspace", [[ws(1, "projects", "api", "clusters", "prod", "cpu"), 40]], {
        file: SHOP,
        key: "clusters.prod.cpu",
        expected: "a workspace quota that holds its projects on prod",
        found: "projects of shop on prod ask 72 vCPU (web 32 vCPU, api 40 vCPU); the workspace quota is 64 vCPU",
        fix: "raise clusters.prod.cpu to at least 72 vCPU, or lower the projects' quotas on prod",
    }],
    ["projects asking more memory than their workspace", [[ws(1, "projects", "api", "clusters", "prod", "memory"), "129Gi"]],
        { file: SHOP, key: "clusters.prod.memory", found: "projects of shop on prod ask 257 GiB (web 128 GiB, api 129 GiB); the workspace quota is 256 GiB" }],
    ["projects asking more pods than their workspace", [[ws(1, "projects", "api", "clusters", "prod", "pods"), 301]],
        { file: SHOP, key: "clusters.prod.pods", found: "projects of shop on prod ask 501 pods (web 200 pods, api 301 pods); the workspace quota is 500 pods" }],
    ["a project without a cap its workspace sets", [[ws(1, "projects", "api", "clusters", "prod", "pods"), undefined]],
        { file: SHOP, key: "projects.api.clusters.prod.pods", expected: "a pods quota: the workspace caps pods on prod at 500 pods, so each of its projects there needs one", fix: "add projects.api.clusters.prod.pods" }],
])("%s", (_name, changes, problem) => {
    test("gives exactly that problem", () => {
        expect(problemsAfter(changes)).toEqual([expect.objectContaining(problem)]);
    });
});

test("a default limit above max is reported where it is set, tenancy.yaml, naming the project that overrides the limit past it too", () => {
    expect(problemsAfter([[["settings", "containerDefaults", "max"], { cpu: "500m", memory: "32Gi" }]])).toEqual([
        expect.objectContaining({ file: SETTINGS, key: "containerDefaults.limit", expected: "a default limit no larger than max (0.5 vCPU / 32 GiB)", found: `1 vCPU / 1 GiB; and the limits projects set above it: api (${SHOP})` }),
    ]);
    // a project with its own max is judged by its own
    expect(problemsAfter([[ws(1, "projects", "api", "containerDefaults", "max"), { cpu: 1, memory: "1Gi" }]])).toEqual([
        expect.objectContaining({ file: SHOP, key: "projects.api.containerDefaults.limit", found: "2 vCPU / 2 GiB" }),
    ]);
});

describe("workspaces within the cluster's capacity times the overcommit ratio", () => {
    test("fits: 96 vCPU asked of 64 vCPU x 1.5", () => {
        expect(problemsAfter([], { prod: { cpuMilli: 64000, memoryMiB: 393216 } })).toEqual([]);
    });

    test("does not fit: every number in the message, on CPU and on memory", () => {
        expect(problemsAfter([], { prod: { cpuMilli: 60000, memoryMiB: 300000 } })).toEqual([
            {
                file: "layout/workspaces/",
                key: "clusters.prod.cpu of every workspace",
                expected: "workspace quotas on prod within its tenant capacity: 60 vCPU allocatable (tenant pools) x overcommit 1.5 = 90 vCPU",
                found: "workspaces on prod ask 96 vCPU (books 32 vCPU, shop 64 vCPU)",
                fix: "lower workspace quotas on prod, raise overcommit.prod.cpu in layout/tenancy.yaml, or add nodes to prod's pools",
            },
            {
                file: "layout/workspaces/",
                key: "clusters.prod.memory of every workspace",
                expected: "workspace quotas on prod within its tenant capacity: 292.97 GiB allocatable (tenant pools) x overcommit 1 = 292.97 GiB",
                found: "workspaces on prod ask 384 GiB (books 128 GiB, shop 256 GiB)",
                fix: "lower workspace quotas on prod, raise overcommit.prod.memory in layout/tenancy.yaml, or add nodes to prod's pools",
            },
        ]);
    });

    test("a cluster without an overcommit ratio gets 1; clusters the stack does not declare are not checked", () => {
        const problems = problemsAfter([], { nonprod: { cpuMilli: 15000, memoryMiB: 1_000_000 } });
        expect(problems.map((p) => [p.key, p.expected])).toEqual([
            ["clusters.nonprod.cpu of every workspace", "workspace quotas on nonprod within its tenant capacity: 15 vCPU allocatable (tenant pools) x overcommit 1 = 15 vCPU"],
        ]);
    });
});

test("every problem is reported at once, across files", () => {
    const problems = problemsAfter([
        [["users", "users", "bob", "email"], "nope"],
        [ws(1, "manager"), "zed"],
        [ws(0, "clusters", "prod", "cpu"), "lots"],
        [["settings", "overcommit", "prod", "cpu"], 10],
    ]);
    expect(problems.map((p) => `${p.file}: ${p.key}`)).toEqual([
        "layout/tenancy.yaml: overcommit.prod.cpu",
        "layout/users.yaml: users.bob.email",
        "layout/workspaces/books.yaml: clusters.prod.cpu",
        "layout/workspaces/shop.yaml: manager",
    ]);
});

describe("a project's schema problem hides no rule on its other keys", () => {
    test("a description that is a number and a member who is no user: both", () => {
        const problems = problemsAfter([
            [ws(1, "projects", "web", "description"), 42],
            [ws(1, "projects", "web", "members", "zed"), "viewer"],
        ]);
        expect(problems.map((p) => `${p.file}: ${p.key}: ${p.expected}`)).toEqual([
            `${SHOP}: projects.web.description: a text value`,
            expect.stringMatching(new RegExp(`^${SHOP}: projects\\.web\\.members\\.zed: `)),
        ]);
    });

    test("a misspelt key and a quota above the workspace's: both, the key told the one it means", () => {
        const problems = problemsAfter([
            [ws(1, "projects", "web", "member"), { bob: "admin" }],
            [ws(1, "projects", "web", "clusters", "prod", "cpu"), 60],
        ]);
        expect(problems).toEqual([
            {
                file: SHOP,
                key: "projects.web.member",
                expected: "a known key (description, clusters, containerDefaults, members)",
                found: 'an unknown key "member"',
                fix: "remove it (members is set beside it)",
            },
            {
                file: SHOP,
                key: "clusters.prod.cpu",
                expected: "a workspace quota that holds its projects on prod",
                found: "projects of shop on prod ask 92 vCPU (web 60 vCPU, api 32 vCPU); the workspace quota is 64 vCPU",
                fix: "raise clusters.prod.cpu to at least 92 vCPU, or lower the projects' quotas on prod",
            },
        ]);
    });

    test("a project's clusters that do not parse: that problem, and the other projects' fit still checked", () => {
        const problems = problemsAfter([
            [ws(1, "projects", "web", "clusters"), ["prod"]],
            [ws(1, "projects", "api", "clusters", "prod", "cpu"), 70],
        ]);
        expect(problems.map((p) => `${p.file}: ${p.key}`)).toEqual([`${SHOP}: projects.web.clusters`, `${SHOP}: clusters.prod.cpu`]);
        expect(problems[1].found).toBe("projects of shop on prod ask 70 vCPU (api 70 vCPU); the workspace quota is 64 vCPU");
    });
});

test("a workspace without clusters: what the key holds, with an example", () => {
    expect(problemsAfter([[ws(1, "clusters"), undefined]])).toEqual([
        {
            file: SHOP,
            key: "clusters",
            expected: "the clusters the workspace is placed on, each with its quota there (clusters: { prod: { cpu: 32, memory: 128Gi } })",
            found: "nothing (the key is missing)",
            fix: "add clusters",
        },
    ]);
});

test("ops takes no tenant: a workspace and a project placed there are each one problem, with no advice to place the workspace there", () => {
    const expected = 'a tenant cluster: prod or nonprod (ops runs the platform\'s control plane and takes no tenant workspaces)';
    expect(problemsAfter([[ws(0, "clusters", "ops"), { cpu: 8, memory: "32Gi" }]])).toEqual([
        { file: BOOKS, key: "clusters.ops", expected, found: '"ops"', fix: "remove clusters.ops (place the workspace on prod or nonprod instead)" },
    ]);
    expect(problemsAfter([[ws(0, "projects", "ledger", "clusters", "ops"), { cpu: 1, memory: "1Gi" }]])).toEqual([
        { file: BOOKS, key: "projects.ledger.clusters.ops", expected, found: '"ops"', fix: "remove projects.ledger.clusters.ops (place the project on prod or nonprod instead)" },
    ]);
});

test("a user named wrongly: the user meant; a user gone from users.yaml: one problem per file, every place named", () => {
    expect(problemsAfter([[ws(1, "manager"), "an"]])).toEqual([
        { file: SHOP, key: "manager", expected: `a user of ${USERS}`, found: "an, who is not there", fix: `did you mean ann? Else add an to ${USERS}` },
    ]);
    const gone = smallSourcesWithout("bob");
    expect(problemsOf(gone)).toEqual([
        {
            file: SHOP,
            key: "members.bob",
            expected: `a user of ${USERS}`,
            found: "bob, who is not there (also named at projects.web.members.bob)",
            fix: `add bob to ${USERS}, or correct the name, or remove bob from all 2 places`,
        },
    ]);
});

test("a copy of a workspace file under a name no workspace can have: that one problem, not its projects again", () => {
    const sources = smallSources();
    (sources.workspaces as { name: string; file: string; content: unknown }[]).push({ ...JSON.parse(JSON.stringify(sources.workspaces[1])), name: "shop copy", file: "layout/workspaces/shop copy.yaml" });
    expect(problemsOf(sources)).toEqual([
        expect.objectContaining({ file: "layout/workspaces/shop copy.yaml", key: "(file name)", found: '"shop copy"', fix: "remove it: it holds what layout/workspaces/shop.yaml holds (a copy); else rename it to workspaces/shop-copy.yaml" }),
    ]);
});

function smallSourcesWithout(user: string) {
    const sources = smallSources();
    delete (sources.users as { users: Record<string, unknown> }).users[user];
    return sources;
}

test("a cluster role on a cluster that does not exist: the clusters there are", () => {
    expect(problemsAfter([[["users", "users", "cy", "clusterRoles"], { staging: "cluster-admin" }]])).toEqual([
        { file: USERS, key: "users.cy.clusterRoles.staging", expected: "a known key (ops, prod, nonprod)", found: 'an unknown key "staging"', fix: "correct its spelling or remove it" },
    ]);
});

test("tenancy.yaml's max lowered below the default limit: one problem, naming the projects whose limits pass it too", () => {
    const problems = problemsAfter([[["settings", "containerDefaults", "max", "memory"], "512Mi"]]);
    expect(problems).toEqual([
        {
            file: SETTINGS,
            key: "containerDefaults.limit",
            expected: "a default limit no larger than max (8 vCPU / 512 MiB)",
            found: `1 vCPU / 1 GiB; and the limits projects set above it: api (${SHOP})`,
            fix: "raise max (or lower the limits that pass it)",
        },
    ]);
});
