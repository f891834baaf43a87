import { apiRecord, endpointAddress, fqdn, hostOf, relativeName } from "../../config/dns";
import { certificateDnsNames } from "../../components/pki/certificates";
import { expectProblems, problemsOf } from "./settingsAssertions";
import { mutatedRaw } from "./stackSettings";

describe("names in the platform's zone", () => {
    test.each([
        ["kube-platform.internal", "harbor.ops.kube-platform.internal", "harbor.ops"],
        ["kube-platform.internal", "HARBOR.ops.kube-platform.internal.", "harbor.ops"],
        ["kube-platform.internal", "kube-platform.internal", undefined],
        ["kube-platform.internal", "harbor.ops.other.internal", undefined],
        ["kube-platform.internal", "harbor.opskube-platform.internal", undefined],
    ])("in %s, %s is %s", (zone, host, rr) => expect(relativeName(zone, host)).toBe(rr));

    test("full names, API records, hosts and endpoint addresses", () => {
        expect(fqdn("kube-platform.internal", "console.ops")).toBe("console.ops.kube-platform.internal");
        expect(apiRecord("nonprod")).toBe("api.nonprod");
        expect(hostOf("logstash-1.log.corp.internal:5044")).toBe("logstash-1.log.corp.internal");
        expect(endpointAddress("https://192.0.2.10:6443")).toBe("192.0.2.10");
        expect(endpointAddress("https://api.example:6443")).toBeUndefined();
    });

    test("a certificate's DNS names: lower case, each once; bad names refused", () => {
        expect(certificateDnsNames(["Harbor.ops.kube-platform.internal", "harbor.ops.kube-platform.internal"])).toEqual(["harbor.ops.kube-platform.internal"]);
        expect(() => certificateDnsNames([])).toThrow("at least one host name");
        expect(() => certificateDnsNames(["bad name"])).toThrow('not DNS names: "bad name"');
    });
});

describe("the zone's rules in the settings", () => {
    test("Harbor's host name outside the zone is a problem of the registry setting", () => {
        const raw = mutatedRaw("prod", (config) => {
            (config["platform:registry"] as { hostname: string }).hostname = "harbor.example.com";
        });
        expectProblems(problemsOf(raw), [
            {
                file: "Pulumi.prod.yaml",
                key: "platform:registry.hostname",
                expected: ["a name inside the platform's zone kube-platform.internal"],
                found: '"harbor.example.com"',
                fix: ["rename it to a name ending in .kube-platform.internal"],
            },
        ]);
    });

    test("an external host inside the zone would not resolve: named, with the key", () => {
        const raw = mutatedRaw("prod", (config) => {
            (config["platform:observability"] as { logstashHosts: string[] }).logstashHosts = ["logstash-1.log.corp.internal:5044", "logstash.kube-platform.internal:5044"];
        });
        expectProblems(problemsOf(raw), [
            {
                file: "Pulumi.prod.yaml",
                key: "platform:observability.logstashHosts[1]",
                expected: ["a host outside the platform's zone kube-platform.internal"],
                found: '"logstash.kube-platform.internal"',
                fix: ["the service's own DNS name"],
            },
        ]);
    });

    test("a zone that is not a DNS name is a problem of the conventions", () => {
        const raw = mutatedRaw("prod", (_c, conventions) => {
            (conventions.dns as { zone: string }).zone = "no_dots";
        });
        const problems = problemsOf(raw);
        expect(problems.map((p) => [p.file, p.key])).toEqual([["config/platform.yaml", "dns.zone"]]);
    });
});

test("a disk level that is not one of ESSD's is a problem of the conventions, naming what is allowed", () => {
    const raw = mutatedRaw("prod", (_c, conventions) => {
        conventions.storage = { diskPerformanceLevel: "PL9" };
    });
    const problems = problemsOf(raw);
    expect(problems.map((p) => [p.file, p.key, p.found])).toEqual([["config/platform.yaml", "storage.diskPerformanceLevel", '"PL9"']]);
    expect(problems[0].expected).toMatch(/PL0.*PL1.*PL2.*PL3/);
});
