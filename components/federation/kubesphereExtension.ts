import * as fs from "fs";
import * as path from "path";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import {
    ExtensionPlacement,
    ExtensionSpec,
    chartConfigMapObject,
    extensionObject,
    extensionVersionObject,
    installPlanObject,
} from "./extensions";
import { KUBESPHERE_NAMESPACE } from "./values";

/** Where the extension charts the platform installs are vendored, byte-identical to the reference data's. */
export const EXTENSION_CHARTS_DIR = path.join(__dirname, "charts");

/** How long `pulumi up` waits for an InstallPlan to be installed: the host release, then each agent it waits for. */
export const INSTALL_PLAN_TIMEOUT_SECONDS = 1800;

/** Arguments for {@link KubeSphereExtension}. */
export interface KubeSphereExtensionArgs {
    /** Provider of the host cluster (KubeSphere's extension controllers run there only). */
    readonly provider: k8s.Provider;
    /**
     * The extension, pinned (components/federation/extensions.ts): its name, version, vendored chart and installation
     * mode.
     */
    readonly extension: ExtensionSpec;
    /** The Helm values of every release of the extension (the InstallPlan's `config`). */
    readonly config: pulumi.Input<Record<string, unknown>>;
    /** A Multicluster extension's agents: the clusters and their overrides. Defaults to none (a HostOnly extension). */
    readonly placement?: pulumi.Input<ExtensionPlacement>;
    /**
     * The placed clusters `pulumi up` waits for, the agent on each installed (the clusters this stack registers;
     * a cluster another stack registers later gets its agent when it joins). Defaults to none.
     */
    readonly waitForClusters?: readonly string[];
    /** The ExtensionVersion's executor hook images (`executor-hook-image.kubesphere.io/*`), as pulled. Defaults to the extension's own. */
    readonly hookImages?: pulumi.Input<Record<string, string>>;
}

/**
 * What `pulumi up` waits for on an InstallPlan (`pulumi.com/waitFor`, @pulumi/kubernetes' await annotations):
 * the extension's release installed on the host, then each listed cluster's agent (installplan_controller.go
 * writes `status.state` and `status.clusterSchedulingStatuses.<cluster>.state`).
 */
export function installPlanWaitFor(clusters: readonly string[]): string {
    return JSON.stringify(["jsonpath={.status.state}=Installed", ...clusters.map((c) => `jsonpath={.status.clusterSchedulingStatuses.${c}.state}=Installed`)]);
}

/**
 * A KubeSphere extension installed declaratively on the host: its chart in a ConfigMap (read from the vendored
 * archive, no repository and no outside access), the Extension, the ExtensionVersion that points at the chart,
 * and the InstallPlan, created in that order: the InstallPlan controller does not retry a plan whose version is
 * missing (installplan_controller.go:251-255), and a plan deleted after its version keeps its finalizer
 * (:264-268), so Pulumi's reverse order on delete (the plan first, waited for) is the one that works.
 */
export class KubeSphereExtension extends pulumi.ComponentResource {
    public readonly installPlan: k8s.apiextensions.CustomResource;

    constructor(name: string, args: KubeSphereExtensionArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:federation:KubeSphereExtension", name, {}, opts);
        const ext = args.extension;
        const archive = path.join(EXTENSION_CHARTS_DIR, ext.archive);
        if (!fs.existsSync(archive)) throw new Error(`KubeSphereExtension ${name}: the chart ${ext.archive} is not in ${path.relative(process.cwd(), EXTENSION_CHARTS_DIR)}`);
        const inHost = { parent: this, provider: args.provider };
        const chart = new k8s.core.v1.ConfigMap(`${name}-chart`, chartConfigMapObject(ext, KUBESPHERE_NAMESPACE, fs.readFileSync(archive).toString("base64")), {
            ...inHost,
            dependsOn: opts?.dependsOn,
        });
        const extension = new k8s.apiextensions.CustomResource(`${name}-extension`, extensionObject(ext), { ...inHost, dependsOn: opts?.dependsOn });
        const versionBody = extensionVersionObject(ext, KUBESPHERE_NAMESPACE);
        const hookImages = args.hookImages ?? ext.hookImages;
        const version = new k8s.apiextensions.CustomResource(
            `${name}-version`,
            {
                ...versionBody,
                metadata: { ...versionBody.metadata, annotations: pulumi.output(hookImages).apply((h) => (Object.keys(h).length > 0 ? h : undefined)) },
            },
            { ...inHost, dependsOn: [chart, extension] },
        );
        const body = pulumi.all([args.config, args.placement]).apply(([config, placement]) => installPlanObject(ext, config, placement));
        this.installPlan = new k8s.apiextensions.CustomResource(
            `${name}-plan`,
            {
                apiVersion: "kubesphere.io/v1alpha1",
                kind: "InstallPlan",
                metadata: body.metadata.apply((m) => ({
                    ...m,
                    annotations: { "pulumi.com/waitFor": installPlanWaitFor(args.waitForClusters ?? []), "pulumi.com/timeoutSeconds": String(INSTALL_PLAN_TIMEOUT_SECONDS) },
                })),
                spec: body.spec,
            },
            { ...inHost, dependsOn: [version] },
        );
        this.registerOutputs({});
    }
}
