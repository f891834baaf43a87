export * from "./elastAlert";
export * from "./filebeat";
export type { ElastAlertRule } from "../../config/elastalertRules";
