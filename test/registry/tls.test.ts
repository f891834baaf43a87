/**
 * The Harbor client verifies Harbor's certificate against the platform CA it is given: a real HTTPS server
 * with a certificate issued by a CA made here (openssl), the client trusting that CA, another one, or none.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as https from "https";
import * as os from "os";
import * as path from "path";
import { AddressInfo } from "net";
import { HarborClient } from "../../components/registry/harbor/api";

const HOST = "localhost";

function openssl(dir: string, ...args: string[]): void {
    execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
}

/** A CA and, when `serverFor` is given, a server certificate for that name signed by it. */
function makeCa(dir: string, name: string, serverFor?: string): { ca: string; cert?: string; key?: string } {
    openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", `${name}-ca.key`, "-out", `${name}-ca.crt`, "-days", "2", "-subj", `/CN=${name} CA`);
    const ca = fs.readFileSync(path.join(dir, `${name}-ca.crt`), "utf8");
    if (!serverFor) return { ca };
    openssl(dir, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", `${name}-server.key`, "-out", `${name}-server.csr`, "-subj", `/CN=${serverFor}`);
    fs.writeFileSync(path.join(dir, `${name}-ext.cnf`), `subjectAltName=DNS:${serverFor}\n`);
    openssl(dir, "x509", "-req", "-in", `${name}-server.csr`, "-CA", `${name}-ca.crt`, "-CAkey", `${name}-ca.key`, "-CAcreateserial", "-out", `${name}-server.crt`, "-days", "2", "-extfile", `${name}-ext.cnf`);
    return { ca, cert: fs.readFileSync(path.join(dir, `${name}-server.crt`), "utf8"), key: fs.readFileSync(path.join(dir, `${name}-server.key`), "utf8") };
}

describe("the Harbor client over HTTPS", () => {
    let dir: string;
    let server: https.Server;
    let url: string;
    let platform: { ca: string };
    let other: { ca: string };

    beforeAll(async () => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "harbor-tls-"));
        const issued = makeCa(dir, "platform", HOST);
        platform = issued;
        other = makeCa(dir, "other");
        server = https.createServer({ cert: issued.cert, key: issued.key }, (req, res) => {
            res.writeHead(req.url === "/api/v2.0/projects/1" ? 200 : 404, { "content-type": "application/json" });
            res.end(JSON.stringify({ project_id: 1, name: "kubesphere" }));
        });
        await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
        url = `https://${HOST}:${(server.address() as AddressInfo).port}`;
    });

    afterAll(async () => {
        await new Promise((resolve) => server.close(resolve));
        fs.rmSync(dir, { recursive: true, force: true });
    });

    test("trusting the CA that issued Harbor's certificate, it gets its answer", async () => {
        const client = new HarborClient({ url, username: "admin", password: "secret-pw", caCertPem: platform.ca });
        await expect(client.getProject(1)).resolves.toEqual({ project_id: 1, name: "kubesphere" });
    });

    test("trusting another CA, it refuses the certificate and names why", async () => {
        const client = new HarborClient({ url, username: "admin", password: "secret-pw", caCertPem: other.ca });
        await expect(client.getProject(1)).rejects.toThrow(/Harbor is unreachable at https:\/\/localhost:\d+: .*(self-signed|unable to verify|issuer)/i);
    });

    test("connecting to Harbor's address, it still checks the certificate for the URL's host name", async () => {
        const port = (server.address() as AddressInfo).port;
        const byAddress = new HarborClient({ url, username: "admin", password: "secret-pw", caCertPem: platform.ca, address: "127.0.0.1" });
        await expect(byAddress.getProject(1)).resolves.toEqual({ project_id: 1, name: "kubesphere" });
        const otherName = new HarborClient({ url: `https://harbor.example.internal:${port}`, username: "admin", password: "secret-pw", caCertPem: platform.ca, address: "127.0.0.1" });
        await expect(otherName.getProject(1)).rejects.toThrow(/Harbor is unreachable at https:\/\/harbor.example.internal:\d+: .*(altnames|does not match|Hostname)/i);
    });

    test("with no CA given, the system's trust store does not know the platform CA either", async () => {
        const client = new HarborClient({ url, username: "admin", password: "secret-pw" });
        await expect(client.getProject(1)).rejects.toThrow(/Harbor is unreachable at https:\/\/localhost:\d+: .*(self-signed|unable to verify|issuer)/i);
    });
});
