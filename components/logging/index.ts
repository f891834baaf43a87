export * from "./elastAlert";
export * from "./filebeat";
export * from "./rules";
