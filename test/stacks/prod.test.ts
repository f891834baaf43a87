import { STANDARD, cachedPlan } from "../support/planCache";
import { checkUrnRecord, explainUrnRecord, readUrnRecord } from "../../engine/urnRecord";
import { PlanFile, PlanResource } from "../../engine/planFile";
import { FAKE_KEY_MARKER, FAKE_PLATFORM_CA_MARKER } from "../../engine/fakes/resources";

let plan: PlanFile;
beforeAll(async () => {
    plan = (await cachedPlan(STANDARD.prod)).plan;
});

const byName = (name: string): PlanResource => {
    const found = plan.resources.filter((r) => r.name === name);
    if (found.length !== 1) throw new Error(`${found.length} resources named ${name}`);
    return found[0];
};
const ofType = (type: string) => plan.resources.filter((r) => r.type === type);

describe("prod stack plan", () => {
    test("follows the plan-file contract", () => {
        expect(Object.keys(plan).sort()).toEqual(["deploy", "outputs", "policies", "project", "resources", "secretOutputs", "stack"]);
        expect(plan.stack).toBe("prod");
        expect(plan.project).toBe("platform");
        for (const r of plan.resources) {
            expect(Object.keys(r).filter((k) => !["parent", "provider", "aliases", "propertyDependencies"].includes(k)).sort()).toEqual(
                ["custom", "dependencies", "inputs", "name", "protect", "secretInputs", "type", "urn"],
            );
            // per input, only resources the resource depends on, and never an empty list
            for (const urns of Object.values(r.propertyDependencies ?? {})) {
                expect(urns.length).toBeGreaterThan(0);
                expect(urns.filter((u) => !r.dependencies.includes(u))).toEqual([]);
            }
            expect(r.urn).toBe(r.urn.trim());
            expect(r.urn.startsWith("urn:pulumi:prod::platform::")).toBe(true);
        }
        expect(plan.policies.pack).toBe("platform-policies@0.1.0");
    });

    test("declares the hub, the ops and prod networks with their egress and attachments, and nothing of nonprod", () => {
        const components = plan.resources.filter((r) => r.type.startsWith("platform:network:")).map((r) => `${r.type} ${r.name}`).sort();
        expect(components).toEqual([
            "platform:network:Egress ops-egress",
            "platform:network:Egress prod-egress",
            "platform:network:Hub hub",
            "platform:network:HubAttachment ops-hub",
            "platform:network:HubAttachment prod-hub",
            "platform:network:PrivateZone platform-dns",
            "platform:network:Vpc ops",
            "platform:network:Vpc prod",
        ]);
        expect(ofType("alicloud:vpc/network:Network").map((r) => r.inputs.cidrBlock).sort()).toEqual(["10.0.0.0/16", "10.16.0.0/12"]);
        expect(ofType("alicloud:vpc/switch:Switch")).toHaveLength(12);
    });

    test("each network's cluster waits for its way out (nodes and pods pull upstream images through it)", () => {
        for (const network of ["ops", "prod"]) {
            const cluster = plan.resources.find((r) => r.type === "platform:cluster:AckCluster" && r.name === network)!;
            // a dependency on a component is one on each of its resources: the SNAT entries included
            const snat = ofType("alicloud:vpc/snatEntry:SnatEntry").filter((r) => r.name.startsWith(`${network}-egress-`));
            expect(snat).toHaveLength(6);
            for (const s of snat) expect(cluster.dependencies).toContain(s.urn);
        }
    });

    test("prod's VPC routes only to ops, ops routes to prod and nonprod", () => {
        const prodTable = byName("prod-vpc");
        const routes = ofType("alicloud:vpc/routeEntry:RouteEntry");
        const prodRoutes = routes.filter((r) => r.dependencies.includes(prodTable.urn));
        expect(prodRoutes.map((r) => r.inputs.destinationCidrblock)).toEqual(["10.0.0.0/16"]);
        const opsRoutes = routes.filter((r) => r.dependencies.includes(byName("ops-vpc").urn));
        expect(opsRoutes.map((r) => r.inputs.destinationCidrblock).sort()).toEqual(["10.16.0.0/12", "10.32.0.0/12"]);
        for (const r of routes) expect(r.inputs.nexthopType).toBe("Attachment");
    });

    test("transit-router tables: ops uses the shared table, prod the isolated one, and each propagates into the other", () => {
        const shared = byName("hub-rt-shared");
        const isolated = byName("hub-rt-isolated");
        const tableOf = (name: string) => {
            const r = byName(name);
            return r.dependencies.includes(shared.urn) ? "shared" : r.dependencies.includes(isolated.urn) ? "isolated" : "?";
        };
        expect(tableOf("ops-hub-association")).toBe("shared");
        expect(tableOf("ops-hub-propagation")).toBe("isolated");
        expect(tableOf("prod-hub-association")).toBe("isolated");
        expect(tableOf("prod-hub-propagation")).toBe("shared");
    });

    test("exports what nonprod needs (every key of stacks/contract.ts); its secrets (registrar credential, pull credential, admin passwords; no jwtSecret: the host gives it to members) only as placeholders", () => {
        // ProdContract's keys (stacks/contract.ts): what nonprod reads
        for (const key of ["hub", "federation", "registry", "pullCredentials", "observability", "pki", "dns"]) expect(plan.outputs).toHaveProperty(key);
        const hub = plan.outputs.hub as Record<string, unknown>;
        expect(Object.keys(hub).sort()).toEqual(["cenId", "routeTableIds", "transitRouterId"]);
        expect(Object.keys(hub.routeTableIds as object).sort()).toEqual(["isolated", "shared"]);
        expect(Object.keys(plan.outputs.networks as object).sort()).toEqual(["ops", "prod"]);
        expect(plan.secretOutputs).toEqual([
            "federation.registrarKubeconfig",
            "kubesphere.adminPasswords.ops",
            "kubesphere.adminPasswords.prod",
            "pullCredentials.nonprod",
        ]);
        // what nonprod's nodes and values read is in outputs with no secret in them (a StackReference reads an output with one secret in it as secret whole)
        for (const key of ["registry", "pki", "dns", "observability", "hub"]) expect(plan.secretOutputs.filter((s) => s.split(".")[0] === key)).toEqual([]);
        const federation = plan.outputs.federation as Record<string, unknown>;
        expect(federation).toEqual({ hostEndpoint: expect.any(String), registrarKubeconfig: "[secret]" });
        // the CA's certificate is public; its key is in no output
        expect((plan.outputs.pki as { caCertPem: string }).caCertPem).toContain(FAKE_PLATFORM_CA_MARKER);
        expect(JSON.stringify(plan.outputs)).not.toContain(FAKE_KEY_MARKER);
        expect(plan.outputs.registry).toMatchObject({ url: "https://harbor.ops.kube-platform.internal", hostname: "harbor.ops.kube-platform.internal" });
        // members reach Thanos Receive and the Alertmanager by name, in the platform's zone
        expect(plan.outputs.observability).toEqual({
            remoteWriteUrl: "http://thanos-receive.ops.kube-platform.internal:19291/api/v1/receive",
            alertmanagerAddress: "alertmanager.ops.kube-platform.internal:9093",
        });
    });

    test("the platform's zone: bound to ops and prod, an A record per endpoint at its intranet load balancer, and per API server", () => {
        const zone = byName("platform-dns-zone");
        expect(zone.inputs).toMatchObject({ zoneName: "kube-platform.internal" });
        const binding = byName("platform-dns-vpcs");
        const vpcIds = (binding.inputs.vpcs as { vpcId: string }[]).map((v) => v.vpcId);
        expect(vpcIds).toHaveLength(2);
        for (const network of ["ops", "prod"]) expect(binding.dependencies).toContain(byName(`${network}-vpc`).urn);
        const lbIp = (service: string) => {
            const found = ofType("kubernetes:core/v1:Service").filter((r) => (r.inputs.metadata as { name: string }).name === service);
            expect(found).toHaveLength(1);
            return found[0];
        };
        const records: Record<string, PlanResource> = Object.fromEntries(ofType("alicloud:pvtz/zoneRecord:ZoneRecord").map((r) => [String(r.inputs.rr), r]));
        expect(Object.keys(records).sort()).toEqual(["alertmanager.ops", "api.ops", "api.prod", "console.ops", "harbor.ops", "thanos-receive.ops"]);
        for (const r of Object.values(records)) {
            expect(r.inputs).toMatchObject({ type: "A", ttl: 60, zoneId: expect.any(String) });
            expect(r.dependencies).toContain(zone.urn);
            expect(r.dependencies).toContain(binding.urn);
            expect(String(r.inputs.value)).toMatch(/^192\.0\.2\.\d+$/);
        }
        // each record depends on the load balancer whose address it carries
        expect(records["harbor.ops"].dependencies).toContain(lbIp("harbor-lb").urn);
        expect(records["console.ops"].dependencies).toContain(lbIp("ks-console-lb").urn);
        expect(records["thanos-receive.ops"].dependencies).toContain(lbIp("thanos-receive-lb").urn);
        expect(records["alertmanager.ops"].dependencies).toContain(lbIp("alertmanager-lb").urn);
        const endpoint = (plan.outputs.clusters as Record<string, { intranetEndpoint: string }>).prod.intranetEndpoint;
        expect(endpoint).toBe(`https://${String(records["api.prod"].inputs.value)}:6443`);
    });

    test("the console: HTTPS on 443 at an intranet load balancer with a certificate from the platform CA, the VPCs' ACL only; ks-core exposes no NodePort", () => {
        const lb = byName("ops-console-console-lb");
        expect(lb.inputs).toMatchObject({
            metadata: {
                name: "ks-console-lb",
                namespace: "kubesphere-system",
                annotations: {
                    "service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type": "intranet",
                    "service.beta.kubernetes.io/alibaba-cloud-loadbalancer-protocol-port": "https:443",
                    "service.beta.kubernetes.io/alibaba-cloud-loadbalancer-cert-id": expect.stringMatching(/^\d+-cn-hangzhou-/),
                    "service.beta.kubernetes.io/alibaba-cloud-loadbalancer-acl-status": "on",
                    "service.beta.kubernetes.io/alibaba-cloud-loadbalancer-acl-type": "white",
                },
            },
            spec: { type: "LoadBalancer", selector: { app: "ks-console" }, ports: [{ name: "https", port: 443, targetPort: 8000, protocol: "TCP" }] },
        });
        const uploaded = byName("ops-console-certificate");
        expect(uploaded.type).toBe("alicloud:slb/serverCertificate:ServerCertificate");
        expect(uploaded.secretInputs).toEqual(["privateKey"]);
        expect(lb.dependencies).toContain(uploaded.urn);
        expect(byName("ops-console-tls-csr").inputs).toMatchObject({ dnsNames: ["console.ops.kube-platform.internal"] });
        expect(byName("ops-console-tls-cert").dependencies).toContain(byName("platform-ca-cert").urn);
        expect(plan.outputs.kubesphere).toEqual({ consoleUrl: "https://console.ops.kube-platform.internal", adminPasswords: { ops: "[secret]", prod: "[secret]" } });
    });

    test("the platform CA: one, protected, its key a secret output; every node pool trusts it for Harbor", () => {
        expect(ofType("tls:index/selfSignedCert:SelfSignedCert").map((r) => [r.name, r.protect])).toEqual([["platform-ca-cert", true]]);
        expect(byName("platform-ca-key").protect).toBe(true);
        for (const pool of ofType("alicloud:cs/nodePool:NodePool")) {
            const script = Buffer.from(String(pool.inputs.preUserData), "base64").toString("utf8");
            expect(script).toContain("/etc/containerd/cert.d/harbor.ops.kube-platform.internal/hosts.toml");
            expect(script).toContain(FAKE_PLATFORM_CA_MARKER);
            expect(pool.dependencies).toContain(byName("platform-ca-cert").urn);
        }
    });

    test("no policy is violated", () => {
        expect(plan.policies.violations).toEqual([]);
    });

    test("matches the checked-in URN record (stacks/urns/prod.txt): no rename without an alias", () => {
        const check = checkUrnRecord(plan, readUrnRecord("prod"));
        expect(explainUrnRecord("prod", check)).toBe("");
    });
});

describe("storage by need", () => {
    test("every cluster has the disk class; Prometheus, the Alertmanager, Thanos and Harbor's databases claim it, never NFS", () => {
        const disks = ofType("kubernetes:storage.k8s.io/v1:StorageClass").filter((r) => (r.inputs.metadata as { name: string }).name === "disk-essd");
        expect(disks.map((r) => r.name).sort()).toEqual(["ops-nas-sc-disk", "prod-nas-sc-disk"]);
        for (const d of disks) expect(d.inputs).toMatchObject({ provisioner: "diskplugin.csi.alibabacloud.com", volumeBindingMode: "WaitForFirstConsumer", parameters: { type: "cloud_essd", performanceLevel: "PL1" } });
        const values = (chart: string) => ofType("kubernetes:helm.sh/v3:Release").filter((r) => String(r.inputs.chart).endsWith(chart)).map((r) => JSON.stringify(r.inputs.values));
        // every cluster's Prometheus and the Alertmanager: whizard-monitoring's, configured by its InstallPlan
        const whizard = ofType("kubernetes:kubesphere.io/v1alpha1:InstallPlan").filter((r) => r.name === "ops-platform-monitoring-whizard-plan").map((r) => JSON.stringify(r.inputs.spec));
        expect(whizard).toHaveLength(1);
        expect(whizard[0].match(/storageClassName: disk-essd/g)).toHaveLength(2);
        for (const v of [...whizard, ...values("thanos"), ...values("harbor")]) {
            if (v !== whizard[0]) expect(v).toContain('"disk-essd"');
            expect(v).not.toContain("nas-extreme");
        }
        // an extreme file system and class in each of the three zones of Pulumi.prod.yaml's prod network
        const prod = (plan.outputs.clusters as Record<string, { storageClasses: Record<string, unknown> }>).prod;
        const extremeZones = ofType("alicloud:nas/fileSystem:FileSystem").filter((r) => r.name.startsWith("prod-nas-fs-extreme-")).map((r) => r.inputs.zoneId);
        expect(extremeZones.sort()).toEqual(["cn-hangzhou-h", "cn-hangzhou-i", "cn-hangzhou-j"]);
        expect(prod.storageClasses).toEqual({ general: "nas-general", extreme: { "cn-hangzhou-h": "nas-extreme-h", "cn-hangzhou-i": "nas-extreme-i", "cn-hangzhou-j": "nas-extreme-j" }, disk: "disk-essd" });
    });
});
