import * as alicloud from "@pulumi/alicloud";
import * as pulumi from "@pulumi/pulumi";

/** How long resolvers keep a platform record: a minute, so a re-created load balancer's address spreads fast. */
export const RECORD_TTL_SECONDS = 60;

/** Arguments for {@link PrivateZone}. */
export interface PrivateZoneArgs {
    /** The zone's name (conventions: `dns.zone`). */
    readonly zoneName: string;
    /** The VPCs this stack binds to the zone: its own networks. */
    readonly vpcIds: readonly pulumi.Input<string>[];
    /** Tags of the zone. Defaults to none. */
    readonly tags?: Record<string, string>;
}

/**
 * The platform's private DNS zone as one stack sees it: an Alibaba Cloud PrivateZone bound to the stack's VPCs,
 * with an A record per platform endpoint ({@link PrivateZone.record}).
 *
 * A zone's VPC binding is one list that `BindZoneVpc` replaces whole (its API reference: a full update; the
 * provider's delete binds an empty list), so two stacks cannot each bind their VPCs to one zone without
 * undoing each other. Each stack therefore binds its own VPCs to its own zone of the platform's name (a VPC
 * binds at most one zone of a name; zones of the same name in different VPCs are allowed), and nonprod's zone
 * carries the records prod exports beside its own.
 */
export class PrivateZone extends pulumi.ComponentResource {
    public readonly zoneId: pulumi.Output<string>;
    public readonly zoneName: string;
    private readonly binding: alicloud.pvtz.ZoneAttachment;
    private readonly resourceName: string;

    constructor(name: string, args: PrivateZoneArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:network:PrivateZone", name, {}, opts);
        const zone = new alicloud.pvtz.Zone(`${name}-zone`, { zoneName: args.zoneName, remark: "kube-platform: platform endpoints", tags: args.tags }, { parent: this });
        const binding = new alicloud.pvtz.ZoneAttachment(`${name}-vpcs`, { zoneId: zone.id, vpcs: args.vpcIds.map((vpcId) => ({ vpcId })) }, { parent: this });
        this.binding = binding;
        this.resourceName = name;
        this.zoneId = zone.id;
        this.zoneName = args.zoneName;
        this.registerOutputs({ zoneId: this.zoneId, zoneName: this.zoneName });
    }

    /** Adds an A record (a child of the zone, resolvable once the VPCs are bound). */
    record(spec: ZoneRecordSpec): alicloud.pvtz.ZoneRecord {
        return zoneRecord(`${this.resourceName}-${spec.key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`, { zoneId: this.zoneId, rr: spec.name, address: spec.address }, { parent: this, dependsOn: [this.binding] });
    }
}

/** One A record: the resource's key, the relative name, the address. */
export interface ZoneRecordSpec {
    readonly key: string;
    readonly name: pulumi.Input<string>;
    readonly address: pulumi.Input<string>;
}

/** An A record in a zone (of this stack's or, by id, another stack's: records are independent of each other). */
export function zoneRecord(name: string, args: { readonly zoneId: pulumi.Input<string>; readonly rr: pulumi.Input<string>; readonly address: pulumi.Input<string> }, opts: pulumi.CustomResourceOptions): alicloud.pvtz.ZoneRecord {
    return new alicloud.pvtz.ZoneRecord(name, { zoneId: args.zoneId, rr: args.rr, type: "A", value: args.address, ttl: RECORD_TTL_SECONDS }, opts);
}
