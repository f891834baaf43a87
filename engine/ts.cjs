// Runs the project's TypeScript in plain Node: `node -r ./engine/ts.cjs engine/cli/plan.ts`.
//
// Each .ts file is transpiled once with swc (the transform jest uses; types are `npm run typecheck`'s job) and
// the JavaScript kept in node_modules/.cache/platform-ts, keyed by swc's version, the options, the file's path
// relative to the project (so a copy of the project, as the tests make, shares the cache) and its content, so a
// second run compiles nothing. Written synchronously, so a command that ends with
// process.exit() still leaves a full cache (tsx's asynchronous cache never filled, and every run recompiled
// the whole project). No ESM loader hooks: the project is CommonJS, and plain require() is what costs least.
//
// Stack traces: the JavaScript carries an inline source map; Node applies it when source maps are enabled
// (NODE_OPTIONS=--enable-source-maps), which the engine leaves off by default because the Pulumi SDK
// captures a stack for every resource and promise (see engine/runtimeFlags.ts).
"use strict";
const fs = require("fs");
const Module = require("module");
const path = require("path");

const { OPTIONS, cacheFile } = require("./tsCache.cjs");

let swc;

/** The JavaScript for one TypeScript file, from the cache or freshly transpiled (and then cached). */
function compile(source, filename) {
    const cached = cacheFile(source, filename);
    try {
        return fs.readFileSync(cached, "utf8");
    } catch {
        // not cached yet
    }
    swc ??= require("@swc/core");
    const { code } = swc.transformSync(source, { ...OPTIONS, filename, sourceFileName: filename });
    fs.mkdirSync(path.dirname(cached), { recursive: true });
    // write then rename: two processes compiling the same file never read half of it
    const tmp = `${cached}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, code);
    fs.renameSync(tmp, cached);
    return code;
}

Module._extensions[".ts"] = function loadTypeScript(module, filename) {
    module._compile(compile(fs.readFileSync(filename, "utf8"), filename), filename);
};

// @pulumi/pulumi's closure serializer, loaded when first used (engine/lazy/closure.cjs says why).
const { STAND_INS } = require("./lazy/closure.cjs");
const PULUMI_RUNTIME_INDEX = path.join("@pulumi", "pulumi", "runtime", "index.js");
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function resolveWithStandIns(request, parent, ...rest) {
    const standIn = STAND_INS[request];
    if (standIn && parent?.filename?.endsWith(PULUMI_RUNTIME_INDEX)) return path.join(__dirname, "lazy", standIn);
    return resolveFilename.call(this, request, parent, ...rest);
};
