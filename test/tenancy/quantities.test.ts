import fc from "fast-check";
import { describeCpu, describeMemory, formatCpu, formatMemory, parseCpu, parseMemory, quantityValue } from "../../config/tenancyQuantities";
import { overcommitOf } from "../../config/tenancyRules";

describe.each<[unknown, number | undefined]>([
    [16, 16000], [0.5, 500], [2.25, 2250], ["2.25", 2250], ["500m", 500], ["1m", 1], [0.001, 1],
    [0, undefined], [-1, undefined], [0.0005, undefined], ["0m", undefined], ["1.2345", undefined], ["500 m", undefined], ["16 vCPU", undefined],
    [Infinity, undefined], [NaN, undefined], [null, undefined], [true, undefined], ["", undefined],
])("parseCpu(%j)", (input, milli) => {
    test(`is ${milli}`, () => expect(parseCpu(input)).toBe(milli));
});

describe.each<[unknown, number | undefined]>([
    ["512Mi", 512], ["64Gi", 65536], ["2Ti", 2097152], ["1Gi", 1024],
    ["0Gi", undefined], ["64G", undefined], ["64", undefined], [64, undefined], ["1.5Gi", undefined], ["64gi", undefined], ["-1Gi", undefined], ["9999999999Gi", undefined],
])("parseMemory(%j)", (input, mib) => {
    test(`is ${mib}`, () => expect(parseMemory(input)).toBe(mib));
});

test.each([[16000, "16"], [500, "500m"], [2250, "2250m"], [1, "1m"]])("formatCpu(%d) = %s", (milli, q) => expect(formatCpu(milli)).toBe(q));
test.each([[512, "512Mi"], [65536, "64Gi"], [2097152, "2Ti"], [1536, "1536Mi"], [1048576 + 1024, "1025Gi"]])("formatMemory(%d) = %s", (mib, q) => expect(formatMemory(mib)).toBe(q));
test.each([[96000, "96 vCPU"], [500, "0.5 vCPU"], [286650, "286.65 vCPU"], [1, "0 vCPU"]])("describeCpu(%d) = %s", (milli, text) => expect(describeCpu(milli)).toBe(text));
test.each([[393216, "384 GiB"], [1536, "1.5 GiB"], [512, "512 MiB"], [1092825, "1067.21 GiB"]])("describeMemory(%d) = %s", (mib, text) => expect(describeMemory(mib)).toBe(text));

test("what the layout writes, Kubernetes reads back as the same amount", () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 10_000_000 }), (milli) => expect(quantityValue(formatCpu(milli))).toBeCloseTo(milli / 1000, 9)));
    fc.assert(fc.property(fc.integer({ min: 1, max: 100_000_000 }), (mib) => expect(quantityValue(formatMemory(mib))).toBe(mib * 2 ** 20)));
    fc.assert(fc.property(fc.integer({ min: 1, max: 10_000_000 }), (milli) => expect(parseCpu(formatCpu(milli))).toBe(milli)));
});

describe.each<[unknown, number | undefined]>([
    ["96", 96], ["500m", 0.5], ["1.5", 1.5], ["64Gi", 64 * 2 ** 30], ["1Ti", 2 ** 40], ["2G", 2e9], ["100k", 1e5], ["1e3", 1000], ["1E-3", 0.001],
    [".5", 0.5], ["+2", 2], [12, 12], ["2 Gi", undefined], ["Gi", undefined], ["[unknown]", undefined], [undefined, undefined], [{}, undefined],
])("quantityValue(%j)", (q, value) => {
    test(`is ${value}`, () => (value === undefined ? expect(quantityValue(q)).toBeUndefined() : expect(quantityValue(q)).toBeCloseTo(value, 12)));
});

test("overcommit: the cluster's ratios, or 1 when tenancy.yaml names none", () => {
    const settings = { overcommit: { prod: { cpu: 1.5, memory: 1 } } } as unknown as Parameters<typeof overcommitOf>[0];
    expect(overcommitOf(settings, "prod")).toEqual({ cpu: 1.5, memory: 1 });
    expect(overcommitOf(settings, "nonprod")).toEqual({ cpu: 1, memory: 1 });
    expect(overcommitOf(settings, "constructor")).toEqual({ cpu: 1, memory: 1 });
});
