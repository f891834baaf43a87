/**
 * fast-check's seed. Under CI (CI=true) every property runs from one fixed seed, so that a pipeline's result is the
 * tree's and not the draw's. Elsewhere each run draws a new seed (more cases explored over time), or takes
 * PLATFORM_PROPERTY_SEED to replay one; a failing property prints the seed it failed with.
 */
import fc from "fast-check";

const CI_SEED = 20261201;
const given = process.env.PLATFORM_PROPERTY_SEED;
if (given !== undefined && given !== "") fc.configureGlobal({ seed: Number(given) });
else if (process.env.CI === "true") fc.configureGlobal({ seed: CI_SEED });
