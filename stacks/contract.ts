/**
 * The contract between the two stacks: what the prod stack exports for nonprod, and the one place nonprod
 * reads it. prod's outputs `satisfies` {@link ProdContract}'s input form, so an export renamed or dropped
 * fails type checking in prod, not at the next nonprod `up`; nonprod gets typed Outputs, cast once, here.
 */
import * as pulumi from "@pulumi/pulumi";
import { SharedRecord } from "../config/dns";
import { ImageMirror } from "../components/registry/mirror";

/** The values nonprod reads from prod, as plain data (the form `pulumi stack output --json` shows). */
export interface ProdContract {
    /** The CEN and the transit router's route tables nonprod's VPC attaches to. */
    readonly hub: {
        readonly cenId: string;
        readonly transitRouterId: string;
        readonly routeTableIds: { readonly shared: string; readonly isolated: string };
    };
    /** The federation's host: its intranet API and the registrar credential limited to nonprod (secret). The host gives members its jwtSecret itself. */
    readonly federation: { readonly hostEndpoint: string; readonly registrarKubeconfig: string };
    /**
     * Harbor: its URL, host name and the registry prefix of each upstream's proxy cache. Public, and kept apart from the credential: a stack output holding a
     * secret anywhere is read back secret as a whole, and nonprod's node pools and chart values take the name.
     */
    readonly registry: { readonly url: string; readonly hostname: string; readonly mirror: ImageMirror };
    /** The nonprod cluster's pull-only Harbor robot (secret). */
    readonly pullCredentials: { readonly nonprod: { readonly username: string; readonly password: string } };
    /** Thanos Receive and the Alertmanager in ops, by their names in the platform's zone (every cluster's Prometheus, nonprod's too, is configured on the host's InstallPlan). */
    readonly observability: { readonly remoteWriteUrl: string; readonly alertmanagerAddress: string };
    /** The platform CA's certificate (PEM, public): nonprod's nodes trust Harbor through it. */
    readonly pki: { readonly caCertPem: string };
    /**
     * The platform's private DNS zone: its id (nonprod adds the records of what it serves), its name, and the
     * records of what ops serves to every network (relative name and IPv4), which nonprod's own zone of the
     * same name serves in the nonprod VPC.
     */
    readonly dns: {
        readonly zoneId: string;
        readonly zoneName: string;
        readonly records: { readonly [K in SharedRecord]: { readonly name: string; readonly address: string } };
    };
}

/** A value or an Output of it, at every level: what a stack may return for a {@link ProdContract} key. */
export type Exported<T> = T extends string | number | boolean
    ? pulumi.Input<T>
    : pulumi.Input<T> | { readonly [K in keyof T]: Exported<T[K]> };

/** What prod's program returns for the contract's keys. */
export type ProdExports = { readonly [K in keyof ProdContract]: Exported<ProdContract[K]> };

/** The keys of the contract, in the order a reader meets them. */
export const PROD_CONTRACT_KEYS = ["hub", "federation", "registry", "pullCredentials", "observability", "pki", "dns"] as const satisfies readonly (keyof ProdContract)[];

/** prod's exports as nonprod reads them: one typed Output per key (a missing key fails the nonprod run). */
export type ProdReference = { readonly [K in keyof ProdContract]: pulumi.Output<ProdContract[K]> };

/** Reads every contract key of the prod stack. */
export function readProd(prod: pulumi.StackReference): ProdReference {
    const read = <K extends keyof ProdContract>(key: K) => prod.requireOutput(key) as pulumi.Output<ProdContract[K]>;
    return {
        hub: read("hub"),
        federation: read("federation"),
        registry: read("registry"),
        pullCredentials: read("pullCredentials"),
        observability: read("observability"),
        pki: read("pki"),
        dns: read("dns"),
    };
}
