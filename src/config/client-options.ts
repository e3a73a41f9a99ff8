/**
 * Where log lines go. `console` fits, and so do most structured loggers. Every line the library emits has been
 * through the redaction helper first, so a logger may print or ship what it receives as is.
 */
export interface Logger {
  /** Per-request traces: method, URL, status, duration, retries. */
  debug(message: string, fields?: Record<string, unknown>): void;
  /** Rare notable events; falls back to {@link Logger.debug} when absent. */
  info?(message: string, fields?: Record<string, unknown>): void;
  /** Things the user should act on: server `Warning` headers, disabled TLS verification, retries given up. */
  warn(message: string, fields?: Record<string, unknown>): void;
  /** Failures; falls back to {@link Logger.warn} when absent. */
  error?(message: string, fields?: Record<string, unknown>): void;
}

/** How failed requests are retried; see the transport's retry policy for which failures qualify. */
export interface RetryOptions {
  /** Retries after the first attempt (so at most `maxRetries + 1` attempts). Default 3. */
  maxRetries?: number;
  /** Delay before the first retry; doubles on each further retry, with jitter. Default 250. */
  baseDelayMs?: number;
  /** Upper bound of one backoff delay and of a server's `Retry-After`. Default 10 000. */
  maxDelayMs?: number;
}

/**
 * Options shared by every client. Field names follow kubeconfig (`certificate-authority-data` becomes
 * `certificateAuthorityData`, …). With `server` set, the connection is described by these options alone;
 * otherwise they override the matching fields of the kubeconfig context (as kubectl flags do), and without a
 * kubeconfig the in-cluster ServiceAccount is used.
 */
export interface ClientOptions {
  /** API server URL, e.g. `https://api.example.com:6443`. */
  server?: string;
  /** Bearer token (e.g. from `kubectl create token <serviceaccount>`). Never logged. */
  token?: string;
  /** File holding the bearer token; re-read when it changes (projected tokens rotate). */
  tokenFile?: string;
  /** PEM file of the CA(s) that signed the API server certificate; replaces the system roots. */
  certificateAuthority?: string;
  /** PEM (or base64-encoded PEM, as in a kubeconfig) of the CA(s) that signed the API server certificate. */
  certificateAuthorityData?: string;
  /** Skip server certificate verification. For throwaway clusters only: a warning is logged once per client. */
  insecureSkipTlsVerify?: boolean;
  /** Name sent as SNI and checked against the server certificate, when it differs from the URL's host. */
  tlsServerName?: string;
  /** PEM file of a client certificate (mutual TLS). */
  clientCertificate?: string;
  /** PEM file of the client certificate's private key. */
  clientKey?: string;
  /** PEM (or base64 PEM) of a client certificate. */
  clientCertificateData?: string;
  /** PEM (or base64 PEM) of the client certificate's private key. Never logged. */
  clientKeyData?: string;
  /** Proxy for all requests (`http://…`, `https://…`); overrides `HTTPS_PROXY` and `NO_PROXY`. */
  proxyUrl?: string;
  /** Kubeconfig file to read instead of `KUBECONFIG` / `~/.kube/config`. */
  kubeconfig?: string;
  /** Kubeconfig context to use instead of `current-context`. */
  context?: string;
  /** Default namespace of the client; else the context's, else the in-cluster one, else `default`. */
  namespace?: string;
  /** Per-attempt timeout of a request, headers and body. Default 30 000. */
  timeoutMs?: number;
  /** Retry policy, or `false` to never retry. */
  retry?: false | RetryOptions;
  /** `User-Agent` header; default `kubeflow-ts/<version> (node <version>)`. */
  userAgent?: string;
  /** Log sink; default prints warnings to stderr, and debug lines too when `KUBEFLOW_TS_DEBUG=1`. */
  logger?: Logger;
  /**
   * Allow sending a bearer token over plain `http://` to a host that is not loopback. Off by default because
   * anyone on the path could read and replay the token.
   */
  allowInsecureHttp?: boolean;
}
