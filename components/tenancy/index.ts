export * from "./manifests";
export * from "./names";
export * from "./project";
export * from "./tenantCluster";
export * from "./tenantUsers";
export * from "./workspace";
