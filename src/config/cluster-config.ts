import type { ResolvedProxy } from "./resolve-proxy.ts";
import type { SecretValue } from "./secret-value.ts";

/** The `apiVersion`s of ExecCredential that credential plugins may speak. */
export type ExecCredentialApiVersion =
  | "client.authentication.k8s.io/v1"
  | "client.authentication.k8s.io/v1beta1";

/** A kubeconfig `users[].user.exec` credential plugin, with relative paths already resolved. */
export interface ExecCredentialPlugin {
  /** Program to run; a relative path containing a slash was resolved against the kubeconfig's directory. */
  command: string;
  /** Its arguments. */
  args: string[];
  /** Extra environment variables, added to the parent's. */
  env: Array<{ name: string; value: string }>;
  /** ExecCredential version the plugin is asked for, and must answer with. */
  apiVersion: ExecCredentialApiVersion;
  /** Text shown when the command is missing (how to install it). */
  installHint?: string;
  /** Whether the plugin is given the cluster (server, CA) in `KUBERNETES_EXEC_INFO`. */
  provideClusterInfo: boolean;
  /** Kept for diagnostics only: plugins always run without a terminal here. */
  interactiveMode?: string;
}

/** How requests authenticate. Client certificates are part of {@link TlsConfig}, not of this. */
export type AuthConfig =
  | { type: "none" }
  | { type: "token"; token: SecretValue }
  | { type: "tokenFile"; tokenFile: string }
  | { type: "exec"; exec: ExecCredentialPlugin };

/** TLS material toward the API server, as PEM text (files are read once, at load time). */
export interface TlsConfig {
  /** CA bundle (may hold intermediates); when absent the system roots are used. */
  certificateAuthorityData?: string;
  /** Whether server certificate verification is off. */
  insecureSkipTlsVerify: boolean;
  /** SNI and verification name, when it differs from the server URL's host. */
  serverName?: string;
  /** Client certificate chain for mutual TLS. */
  clientCertificateData?: string;
  /** Private key of {@link TlsConfig.clientCertificateData}. */
  clientKeyData?: SecretValue;
}

/**
 * Everything a client needs to reach one API server, loaded once per client by `loadClusterConfig`. Plain data:
 * secrets are {@link SecretValue}s, so printing or serializing a ClusterConfig shows no credential.
 */
export interface ClusterConfig {
  /** API server base URL without a trailing slash, e.g. `https://10.0.0.1:6443`. */
  server: string;
  /** Default namespace of the client. */
  namespace: string;
  /** How requests authenticate. */
  auth: AuthConfig;
  /** TLS settings toward the server. */
  tls: TlsConfig;
  /** Proxy toward the server: kubeconfig `proxy-url` / the `proxyUrl` option, else from the environment. */
  proxy?: ResolvedProxy;
  /** Whether a bearer token may go over plain http to a non-loopback host. */
  allowInsecureHttp: boolean;
  /** Where this came from, for messages: `options`, `kubeconfig <file> (context <name>)` or `in-cluster`. */
  source: string;
}
