export * from "./hub";
export * from "./hubAttachment";
export * from "./naming";
export * from "./routing";
export * from "./vpc";
