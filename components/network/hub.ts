import * as alicloud from "@pulumi/alicloud";
import * as pulumi from "@pulumi/pulumi";
import { HubTable } from "./routing";

/** What an attachment needs of the hub; the prod stack exports it for nonprod. */
export interface HubRef {
    readonly cenId: pulumi.Input<string>;
    readonly transitRouterId: pulumi.Input<string>;
    readonly routeTableIds: Readonly<Record<HubTable, pulumi.Input<string>>>;
}

/** Arguments for {@link Hub}. */
export interface HubArgs {
    /** Tags for the CEN instance, the transit router and its route tables. */
    readonly tags: Record<string, string>;
}

/**
 * The hub joining the three VPCs: a CEN instance, an Enterprise Edition transit router and its two custom
 * route tables. The `shared` table is ops's (prod and nonprod propagate into it); the `isolated` table is
 * prod's and nonprod's (only ops propagates into it). See routing.ts for the rule.
 */
export class Hub extends pulumi.ComponentResource {
    public readonly cenId: pulumi.Output<string>;
    public readonly transitRouterId: pulumi.Output<string>;
    public readonly routeTableIds: Record<HubTable, pulumi.Output<string>>;

    constructor(name: string, args: HubArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:network:Hub", name, {}, opts);
        const cen = new alicloud.cen.Instance(
            `${name}-cen`,
            { cenInstanceName: name, description: "joins the ops, prod and nonprod VPCs", tags: args.tags },
            { parent: this },
        );
        const tr = new alicloud.cen.TransitRouter(
            `${name}-tr`,
            { cenId: cen.id, transitRouterName: name, transitRouterDescription: "platform hub", tags: args.tags },
            { parent: this },
        );
        const table = (role: HubTable, description: string) =>
            new alicloud.cen.TransitRouterRouteTable(
                `${name}-rt-${role}`,
                {
                    transitRouterId: tr.transitRouterId,
                    transitRouterRouteTableName: `${name}-${role}`,
                    transitRouterRouteTableDescription: description,
                    tags: { ...args.tags, "hub-table": role },
                },
                { parent: this },
            );
        const shared = table("shared", "associated with ops; prod and nonprod propagate here");
        const isolated = table("isolated", "associated with prod and nonprod; only ops propagates here");

        this.cenId = cen.id;
        this.transitRouterId = tr.transitRouterId;
        this.routeTableIds = { shared: shared.transitRouterRouteTableId, isolated: isolated.transitRouterRouteTableId };
        this.registerOutputs({ cenId: this.cenId, transitRouterId: this.transitRouterId, routeTableIds: this.routeTableIds });
    }
}
