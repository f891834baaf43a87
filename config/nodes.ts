/**
 * The platform's standard worker node and the arithmetic around it: instance shapes and allocatable capacity.
 * Pure functions; the approved list itself is a convention in config/platform.yaml (`nodes`).
 */

/** vCPU and memory of an instance type. */
export interface Shape {
    readonly vcpu: number;
    readonly memoryGiB: number;
}

const SIZE_VCPU: Readonly<Record<string, number>> = {
    large: 2, xlarge: 4, "2xlarge": 8, "3xlarge": 12, "4xlarge": 16, "6xlarge": 24, "8xlarge": 32, "12xlarge": 48, "16xlarge": 64,
};
/** GiB of memory per vCPU of the general (g), compute (c) and memory (r) families. */
const FAMILY_RATIO: Readonly<Record<string, number>> = { g: 4, c: 2, r: 8 };

/**
 * The shape of an ECS instance type of the g, c or r families (`ecs.g7.8xlarge` -> 32 vCPU / 128 GiB), from
 * its naming scheme; undefined for a type outside it.
 */
export function instanceShape(type: string): Shape | undefined {
    const m = /^ecs\.([gcr])(\d+[a-z]*)\.(\w+)$/.exec(type);
    if (!m) return undefined;
    const vcpu = SIZE_VCPU[m[3]];
    return vcpu === undefined ? undefined : { vcpu, memoryGiB: vcpu * FAMILY_RATIO[m[1]] };
}

/** Human form of a shape: `32 vCPU / 128 GiB`. */
export function formatShape(shape: Shape): string {
    return `${shape.vcpu} vCPU / ${shape.memoryGiB} GiB`;
}

interface Tier {
    readonly upTo: number;
    readonly rate: number;
}

function tiered(amount: number, tiers: readonly Tier[]): number {
    let reserved = 0;
    let from = 0;
    for (const t of tiers) {
        if (amount <= from) break;
        reserved += (Math.min(amount, t.upTo) - from) * t.rate;
        from = t.upTo;
    }
    return reserved;
}

// ACK's default reservation: tiered shares of CPU and memory, plus the kubelet's hard eviction threshold.
const CPU_TIERS: readonly Tier[] = [
    { upTo: 1, rate: 0.06 }, { upTo: 2, rate: 0.01 }, { upTo: 4, rate: 0.005 }, { upTo: Infinity, rate: 0.0025 },
];
const MEMORY_TIERS: readonly Tier[] = [
    { upTo: 4, rate: 0.25 }, { upTo: 8, rate: 0.2 }, { upTo: 16, rate: 0.1 }, { upTo: 128, rate: 0.06 }, { upTo: Infinity, rate: 0.02 },
];
const EVICTION_GIB = 0.1;

/** What one node offers to pods after the system reserve: vCPU (in millicores) and memory (in MiB). */
export interface Allocatable {
    readonly cpuMilli: number;
    readonly memoryMiB: number;
}

/** Allocatable capacity of one node of a shape, rounded down to whole millicores and MiB. */
export function nodeAllocatable(shape: Shape): Allocatable {
    const cpuReserved = tiered(shape.vcpu, CPU_TIERS);
    const memoryReserved = tiered(shape.memoryGiB, MEMORY_TIERS) + EVICTION_GIB;
    return {
        cpuMilli: Math.floor((shape.vcpu - cpuReserved) * 1000 + 1e-6),
        memoryMiB: Math.floor((shape.memoryGiB - memoryReserved) * 1024 + 1e-6),
    };
}

/** The sum of allocatable capacity over pools of `count` nodes each. */
export function poolsAllocatable(pools: readonly { readonly nodes: number; readonly shape: Shape }[]): Allocatable {
    return pools.reduce(
        (sum, p) => {
            const one = nodeAllocatable(p.shape);
            return { cpuMilli: sum.cpuMilli + one.cpuMilli * p.nodes, memoryMiB: sum.memoryMiB + one.memoryMiB * p.nodes };
        },
        { cpuMilli: 0, memoryMiB: 0 },
    );
}
