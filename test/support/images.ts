/**
 * Every image reference in rendered objects: each `image` string at any depth (containers, init containers,
 * hook jobs, the Prometheus and Alertmanager resources' `spec.image`), image flags in container arguments
 * (`--prometheus-config-reloader=...`, `--thanos-default-base-image=...`), and the same inside ConfigMap data that
 * is YAML (KubeSphere's kubesphere-config names the kubectl and helm-executor images it starts).
 */
import * as YAML from "yaml";

export interface ImageUse {
    /** `<kind> <namespace>/<name>: <path>` */
    readonly where: string;
    readonly image: string;
}

const IMAGE_FLAG = /^--[a-z-]*(image|config-reloader)[a-z-]*=(.+)$/;

function walk(value: unknown, at: string, out: { at: string; image: string }[]): void {
    if (Array.isArray(value)) return value.forEach((v, i) => walk(v, `${at}[${i}]`, out));
    if (value === null || typeof value !== "object") return;
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        const here = at ? `${at}.${k}` : k;
        if (k === "image" && typeof v === "string" && v !== "") out.push({ at: here, image: v });
        else if ((k === "args" || k === "command") && Array.isArray(v)) {
            v.forEach((a, i) => {
                const m = typeof a === "string" ? IMAGE_FLAG.exec(a) : null;
                if (m && /[/:]/.test(m[2])) out.push({ at: `${here}[${i}]`, image: m[2] });
            });
        } else walk(v, here, out);
    }
}

/** The image references of rendered objects. */
export function imagesOf(objects: readonly Record<string, unknown>[]): ImageUse[] {
    const uses: ImageUse[] = [];
    for (const o of objects) {
        const meta = (o.metadata ?? {}) as { name?: string; namespace?: string };
        const where = `${String(o.kind)} ${meta.namespace ?? ""}/${meta.name ?? ""}`;
        const found: { at: string; image: string }[] = [];
        if (o.kind === "ConfigMap") {
            for (const [key, text] of Object.entries((o.data ?? {}) as Record<string, string>)) {
                if (!/\.ya?ml$/.test(key)) continue;
                try {
                    walk(YAML.parse(text), `data.${key}`, found);
                } catch {
                    // not YAML after all: nothing to read
                }
            }
        } else walk(o, "", found);
        for (const f of found) uses.push({ where: `${where}: ${f.at}`, image: f.image });
    }
    return uses;
}
