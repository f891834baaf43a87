// @pulumi/pulumi's runtime/index.js loads its closure serializer (TypeScript's compiler, 9 MB) and its code-path
// finder (@npmcli/arborist) when @pulumi/pulumi is first required, though only a dynamic provider or a
// callback function ever uses them: about 0.3 s of every process and of every jest test file. These modules
// stand in for the two requests runtime/index.js makes, with the same exported functions, each loading the
// real module the first time it is called. Nothing else changes: dynamic/index.js requires the real
// serializer itself. Wired by engine/ts.cjs (commands) and jest.config.js (tests).
"use strict";

/** An exports object whose functions `names` load `request` on their first call and forward to it. */
module.exports = function lazyModule(request, names) {
    let real;
    const load = () => (real ??= require(request));
    const exports = {};
    for (const name of names) exports[name] = (...args) => load()[name](...args);
    return exports;
};

/** The requests runtime/index.js makes, and the stand-in for each (files beside this one). */
module.exports.STAND_INS = {
    "./closure/serializeClosure": "serializeClosure.cjs",
    "./closure/codePaths": "codePaths.cjs",
};
