export * from "./api";
export * from "./configuration";
export * from "./desired";
export * from "./housekeeping";
export * from "./resources";
export type * as HarborApi from "./types";
