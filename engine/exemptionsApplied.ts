/**
 * Which exemptions kept a violation out of a result: the pack runs once as configured and once with every
 * policy's `exemptions` emptied; a violation only the second run reports is one an exemption covered.
 * Leaves the pack configured as given.
 */
import { AnalyzedResource, Pack, Violation, analyze } from "./analyze";
import { ResolvedPackConfig, configurePack } from "./policyConfig";

/** The violations as configured, and those the exemptions kept out. */
export async function analyzeWithExemptions(pack: Pack, config: ResolvedPackConfig, resources: readonly AnalyzedResource[]): Promise<{ violations: Violation[]; exempted: Violation[] }> {
    await configurePack(pack, config);
    const violations = await analyze(pack, resources, { stack: false });
    const unexempted = Object.fromEntries(
        Object.entries(config).map(([name, c]) => [name, "exemptions" in c.properties ? { ...c, properties: { ...c.properties, exemptions: [] } } : c]),
    );
    await configurePack(pack, unexempted);
    const without = await analyze(pack, resources, { stack: false });
    await configurePack(pack, config);
    const key = (v: Violation) => `${v.policy}\0${v.urn}`;
    const kept = new Set(violations.map(key));
    const exempted = [...new Map(without.filter((v) => !kept.has(key(v))).map((v) => [key(v), v])).values()];
    return { violations, exempted };
}
