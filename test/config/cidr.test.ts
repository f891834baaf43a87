import { addressProblem, cidr, cidrProblem, contains, containsAddress, formatAddress, overlappingPairs, overlaps, parseAddress, parseCidr, size } from "../../config/cidr";

describe("parseCidr: canonical blocks", () => {
    test.each([
        // text, first, last, prefix
        ["10.0.0.0/8", 167772160, 184549375, 8],
        ["10.16.0.0/12", 168820736, 169869311, 12],
        ["10.0.64.0/19", 167788544, 167796735, 19],
        ["192.168.1.128/25", 3232235904, 3232236031, 25],
        ["128.0.0.0/1", 2147483648, 4294967295, 1],
        ["0.0.0.0/0", 0, 4294967295, 0],
        ["0.0.0.0/32", 0, 0, 32],
        ["255.255.255.255/32", 4294967295, 4294967295, 32],
        ["255.255.255.254/31", 4294967294, 4294967295, 31],
        ["255.255.255.0/24", 4294967040, 4294967295, 24],
        ["255.0.0.0/8", 4278190080, 4294967295, 8],
    ])("%s is [%d, %d] /%d", (text, first, last, prefix) => {
        expect(parseCidr(text)).toEqual({ text, first, last, prefix });
        expect(cidrProblem(text)).toBeUndefined();
        expect(cidr(text)).toEqual({ text, first, last, prefix });
    });
});

describe("parseCidr and cidrProblem: rejected text", () => {
    test.each([
        // host bits set below the prefix: the message names the block's real start
        ["10.0.0.1/8", "host bits are set below /8: the block starts at 10.0.0.0/8"],
        ["10.0.0.1/20", "host bits are set below /20: the block starts at 10.0.0.0/20"],
        ["10.16.0.0/11", "host bits are set below /11: the block starts at 10.0.0.0/11"],
        ["1.0.0.0/0", "host bits are set below /0: the block starts at 0.0.0.0/0"],
        ["255.255.255.255/31", "host bits are set below /31: the block starts at 255.255.255.254/31"],
        ["255.255.255.255/0", "host bits are set below /0: the block starts at 0.0.0.0/0"],
        ["192.168.1.129/25", "host bits are set below /25: the block starts at 192.168.1.128/25"],
        // out of range
        ["256.0.0.0/8", "an octet is above 255"],
        ["10.0.0.256/32", "an octet is above 255"],
        ["999.999.999.999/32", "an octet is above 255"],
        ["10.0.0.0/33", "the prefix length is above 32"],
        ["10.0.0.0/99", "the prefix length is above 32"],
        // not a CIDR at all
        ["10.0.0.0", "not of the form a.b.c.d/n"],
        ["10.0.0/8", "not of the form a.b.c.d/n"],
        ["10.0.0.0.0/8", "not of the form a.b.c.d/n"],
        ["1000.0.0.0/8", "not of the form a.b.c.d/n"],
        ["10.0.0.0/100", "not of the form a.b.c.d/n"],
        ["10.0.0.0/-1", "not of the form a.b.c.d/n"],
        ["10.0.0.0/", "not of the form a.b.c.d/n"],
        ["a.b.c.d/8", "not of the form a.b.c.d/n"],
        ["", "not of the form a.b.c.d/n"],
        [" 10.0.0.0/8", "not of the form a.b.c.d/n"],
        ["10.0.0.0/8 ", "not of the form a.b.c.d/n"],
        ["10.0.0.0/8\n", "not of the form a.b.c.d/n"],
        ["10.0.0.0 /8", "not of the form a.b.c.d/n"],
        ["::/0", "not of the form a.b.c.d/n"],
        ["10.0.0.0/8,10.16.0.0/12", "not of the form a.b.c.d/n"],
    ])("%j: %s", (text, problem) => {
        expect(parseCidr(text)).toBeUndefined();
        expect(cidrProblem(text)).toBe(problem);
        expect(() => cidr(text)).toThrow(`invalid CIDR ${JSON.stringify(text)}: ${problem}`);
    });
});

// A leading zero is not canonical, and some tools read 010 as octal 8 (CVE-2021-29921 in Python's ipaddress):
// a block that means 10.0.0.0/8 here could mean 8.0.0.0/8 elsewhere.
describe("parseCidr: leading zeros are not canonical", () => {
    test.each(["010.0.0.0/8", "10.0.0.0/08"])("%s is rejected", (text) => {
        expect(parseCidr(text)).toBeUndefined();
        expect(cidrProblem(text)).toEqual(expect.any(String));
    });
});

describe("formatAddress", () => {
    test.each([
        [0, "0.0.0.0"],
        [1, "0.0.0.1"],
        [255, "0.0.0.255"],
        [256, "0.0.1.0"],
        [167772160, "10.0.0.0"],
        [3232235777, "192.168.1.1"],
        [2147483648, "128.0.0.0"],
        [4294967295, "255.255.255.255"],
    ])("%d is %s", (address, text) => {
        expect(formatAddress(address)).toBe(text);
    });
});

describe("overlaps (symmetric)", () => {
    test.each([
        ["10.0.0.0/16", "10.0.255.0/24", true],
        ["10.0.0.0/16", "10.1.0.0/16", false],
        ["10.0.0.0/24", "10.0.1.0/24", false],
        ["10.0.0.0/24", "10.0.0.255/32", true],
        ["10.0.1.0/24", "10.0.0.255/32", false],
        ["10.16.0.0/12", "10.31.255.0/24", true],
        ["10.16.0.0/12", "10.32.0.0/12", false],
        ["10.0.0.0/8", "10.32.0.0/12", true],
        ["192.168.0.0/20", "192.168.16.0/20", false],
        ["0.0.0.0/0", "255.255.255.255/32", true],
        ["0.0.0.0/0", "0.0.0.0/0", true],
        ["0.0.0.0/1", "128.0.0.0/1", false],
        ["10.0.0.0/32", "10.0.0.0/32", true],
        ["10.0.0.0/32", "10.0.0.1/32", false],
        ["255.255.255.254/31", "255.255.255.255/32", true],
    ])("%s and %s: %s", (a, b, expected) => {
        expect(overlaps(cidr(a), cidr(b))).toBe(expected);
        expect(overlaps(cidr(b), cidr(a))).toBe(expected);
    });
});

describe("contains", () => {
    test.each([
        ["10.0.0.0/16", "10.0.64.0/19", true],
        ["10.0.0.0/16", "10.0.0.0/16", true],
        ["10.0.64.0/19", "10.0.0.0/16", false],
        ["10.0.0.0/16", "10.0.255.255/32", true],
        ["10.0.0.0/16", "10.1.0.0/32", false],
        ["10.0.128.0/17", "10.0.0.0/16", false],
        ["10.0.0.0/16", "9.255.255.255/32", false],
        ["10.16.0.0/12", "10.17.0.0/16", true],
        ["10.16.0.0/12", "10.32.0.0/20", false],
        ["0.0.0.0/0", "255.255.255.255/32", true],
        ["0.0.0.0/0", "0.0.0.0/0", true],
        ["255.255.255.255/32", "0.0.0.0/0", false],
        ["255.255.255.0/24", "255.255.255.255/32", true],
    ])("%s contains %s: %s", (outer, inner, expected) => {
        expect(contains(cidr(outer), cidr(inner))).toBe(expected);
    });
});

describe("size", () => {
    test.each([
        ["0.0.0.0/0", 4294967296],
        ["10.0.0.0/8", 16777216],
        ["10.16.0.0/12", 1048576],
        ["10.0.0.0/16", 65536],
        ["10.0.0.0/20", 4096],
        ["255.255.255.0/24", 256],
        ["255.255.255.254/31", 2],
        ["255.255.255.255/32", 1],
        ["0.0.0.0/32", 1],
    ])("%s has %d addresses", (text, addresses) => {
        expect(size(cidr(text))).toBe(addresses);
    });
});

describe("overlappingPairs", () => {
    const block = (text: string) => parseCidr(text);

    test.each<[string[], [string, string][]]>([
        [[], []],
        [["10.0.0.0/16"], []],
        [["10.0.0.0/16", "10.16.0.0/12", "10.32.0.0/12"], []],
        [["10.0.0.0/16", "10.0.0.0/20"], [["10.0.0.0/16", "10.0.0.0/20"]]],
        [
            ["10.0.0.0/8", "10.0.0.0/16", "10.16.0.0/12"],
            [
                ["10.0.0.0/8", "10.0.0.0/16"],
                ["10.0.0.0/8", "10.16.0.0/12"],
            ],
        ],
        // items without a block (unparsable) take part in no pair
        [["not a cidr", "10.0.0.0/16", "10.0.0.1/16", "10.0.0.0/24"], [["10.0.0.0/16", "10.0.0.0/24"]]],
    ])("%j -> %j", (items, pairs) => {
        expect(overlappingPairs(items, block)).toEqual(pairs);
    });
});

describe("parseAddress and addressProblem", () => {
    test.each([
        ["10.100.1.22", 174326038, undefined],
        ["0.0.0.0", 0, undefined],
        ["255.255.255.255", 4294967295, undefined],
        ["10.100.1.320", undefined, "an octet is above 255 (320)"],
        ["256.1.1.300", undefined, "an octet is above 255 (256, 300)"],
        ["10.100.01.2", undefined, "a number has a leading zero"],
        ["10.100.1.0/24", undefined, "a block, not one address"],
        ["idc-router", undefined, "not of the form a.b.c.d"],
        ["10.100.1", undefined, "not of the form a.b.c.d"],
    ])("%s", (text, address, problem) => {
        expect(parseAddress(text)).toBe(address);
        expect(addressProblem(text)).toBe(problem);
    });

    test("containsAddress: the block's first and last address are in it, their neighbours not", () => {
        const block = cidr("10.100.0.0/16");
        expect([parseAddress("10.99.255.255"), parseAddress("10.100.0.0"), parseAddress("10.100.255.255"), parseAddress("10.101.0.0")].map((a) => containsAddress(block, a!))).toEqual([false, true, true, false]);
    });
});
