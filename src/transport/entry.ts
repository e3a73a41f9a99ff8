/**
 * `kubeflow-ts/transport`: the HTTP layer on its own — loading a ClusterConfig (explicit options, kubeconfig,
 * in-cluster) and creating a Transport (undici, TLS, proxy, auth, retries, typed errors) — for callers that want
 * raw requests or to share one transport between clients (`Connection.fromTransport`).
 */
export * from "./index.ts";
export { loadClusterConfig, type ConfigEnvironment } from "../config/load-cluster-config.ts";
export type { ClientOptions, Logger, RetryOptions } from "../config/client-options.ts";
export type { ClusterConfig } from "../config/cluster-config.ts";
export { ConfigError } from "../config/config-error.ts";
