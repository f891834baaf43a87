export * from "./certificates";
export * from "./platformCa";
