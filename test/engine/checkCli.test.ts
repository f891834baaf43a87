// npm run check as a user runs it: a child process per case, so only a handful of cases.
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { changed, compliantWorkload } from "../policies/workloadsFixtures";
import { CLI_TIMEOUT, ROOT, npmRun, tmpFiles } from "./npmScript";

const PACK = `platform-policies@${(JSON.parse(fs.readFileSync(path.join(ROOT, "policies/package.json"), "utf8")) as { version: string }).version}`;

const EXTERNAL_IPS_MESSAGE =
    'Service shop/web: spec.externalIPs: expected no external IPs; found ["203.0.113.7"]. Fix: remove spec.externalIPs; expose the Service as a NodePort or an intranet LoadBalancer';

const service = (extra: string) =>
    ["apiVersion: v1", "kind: Service", "metadata:", "  name: web", "  namespace: shop", "spec:", "  type: ClusterIP", "  selector: { app: web }", "  ports: [{ port: 80, targetPort: 8080 }]", extra, ""].join(
        "\n",
    );
const CONFIG_MAP = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n  namespace: shop\ndata:\n  LOG_LEVEL: info\n";
/** No policy checks a ConfigMap: the output says so, rather than pass it as checked. */
const CONFIG_MAP_NOT_CHECKED = (source: string) =>
    `  not checked ${source} document 1, ConfigMap shop/web: no policy checks its kind (v1 ConfigMap); only the policies on every object ran on it (nothing-in-default-namespace)\n`;

describe("npm run check", () => {
    // ks-core's apiserver as `helm template` renders it: no namespace, the node's /etc/localtime mounted
    const ksApiserver = changed(compliantWorkload("Deployment"), (o) => {
        const meta = o.metadata as Record<string, unknown>;
        meta.name = "ks-apiserver";
        delete meta.namespace;
        const pod = (o.spec as { template: { spec: Record<string, unknown> } }).template.spec;
        pod.volumes = [{ name: "host-time", hostPath: { path: "/etc/localtime", type: "" } }];
    });
    const dir = tmpFiles({
        "ks-apiserver.yaml": YAML.stringify(ksApiserver),
        "external-ips.yaml": `${CONFIG_MAP}---\n${service("  externalIPs: [203.0.113.7]")}`,
        "clean.yaml": `${CONFIG_MAP}---\n${service("")}`,
    });
    const file = (name: string) => path.join(dir, name);

    test(
        "a Service with spec.externalIPs: exit 1, the policy's message, and the --json report",
        async () => {
            const report = file("report.json");
            const { code, stdout, stderr } = await npmRun("check", [file("external-ips.yaml"), "--json", report]);
            expect(stderr).toBe("");
            expect(code).toBe(1);
            expect(stdout).toContain(`Checked 2 object(s) against ${PACK}: 1 mandatory, 0 advisory violation(s)\n`);
            expect(stdout).toContain("  [mandatory] service-no-external-ips  Service shop/web\n");
            expect(stdout).toContain(`      ${EXTERNAL_IPS_MESSAGE}\n`);
            expect(stdout).toContain(CONFIG_MAP_NOT_CHECKED(file("external-ips.yaml")));
            expect(JSON.parse(fs.readFileSync(report, "utf8"))).toEqual({
                violations: [
                    {
                        policy: "service-no-external-ips",
                        enforcementLevel: "mandatory",
                        resource: { kind: "Service", namespace: "shop", name: "web" },
                        message: expect.stringContaining(EXTERNAL_IPS_MESSAGE),
                    },
                ],
                notChecked: [
                    {
                        source: file("external-ips.yaml"),
                        document: 1,
                        apiVersion: "v1",
                        resource: { kind: "ConfigMap", namespace: "shop", name: "web" },
                        policiesOnEveryObject: ["nothing-in-default-namespace"],
                    },
                ],
            });
        },
        CLI_TIMEOUT,
    );

    test(
        "an object without a namespace lands in --namespace, where the platform's exemption applies, and says so",
        async () => {
            const placed = await npmRun("check", [file("ks-apiserver.yaml"), "--namespace", "kubesphere-system"]);
            expect(placed.code).toBe(0);
            expect(placed.stdout).toBe(
                `Checked 1 object(s) against ${PACK}: 0 mandatory, 0 advisory violation(s)\n` +
                    "  exempted pod-no-host-path: Deployment kubesphere-system/ks-apiserver (an exemption of the pack's configuration)\n",
            );
            // without it, it lands in default, as kubectl apply puts it: no exemption covers it there
            const unplaced = await npmRun("check", [file("ks-apiserver.yaml")]);
            expect(unplaced.code).toBe(1);
            expect(unplaced.stdout).toContain("  [mandatory] pod-no-host-path  Deployment default/ks-apiserver\n");
        },
        CLI_TIMEOUT,
    );

    test(
        "a clean manifest: exit 0",
        async () => {
            const { code, stdout, stderr } = await npmRun("check", [file("clean.yaml")]);
            expect(stderr).toBe("");
            expect(code).toBe(0);
            expect(stdout).toBe(`Checked 2 object(s) against ${PACK}: 0 mandatory, 0 advisory violation(s)\n${CONFIG_MAP_NOT_CHECKED(file("clean.yaml"))}`);
        },
        CLI_TIMEOUT,
    );

    test(
        "- reads standard input (helm template ... | npm run check -- -)",
        async () => {
            const { code, stdout } = await npmRun("check", ["-"], `${service("  externalIPs: [203.0.113.7]")}`);
            expect(code).toBe(1);
            expect(stdout).toContain(`Checked 1 object(s) against ${PACK}: 1 mandatory, 0 advisory violation(s)\n`);
            expect(stdout).toContain(EXTERNAL_IPS_MESSAGE);
        },
        CLI_TIMEOUT,
    );

    test(
        "an unreadable file: exit 2, naming the file",
        async () => {
            const missing = file("missing.yaml");
            const { code, stdout, stderr } = await npmRun("check", [missing]);
            expect(code).toBe(2);
            expect(stdout).toBe("");
            expect(stderr).toBe(`${missing}: no such file\n`);
        },
        CLI_TIMEOUT,
    );

    test(
        "invalid YAML: exit 2, naming the file, the document and the line, without a stack trace",
        async () => {
            const { code, stdout, stderr } = await npmRun("check", ["-"], `${CONFIG_MAP}---\napiVersion: v1\nkind: Service\nmetadata: {name: [web}\n`);
            expect(code).toBe(2);
            expect(stdout).toBe("");
            expect(stderr).toMatch(/^\(stdin\): document 2, line 11: invalid YAML: /);
            expect(stderr).not.toMatch(/\n\s+at /);
        },
        CLI_TIMEOUT,
    );
});
