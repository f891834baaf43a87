export * from "./nasStorage";
export * from "./storageClasses";
export * from "./nfsStorage";
