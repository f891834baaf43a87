// The analyzer hands @pulumi/policy's server each resource's properties as the wire form it already has
// (engine/analyze.ts WireStruct) instead of a protobuf Struct it converts again for every policy: the results
// must be exactly those of protobuf Structs, the form `pulumi preview --policy-pack` sends.
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import { runInNewContext } from "vm";
import { AnalyzedResource, analyze } from "../../engine/analyze";
import { platformPack } from "../../engine/pack";
import { cloneResources, declaredStack, named, setProp } from "../support/fixtures";
import { STANDARD, cachedPlan } from "../support/planCache";

const protobuf = (wire: Record<string, unknown>) => structproto.Struct.fromJavaScript(wire as Record<string, structproto.JavaScriptValue>);

/** The prod stack with a handful of violations of different domains (network, nodes, clusters, platform). */
async function violatingStack(): Promise<AnalyzedResource[]> {
    const rs = cloneResources(await declaredStack("prod"));
    setProp(named(rs, "prod-vpc"), "cidrBlock", "10.0.0.0/12");
    setProp(named(rs, "prod-general-pool"), "instanceTypes", ["ecs.g7.4xlarge"]);
    setProp(named(rs, "prod-ack"), "deletionProtection", false);
    (named(rs, "prod-ack") as { protect: boolean }).protect = false;
    return rs;
}

test.each([
    ["the prod stack as declared", async () => declaredStack("prod")],
    ["the nonprod stack as declared", async () => (await cachedPlan(STANDARD.nonprod)).analyzed()],
    ["the prod stack with violations", violatingStack],
])("%s: the same violations as with protobuf Structs", async (_, resources) => {
    const rs = await resources();
    const pack = platformPack();
    const viaWire = await analyze(pack, rs);
    expect(viaWire).toEqual(await analyze(pack, rs, { structOf: protobuf }));
    if (_.includes("violations")) expect(viaWire.filter((v) => v.enforcementLevel === "mandatory").length).toBeGreaterThanOrEqual(4);
});

test("a policy that changes its input changes neither the next policy's view nor the resource", async () => {
    const rs = cloneResources(await declaredStack("prod"));
    const before = JSON.stringify(rs);
    const seen: unknown[] = [];
    const pack = {
        ...platformPack(),
        policies: [
            { name: "mutates", description: "changes its input", enforcementLevel: "advisory" as const, validateResource: (args: { props: Record<string, unknown> }) => void (args.props.cidrBlock = "mutated") },
            { name: "reads", description: "reads it", enforcementLevel: "advisory" as const, validateResource: (args: { name: string; props: Record<string, unknown> }) => void (args.name === "prod-vpc" && seen.push(args.props.cidrBlock)) },
        ],
    };
    await analyze(pack, rs);
    expect(seen).toEqual(["10.16.0.0/12"]);
    expect(JSON.stringify(rs)).toBe(before);
});

test("an array made in another realm reaches policies as an array (as the protobuf conversion makes it)", async () => {
    const rs = cloneResources(await declaredStack("prod"));
    setProp(named(rs, "prod-vpc"), "tags", runInNewContext('[{ key: "a" }]'));
    const seen: unknown[] = [];
    const pack = {
        ...platformPack(),
        policies: [{ name: "reads", description: "reads tags", enforcementLevel: "advisory" as const, validateResource: (args: { name: string; props: Record<string, unknown> }) => void (args.name === "prod-vpc" && seen.push(args.props.tags instanceof Array)) }],
    };
    await analyze(pack, rs);
    expect(seen).toEqual([true]);
});
