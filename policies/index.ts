// Entry point of the CrossGuard pack: `pulumi preview --policy-pack policies` runs this file.
// The offline engine imports ./pack instead, since constructing a PolicyPack starts the analyzer server.
import { PolicyPack } from "@pulumi/policy";
import { PACK_ENFORCEMENT_LEVEL, PACK_NAME, policies } from "./pack";

new PolicyPack(PACK_NAME, { enforcementLevel: PACK_ENFORCEMENT_LEVEL, policies });
