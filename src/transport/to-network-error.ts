import { badResponseHint, connectionHint, timeoutHint, tlsHint } from "./error-hints.ts";
import type { RequestInfo } from "./errors.ts";
import { ConnectionError, NetworkError, TimeoutError, TlsError, type ConnectionReason, type TlsReason } from "./network-errors.ts";

const TLS_REASONS: Record<string, TlsReason> = {
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "unknown-ca",
  SELF_SIGNED_CERT_IN_CHAIN: "unknown-ca",
  DEPTH_ZERO_SELF_SIGNED_CERT: "unknown-ca",
  UNABLE_TO_GET_ISSUER_CERT: "unknown-ca",
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: "unknown-ca",
  ERR_TLS_CERT_ALTNAME_INVALID: "hostname-mismatch",
  CERT_HAS_EXPIRED: "expired",
  CERT_NOT_YET_VALID: "not-yet-valid",
  // The server's alert 116 (TLS 1.3): it asked for a client certificate and got none.
  ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED: "client-certificate-required",
};

const CONNECTION_REASONS: Record<string, ConnectionReason> = {
  ECONNREFUSED: "refused",
  ENOTFOUND: "dns",
  EAI_AGAIN: "dns",
  EAI_FAIL: "dns",
  ECONNRESET: "reset",
  EPIPE: "reset",
  UND_ERR_SOCKET: "reset",
  ECONNABORTED: "reset",
  EHOSTUNREACH: "unreachable",
  ENETUNREACH: "unreachable",
  EHOSTDOWN: "unreachable",
  EADDRNOTAVAIL: "unreachable",
  UND_ERR_CONNECT_TIMEOUT: "connect-timeout",
  ETIMEDOUT: "connect-timeout",
  UND_ERR_PRX_CONN: "proxy",
};

/** Connection failures that happen before any byte of the request is written: safe to retry for any verb. */
const NEVER_SENT: ReadonlySet<ConnectionReason> = new Set(["refused", "dns", "unreachable", "connect-timeout"]);

/** Where the request went, for hints. */
export interface NetworkErrorContext extends RequestInfo {
  /** Server base URL. */
  server: string;
  /** Host the certificate should name (`tlsServerName`, else the URL's host). */
  expectedHost: string;
  /** Proxy URL (without credentials) when one is used. */
  proxyUrl?: string;
}

/**
 * Classifies an error thrown by undici or Node for a request without a response into {@link TlsError},
 * {@link ConnectionError} or {@link TimeoutError} (returns a plain {@link NetworkError} for anything else). Looks
 * through `cause` chains and `AggregateError`s (happy-eyeballs connects). Pure.
 */
export function toNetworkError(error: unknown, context: NetworkErrorContext): NetworkError {
  if (error instanceof NetworkError) return error;
  const request = { method: context.method, url: context.url, cause: error };
  for (const e of causeChain(error)) {
    const code = typeof e.code === "string" ? e.code : undefined;
    if (code === undefined) continue;
    const tlsReason = TLS_REASONS[code];
    if (tlsReason !== undefined) {
      return new TlsError({ ...request, tlsReason, tlsCode: code, detail: `TLS handshake failed: ${e.message}`, hint: tlsHint(tlsReason, context.expectedHost) });
    }
    if (code.startsWith("ERR_SSL_") || code.startsWith("ERR_TLS_") || (code === "EPROTO" && /ssl|tls/i.test(e.message))) {
      return new TlsError({ ...request, tlsReason: "other", tlsCode: code, detail: `TLS handshake failed: ${e.message}`, hint: tlsHint("other", context.expectedHost) });
    }
    if (code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT") {
      return new TimeoutError({ ...request, timeoutMs: 0, detail: `request timed out (${e.message})`, hint: timeoutHint(0, code === "UND_ERR_BODY_TIMEOUT") });
    }
    // zlib's codes (Z_DATA_ERROR, Z_BUF_ERROR): a gzip-encoded answer that does not decode; asking again would not help.
    if (code.startsWith("Z_")) return new NetworkError({ ...request, detail: `the gzip-encoded answer does not decode: ${e.message}`, hint: badResponseHint() }, "ERR_KUBE_BAD_RESPONSE");
    const connectionReason = CONNECTION_REASONS[code];
    if (connectionReason !== undefined) {
      // A TLS server that closes before sending a byte usually rejected our (missing) client certificate:
      // with TLS 1.3 the client learns of it only after its side of the handshake, as a closed connection.
      const closedBeforeAnswer = code === "UND_ERR_SOCKET" && e.socket?.bytesRead === 0 && context.url.startsWith("https:");
      const mtls = closedBeforeAnswer
        ? ". The server closed the TLS connection before answering; if it requires a client certificate (mutual TLS), set `clientCertificate` and `clientKey`"
        : "";
      return new ConnectionError({
        ...request,
        connectionReason,
        errno: code,
        detail: `cannot reach the API server: ${e.message}`,
        hint: connectionHint(context.server, context.proxyUrl) + mtls,
      });
    }
  }
  const message = error instanceof Error ? error.message : String(error);
  const proxyStatus = /Proxy response \((\d+)\)/.exec(message);
  if (proxyStatus !== null) {
    return new ConnectionError({
      ...request,
      connectionReason: "proxy",
      detail: `the proxy refused the tunnel (HTTP ${proxyStatus[1]})`,
      hint: connectionHint(context.server, context.proxyUrl),
    });
  }
  return new NetworkError({ ...request, detail: `request failed: ${message}` }, "ERR_KUBE_NETWORK");
}

/** Whether a failure certainly happened before the request left this machine (so even POST may be retried). */
export function isNeverSent(error: NetworkError): boolean {
  return error instanceof ConnectionError && NEVER_SENT.has(error.connectionReason);
}

function* causeChain(error: unknown): Generator<{ code?: unknown; message: string; socket?: { bytesRead?: unknown } }> {
  const queue: unknown[] = [error];
  for (let seen = 0; queue.length > 0 && seen < 8; seen++) {
    const e = queue.shift();
    if (typeof e !== "object" || e === null) continue;
    const err = e as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown; socket?: unknown };
    const socket = typeof err.socket === "object" && err.socket !== null ? (err.socket as { bytesRead?: unknown }) : undefined;
    yield { code: err.code, message: typeof err.message === "string" ? err.message : "", ...(socket === undefined ? {} : { socket }) };
    if (err.cause !== undefined) queue.push(err.cause);
    if (Array.isArray(err.errors)) queue.push(...err.errors);
  }
}
