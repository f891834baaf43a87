import type { PlanResource } from "./planTypes";

/**
 * How the Pulumi engine carries a component's aliases to its children: a child of an aliased component is
 * aliased to the child under each of the component's old URNs, and a child name that starts with the
 * component's name keeps its rest after the old name (@pulumi/pulumi's `inheritedChildAlias`).
 */

/** A URN's parts: `urn:pulumi:<stack>::<project>`, the qualified type (`parent$type`), the name. */
export function splitUrn(urn: string): { prefix: string; qualifiedType: string; name: string } {
    const parts = urn.split("::");
    return { prefix: parts.slice(0, 2).join("::"), qualifiedType: parts[2] ?? "", name: parts.slice(3).join("::") };
}

/** The alias a child gets from one of its parent's old URNs. */
export function childAliasUrn(parentAlias: string, parentName: string, child: { readonly name: string; readonly type: string }): string {
    const old = splitUrn(parentAlias);
    const name = child.name.startsWith(parentName) ? `${old.name}${child.name.slice(parentName.length)}` : child.name;
    return `${old.prefix}::${old.qualifiedType}$${child.type}::${name}`;
}

/**
 * Every resource's aliases, its own and those its ancestors' aliases give it: the engine aliases a child of an
 * aliased component to the child under each of the component's old URNs (a name that starts with the
 * component's name keeps its rest after the old name), as @pulumi/pulumi's `inheritedChildAlias` does.
 */
export function inheritedAliases(resources: readonly Pick<PlanResource, "urn" | "name" | "type" | "parent" | "aliases">[]): Map<string, string[]> {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const memo = new Map<string, string[]>();
    const aliasesOf = (urn: string): string[] => {
        const known = memo.get(urn);
        if (known) return known;
        const r = byUrn.get(urn);
        if (!r) return [];
        const own = [...(r.aliases ?? [])];
        const parent = r.parent ? byUrn.get(r.parent) : undefined;
        if (parent) {
            for (const parentAlias of aliasesOf(parent.urn)) own.push(childAliasUrn(parentAlias, parent.name, r));
        }
        memo.set(urn, own);
        return own;
    };
    return new Map(resources.map((r) => [r.urn, aliasesOf(r.urn)]));
}
