import { z } from "zod";
import { parseCpu, parseMemory } from "./tenancyQuantities";
import { NETWORK_NAMES } from "./topology";

/**
 * The schema of the tenancy layout (`config/tenancy/`): one zod schema per file. Rules that span entries or
 * files (references, uniqueness, quotas that must fit) are in config/tenancyRules.ts.
 */

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** A DNS label: a user, workspace, project or namespace name. */
export const dnsLabel = z.string().regex(DNS_LABEL, {
    message: "a DNS label: lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters",
});

/** A CPU amount in millicores, written as vCPU (`16`, `0.5`) or millicores (`500m`). */
export const cpuAmount = z.any().transform((value: unknown, ctx) => {
    const milli = parseCpu(value);
    if (milli !== undefined) return milli;
    ctx.addIssue({
        code: "custom",
        message: "a CPU amount above zero: vCPU as a number (16, 0.5, at most three decimals) or millicores as a string (\"500m\")",
        params: { fix: "write the amount like 16, 0.5 or \"500m\"" },
    });
    return z.NEVER;
});

/** A memory or storage amount in MiB, written as a whole number of Mi, Gi or Ti (`512Mi`, `64Gi`). */
export const memoryAmount = z.any().transform((value: unknown, ctx) => {
    const mib = parseMemory(value);
    if (mib !== undefined) return mib;
    ctx.addIssue({
        code: "custom",
        message: "an amount above zero in whole Mi, Gi or Ti, such as 512Mi, 64Gi or 2Ti",
        params: { fix: "write the amount with a binary unit, e.g. 64Gi (not 64G or 64)" },
    });
    return z.NEVER;
});

const COUNT = "a whole number from 1 to 1000000";
const count = z.number().int({ message: COUNT }).min(1, { message: COUNT }).max(1_000_000, { message: COUNT });

/** CPU and memory together. */
export const computeSchema = z.strictObject({ cpu: cpuAmount, memory: memoryAmount });
export type Compute = z.infer<typeof computeSchema>;

/**
 * A quota on one cluster: of a workspace (a KubeSphere workspace quota over its projects) or of a project
 * (the namespace's ResourceQuota). cpu and memory are what the pods may request in total.
 */
export const quotaSchema = z.strictObject({
    /** requests.cpu. */
    cpu: cpuAmount,
    /** requests.memory. */
    memory: memoryAmount,
    /** limits.cpu and limits.memory; none when left out (the LimitRange still gives containers a limit). */
    limits: computeSchema.optional(),
    /** Pods at most. */
    pods: count.optional(),
    /** requests.storage: the PVCs' total size. */
    storage: memoryAmount.optional(),
    /** PVCs at most. */
    persistentVolumeClaims: count.optional(),
});
export type QuotaInput = z.infer<typeof quotaSchema>;

/** The cluster names a layout may place workspaces and projects on (KubeSphere's names: the networks'). */
const clusterMap = <T extends z.ZodType>(value: T) => z.record(z.string(), value);

/** Where a workspace or project is placed: its clusters, each with its quota there; at least one. */
const placement = (what: "workspace" | "project") =>
    z
        .record(z.string(), quotaSchema, { error: `the clusters the ${what} is placed on, each with its quota there (clusters: { prod: { cpu: 32, memory: 128Gi } })` })
        .refine((m) => Object.keys(m).length > 0, { message: "at least one cluster with its quota" });

/** A container's defaults, from the project's LimitRange. */
export const containerDefaultsSchema = z.strictObject({
    /** defaultRequest: what a container requests when it says nothing. */
    request: computeSchema,
    /** default: a container's limit when it says nothing. */
    limit: computeSchema,
    /** max: the most one container may ask. Optional. */
    max: computeSchema.optional(),
});
export type ContainerDefaultsInput = z.infer<typeof containerDefaultsSchema>;

/** `config/tenancy/tenancy.yaml`: what holds for every workspace. */
export const tenancySettingsSchema = z.strictObject({
    /**
     * Per cluster, how far the workspaces' quotas together may exceed the cluster's tenant capacity
     * (allocatable of its tenant pools, config/capacity.ts: general pools): 1.5 lets CPU requests quotas add up to 150%.
     * A cluster not listed gets 1 (no overcommit).
     */
    overcommit: clusterMap(
        z.strictObject({
            cpu: z.number().min(0.1, { message: "a ratio from 0.1 to 4" }).max(4, { message: "a ratio from 0.1 to 4" }),
            memory: z.number().min(0.1, { message: "a ratio from 0.1 to 2 (memory overcommit ends in OOM kills)" }).max(2, {
                message: "a ratio from 0.1 to 2 (memory overcommit ends in OOM kills)",
            }),
        }),
    ).default({}),
    /** Container defaults of every project that sets none of its own. */
    containerDefaults: containerDefaultsSchema,
    /** Platform namespaces that projects' network policies let in. */
    platformNamespaces: z.strictObject({
        /** Where the ingress controller runs. */
        ingress: dnsLabel,
        /** Where Prometheus runs (it scrapes the projects' pods). */
        monitoring: dnsLabel,
        /** Other namespaces the platform owns: no project may take their names. */
        reserved: z.array(dnsLabel).default([]),
    }),
});
export type TenancySettingsInput = z.infer<typeof tenancySettingsSchema>;

/** KubeSphere's built-in global roles. */
export const GLOBAL_ROLES = ["platform-regular", "platform-self-provisioner", "platform-admin"] as const;
/** KubeSphere's built-in workspace roles (`<workspace>-<role>`). */
export const WORKSPACE_ROLES = ["admin", "self-provisioner", "regular", "viewer"] as const;
/** KubeSphere's built-in project roles. */
export const PROJECT_ROLES = ["admin", "operator", "viewer"] as const;
/** KubeSphere's built-in cluster roles (iam.kubesphere.io ClusterRoles, ks-core templates/clusterroles.yaml). */
export const CLUSTER_ROLES = ["cluster-admin", "cluster-viewer"] as const;
export type ClusterRole = (typeof CLUSTER_ROLES)[number];
export type GlobalRole = (typeof GLOBAL_ROLES)[number];
export type WorkspaceRole = (typeof WORKSPACE_ROLES)[number];
export type ProjectRole = (typeof PROJECT_ROLES)[number];

/** A user of `config/tenancy/users.yaml`. */
export const userSchema = z.strictObject({
    email: z.string().regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, { message: "an email address such as li.wei@example.com" }),
    displayName: z.string().min(1).max(64).optional(),
    description: z.string().max(256).optional(),
    /** Defaults to platform-regular: sees only the workspaces and projects they are a member of. */
    globalRole: z.enum(GLOBAL_ROLES).default("platform-regular"),
    /** Per cluster, a cluster-level role (the platform team administers the clusters). Defaults to none. */
    clusterRoles: z.partialRecord(z.enum(NETWORK_NAMES), z.enum(CLUSTER_ROLES)).default({}),
    /**
     * Who the user is at the company's identity provider (`platform:identityProviders`): the provider's name and
     * the user's id there (OIDC: the `sub` claim; LDAP: the login attribute's value). Defaults to none: the
     * user cannot log in until mapped.
     */
    identity: z.strictObject({ provider: dnsLabel, id: z.string().min(1).max(256) }).optional(),
});
export type UserInput = z.infer<typeof userSchema>;

/** `config/tenancy/users.yaml`. */
export const usersFileSchema = z.strictObject({ users: z.record(dnsLabel, userSchema) });
export type UsersFileInput = z.infer<typeof usersFileSchema>;

/** A project: one namespace per cluster it exists on. */
export const projectSchema = z.strictObject({
    description: z.string().max(256).optional(),
    /** The clusters the namespace exists on, each with the namespace's quota there. */
    clusters: placement("project"),
    /** Overrides tenancy.yaml's containerDefaults, key by key. */
    containerDefaults: containerDefaultsSchema.partial().optional(),
    /** Users and their project role. */
    members: z.record(dnsLabel, z.enum(PROJECT_ROLES)).default({}),
});
export type ProjectInput = z.infer<typeof projectSchema>;

/** `config/tenancy/workspaces/<workspace>.yaml`: one workspace, named by the file. */
export const workspaceFileSchema = z.strictObject({
    description: z.string().max(256).optional(),
    /** The workspace's manager: gets `<workspace>-admin`. */
    manager: dnsLabel,
    /** Other users and their workspace role (the manager is admin already). */
    members: z.record(dnsLabel, z.enum(WORKSPACE_ROLES)).default({}),
    /** The clusters the workspace is placed on, each with the workspace's quota there. */
    clusters: placement("workspace"),
    projects: z.record(dnsLabel, projectSchema).default({}),
});
export type WorkspaceFileInput = z.infer<typeof workspaceFileSchema>;
