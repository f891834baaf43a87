import * as pulumi from "@pulumi/pulumi";
import type { RegistryType } from "./registry";
import type { RetentionTemplate } from "./retention";
import { HarborKind, KIND_INPUT, harborProvider } from "./provider";

/**
 * One Pulumi resource per Harbor entity, each backed by a dynamic provider of provider.ts. Type tokens are
 * `pulumi-nodejs:dynamic/harbor:<Kind>` (Pulumi fixes the prefix of dynamic resources). Output fields are
 * `declare`d: a class field would overwrite, after `super()`, the Output the constructor assigned.
 */

/** Where Harbor is and the administrator login every Harbor resource uses. */
export interface HarborAccess {
    /** Harbor's external URL, e.g. `https://harbor.ops.example.com`. Changing it replaces the resource. */
    readonly url: pulumi.Input<string>;
    /** Administrator user. Defaults to `admin`. */
    readonly username?: pulumi.Input<string>;
    /** Administrator password; kept as a secret whatever is passed. */
    readonly password: pulumi.Input<string>;
    /** The CA certificate (PEM) Harbor's server certificate is verified against (the platform CA). Defaults to the system's trust store. */
    readonly caCertPem?: pulumi.Input<string>;
    /** The address to connect to (Harbor's load balancer), the certificate still checked for the URL's name. Defaults to resolving the name. */
    readonly address?: pulumi.Input<string>;
}

const MODULE = "harbor";

/** The inputs every Harbor resource has: its kind (for the one provider) and the connection. */
function common(kind: HarborKind, harbor: HarborAccess): Record<string, pulumi.Input<string>> {
    const inputs: Record<string, pulumi.Input<string>> = { [KIND_INPUT]: kind, harborUrl: harbor.url, harborUsername: harbor.username ?? "admin", harborPassword: pulumi.secret(harbor.password) };
    if (harbor.caCertPem !== undefined) inputs.harborCa = harbor.caCertPem;
    if (harbor.address !== undefined) inputs.harborAddress = harbor.address;
    return inputs;
}

function withSecretOutputs(opts: pulumi.CustomResourceOptions | undefined, names: string[]): pulumi.CustomResourceOptions {
    return { ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), "harborPassword", ...names] };
}

/** Arguments for {@link HarborProject}. */
export interface HarborProjectArgs {
    /** Where Harbor is and the administrator login the project is managed with. */
    readonly harbor: HarborAccess;
    /** Project name (KubeSphere's image projects keep their upstream names). Changing it replaces the project. */
    readonly name: pulumi.Input<string>;
    /** Anyone may pull without logging in. Defaults to false. */
    readonly public?: pulumi.Input<boolean>;
    /** Storage quota in GiB. Defaults to -1 (unlimited). */
    readonly storageQuotaGiB?: pulumi.Input<number>;
    /**
     * Makes it a proxy cache of this registry endpoint ({@link HarborRegistry.registryId}). Changing it replaces the
     * project. Defaults to none: a plain project.
     */
    readonly registryId?: pulumi.Input<number>;
}

/** A Harbor project; with `registryId`, a proxy-cache project. Deleting fails while it holds repositories. */
export class HarborProject extends pulumi.dynamic.Resource {
    declare public readonly name: pulumi.Output<string>;
    declare public readonly projectId: pulumi.Output<number>;

    constructor(name: string, args: HarborProjectArgs, opts?: pulumi.CustomResourceOptions) {
        const props = { ...common("project", args.harbor), name: args.name, public: args.public, storageQuotaGiB: args.storageQuotaGiB, registryId: args.registryId, projectId: undefined };
        super(harborProvider, name, props, withSecretOutputs(opts, []), MODULE, "Project");
    }
}

/** Arguments for {@link HarborRegistry}. */
export interface HarborRegistryArgs {
    /** Where Harbor is and the administrator login the registry endpoint is managed with. */
    readonly harbor: HarborAccess;
    /** Endpoint name in Harbor. */
    readonly name: pulumi.Input<string>;
    /** Adapter type. Changing it replaces the endpoint. */
    readonly type: pulumi.Input<RegistryType>;
    /** Upstream URL, e.g. `https://hub.docker.com`, `https://quay.io`, `https://registry.k8s.io`, `https://ghcr.io`. */
    readonly url: pulumi.Input<string>;
    /** The endpoint's description, as Harbor's console shows it. Defaults to "". */
    readonly description?: pulumi.Input<string>;
    /** Skip TLS verification of the upstream. Defaults to false. */
    readonly insecure?: pulumi.Input<boolean>;
    /** Upstream login; the secret is kept as a secret. Defaults to anonymous. */
    readonly credential?: { readonly accessKey: pulumi.Input<string>; readonly accessSecret: pulumi.Input<string> };
}

/** A registry endpoint, the upstream of a proxy-cache project. */
export class HarborRegistry extends pulumi.dynamic.Resource {
    declare public readonly registryId: pulumi.Output<number>;

    constructor(name: string, args: HarborRegistryArgs, opts?: pulumi.CustomResourceOptions) {
        const credential = args.credential && { accessKey: args.credential.accessKey, accessSecret: pulumi.secret(args.credential.accessSecret) };
        const props = { ...common("registry", args.harbor), name: args.name, type: args.type, url: args.url, description: args.description, insecure: args.insecure, ...credential, registryId: undefined };
        super(harborProvider, name, props, withSecretOutputs(opts, ["accessSecret"]), MODULE, "Registry");
    }
}

/** Arguments for {@link HarborRobot}. */
export interface HarborRobotArgs {
    /** Where Harbor is and the administrator login the robot is managed with. */
    readonly harbor: HarborAccess;
    /** Short name; Harbor logs it in as `robot$<name>`. Changing it replaces the robot (and its secret). */
    readonly name: pulumi.Input<string>;
    /** Projects it may pull from; it may do nothing else. */
    readonly projects: pulumi.Input<pulumi.Input<string>[]>;
    /** The robot's description, as Harbor's console shows it. Defaults to "". */
    readonly description?: pulumi.Input<string>;
    /** Disables the robot: its login is refused until it is enabled again. Defaults to false. */
    readonly disabled?: pulumi.Input<boolean>;
    /** Days until the secret expires. Defaults to -1 (never). */
    readonly durationDays?: pulumi.Input<number>;
}

/** A system-level, pull-only robot account. Its secret, made by Harbor at creation, is a secret output. */
export class HarborRobot extends pulumi.dynamic.Resource {
    declare public readonly robotId: pulumi.Output<number>;
    /** The login name, `robot$<name>`. */
    declare public readonly fullName: pulumi.Output<string>;
    /** The login secret (a Pulumi secret). */
    declare public readonly secret: pulumi.Output<string>;

    constructor(name: string, args: HarborRobotArgs, opts?: pulumi.CustomResourceOptions) {
        const props = {
            ...common("robot", args.harbor),
            name: args.name,
            projects: args.projects,
            description: args.description,
            disabled: args.disabled,
            durationDays: args.durationDays,
            robotId: undefined,
            fullName: undefined,
            secret: undefined,
        };
        super(harborProvider, name, props, withSecretOutputs(opts, ["secret"]), MODULE, "Robot");
    }
}

/** Arguments for {@link HarborGcSchedule}. */
export interface HarborGcScheduleArgs {
    /** Where Harbor is and the administrator login the schedule is managed with. */
    readonly harbor: HarborAccess;
    /** Six-field cron, seconds first, e.g. `0 0 3 * * 6` (Saturdays 03:00). */
    readonly cron: pulumi.Input<string>;
    /** Also delete untagged artifacts. Defaults to false. */
    readonly deleteUntagged?: pulumi.Input<boolean>;
    /** Parallel workers, 1 to 5. Defaults to 1. */
    readonly workers?: pulumi.Input<number>;
}

/** Harbor's garbage-collection schedule (one per Harbor: declare it once). Deleting it unschedules GC. */
export class HarborGcSchedule extends pulumi.dynamic.Resource {
    constructor(name: string, args: HarborGcScheduleArgs, opts?: pulumi.CustomResourceOptions) {
        const props = { ...common("gcSchedule", args.harbor), cron: args.cron, deleteUntagged: args.deleteUntagged, workers: args.workers };
        super(harborProvider, name, props, withSecretOutputs(opts, []), MODULE, "GcSchedule");
    }
}

/** One retain rule of a {@link HarborRetention}; the rules of a policy are OR-ed. */
export interface RetentionRuleArgs {
    /** `latestPushedK` keeps the N most recently pushed, `nDaysSinceLastPush` those pushed within N days, ... */
    readonly template: RetentionTemplate;
    /** N of the template (a count or days), a whole number above 0; required by every template but `always`. Defaults to none (for `always`). */
    readonly count?: number;
    /** Repositories, doublestar pattern. Defaults to `**`. */
    readonly repositories?: string;
    /** Tags, doublestar pattern. Defaults to `**`. */
    readonly tags?: string;
    /** Whether untagged artifacts are selected too. Defaults to true. */
    readonly untagged?: boolean;
}

/** Arguments for {@link HarborRetention}. */
export interface HarborRetentionArgs {
    /** Where Harbor is and the administrator login the retention policy is managed with. */
    readonly harbor: HarborAccess;
    /** The project's id ({@link HarborProject.projectId}). Changing it replaces the policy. */
    readonly projectId: pulumi.Input<number>;
    /** At most 15 rules. */
    readonly rules: RetentionRuleArgs[];
    /** Six-field cron of the run; "" runs only by hand. Defaults to `0 0 0 * * *` (daily at midnight). */
    readonly cron?: pulumi.Input<string>;
}

/**
 * A project's tag-retention policy. Harbor links it through the project's `retention_id` metadata; a policy
 * Harbor made itself (every proxy-cache project gets one) is taken over rather than duplicated.
 */
export class HarborRetention extends pulumi.dynamic.Resource {
    declare public readonly retentionId: pulumi.Output<number>;

    constructor(name: string, args: HarborRetentionArgs, opts?: pulumi.CustomResourceOptions) {
        const props = { ...common("retention", args.harbor), projectId: args.projectId, rules: args.rules, cron: args.cron, retentionId: undefined };
        super(harborProvider, name, props, withSecretOutputs(opts, []), MODULE, "Retention");
    }
}
