// Transpile-only (swc): type checking is `npm run typecheck`, run once, not per test file.
// Two workers for two cores; the stacks' plans are made once, before the files run (test/support/globalSetup.ts).
// No test depends on the machine's speed: the timeout only ends a test that hangs.
/** @type {import('jest').Config} */
module.exports = {
    testEnvironment: "node",
    roots: ["<rootDir>/test"],
    testMatch: ["**/*.test.ts"],
    transform: { "^.+\\.ts$": ["@swc/jest", { jsc: { parser: { syntax: "typescript" }, target: "es2022" }, module: { type: "commonjs" } }] },
    // @pulumi/pulumi's closure serializer loads when first used, as in the engine's commands (engine/lazy/closure.cjs)
    moduleNameMapper: { "^\\./closure/(serializeClosure|codePaths)$": "<rootDir>/engine/lazy/$1.cjs" },
    setupFilesAfterEnv: ["<rootDir>/test/support/countAssertions.ts", "<rootDir>/test/support/propertySeed.ts"],
    globalSetup: "<rootDir>/test/support/globalSetup.ts",
    maxWorkers: 2,
    testTimeout: 600000,
};
