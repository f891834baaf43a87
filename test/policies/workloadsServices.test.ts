// How Services are exposed: no external IPs, NodePorts in the platform's range, intranet load balancers only.
import { servicePolicies } from "../../policies/services";

/** Alibaba Cloud's cloud controller's annotation of a load balancer's address type. */
const LB_ADDRESS_TYPE = "service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type";
import { changed, checkObjects, summaries } from "./workloadsFixtures";

type Obj = Record<string, unknown>;
const service = (type: string, spec: Obj = {}, annotations?: Record<string, string>): Obj => ({
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: "web", namespace: "shop", ...(annotations ? { annotations } : {}) },
    spec: { type, selector: { app: "web" }, ports: [{ name: "http", port: 80, targetPort: 8080 }], ...spec },
});
const INTRANET = { [LB_ADDRESS_TYPE]: "intranet" };
const withNodePort = (svc: Obj, nodePort: number) => changed(svc, (o) => (((o.spec as Obj).ports as Obj[])[0].nodePort = nodePort));

test.each([
    ["a ClusterIP Service", service("ClusterIP")],
    ["a NodePort Service with an allocated port", service("NodePort")],
    ["a NodePort Service on the range's lowest port", withNodePort(service("NodePort"), 30000)],
    ["a NodePort Service on the range's highest port", withNodePort(service("NodePort"), 32767)],
    ["an intranet LoadBalancer", service("LoadBalancer", {}, INTRANET)],
])("passes every service policy: %s", async (_case, svc) => {
    expect(await checkObjects([svc], servicePolicies)).toEqual([]);
});

test.each([
    ["externalIPs", changed(service("ClusterIP"), (o) => ((o.spec as Obj).externalIPs = ["203.0.113.7"])),
        'service-no-external-ips [mandatory]: Service shop/web: spec.externalIPs: expected no external IPs; found ["203.0.113.7"]. Fix: remove spec.externalIPs; expose the Service as a NodePort or an intranet LoadBalancer'],
    ["a NodePort below the range", withNodePort(service("NodePort"), 8080),
        "service-nodeport-range [mandatory]: Service shop/web: spec.ports[0].nodePort: expected a port from 30000 to 32767; found 8080. Fix: choose a free port from 30000 to 32767, or remove nodePort to let the cluster allocate one"],
    ["a LoadBalancer's NodePort above the range", withNodePort(service("LoadBalancer", {}, INTRANET), 40000),
        "service-nodeport-range [mandatory]: Service shop/web: spec.ports[0].nodePort: expected a port from 30000 to 32767; found 40000. Fix: choose a free port from 30000 to 32767, or remove nodePort to let the cluster allocate one"],
    ["a LoadBalancer without the annotation", service("LoadBalancer"),
        `service-loadbalancer-intranet [mandatory]: Service shop/web: metadata.annotations["${LB_ADDRESS_TYPE}"]: expected intranet; found unset (the cloud controller creates an internet-facing load balancer). Fix: annotate the Service ${LB_ADDRESS_TYPE}: intranet`],
    ["an internet LoadBalancer", service("LoadBalancer", {}, { [LB_ADDRESS_TYPE]: "internet" }),
        `service-loadbalancer-intranet [mandatory]: Service shop/web: metadata.annotations["${LB_ADDRESS_TYPE}"]: expected intranet; found internet. Fix: annotate the Service ${LB_ADDRESS_TYPE}: intranet`],
])("fails: %s", async (_case, svc, message) => {
    expect(summaries(await checkObjects([svc], servicePolicies))).toEqual([message]);
});

test("a Service in a namespace-less manifest is named in default", async () => {
    const svc = changed(service("ClusterIP", { externalIPs: ["203.0.113.7"] }), (o) => delete (o.metadata as Obj).namespace);
    expect((await checkObjects([svc], servicePolicies))[0].message).toContain("Service default/web: spec.externalIPs");
});
