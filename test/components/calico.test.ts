import {
    CALICO_VALUES_FREE_FORM, TIGERA_OPERATOR_CHART, bgpConfiguration, bgpPeers, calicoSecurityRules, calicoValues, ipPoolObject,
} from "../../components/cluster/calico";
import { CalicoSettings } from "../../config/load";
import { chartVersion, validateChartValues } from "../../engine/reference/chartValues";
import { checkName } from "../../engine/reference/names";

const VXLAN: CalicoSettings = { mode: "vxlan", ipPool: "172.20.0.0/16", bgpPeers: [] };
const BGP: CalicoSettings = {
    mode: "bgp",
    ipPool: "172.21.0.0/16",
    asNumber: 64512,
    bgpPeers: [
        { address: "10.100.0.1", asNumber: 65001 },
        { address: "10.100.0.2", asNumber: 65002 },
    ],
};

/** The fields of Calico's BGPPeerSpec and BGPConfigurationSpec (projectcalico/api v3.32). */
const SPEC_FIELDS: Record<string, string[]> = {
    IPPool: ["cidr", "vxlanMode", "ipipMode", "natOutgoing", "disabled", "disableBGPExport", "nodeSelector", "blockSize", "allowedUses", "namespaceSelector", "assignmentMode"],
    BGPPeer: ["node", "peerIP", "asNumber", "nodeSelector", "peerSelector", "keepOriginalNextHop", "password", "sourceAddress", "failureDetectionMode", "restartMode", "maxRestartTime", "birdGatewayMode", "numAllowedLocalASNumbers", "ttlSecurity", "filters", "reachableBy", "keepaliveTime"],
    BGPConfiguration: ["logSeverityScreen", "nodeToNodeMeshEnabled", "asNumber", "serviceLoadBalancerIPs", "serviceExternalIPs", "serviceClusterIPs", "communities", "prefixAdvertisements", "listenPort", "nodeMeshPassword", "nodeMeshMaxRestartTime", "bindMode", "ignoredInterfaces", "localWorkloadPeeringIPV4", "localWorkloadPeeringIPV6"],
};

describe("calicoValues", () => {
    test.each<[string, CalicoSettings, object]>([
        // no pool of the operator's: the program declares the IPPool (ipPoolObject)
        ["vxlan: no BGP", VXLAN, { bgp: "Disabled", ipPools: [] }],
        ["bgp", BGP, { bgp: "Enabled", ipPools: [] }],
    ])("%s", (_, calico, calicoNetwork) => {
        const values = calicoValues(calico);
        expect(values).toEqual({
            resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "1", memory: "512Mi" } },
            // only the CNI: the chart's Calico API server, Goldmane and Whisker custom resources are off
            apiServer: { enabled: false },
            goldmane: { enabled: false },
            whisker: { enabled: false },
            installation: { enabled: true, calicoNetwork },
        });
        expect(validateChartValues("tigera-operator", values, { freeForm: CALICO_VALUES_FREE_FORM })).toEqual([]);
    });

    test("a registry when given, still valid chart values", () => {
        const values = calicoValues(VXLAN, { registry: "harbor.ops.internal/quay.io" });
        expect(values).toMatchObject({ installation: { registry: "harbor.ops.internal/quay.io", calicoNetwork: { ipPools: [] } } });
        expect(validateChartValues("tigera-operator", values, { freeForm: CALICO_VALUES_FREE_FORM })).toEqual([]);
    });

    test("free-form allows only what the chart documents in comments: a misspelt key is still caught", () => {
        const problems = validateChartValues("tigera-operator", { installation: { calicoNetwork: {}, enabeld: true } }, { freeForm: CALICO_VALUES_FREE_FORM });
        expect(problems.map((p) => [p.path, p.suggestion])).toEqual([["installation.enabeld", "installation.enabled"]]);
    });

    test("the pinned chart is the version of the reference data", () => {
        expect(TIGERA_OPERATOR_CHART.version).toBe(chartVersion("tigera-operator"));
    });
});

describe("ipPoolObject: the pod IP pool, the program's", () => {
    test.each([
        ["vxlan on a VPC: VXLAN always", VXLAN, "vpc", "Always"],
        ["bgp on an overlaid IDC fabric: no encapsulation", BGP, "overlay", "Never"],
        ["bgp on a routed IDC fabric: no encapsulation", BGP, "routed", "Never"],
    ] as const)("%s", (_, calico, fabric, vxlanMode) => {
        const pool = ipPoolObject(calico, fabric);
        expect(pool).toEqual({
            apiVersion: "crd.projectcalico.org/v1",
            kind: "IPPool",
            metadata: { name: "default-ipv4-ippool", annotations: { "platform/fabric": fabric } },
            spec: { cidr: calico.ipPool, vxlanMode, ipipMode: "Never", natOutgoing: true, nodeSelector: "all()", blockSize: 26 },
        });
        for (const field of Object.keys(pool.spec)) expect(SPEC_FIELDS.IPPool).toContain(field);
    });
});

describe("BGP objects", () => {
    test("bgp: one global peer per fabric router and the default configuration, mesh kept on", () => {
        expect(bgpPeers(BGP)).toEqual([
            { apiVersion: "crd.projectcalico.org/v1", kind: "BGPPeer", metadata: { name: "fabric-10-100-0-1" }, spec: { peerIP: "10.100.0.1", asNumber: 65001 } },
            { apiVersion: "crd.projectcalico.org/v1", kind: "BGPPeer", metadata: { name: "fabric-10-100-0-2" }, spec: { peerIP: "10.100.0.2", asNumber: 65002 } },
        ]);
        expect(bgpConfiguration(BGP)).toEqual({
            apiVersion: "crd.projectcalico.org/v1",
            kind: "BGPConfiguration",
            metadata: { name: "default" },
            spec: { asNumber: 64512, nodeToNodeMeshEnabled: true, logSeverityScreen: "Info" },
        });
    });

    test("the objects have Calico's shape: valid names, known spec fields, AS numbers in range", () => {
        for (const obj of [...bgpPeers(BGP), bgpConfiguration(BGP)!]) {
            expect(checkName(obj.metadata.name, "dns1123-subdomain")).toBeUndefined();
            for (const field of Object.keys(obj.spec)) expect(SPEC_FIELDS[obj.kind]).toContain(field);
            expect(obj.spec.asNumber).toEqual(expect.any(Number));
            expect(Number(obj.spec.asNumber)).toBeGreaterThanOrEqual(1);
            expect(Number(obj.spec.asNumber)).toBeLessThanOrEqual(4294967295);
        }
        for (const peer of bgpPeers(BGP)) expect(peer.spec.peerIP).toMatch(/^(\d{1,3}\.){3}\d{1,3}$/);
    });

    test("vxlan: none", () => {
        expect(bgpPeers(VXLAN)).toEqual([]);
        expect(bgpConfiguration(VXLAN)).toBeUndefined();
    });

    test("bgp without the cluster's AS number is refused", () => {
        expect(() => bgpConfiguration({ ...BGP, asNumber: undefined })).toThrow("needs the cluster's asNumber");
    });
});

describe("calicoSecurityRules", () => {
    const cidrs = { vpc: "10.32.0.0/12", ipPool: "172.21.0.0/16", peers: ["10.100.0.1", "10.100.0.2"] };
    test("vxlan: UDP 4789 from the VPC only", () => {
        expect(calicoSecurityRules("vxlan", cidrs)).toEqual([
            { name: "vxlan", ipProtocol: "udp", portRange: "4789/4789", cidrIp: "10.32.0.0/12", description: "Calico VXLAN between the nodes" },
        ]);
    });

    test("bgp: TCP 179 from the VPC and each peer /32, and the pods' own addresses", () => {
        expect(calicoSecurityRules("bgp", cidrs).map((r) => [r.name, r.ipProtocol, r.portRange, r.cidrIp])).toEqual([
            ["bgp", "tcp", "179/179", "10.32.0.0/12"],
            ["bgp-10-100-0-1", "tcp", "179/179", "10.100.0.1/32"],
            ["bgp-10-100-0-2", "tcp", "179/179", "10.100.0.2/32"],
            ["pods", "all", "-1/-1", "172.21.0.0/16"],
        ]);
    });

    test("no rule opens anything to the internet", () => {
        for (const mode of ["vxlan", "bgp"] as const) for (const r of calicoSecurityRules(mode, cidrs)) expect(r.cidrIp).not.toBe("0.0.0.0/0");
    });
});
