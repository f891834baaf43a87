import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";

/** Environment variable that points the validators at another copy of the reference data. */
export const REFERENCE_DIR_ENV = "PLATFORM_REFERENCE_DIR";

/** The reference data is missing, unreadable or not what the validators expect. */
export class ReferenceDataError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "ReferenceDataError";
    }
}

/**
 * The folder of the pinned upstream reference data: `$PLATFORM_REFERENCE_DIR` when set, otherwise
 * `shared/reference` beside the repository (`<repo>/../shared/reference`, the layout of the development
 * machines and of CI). Throws a {@link ReferenceDataError} saying where it looked when the folder is missing.
 */
export function referenceDir(): string {
    const fromEnv = process.env[REFERENCE_DIR_ENV];
    // engine/reference/ -> the repository root is two levels up
    const repoRoot = path.resolve(__dirname, "..", "..");
    const dir = fromEnv !== undefined && fromEnv !== "" ? path.resolve(fromEnv) : path.resolve(repoRoot, "..", "shared", "reference");
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
        const how = fromEnv ? `${REFERENCE_DIR_ENV}=${fromEnv}` : `the default beside the repository (set ${REFERENCE_DIR_ENV} to use another copy)`;
        throw new ReferenceDataError(`upstream reference data not found: ${dir} is not a folder (from ${how})`);
    }
    return dir;
}

/**
 * The absolute path of a file of the reference data, given relative to its folder
 * (`referenceFile("harbor", "chart-1.19.1-values.yaml")`). Throws when the file does not exist.
 */
export function referenceFile(...parts: string[]): string {
    const file = path.join(referenceDir(), ...parts);
    if (!fs.existsSync(file)) {
        throw new ReferenceDataError(`upstream reference file not found: ${file} (expected ${parts.join("/")} in ${referenceDir()})`);
    }
    return file;
}

const parsed = new Map<string, unknown[]>();

/**
 * The documents of a YAML file of the reference data, parsed once per process (the files are read-only
 * data). Empty documents are left out. A YAML error is a {@link ReferenceDataError} naming the file.
 */
export function readReferenceYaml(...parts: string[]): unknown[] {
    const file = referenceFile(...parts);
    const cached = parsed.get(file);
    if (cached) return cached;
    const docs = YAML.parseAllDocuments(fs.readFileSync(file, "utf8"));
    const values: unknown[] = [];
    for (const doc of docs) {
        if (doc.errors.length > 0) {
            throw new ReferenceDataError(`${file}: invalid YAML: ${doc.errors[0].message.split("\n")[0]}`);
        }
        const value = doc.toJS({ maxAliasCount: -1 }) as unknown;
        if (value !== null && value !== undefined) values.push(value);
    }
    parsed.set(file, values);
    return values;
}

/** The files of a folder of the reference data matching a suffix, sorted, as paths relative to the data. */
export function listReferenceFiles(folder: string, suffix: string): string[] {
    const dir = path.join(referenceDir(), folder);
    if (!fs.existsSync(dir)) throw new ReferenceDataError(`upstream reference folder not found: ${dir}`);
    return fs
        .readdirSync(dir)
        .filter((f) => f.endsWith(suffix))
        .sort()
        .map((f) => path.join(folder, f));
}
