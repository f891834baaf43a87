/**
 * Regenerates engine/reference/alicloudReplacements.json: for every Alibaba Cloud resource type the stacks
 * declare, the inputs whose change makes the provider replace the resource (`ForceNew` in the Terraform
 * provider's schema, which the Pulumi bridge turns into a replacement) and the inputs that only the create
 * reaches (settable, not ForceNew, and never read by the resource's update: a change to them shows as an
 * update and changes nothing in the cloud).
 *
 *   node -r ./engine/ts.cjs scripts/provider-replacements.ts \
 *     --terraform <terraform-provider-alicloud git dir> --bridge <pulumi-alicloud git dir>
 *
 * The Terraform version is the one pulumi-alicloud's provider/go.mod pins at the bridge's commit; property
 * names come from the bridge's provider/cmd/pulumi-resource-alicloud/bridge-metadata.json. Both repositories
 * are read with git (bare clones are enough); nothing is fetched. The types to cover are every
 * `new alicloud.<module>.<Resource>` of components/ and stacks/ ({@link alicloudTypesDeclared}).
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const OUT = path.join(__dirname, "..", "engine", "reference", "alicloudReplacements.json");

interface Field {
    readonly name: string;
    readonly forceNew: boolean;
    readonly settable: boolean;
    readonly removed: boolean;
    readonly children: readonly Field[];
}

/** Index of the brace that closes the one at `open`, skipping Go strings, raw strings and comments. */
export function closingBrace(src: string, open: number): number {
    let depth = 0;
    for (let i = open; i < src.length; i++) {
        const c = src[i];
        if (c === '"') {
            for (i++; i < src.length && src[i] !== '"'; i++) if (src[i] === "\\") i++;
        } else if (c === "`") {
            i = src.indexOf("`", i + 1);
        } else if (c === "/" && src[i + 1] === "/") {
            i = src.indexOf("\n", i);
        } else if (c === "{") depth++;
        else if (c === "}" && --depth === 0) return i;
    }
    throw new Error(`unbalanced brace at ${open}`);
}

/** The text of a body with every nested `{...}` removed: what is at the body's own level. */
function ownLevel(body: string): string {
    let out = "";
    for (let i = 0; i < body.length; i++) {
        const c = body[i];
        if (c === '"') {
            const start = i;
            for (i++; i < body.length && body[i] !== '"'; i++) if (body[i] === "\\") i++;
            out += body.slice(start, i + 1);
        } else if (c === "`") {
            const end = body.indexOf("`", i + 1);
            out += body.slice(i, end + 1);
            i = end;
        } else if (c === "{") i = closingBrace(body, i);
        else out += c;
    }
    return out;
}

const SCHEMA_MAP = /Schema:\s*map\[string\]\*schema\.Schema\{/;

/** The fields of the schema map whose opening brace is at `open`. */
export function schemaFields(src: string, open: number): Field[] {
    const end = closingBrace(src, open);
    const fields: Field[] = [];
    const entry = /"([a-z0-9_]+)":\s*\{/g;
    entry.lastIndex = open + 1;
    for (let m = entry.exec(src); m && m.index < end; m = entry.exec(src)) {
        const bodyOpen = m.index + m[0].length - 1;
        const bodyEnd = closingBrace(src, bodyOpen);
        const body = src.slice(bodyOpen + 1, bodyEnd);
        const own = ownLevel(body);
        const nested = SCHEMA_MAP.exec(body);
        fields.push({
            name: m[1],
            forceNew: /\bForceNew:\s*true/.test(own),
            settable: /\b(Optional|Required):\s*true/.test(own),
            removed: /\bRemoved:\s*"/.test(own),
            children: nested ? schemaFields(body, nested.index + nested[0].length - 1) : [],
        });
        entry.lastIndex = bodyEnd + 1;
    }
    return fields;
}

/** Every function of the package by name, with its body. */
function functionIndex(dir: string): Map<string, string> {
    const index = new Map<string, string>();
    for (const f of fs.readdirSync(dir)) {
        if (!f.endsWith(".go") || f.endsWith("_test.go")) continue;
        const src = fs.readFileSync(path.join(dir, f), "utf8");
        for (const m of src.matchAll(/^func (?:\([^)]*\) )?([A-Za-z0-9_]+)\(/gm)) {
            // the body's brace ends the signature's line (`meta interface{}` is not it)
            const open = src.indexOf("{\n", m.index + m[0].length);
            index.set(m[1], src.slice(m.index, closingBrace(src, open) + 1));
        }
    }
    return index;
}

/** The update function's text with the package functions it calls, to `depth` levels. */
function updateText(updateFn: string, index: Map<string, string>, depth = 3): string {
    const seen = new Set<string>([updateFn]);
    let frontier = [updateFn];
    let text = "";
    for (let level = 0; level <= depth && frontier.length; level++) {
        const next: string[] = [];
        for (const fn of frontier) {
            const body = index.get(fn) ?? "";
            text += body;
            for (const m of body.matchAll(/\b([A-Za-z0-9_]+)\(/g)) {
                if (index.has(m[1]) && !seen.has(m[1]) && !/Read$|Create$|Delete$/.test(m[1])) {
                    seen.add(m[1]);
                    next.push(m[1]);
                }
            }
        }
        frontier = next;
    }
    return text;
}

/** The type token of every Alibaba Cloud resource the program's sources construct, sorted. */
export function alicloudTypesDeclared(root: string): string[] {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const sdk = require("@pulumi/alicloud") as Record<string, Record<string, { __pulumiType?: string }>>;
    const types = new Set<string>();
    for (const dir of ["components", "stacks"]) {
        for (const f of fs.readdirSync(path.join(root, dir), { recursive: true, encoding: "utf8" })) {
            if (!f.endsWith(".ts")) continue;
            for (const m of fs.readFileSync(path.join(root, dir, f), "utf8").matchAll(/new alicloud\.([a-z]+)\.([A-Za-z]+)\(/g)) {
                const token = sdk[m[1]]?.[m[2]]?.__pulumiType;
                if (!token) throw new Error(`${dir}/${f}: alicloud.${m[1]}.${m[2]} is not a resource of @pulumi/alicloud`);
                types.add(token);
            }
        }
    }
    return [...types].sort();
}

const camel = (s: string) => s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

interface Metadata {
    readonly renames: { readonly resources: Record<string, string>; readonly renamedProperties: Record<string, Record<string, string>> };
    readonly "auto-aliasing": { readonly resources: Record<string, { current?: string; fields?: Record<string, { maxItemsOne?: boolean; elem?: { fields?: Record<string, { maxItemsOne?: boolean }> } }> }> };
}

function main(argv: string[]): void {
    const flag = (name: string) => {
        const i = argv.indexOf(name);
        if (i < 0 || !argv[i + 1]) throw new Error(`missing ${name} <git dir>`);
        return argv.splice(i, 2)[1];
    };
    const terraform = flag("--terraform");
    const bridge = flag("--bridge");
    const git = (dir: string, ...args: string[]) => execFileSync("git", ["--git-dir", dir, ...args], { encoding: "utf8", maxBuffer: 1 << 30 });
    const bridgeCommit = git(bridge, "rev-parse", "HEAD").trim();
    const tfVersion = /github\.com\/aliyun\/terraform-provider-alicloud (v[0-9.]+)/.exec(git(bridge, "show", "HEAD:provider/go.mod"))?.[1];
    if (!tfVersion) throw new Error("provider/go.mod pins no terraform-provider-alicloud version");
    const meta = JSON.parse(git(bridge, "show", "HEAD:provider/cmd/pulumi-resource-alicloud/bridge-metadata.json")) as Metadata;
    const types = alicloudTypesDeclared(path.join(__dirname, ".."));

    const src = fs.mkdtempSync(path.join(os.tmpdir(), "tf-alicloud-"));
    execFileSync("sh", ["-c", `git --git-dir "${terraform}" archive ${tfVersion} alicloud | tar -x -C "${src}"`]);
    const dir = path.join(src, "alicloud");
    const index = functionIndex(dir);

    const out: Record<string, unknown> = {};
    for (const type of types) {
        const tf = meta.renames.resources[type] ?? Object.entries(meta["auto-aliasing"].resources).find(([, r]) => r.current === type)?.[0];
        if (!tf) throw new Error(`${type}: not in the bridge's metadata`);
        const file = `resource_${tf}.go`;
        const code = fs.readFileSync(path.join(dir, file), "utf8");
        const ctor = /func (resource[A-Za-z0-9_]*)\(\) \*schema\.Resource \{/.exec(code);
        const schemaAt = SCHEMA_MAP.exec(code);
        if (!ctor || !schemaAt) throw new Error(`${file}: no resource schema`);
        const fields = schemaFields(code, schemaAt.index + schemaAt[0].length - 1).filter((f) => !f.removed);
        const renamed = Object.fromEntries(Object.entries(meta.renames.renamedProperties[type] ?? {}).map(([p, t]) => [t, p]));
        const prop = (f: string) => renamed[f] ?? camel(f);
        const listOf = meta["auto-aliasing"].resources[tf]?.fields ?? {};
        const forceNew: string[] = [];
        for (const f of fields) {
            if (f.forceNew) forceNew.push(prop(f.name));
            // a nested field's own ForceNew: a block kept as one object (maxItemsOne) or each element of a list
            for (const c of f.children) if (c.forceNew && !f.forceNew) forceNew.push(`${prop(f.name)}${listOf[f.name]?.maxItemsOne ? "" : "[*]"}.${camel(c.name)}`);
        }
        // what the update and the delete read (a delete's flag, e.g. force_destroy, takes effect through the state)
        const fn = (op: string) => new RegExp(`\\b${op}:\\s*([A-Za-z0-9_]+),`).exec(code)?.[1];
        const later = [fn("Update"), fn("Delete")].map((f) => (f ? updateText(f, index) : "")).join("\n");
        const createOnly = fields.filter((f) => f.settable && !f.forceNew && !later.includes(`"${f.name}"`) && !later.includes(`"${f.name}.`)).map((f) => prop(f.name));
        out[type] = { terraform: tf, file: `alicloud/${file}`, forceNew: forceNew.sort(), createOnly: createOnly.sort() };
        process.stderr.write(`${type}: ${forceNew.length} ForceNew, ${createOnly.length} create-only\n`);
    }
    fs.rmSync(src, { recursive: true, force: true });
    const doc = {
        $comment: "Generated by scripts/provider-replacements.ts; do not edit. See engine/replacements.ts.",
        source: { terraformProvider: `aliyun/terraform-provider-alicloud ${tfVersion}`, bridge: `pulumi/pulumi-alicloud ${bridgeCommit}` },
        types: out,
    };
    fs.writeFileSync(OUT, `${JSON.stringify(doc, null, 2)}\n`);
    process.stderr.write(`wrote ${path.relative(process.cwd(), OUT)}: ${types.length} types\n`);
}

if (require.main === module) {
    try {
        main(process.argv.slice(2));
    } catch (e) {
        process.stderr.write(`provider-replacements: ${(e as Error).message}\n`);
        process.exit(2);
    }
}
