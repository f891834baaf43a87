/** The KubeSphere federation: ks-core on every cluster, members' access and registrations, the host's registrar. */
export * from "./access";
export * from "./clusterRegistration";
export * from "./federationMember";
export * from "./hostRegistrar";
export * from "./ksCore";
export * from "./token";
export * from "./values";
