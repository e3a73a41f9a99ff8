/**
 * What the resource layer needs from the transport: JSON requests that throw typed Kubernetes errors, and line
 * streams for watch and logs. Structural, so tests can hand in a transport of their own.
 */

/** Query parameters; undefined values are left out. */
export type QueryParams = Record<string, string | number | boolean | undefined>;

/** One JSON request. */
export interface ResourceRequest {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  path: string;
  query?: QueryParams;
  body?: unknown;
  contentType?: string;
  signal?: AbortSignal;
  timeoutMs?: number;
}

/** One streamed request (watch, logs): each yielded string is one line. */
export interface ResourceStreamRequest {
  path: string;
  query?: QueryParams;
  signal?: AbortSignal;
  idleTimeoutMs?: number;
}

/** The transport contract of the resource layer. */
export interface ResourceTransport {
  /**
   * The namespace requests default to (from options, kubeconfig context, in-cluster, or `default`). May be a
   * promise: a connection loads its configuration on first use.
   */
  defaultNamespace(): string | Promise<string>;
  request<T>(request: ResourceRequest): Promise<{ status: number; body: T }>;
  stream(request: ResourceStreamRequest): Promise<AsyncIterable<string>>;
  /** Scrubs the client's credentials from text built from server data; optional (credential patterns otherwise). */
  redact?(text: string): string;
}
