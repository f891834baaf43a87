"use strict";
module.exports = require("./closure.cjs")(require.resolve("@pulumi/pulumi/runtime/closure/codePaths"), ["computeCodePaths"]);
