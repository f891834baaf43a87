/**
 * Where the reference data is found: beside the repository by default, elsewhere through
 * PLATFORM_REFERENCE_DIR, and a clear error when it is missing.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { chartVersion, validateChartValues } from "../../engine/reference/chartValues";
import { REFERENCE_DIR_ENV, referenceDir, referenceFile, readReferenceYaml } from "../../engine/reference/paths";

const saved = process.env[REFERENCE_DIR_ENV];
afterEach(() => {
    if (saved === undefined) delete process.env[REFERENCE_DIR_ENV];
    else process.env[REFERENCE_DIR_ENV] = saved;
});

describe("referenceDir", () => {
    it("defaults to shared/reference beside the repository", () => {
        delete process.env[REFERENCE_DIR_ENV];
        const repoRoot = path.resolve(__dirname, "..", "..");
        expect(referenceDir()).toBe(path.resolve(repoRoot, "..", "shared", "reference"));
        expect(fs.existsSync(path.join(referenceDir(), "README.md"))).toBe(true);
    });

    it("follows PLATFORM_REFERENCE_DIR", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "reference-"));
        fs.mkdirSync(path.join(dir, "filebeat"));
        fs.writeFileSync(path.join(dir, "filebeat", "Chart.yaml"), "name: filebeat\nversion: 9.9.9\n");
        fs.writeFileSync(path.join(dir, "filebeat", "values.yaml"), "daemonset:\n  enabled: true\n");
        process.env[REFERENCE_DIR_ENV] = dir;
        expect(referenceDir()).toBe(dir);
        expect(chartVersion("filebeat")).toBe("9.9.9");
        expect(validateChartValues("filebeat", { daemonset: { enabled: false, filebeatConfig: {} } }).map((p) => p.path)).toEqual(["daemonset.filebeatConfig"]);
        fs.rmSync(dir, { recursive: true });
    });

    it("says where it looked when the folder is missing", () => {
        process.env[REFERENCE_DIR_ENV] = "/nonexistent/reference";
        expect(() => referenceDir()).toThrow("upstream reference data not found: /nonexistent/reference is not a folder (from PLATFORM_REFERENCE_DIR=/nonexistent/reference)");
    });
});

describe("reference files", () => {
    it("names a missing file and the folder it was expected in", () => {
        expect(() => referenceFile("harbor", "values.yaml")).toThrow(/upstream reference file not found: .*harbor\/values.yaml \(expected harbor\/values.yaml in /);
    });

    it("parses every document of a YAML file", () => {
        const [crd] = readReferenceYaml("kubesphere-v4.1.3", "crds", "cluster.kubesphere.io_clusters.yaml") as { kind: string }[];
        expect(crd.kind).toBe("CustomResourceDefinition");
    });
});
