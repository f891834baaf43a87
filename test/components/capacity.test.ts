import { clusterCapacity, guaranteedNodes } from "../../config/capacity";
import { PoolSettings } from "../../config/load";
import { formatShape, instanceShape, nodeAllocatable, poolsAllocatable } from "../../config/nodes";

describe("instanceShape", () => {
    test.each([
        ["ecs.g7.8xlarge", { vcpu: 32, memoryGiB: 128 }],
        ["ecs.g8i.8xlarge", { vcpu: 32, memoryGiB: 128 }],
        ["ecs.g8a.8xlarge", { vcpu: 32, memoryGiB: 128 }],
        ["ecs.g6.8xlarge", { vcpu: 32, memoryGiB: 128 }],
        ["ecs.g7.4xlarge", { vcpu: 16, memoryGiB: 64 }],
        ["ecs.c7.8xlarge", { vcpu: 32, memoryGiB: 64 }],
        ["ecs.r7.8xlarge", { vcpu: 32, memoryGiB: 256 }],
        ["ecs.g7.large", { vcpu: 2, memoryGiB: 8 }],
        ["ecs.gn7i-c8g1.2xlarge", undefined],
        ["ecs.g7.9xlarge", undefined],
        ["g7.8xlarge", undefined],
    ])("%s -> %j", (type, shape) => expect(instanceShape(type)).toEqual(shape));

    test("formats a shape", () => expect(formatShape({ vcpu: 32, memoryGiB: 128 })).toBe("32 vCPU / 128 GiB"));
});

describe("nodeAllocatable: ACK's tiered reserve plus the 100 MiB eviction threshold", () => {
    test.each([
        // cpu: 60m + 10m + 10m + 0.25% of the rest; memory: 25% / 20% / 10% / 6% / 2% tiers + 0.1 GiB
        [{ vcpu: 32, memoryGiB: 128 }, { cpuMilli: 31850, memoryMiB: 121425 }],
        [{ vcpu: 4, memoryGiB: 16 }, { cpuMilli: 3920, memoryMiB: 13619 }],
        [{ vcpu: 2, memoryGiB: 8 }, { cpuMilli: 1930, memoryMiB: 6246 }],
        [{ vcpu: 64, memoryGiB: 256 }, { cpuMilli: 63770, memoryMiB: 249876 }],
    ])("%j -> %j", (shape, allocatable) => expect(nodeAllocatable(shape)).toEqual(allocatable));
});

const pool = (p: Partial<PoolSettings>): PoolSettings => ({
    name: "p",
    role: "general",
    instanceType: "ecs.g7.8xlarge",
    shape: { vcpu: 32, memoryGiB: 128 },
    zones: ["a", "b"],
    labels: {},
    ...p,
});

describe("cluster capacity", () => {
    test.each([
        [{ desiredSize: 3 }, 3],
        [{ autoscaling: { min: 2, max: 9 } }, 2],
        [{}, 0],
    ])("guaranteed nodes of %j = %d", (p, n) => expect(guaranteedNodes(p)).toBe(n));

    const pools = [
        pool({ name: "general", desiredSize: 6 }),
        pool({ name: "stateful", role: "stateful", desiredSize: 3 }),
        pool({ name: "ci", role: "ci", autoscaling: { min: 1, max: 6 } }),
    ];

    test("on ACK, sums pools; tenants get general pools only (CI and exclusive-ENI stateful pools are tainted off)", () => {
        const c = clusterCapacity("ack", pools);
        expect(c.tenant).toEqual({ cpuMilli: 6 * 31850, memoryMiB: 6 * 121425 });
        expect(c.total).toEqual({ cpuMilli: 10 * 31850, memoryMiB: 10 * 121425 });
    });

    test("on a self-managed cluster (Calico enforces policies everywhere), stateful pools are tenant capacity too", () => {
        const c = clusterCapacity("selfManaged", pools);
        expect(c.tenant).toEqual({ cpuMilli: 9 * 31850, memoryMiB: 9 * 121425 });
        expect(c.total).toEqual({ cpuMilli: 10 * 31850, memoryMiB: 10 * 121425 });
    });

    test("an empty cluster has no capacity", () => {
        expect(poolsAllocatable([])).toEqual({ cpuMilli: 0, memoryMiB: 0 });
    });
});
