/**
 * What the resource layer needs from the transport: JSON requests that throw typed Kubernetes errors, and line
 * streams for watch and logs. Structural, so tests can hand in a transport of their own.
 */

import type { QueryParams } from "../transport/request-url.ts";
import type { InformerRegistry } from "./informer-registry.ts";

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
  /** One request, its JSON answer decoded; non-2xx answers reject with the typed errors. */
  request<T>(request: ResourceRequest): Promise<{ status: number; body: T }>;
  /** A streamed answer (watch, logs), line by line. */
  stream(request: ResourceStreamRequest): Promise<AsyncIterable<string>>;
  /**
   * The shared informers of this transport's clients (a Connection has one); without it each ResourceClient keeps
   * its own, so informers are then shared only among one client's consumers.
   */
  readonly informers?: InformerRegistry;
  /** Scrubs the client's credentials from text built from server data; optional (credential patterns otherwise). */
  redact?(text: string): string;
}
