// The transpile cache of engine/ts.cjs: where each file's JavaScript is kept, and its pruning. No side effects on
// require (engine/ts.cjs is the one that hooks Node's loader), so tests and the jest setup can read it.
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");

const ROOT = path.join(__dirname, "..");
const CACHE_DIR = path.join(ROOT, "node_modules", ".cache", "platform-ts");
const OPTIONS = {
    jsc: { parser: { syntax: "typescript" }, target: "es2022" },
    module: { type: "commonjs" },
    sourceMaps: "inline",
};

let swcVersion;
function version() {
    swcVersion ??= require("@swc/core/package.json").version;
    return swcVersion;
}

/**
 * Where the JavaScript of one TypeScript file is cached: keyed by swc's version, the options, the file's path
 * relative to the project (so a copy of the project, as the tests make, shares the cache) and its content.
 */
function cacheFile(source, filename) {
    const key = crypto.createHash("sha256").update(`${version()}\0${JSON.stringify(OPTIONS)}\0${path.relative(ROOT, filename)}\0`).update(source).digest("hex");
    return path.join(CACHE_DIR, key.slice(0, 2), `${key}.js`);
}

/**
 * Removes cached files not written for `maxAgeDays`: every edit adds a file, so an unpruned cache grows without
 * bound (it had reached 22,000 files and 446 MB). A removed file that is still needed is compiled again, once.
 * Returns how many files it removed.
 */
function pruneTranspileCache(maxAgeDays = 7, now = Date.now()) {
    let removed = 0;
    if (!fs.existsSync(CACHE_DIR)) return removed;
    for (const bucket of fs.readdirSync(CACHE_DIR)) {
        const dir = path.join(CACHE_DIR, bucket);
        for (const name of fs.readdirSync(dir)) {
            const file = path.join(dir, name);
            if (now - fs.statSync(file).mtimeMs > maxAgeDays * 86400000) {
                fs.rmSync(file, { force: true });
                removed++;
            }
        }
    }
    return removed;
}

module.exports = { CACHE_DIR, OPTIONS, cacheFile, pruneTranspileCache };
