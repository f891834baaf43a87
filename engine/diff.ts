import { inheritedAliases } from "./aliases";
import type { ChangeKind, InputChange, PlanDiff, ResourceChange } from "./diffTypes";
import type { PlanFile, PlanResource } from "./planTypes";
import { createOnlyPaths, refusedPaths, replacingPaths } from "./replacements";
import { dangerOf } from "./safety";
import { SECRET_PLACEHOLDER, UNKNOWN_PLACEHOLDER, joinPath } from "./serialized";

/** The diff's types live in engine/diffTypes.ts; re-exported for the diff's readers. */
export type { ChangeKind, InputChange, PlanDiff, ResourceChange };

function isSecretPath(r: PlanResource | undefined, path: string): boolean {
    return !!r && r.secretInputs.some((s) => path === s || path.startsWith(`${s}.`) || path.startsWith(`${s}[`));
}

/** Leaf paths where two JSON values differ. */
export function changedPaths(before: unknown, after: unknown, at = ""): string[] {
    if (JSON.stringify(before) === JSON.stringify(after)) return [];
    const isObj = (v: unknown) => v !== null && typeof v === "object";
    if (Array.isArray(before) && Array.isArray(after)) {
        const n = Math.max(before.length, after.length);
        return Array.from({ length: n }, (_, i) => changedPaths(before[i], after[i], joinPath(at, i))).flat();
    }
    if (isObj(before) && isObj(after) && !Array.isArray(before) && !Array.isArray(after)) {
        const b = before as Record<string, unknown>;
        const a = after as Record<string, unknown>;
        const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].sort();
        return keys.flatMap((k) => changedPaths(b[k], a[k], joinPath(at, k)));
    }
    return [at === "" ? "(value)" : at];
}

function valueAt(root: unknown, path: string): unknown {
    // paths are built by joinPath: .key, [n], ["quoted"]
    const parts = [...path.matchAll(/\.?([A-Za-z_$][\w$-]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g)].map((m) => m[1] ?? (m[2] !== undefined ? Number(m[2]) : JSON.parse(m[3])));
    let v: unknown = root;
    for (const p of parts) {
        if (v === null || typeof v !== "object") return undefined;
        v = (v as Record<string | number, unknown>)[p];
    }
    return v;
}

/**
 * The inputs a creation shows, per resource type: what a reviewer asks of a new one (a pool's instance types, size
 * and vSwitches; a quota's figures; a release's chart). Types not listed show none.
 */
export const CREATION_KEY_INPUTS: Readonly<Record<string, readonly string[]>> = {
    "alicloud:cs/nodePool:NodePool": ["nodePoolName", "instanceTypes", "desiredSize", "scalingConfig", "vswitchIds", "labels", "taints"],
    "alicloud:cs/managedKubernetes:ManagedKubernetes": ["name", "version", "clusterSpec", "podVswitchIds", "serviceCidr"],
    "alicloud:nas/fileSystem:FileSystem": ["fileSystemType", "storageType", "capacity", "zoneId"],
    "alicloud:vpc/network:Network": ["vpcName", "cidrBlock"],
    "alicloud:vpc/switch:Switch": ["vswitchName", "cidrBlock", "zoneId"],
    "alicloud:ecs/instance:Instance": ["instanceType", "systemDiskSize", "vswitchId"],
    "kubernetes:core/v1:Namespace": ["metadata.name", "metadata.labels"],
    "kubernetes:core/v1:ResourceQuota": ["metadata.namespace", "spec.hard"],
    "kubernetes:core/v1:LimitRange": ["metadata.namespace", "spec.limits"],
    "kubernetes:quota.kubesphere.io/v1alpha2:ResourceQuota": ["metadata.name", "spec.quota.hard"],
    "kubernetes:storage.k8s.io/v1:StorageClass": ["metadata.name", "provisioner", "parameters"],
    "kubernetes:helm.sh/v3:Release": ["chart", "version", "namespace"],
    "kubernetes:kubesphere.io/v1alpha1:InstallPlan": ["spec.extension", "spec.clusterScheduling.placement"],
    "kubernetes:iam.kubesphere.io/v1beta1:RoleBinding": ["metadata.namespace", "roleRef.name", "subjects"],
    "kubernetes:iam.kubesphere.io/v1beta1:WorkspaceRoleBinding": ["metadata.labels", "roleRef.name", "subjects"],
    "kubernetes:iam.kubesphere.io/v1beta1:GlobalRoleBinding": ["roleRef.name", "subjects"],
    "kubernetes:iam.kubesphere.io/v1beta1:ClusterRoleBinding": ["roleRef.name", "subjects"],
    "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding": ["roleRef.name", "subjects"],
    "kubernetes:networking.k8s.io/v1:NetworkPolicy": ["metadata.namespace", "spec.podSelector", "spec.policyTypes"],
    "kubernetes:core/v1:Secret": ["metadata.namespace", "type"],
};

/**
 * A creation's (or a deletion's: `side` before) key inputs (CREATION_KEY_INPUTS), those it sets, secrets by path
 * only, each with the names of the resources its value comes from.
 */
function creationInputs(r: PlanResource, side: "after" | "before" = "after"): InputChange[] {
    return (CREATION_KEY_INPUTS[r.type] ?? [])
        .map((path) => ({ path, value: valueAt(r.inputs, `.${path}`) }))
        .filter((x) => x.value !== undefined)
        .map(({ path, value }) => {
            if (isSecretPath(r, path)) return { path, secret: true };
            const from = (r.propertyDependencies?.[path.split(/[.[]/)[0]] ?? []).map((u) => u.split("::").pop()!);
            return { path, secret: false, [side]: value, ...(from.length > 0 ? { from } : {}) };
        });
}

/**
 * Compares two plans by URN. A resource whose URN changed (a rename or a re-parent without an alias) is a
 * delete plus a create, as in a real update. Secret inputs are compared only by their placeholders, so a
 * changed secret value never shows, and no secret value is ever copied into the diff.
 */
export function diffPlans(base: PlanFile, head: PlanFile): PlanDiff {
    const before = new Map(base.resources.map((r) => [r.urn, r]));
    const matched = new Set<string>();
    const changes = new Map<string, ResourceChange>();
    const entry = (kind: ChangeKind, r: PlanResource, fields: Partial<ResourceChange> = {}): ResourceChange => {
        const change: ResourceChange = {
            kind,
            urn: r.urn,
            type: r.type,
            name: r.name,
            ...(r.parent ? { parent: r.parent } : {}),
            inputs: [],
            replacedBy: [],
            ...fields,
            // pulumi up refuses to delete (or replace) a protected resource until its protect is removed
            ...((kind === "delete" || kind === "replace") && r.protect ? { protectedRefusal: true } : {}),
        };
        const danger = dangerOf(change, r);
        return danger ? { ...change, danger } : change;
    };

    // a resource's own aliases and those its components' aliases give it, as the engine follows them
    const formerUrns = inheritedAliases(head.resources);
    for (const r of head.resources) {
        // a resource renamed with an alias is the same resource: compare it with what it was
        const previousUrn = before.has(r.urn) ? undefined : (formerUrns.get(r.urn) ?? []).find((a) => before.has(a));
        const old = before.get(previousUrn ?? r.urn);
        if (!old) {
            changes.set(r.urn, entry("create", r, { inputs: creationInputs(r) }));
            continue;
        }
        matched.add(old.urn);
        const paths = changedPaths(old.inputs, r.inputs);
        const secretChange = JSON.stringify(old.secretInputs) !== JSON.stringify(r.secretInputs);
        if (paths.length === 0 && !secretChange && !previousUrn) continue;
        const inputs = paths.map((path) => {
            const secret = isSecretPath(old, path) || isSecretPath(r, path);
            return secret ? { path, secret } : { path, secret, before: valueAt(old.inputs, path), after: valueAt(r.inputs, path) };
        });
        const replacedBy = replacingPaths(r.type, paths);
        const createOnly = createOnlyPaths(r.type, paths);
        const refused = refusedPaths(r.type, paths);
        changes.set(
            r.urn,
            entry(replacedBy.length > 0 ? "replace" : "update", r, {
                inputs,
                replacedBy,
                ...(previousUrn ? { previousUrn } : {}),
                ...(createOnly.length > 0 && replacedBy.length === 0 ? { createOnly } : {}),
                ...(refused.length > 0 && replacedBy.length === 0 ? { refused } : {}),
            }),
        );
    }
    propagateReplacements(head, changes, entry);
    const list = [...changes.values()];
    const after = new Set(head.resources.map((r) => r.urn));
    // a deletion shows the same key inputs a creation does: what goes
    for (const r of base.resources) if (!after.has(r.urn) && !matched.has(r.urn)) list.push(entry("delete", r, { inputs: creationInputs(r, "before") }));

    const summary: Record<ChangeKind, number> = { create: 0, update: 0, replace: 0, delete: 0 };
    for (const c of list) summary[c.kind]++;
    const isSecretOutput = (path: string) => [...base.secretOutputs, ...head.secretOutputs].some((s) => path === s || path.startsWith(`${s}.`) || path.startsWith(`${s}[`));
    const outputs = changedPaths(base.outputs, head.outputs).map((path) =>
        isSecretOutput(path) ? { path, secret: true } : { path, secret: false, before: valueAt(base.outputs, path), after: valueAt(head.outputs, path) },
    );
    return { stack: head.stack, summary, changes: list, ...(outputs.length > 0 ? { outputs } : {}) };
}

/**
 * A replaced resource gets a new id and new outputs: every input that takes one of them changes too (the
 * plan's `propertyDependencies`), and a resource whose provider is replaced is replaced with it, as the engine
 * does. An input that forces a replacement replaces its resource, and so on to a fixed point.
 */
function propagateReplacements(head: PlanFile, changes: Map<string, ResourceChange>, entry: (kind: ChangeKind, r: PlanResource, fields?: Partial<ResourceChange>) => ResourceChange): void {
    for (let grew = true; grew; ) {
        grew = false;
        const replaced = new Set([...changes.values()].filter((c) => c.kind === "replace").map((c) => c.urn));
        for (const r of head.resources) {
            const current = changes.get(r.urn);
            if (current && current.kind !== "update") continue;
            const takes = Object.entries(r.propertyDependencies ?? {}).flatMap(([input, urns]) => urns.filter((u) => replaced.has(u)).map((from) => ({ input, from })));
            if (r.provider && replaced.has(r.provider)) takes.push({ input: "(provider)", from: r.provider });
            const known = new Set((current?.takesReplaced ?? []).map((t) => `${t.input} ${t.from}`));
            const fresh = takes.filter((t) => !known.has(`${t.input} ${t.from}`));
            if (fresh.length === 0) continue;
            const all = [...(current?.takesReplaced ?? []), ...fresh];
            const forcing = [...new Set(all.filter((t) => t.input === "(provider)" || replacingPaths(r.type, [t.input]).length > 0).map((t) => t.input))];
            const replacedBy = [...new Set([...(current?.replacedBy ?? []), ...forcing])];
            const { kind: _kind, protectedRefusal: _refusal, danger: _danger, ...rest } = current ?? entry("update", r);
            changes.set(r.urn, entry(replacedBy.length > 0 ? "replace" : "update", r, { ...rest, replacedBy, takesReplaced: all }));
            grew = grew || (replacedBy.length > 0 && current?.kind !== "replace");
        }
    }
}

const SYMBOL: Record<ChangeKind, string> = { create: "+", update: "~", replace: "+-", delete: "-" };

/** A value on one line, cut at `limit` characters. */
function show(v: unknown, limit = 80): string {
    if (v === undefined) return "(none)";
    if (v === SECRET_PLACEHOLDER || v === UNKNOWN_PLACEHOLDER) return String(v);
    const text = JSON.stringify(v);
    return text.length > limit ? `${text.slice(0, limit - 3)}...` : text;
}

/** How much of a creation's or deletion's key input a line shows: the whole of a quota or a pool's labels. */
const KEY_INPUT_LIMIT = 400;

/**
 * One line per changed input: `path: before -> after`; a creation's or a deletion's key input `path: value`
 * (with `(from a, b)`, the resources it comes from); a secret `path: (secret, value not shown)`.
 */
export function formatInputChange(c: InputChange, kind?: ChangeKind): string {
    if (c.secret) return `${c.path}: (secret, value not shown)`;
    const from = c.from?.length ? ` (from ${c.from.join(", ")})` : "";
    if (kind === "create") return `${c.path}: ${show(c.after, KEY_INPUT_LIMIT)}${from}`;
    if (kind === "delete") return `${c.path}: ${show(c.before, KEY_INPUT_LIMIT)}${from}`;
    return `${c.path}: ${show(c.before)} -> ${show(c.after)}`;
}

/** The short name of a resource by its URN (the last `::` part), or `its provider`. */
function urnName(urn: string): string {
    return urn.split("::").pop() ?? urn;
}

/** Why a change is more (or less) than its inputs say: replaced ids it takes, create-only and refused inputs. */
export function changeNotes(c: ResourceChange, code: (s: string) => string = (x) => x): string[] {
    const notes: string[] = [];
    for (const t of c.takesReplaced ?? []) {
        notes.push(
            t.input === "(provider)"
                ? `its provider ${code(urnName(t.from))} is replaced, so it is replaced with it`
                : `${code(t.input)} takes the new id of replaced ${code(urnName(t.from))}`,
        );
    }
    if (c.createOnly?.length) {
        notes.push(`not applied: the provider's update never sends ${c.createOnly.map(code).join(", ")} (only a create does), so the cloud keeps the old value until the resource is replaced (\`pulumi up --replace <urn>\`)`);
    }
    if (c.refused?.length) {
        notes.push(`refused: the API server forbids updating ${c.refused.map(code).join(", ")}, so pulumi up fails here; replace the object (\`pulumi up --replace <urn>\`) or give it a new name`);
    }
    return notes;
}

/** What `pulumi up` will do about a protected resource the change deletes or replaces. */
export const PROTECTED_REFUSAL = "protected: pulumi up refuses this until the resource's protect is removed (a reviewed, separate change)";

/** The diff as text, for a terminal. */
export function formatDiff(diff: PlanDiff): string {
    const s = diff.summary;
    const lines = [`Stack ${diff.stack}: ${s.create} to create, ${s.update} to update, ${s.replace} to replace, ${s.delete} to delete`];
    for (const c of diff.changes) {
        const notes = [
            c.kind === "replace" ? `replaced because ${c.replacedBy.join(", ")} changed` : "",
            ...changeNotes(c),
            c.previousUrn ? `renamed from ${c.previousUrn} (alias)` : "",
            c.danger ? `DANGEROUS: ${c.danger}` : "",
            c.protectedRefusal ? PROTECTED_REFUSAL : "",
        ].filter(Boolean);
        lines.push(`  ${SYMBOL[c.kind].padEnd(2)} ${c.type} ${c.name}${notes.map((n) => `  (${n})`).join("")}`);
        for (const input of c.inputs) lines.push(`       ${formatInputChange(input, c.kind)}`);
    }
    if (diff.changes.length === 0) lines.push("  no changes");
    if (diff.outputs?.length) {
        lines.push("  stack outputs:");
        for (const o of diff.outputs) lines.push(`       ${formatInputChange(o)}`);
    }
    return lines.join("\n");
}

/** The diff as merge-request Markdown: a summary table, then the changes grouped by component. */
export function formatDiffMarkdown(diff: PlanDiff): string {
    const s = diff.summary;
    const lines = [
        `### Stack \`${diff.stack}\``,
        "",
        "| create | update | replace | delete |",
        "| --- | --- | --- | --- |",
        `| ${s.create} | ${s.update} | ${s.replace} | ${s.delete} |`,
        "",
    ];
    const outputLines = diff.outputs?.length
        ? ["**Stack outputs** (what the other stacks and the platform's users read)", "", ...diff.outputs.map((o) => `- \`${formatInputChange(o).replace(/`/g, "'")}\``), ""]
        : [];
    if (diff.changes.length === 0) return [...lines, outputLines.length ? "No resource changes." : "No changes.", "", ...outputLines].join("\n").trimEnd();
    const groups = new Map<string, ResourceChange[]>();
    for (const c of diff.changes) {
        const component = c.parent ? componentLabel(c.parent) : "(stack)";
        groups.set(component, [...(groups.get(component) ?? []), c]);
    }
    for (const [component, changes] of [...groups].sort((a, b) => a[0].localeCompare(b[0]))) {
        lines.push(`**${component}**`, "");
        for (const c of changes) {
            const why = c.kind === "replace" ? ` (replaced: ${c.replacedBy.map((p) => `\`${p}\``).join(", ")})` : "";
            const notes = changeNotes(c, (x) => `\`${x}\``).map((n) => ` (${n})`).join("");
            lines.push(`- \`${SYMBOL[c.kind]}\` ${c.kind} \`${c.type}\` **${c.name}**${why}${notes}${c.protectedRefusal ? ` (${PROTECTED_REFUSAL})` : ""}`);
            for (const input of c.inputs) lines.push(`  - \`${formatInputChange(input, c.kind).replace(/`/g, "'")}\``);
        }
        lines.push("");
    }
    lines.push(...outputLines);
    return lines.join("\n").trimEnd();
}

function componentLabel(parentUrn: string): string {
    const parts = parentUrn.split("::");
    const type = parts[2]?.split("$").pop() ?? parentUrn;
    if (type === "pulumi:pulumi:Stack") return "(stack)";
    return `${type} ${parts[3] ?? ""}`.trim();
}
