import { PACK_ENFORCEMENT_LEVEL, PACK_NAME, policies } from "../policies/pack";
import { Pack } from "./analyze";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const packageJson = require("../policies/package.json") as { version: string };

/** The platform's policy pack, as policies/index.ts hands it to PolicyPack. */
export function platformPack(): Pack {
    return { name: PACK_NAME, version: packageJson.version, enforcementLevel: PACK_ENFORCEMENT_LEVEL, policies };
}
