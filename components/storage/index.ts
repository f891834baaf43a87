export * from "./nasStorage";
export * from "./storageClasses";
