import * as pulumi from "@pulumi/pulumi";

/**
 * A component's name by what it is, `<cluster>-<role>` (`ops-filebeat`, `prod-registration`), with the alias
 * that keeps what it was when it was named after its cluster alone (`ops`): the component keeps its URN, and
 * so does every child whose name starts with the component's (the engine gives a child of an aliased
 * component the alias with the old name's prefix, e.g. `ops-filebeat-release` was `ops-release`), so nothing
 * is replaced (stacks/urns/ records it).
 */
export function roleNamed(cluster: string, role: string): { readonly name: string; readonly opts: { readonly aliases: pulumi.Alias[] } } {
    return { name: `${cluster}-${role}`, opts: { aliases: [{ name: cluster }] } };
}
