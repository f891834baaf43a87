export * from "./clusterMonitoring";
export * from "./kubePrometheusValues";
export * from "./kubernetes";
export * from "./objectStore";
export * from "./thanos";
export * from "./thanosValues";
