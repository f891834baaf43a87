import * as fs from "fs";
import * as path from "path";
import { ALICLOUD_CHANGE_TABLE, changeRulesOf, createOnlyPaths, refusedPaths, replacingPaths } from "../../engine/replacements";
import { alicloudTypesDeclared, schemaFields } from "../../scripts/provider-replacements";
import { ROOT } from "../support/planCache";

const SDK = path.join(ROOT, "node_modules", "@pulumi", "alicloud");

/** The input properties of a resource's Args interface in the installed SDK's declarations. */
function argsProperties(type: string): Set<string> {
    const [, moduleAndFile, cls] = /^alicloud:([^:]+):(.+)$/.exec(type)!;
    const [mod, file] = moduleAndFile.split("/");
    const dts = fs.readFileSync(path.join(SDK, mod, `${file}.d.ts`), "utf8");
    const start = dts.indexOf(`export interface ${cls}Args {`);
    expect(start).toBeGreaterThanOrEqual(0);
    const body = dts.slice(start, dts.indexOf("\n}\n", start));
    return new Set([...body.matchAll(/^ {4}(?:readonly )?([A-Za-z0-9]+)\??:/gm)].map((m) => m[1]));
}

describe("the Alibaba Cloud table, generated from the Terraform provider the bridge wraps", () => {
    test("names its source: the Terraform provider's version and the bridge's commit", () => {
        expect(ALICLOUD_CHANGE_TABLE.source.terraformProvider).toMatch(/^aliyun\/terraform-provider-alicloud v1\.\d+\.\d+$/);
        expect(ALICLOUD_CHANGE_TABLE.source.bridge).toMatch(/^pulumi\/pulumi-alicloud [0-9a-f]{40}$/);
    });

    test("covers every Alibaba Cloud type the program constructs (regenerate with scripts/provider-replacements.ts)", () => {
        const declared = alicloudTypesDeclared(ROOT);
        expect(declared.length).toBeGreaterThan(30);
        expect(declared.filter((t) => !ALICLOUD_CHANGE_TABLE.types[t])).toEqual([]);
    });

    test.each(Object.keys(ALICLOUD_CHANGE_TABLE.types))("%s: every path is an input of the installed SDK's Args", (type) => {
        const props = argsProperties(type);
        const rules = changeRulesOf(type);
        const unknown = [...rules.replace, ...rules.createOnly].map((p) => p.split(/[.[]/)[0]).filter((p) => !props.has(p));
        expect(unknown).toEqual([]);
    });

    // the facts a daily edit meets, each read in the provider's resource file
    test.each([
        ["alicloud:vpc/routeEntry:RouteEntry", "name", "replace"],
        ["alicloud:vpc/routeEntry:RouteEntry", "description", "replace"],
        ["alicloud:cs/nodePool:NodePool", "securityGroupIds[0]", "replace"],
        ["alicloud:cs/nodePool:NodePool", "desiredSize", "update"],
        ["alicloud:cs/nodePool:NodePool", "instanceTypes[0]", "update"],
        ["alicloud:cs/managedKubernetes:ManagedKubernetes", "proxyMode", "replace"],
        ["alicloud:cs/managedKubernetes:ManagedKubernetes", "serviceCidr", "replace"],
        ["alicloud:cs/managedKubernetes:ManagedKubernetes", "podVswitchIds[1]", "createOnly"],
        ["alicloud:cs/managedKubernetes:ManagedKubernetes", "slbInternetEnabled", "createOnly"],
        ["alicloud:cs/managedKubernetes:ManagedKubernetes", "newNatGateway", "createOnly"],
        ["alicloud:cs/managedKubernetes:ManagedKubernetes", "name", "update"],
        ["alicloud:cs/managedKubernetes:ManagedKubernetes", "version", "update"],
        // ModifyVpcAttribute takes a new CidrBlock: not a replacement (resource_alicloud_vpc.go update)
        ["alicloud:vpc/network:Network", "cidrBlock", "update"],
        ["alicloud:vpc/switch:Switch", "cidrBlock", "replace"],
        ["alicloud:nas/fileSystem:FileSystem", "fileSystemType", "replace"],
        ["alicloud:nas/mountTarget:MountTarget", "fileSystemId", "replace"],
        ["alicloud:ecs/instance:Instance", "dataDisks[0].size", "replace"],
        ["kubernetes:storage.k8s.io/v1:StorageClass", "parameters.server", "replace"],
        ["kubernetes:storage.k8s.io/v1:StorageClass", "reclaimPolicy", "refused"],
        ["kubernetes:storage.k8s.io/v1:StorageClass", "allowVolumeExpansion", "update"],
        ["kubernetes:core/v1:Secret", 'stringData["objstore.yml"]', "replace"],
        ["kubernetes:core/v1:Namespace", "metadata.name", "replace"],
        ["kubernetes:core/v1:Namespace", "metadata.labels.team", "update"],
        ["kubernetes:iam.kubesphere.io/v1beta1:RoleBinding", "metadata.namespace", "replace"],
        ["kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding", "roleRef.name", "replace"],
        ["kubernetes:helm.sh/v3:Release", "values.a", "update"],
        ["kubernetes:helm.sh/v3:Release", "namespace", "replace"],
        ["pulumi:providers:kubernetes", "clusterIdentifier", "replace"],
        ["pulumi:providers:kubernetes", "kubeconfig", "update"],
    ])("%s %s: %s", (type, changed, effect) => {
        const got = replacingPaths(type, [changed]).length ? "replace" : createOnlyPaths(type, [changed]).length ? "createOnly" : refusedPaths(type, [changed]).length ? "refused" : "update";
        expect(got).toBe(effect);
    });

    test("a rule matches itself, what is below it and, with [*], any element; nothing that only shares a prefix", () => {
        expect(replacingPaths("alicloud:ecs/instance:Instance", ["dataDisks[3].category", "dataDisks[0]", "dataDisksX", "systemDiskCategory", "imageId"])).toEqual(["dataDisks[3].category", "systemDiskCategory"]);
        expect(replacingPaths("alicloud:vpc/routeEntry:RouteEntry", ["nameX", "name"])).toEqual(["name"]);
    });
});

describe("the generator's Go schema reader", () => {
    const go = `
func resourceX() *schema.Resource {
	return &schema.Resource{
		Update: resourceXUpdate,
		Schema: map[string]*schema.Schema{
			"name": {
				Type:     schema.TypeString,
				Optional: true,
				ForceNew: true,
				Description: "a { brace in a string",
			},
			"tags": tagsSchema(),
			"disks": {
				Type:     schema.TypeList,
				Optional: true,
				Elem: &schema.Resource{
					Schema: map[string]*schema.Schema{
						"size": {Type: schema.TypeInt, Optional: true, ForceNew: true},
						"category": {Type: schema.TypeString, Optional: true},
					},
				},
			},
			"old": {
				Removed: "gone",
			},
			"id_out": {
				Type:     schema.TypeString,
				Computed: true,
			},
		},
	}
}`;
    test("reads each field's own ForceNew, settable and removed flags, and a block's fields; a nested ForceNew is not its parent's", () => {
        const at = go.indexOf("Schema: map[string]*schema.Schema{") + "Schema: map[string]*schema.Schema".length;
        const fields = schemaFields(go, at);
        expect(fields.map((f) => [f.name, f.forceNew, f.settable, f.removed])).toEqual([
            ["name", true, true, false],
            ["disks", false, true, false],
            ["old", false, false, true],
            ["id_out", false, false, false],
        ]);
        expect(fields[1].children.map((c) => [c.name, c.forceNew])).toEqual([
            ["size", true],
            ["category", false],
        ]);
    });
});
