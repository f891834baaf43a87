export * from "./cidr";
export * from "./load";
export * from "./problems";
export * from "./topology";
export type { PlatformConventions } from "./schema";
