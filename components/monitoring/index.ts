export * from "./clusterMonitoring";
export * from "./kubePrometheusValues";
export * from "./objectStore";
export * from "./thanos";
export * from "./thanosValues";
export * from "./whizardValues";
