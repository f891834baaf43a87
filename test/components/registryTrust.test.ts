import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { preUserData, registryTrustScript } from "../../components/cluster/registryTrust";

const CA = "-----BEGIN CERTIFICATE-----\nMIIB-test-ca\n-----END CERTIFICATE-----\n";

describe("registryTrustScript: a node's trust of the platform CA for Harbor", () => {
    test("run in a scratch root, it writes the CA and a hosts.toml per containerd config path, and is valid bash", () => {
        const root = fs.mkdtempSync(path.join(os.tmpdir(), "node-root-"));
        try {
            // the same script with every absolute path moved under the scratch root: the machine's own trust
            // store is never touched (the scratch root has none, so that branch is skipped)
            const script = registryTrustScript("harbor.ops.kube-platform.internal", CA).replace(/([ "])\/(etc|usr)\//g, `$1${root}/$2/`);
            expect(script).not.toMatch(/[ "]\/(etc|usr)\//);
            execFileSync("bash", ["-c", script], { stdio: "pipe" });
            for (const dir of ["etc/containerd/cert.d", "etc/containerd/certs.d"]) {
                const host = path.join(root, dir, "harbor.ops.kube-platform.internal");
                expect(fs.readFileSync(path.join(host, "ca.crt"), "utf8")).toBe(CA);
                const toml = fs.readFileSync(path.join(host, "hosts.toml"), "utf8");
                expect(toml).toBe(`server = "https://harbor.ops.kube-platform.internal"\n\n[host."https://harbor.ops.kube-platform.internal"]\n  capabilities = ["pull", "resolve"]\n  ca = "${root}/${dir}/harbor.ops.kube-platform.internal/ca.crt"\n`);
            }
        } finally {
            fs.rmSync(root, { recursive: true, force: true });
        }
    });

    test("preUserData is the script, base64 (the provider passes it on unchanged)", () => {
        expect(Buffer.from(preUserData("harbor.x.internal", CA), "base64").toString("utf8")).toBe(registryTrustScript("harbor.x.internal", CA));
    });

    test.each([
        ["a host with a space", "harbor x", CA, "not a registry host"],
        ["a host with a shell character", "harbor;rm", CA, "not a registry host"],
        ["something that is not a certificate", "harbor.x.internal", "not a pem", "not a PEM certificate"],
    ])("refuses %s", (_what, host, ca, message) => {
        expect(() => registryTrustScript(host, ca)).toThrow(message);
    });
});
