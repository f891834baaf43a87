// The RAM role of a self-managed cluster's ECS nodes: what Alibaba Cloud's CSI driver may do with it.
import { execFileSync } from "child_process";
import * as path from "path";
import { CSI_NODE_ACTIONS, csiNodePolicy, nodeRoleName, nodeTrustPolicy } from "../../components/cluster/nodeRamRole";
import { alibabaCsiValues } from "../../components/storage/alibabaCsi";
import { PLATFORM_CHARTS, chartArchiveName } from "../../components/kubernetes/charts";
import * as YAML from "yaml";

test("ECS may assume the role; the policy allows the CSI driver's disk and NAS calls and nothing else", () => {
    expect(JSON.parse(nodeTrustPolicy())).toEqual({ Version: "1", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { Service: ["ecs.aliyuncs.com"] } }] });
    const policy = JSON.parse(csiNodePolicy());
    // the disk and NAS calls of alibaba-cloud-csi-driver v1.37.1 (pkg/disk, pkg/nas, pkg/cloud), without snapshots or file-system creation
    expect(policy.Statement).toEqual([
        {
            Effect: "Allow",
            Action: [
                "ecs:CreateDisk", "ecs:AttachDisk", "ecs:DetachDisk", "ecs:DeleteDisk", "ecs:ResizeDisk", "ecs:DescribeDisks", "ecs:DescribeInstances",
                "ecs:DescribeInstanceHistoryEvents", "ecs:DescribeTags", "ecs:AddTags", "ecs:RemoveTags",
                "nas:DescribeFileSystems", "nas:DescribeMountTargets", "nas:CreateDir", "nas:SetDirQuota", "nas:CancelDirQuota",
            ],
            Resource: "*",
        },
    ]);
    expect(CSI_NODE_ACTIONS.every((a) => /^(ecs|nas):[A-Z][A-Za-z]+$/.test(a))).toBe(true);
    // no file system or snapshot of the driver's making, no RAM or network calls
    expect(CSI_NODE_ACTIONS.filter((a) => /FileSystem$|Snapshot|ram:|vpc:/.test(a) && !a.startsWith("nas:Describe"))).toEqual([]);
    expect(nodeRoleName("nonprod")).toBe("kube-platform-nonprod-nodes");
});

test("the CSI chart's values name keys of the vendored chart's values.yaml: not ACK, ECS, the region, disk and NAS only, no class of its own", () => {
    const spec = PLATFORM_CHARTS.alibabaCloudCsiDriver;
    const archive = path.join(__dirname, "..", "..", spec.vendoredIn, chartArchiveName(spec));
    const defaults = YAML.parse(execFileSync("tar", ["-xzOf", archive, "alibaba-cloud-csi-driver/values.yaml"], { encoding: "utf8" }));
    const values = alibabaCsiValues("cn-hangzhou");
    const known = (v: Record<string, unknown>, d: Record<string, unknown>, at: string): string[] =>
        Object.entries(v).flatMap(([k, x]) => (!(k in d) ? [`${at}${k}`] : x !== null && typeof x === "object" && !Array.isArray(x) ? known(x as Record<string, unknown>, (d[k] ?? {}) as Record<string, unknown>, `${at}${k}.`) : []));
    expect(known(values, defaults, "")).toEqual([]);
    expect(values).toMatchObject({ deploy: { ack: false, ecs: true, regionID: "cn-hangzhou" }, defaultStorageClass: { enabled: false } });
});
