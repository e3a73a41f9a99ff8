export { assertSafeServer } from "./assert-safe-server.ts";
export type { ClientOptions, Logger, RetryOptions } from "./client-options.ts";
export type {
  AuthConfig,
  ClusterConfig,
  ExecCredentialApiVersion,
  ExecCredentialPlugin,
  TlsConfig,
} from "./cluster-config.ts";
export { ConfigError, type ConfigErrorCode, type ConfigErrorOptions } from "./config-error.ts";
export {
  overrideConnectionFields,
  selectKubeconfigContext,
  toConnectionFields,
  type ConnectionFields,
  type KubeconfigSelection,
} from "./connection-fields.ts";
export {
  parseKubeconfig,
  type Kubeconfig,
  type KubeconfigCluster,
  type KubeconfigContext,
  type KubeconfigUser,
} from "./kubeconfig.ts";
export { loadClusterConfig, type ConfigEnvironment } from "./load-cluster-config.ts";
export {
  loadInClusterConfig,
  loadInClusterNamespace,
  SERVICE_ACCOUNT_DIR,
  type InClusterConfig,
} from "./load-in-cluster-config.ts";
export { findKubeconfigFiles, loadKubeconfig, type KubeconfigLocation } from "./load-kubeconfig.ts";
export { mergeKubeconfigs } from "./merge-kubeconfigs.ts";
export { isLoopbackHost, isNoProxyMatch } from "./no-proxy.ts";
export { loadPemFile, parsePem } from "./pem.ts";
export { resolveProxy, type ResolvedProxy } from "./resolve-proxy.ts";
export { REDACTED, SecretValue } from "./secret-value.ts";
