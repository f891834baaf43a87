import { z } from "zod";
import { cidrProblem } from "./cidr";
import { ENVIRONMENTS, NETWORK_NAMES } from "./topology";

/** A canonical IPv4 CIDR such as `10.16.0.0/12`. */
export const cidrString = z.string().superRefine((value, ctx) => {
    const problem = cidrProblem(value);
    if (problem) {
        ctx.addIssue({
            code: "custom",
            message: `an IPv4 CIDR such as 10.16.0.0/12 (${problem})`,
            params: { fix: "write the block's first address and its prefix length, e.g. 10.16.0.0/12" },
        });
    }
});

/** The two vSwitches of a network in one zone. */
export const zoneSubnetsSchema = z.strictObject({
    /** Node vSwitch: ECS nodes, load balancers, NAS mount targets. */
    nodeCidr: cidrString,
    /** Terway pod vSwitch: pod IPs come from here, so size it for the zone's pods (a /16 or /19). */
    podCidr: cidrString,
});

/** One network the stack declares. */
export const networkSettingsSchema = z.strictObject({
    /** Kubernetes service CIDR of the network's cluster; must overlap no VPC. */
    serviceCidr: cidrString,
    /** vSwitch CIDRs per zone; the zones must be exactly `platform:zones`. */
    zones: z.record(z.string(), zoneSubnetsSchema),
});

/** `platform:*` keys of a stack settings file (`Pulumi.<stack>.yaml`), without the namespace. */
export const stackSettingsSchema = z.strictObject({
    environment: z.enum(ENVIRONMENTS),
    region: z.string().min(1),
    zones: z.array(z.string()).min(2, { message: "at least two zones (pools and mount targets span zones)" }),
    networks: z.partialRecord(z.enum(NETWORK_NAMES), networkSettingsSchema),
    /** nonprod only: the prod stack to read the hub from, `<org>/<project>/<stack>`. */
    prodStack: z
        .string()
        .regex(/^([\w.-]+\/){2}[\w.-]+$/, { message: "a fully qualified stack name <org>/<project>/<stack>" })
        .optional(),
});
export type StackSettingsInput = z.infer<typeof stackSettingsSchema>;

/** `config/platform.yaml`: conventions shared by both stacks and the policy pack. */
export const platformConventionsSchema = z.strictObject({
    /** VPC CIDR of each network. Changing one replaces the VPC. */
    addressPlan: z.strictObject({ ops: cidrString, prod: cidrString, nonprod: cidrString }),
    /** Ports never open to 0.0.0.0/0. */
    adminPorts: z.array(z.number().int().min(1).max(65535)).min(1),
});
export type PlatformConventions = z.infer<typeof platformConventionsSchema>;
