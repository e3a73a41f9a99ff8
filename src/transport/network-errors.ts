import type { RequestInfo } from "./errors.ts";

/** Fields shared by the errors of requests that got no (complete) response. */
export interface NetworkErrorInit extends RequestInfo {
  /** What happened, without the request summary. */
  detail: string;
  /** What to do about it; appended to the message. */
  hint?: string;
  /** The Node/undici error behind it (carries no credential). */
  cause?: unknown;
}

/**
 * A request failed without an HTTP response: TLS, connection or timeout. Subclasses say which; `code` is
 * stable and `cause` holds the underlying Node or undici error.
 */
export class NetworkError extends Error {
  /** Stable machine-readable code. */
  readonly code: string;
  /** HTTP method of the failed request. */
  readonly method: string;
  /** URL of the failed request (never carries a credential). */
  readonly url: string;
  /** Troubleshooting advice, also part of the message. */
  readonly hint: string | undefined;

  /** Builds the error; the transport picks the subclass. */
  constructor(init: NetworkErrorInit, code: string) {
    const summary = `${init.detail} (${init.method} ${init.url})`;
    super(init.hint === undefined ? summary : `${summary}. ${init.hint}`, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = "NetworkError";
    this.code = code;
    this.method = init.method;
    this.url = init.url;
    this.hint = init.hint;
  }
}

/** Why a TLS handshake failed, from Node's certificate error codes. */
export type TlsReason = "unknown-ca" | "hostname-mismatch" | "expired" | "not-yet-valid" | "client-certificate-required" | "other";

/** The TLS handshake with the API server (or the proxy) failed; nothing was sent. */
export class TlsError extends NetworkError {
  /** Classified reason. */
  readonly tlsReason: TlsReason;
  /** Node's error code, e.g. `SELF_SIGNED_CERT_IN_CHAIN`. */
  readonly tlsCode: string | undefined;

  /** See {@link NetworkError}. */
  constructor(init: NetworkErrorInit & { tlsReason: TlsReason; tlsCode?: string }) {
    super(init, "ERR_KUBE_TLS");
    this.name = "TlsError";
    this.tlsReason = init.tlsReason;
    this.tlsCode = init.tlsCode;
  }
}

/** Why a connection failed. */
export type ConnectionReason = "refused" | "dns" | "reset" | "unreachable" | "connect-timeout" | "proxy" | "other";

/** No connection, or it broke before the response was complete. */
export class ConnectionError extends NetworkError {
  /** Classified reason. */
  readonly connectionReason: ConnectionReason;
  /** System or undici error code, e.g. `ECONNREFUSED`, `ENOTFOUND`, `UND_ERR_SOCKET`. */
  readonly errno: string | undefined;

  /** See {@link NetworkError}. */
  constructor(init: NetworkErrorInit & { connectionReason: ConnectionReason; errno?: string }) {
    super(init, "ERR_KUBE_CONNECTION");
    this.name = "ConnectionError";
    this.connectionReason = init.connectionReason;
    this.errno = init.errno;
  }
}

/** The request (or a stream's idle period) outlasted its timeout. */
export class TimeoutError extends NetworkError {
  /** The timeout that expired. */
  readonly timeoutMs: number;

  /** See {@link NetworkError}. */
  constructor(init: NetworkErrorInit & { timeoutMs: number }) {
    super(init, "ERR_KUBE_TIMEOUT");
    this.name = "TimeoutError";
    this.timeoutMs = init.timeoutMs;
  }
}
