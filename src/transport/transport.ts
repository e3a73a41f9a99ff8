import type { Dispatcher, WebSocket } from "undici";
import { assertSafeServer } from "../config/assert-safe-server.ts";
import type { ClientOptions } from "../config/client-options.ts";
import type { ClusterConfig } from "../config/cluster-config.ts";
import { createCredentialSource } from "./auth/create-credential-source.ts";
import { createDispatcherHolder } from "./dispatcher-holder.ts";
import type { KubernetesApiError } from "./errors.ts";
import { toFetchResponse, toOutgoingRequest } from "./fetch-adapter.ts";
import { badResponseHint, lineTooLongHint, timeoutHint } from "./error-hints.ts";
import { getHeader, toWebHeaders } from "./http-headers.ts";
import { resolveLogger } from "./logger.ts";
import { NetworkError, TimeoutError } from "./network-errors.ts";
import { KnownSecrets, redactUrl } from "./redact.ts";
import { createRequestExecutor, requestUrl, type IncomingResponse, type OutgoingRequest } from "./request-executor.ts";
import { createTargetBuilder, type RequestTarget } from "./request-target.ts";
import type { QueryParams } from "./request-url.ts";
import { toRetryPolicy } from "./retry-policy.ts";
import { toServiceAccountIdentity } from "./service-account-from-token.ts";
import { LineTooLongError, splitLines } from "./split-lines.ts";
import { toApiError } from "./to-api-error.ts";
import { toNetworkError } from "./to-network-error.ts";
import { defaultUserAgent } from "./user-agent.ts";
import type { WebSocketRequest } from "./web-socket.ts";

/** Default per-attempt request timeout. */
export const DEFAULT_TIMEOUT_MS = 30_000;
/** Default longest silence in a stream (watch, log follow) before it fails with a TimeoutError. */
export const DEFAULT_IDLE_TIMEOUT_MS = 300_000;

/** Options of {@link createTransport}: the request behaviour part of `ClientOptions`, plus injection points. */
export interface TransportOptions extends Pick<ClientOptions, "timeoutMs" | "retry" | "userAgent" | "logger"> {
  /** Default idle timeout of {@link Transport.stream}. Default {@link DEFAULT_IDLE_TIMEOUT_MS}. */
  idleTimeoutMs?: number;
  /** Use this undici dispatcher (e.g. a `MockAgent`) instead of creating one; `close()` leaves it open. */
  dispatcher?: Dispatcher;
  /** Environment (for `KUBEFLOW_TS_DEBUG` and exec plugins). Default `process.env`. */
  env?: Record<string, string | undefined>;
}

/** Arguments of {@link Transport.request}. */
export interface TransportRequest {
  method: string;
  /** Path below the server URL, e.g. `/apis/kubeflow.org/v1beta1/namespaces/ns/experiments`. */
  path: string;
  query?: QueryParams;
  /** A value to send as JSON, or a ready string / bytes (then set `contentType`). */
  body?: unknown;
  /** Default `application/json`; patches need one of `PatchContentType`. */
  contentType?: string;
  /** Default `application/json`. */
  accept?: string;
  signal?: AbortSignal;
  /** Overrides the client's timeout for this call. */
  timeoutMs?: number;
}

/** Result of {@link Transport.request}. */
export interface TransportResponse<T> {
  status: number;
  headers: Headers;
  /** Parsed JSON, the text of a non-JSON answer, or `undefined` when empty. */
  body: T;
}

/** Arguments of {@link Transport.stream}. */
export interface StreamRequest {
  /** Default `GET`. */
  method?: string;
  path: string;
  query?: QueryParams;
  signal?: AbortSignal;
  /** Longest silence between two chunks; 0 disables. Default from the transport. */
  idleTimeoutMs?: number;
  /** Timeout until the response headers arrive. Default the client's. */
  timeoutMs?: number;
  accept?: string;
}

/** The HTTP layer of a client, bound to one API server. */
export interface Transport {
  /** The API server URL. */
  readonly server: string;
  /** The client's default namespace. */
  readonly namespace: string;
  /**
   * A WHATWG-compatible `fetch` over undici's `request` with this client's TLS, proxy, auth, user agent, timeout,
   * retries and logging; for `openapi-fetch`: `createClient({ baseUrl: transport.server, fetch: transport.fetch })`.
   * A string starting with `/` is a path on the server. Non-2xx answers resolve (as fetch does); failures
   * without a response reject with a `NetworkError`.
   */
  fetch(input: Request | string | URL, init?: RequestInit): Promise<Response>;
  /** JSON in, JSON out; throws the matching `KubernetesApiError` subclass on a non-2xx answer. */
  request<T = unknown>(request: TransportRequest): Promise<TransportResponse<T>>;
  /** Opens a streamed answer (watch, log follow) and yields its lines; throws like `request` on non-2xx. */
  stream(request: StreamRequest): Promise<AsyncIterable<string>>;
  /**
   * Opens a WebSocket on the API server (pods/portforward) with this client's TLS, proxy and credentials. A refused
   * handshake throws the typed error a plain GET of the same path gets. Optional so hand-made transports still fit.
   */
  webSocket?(request: WebSocketRequest): Promise<WebSocket>;
  /** Closes the connections; in-flight requests finish first. */
  close(): Promise<void>;
  /**
   * Scrubs every credential this client has handled (and credential-looking patterns) from `text`, for layers
   * above that build messages from server data (watch ERROR events). Optional so hand-made transports still fit.
   */
  redact?(text: string): string;
}

/**
 * Creates the transport of one client from its loaded {@link ClusterConfig}. Throws a ConfigError if the
 * configuration would send a bearer token over plain http (see `allowInsecureHttp`).
 */
export function createTransport(config: ClusterConfig, options: TransportOptions = {}): Transport {
  assertSafeServer(config);
  const secrets = new KnownSecrets();
  const logger = resolveLogger(options.logger, (text) => secrets.redact(text), options.env);
  const credentials = createCredentialSource(config, {
    onSecret: (s) => secrets.add(s),
    onPluginStderr: (line) => logger.warn(`exec plugin ${config.auth.type === "exec" ? config.auth.exec.command : ""}: ${line}`),
    ...(options.env === undefined ? {} : { env: options.env }),
    redact: (text) => secrets.redact(text),
  });
  const dispatchers = createDispatcherHolder(config, options.dispatcher);
  const userAgent = options.userAgent ?? defaultUserAgent();
  const execute = createRequestExecutor({
    config,
    credentials,
    dispatchers,
    logger,
    secrets,
    retry: toRetryPolicy(options.retry),
    userAgent,
  });
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const idleTimeoutMs = options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
  if (config.tls.insecureSkipTlsVerify) {
    logger.warn(`TLS certificate verification is disabled for ${config.server} (insecureSkipTlsVerify): anyone on the network path can impersonate the API server and read the token`);
  }
  if (config.proxy !== undefined && logger.debugEnabled) logger.debug(`using proxy ${config.proxy.url} (from ${config.proxy.source}) for ${config.server}`);
  const target = createTargetBuilder(config.server);
  let closed = false;

  const send = (req: OutgoingRequest): Promise<IncomingResponse> => {
    if (closed) return Promise.reject(new Error(`transport for ${config.server} is closed`));
    return execute(req);
  };
  const fail = (response: IncomingResponse, method: string, to: RequestTarget): KubernetesApiError =>
    toApiError(response.status, response.body, response.headers, {
      method,
      url: requestUrl(to),
      secrets: [response.credential.token ?? ""],
      ...optionalIdentity(response.credential.token),
    });

  const transport: Transport = {
    server: config.server,
    namespace: config.namespace,
    async fetch(input, init) {
      // A bare path is relative to the server URL, path prefix included.
      const url = typeof input === "string" && input.startsWith("/") ? `${config.server}${input}` : input;
      const req = await toOutgoingRequest(url, init, { timeoutMs, idleTimeoutMs });
      return toFetchResponse(await send(req), req.method, requestUrl(req));
    },
    async request<T>(r: TransportRequest): Promise<TransportResponse<T>> {
      const method = r.method.toUpperCase();
      const { origin, path } = target(r.path, r.query);
      const accept = r.accept ?? "application/json";
      const headers: Record<string, string> = { accept };
      const req: OutgoingRequest = { method, origin, path, headers, timeoutMs: r.timeoutMs ?? timeoutMs, gzip: true };
      if (r.body !== undefined) {
        req.body = typeof r.body === "string" || r.body instanceof Uint8Array ? r.body : JSON.stringify(r.body);
        headers["content-type"] = r.contentType ?? "application/json";
      }
      if (r.signal !== undefined) req.signal = r.signal;
      const response = await send(req);
      if (response.status < 200 || response.status > 299) throw fail(response, method, req);
      return new JsonResponse(response.status, response.headers, parseBody<T>(response, method, req, accept));
    },
    async stream(s: StreamRequest): Promise<AsyncIterable<string>> {
      const method = (s.method ?? "GET").toUpperCase();
      const { origin, path } = target(s.path, s.query);
      const idle = s.idleTimeoutMs ?? idleTimeoutMs;
      const req: OutgoingRequest = { method, origin, path, headers: {}, timeoutMs: s.timeoutMs ?? timeoutMs, stream: { idleTimeoutMs: idle } };
      if (s.accept !== undefined) req.headers["accept"] = s.accept;
      if (s.signal !== undefined) req.signal = s.signal;
      const response = await send(req);
      if (response.stream === undefined) throw fail(response, method, req);
      return lines(response.stream, { method, target: req, idle, signal: s.signal, server: config.server, serverName: config.tls.serverName });
    },
    async webSocket(request) {
      if (closed) throw new Error(`transport for ${config.server} is closed`);
      // Loaded on the first WebSocket (port-forward) only: undici's WebSocket brings its fetch machinery with it.
      const { openWebSocket } = await import("./web-socket.ts");
      return openWebSocket(
        {
          credentials,
          dispatchers,
          userAgent,
          timeoutMs,
          logger,
          target,
          explain: (plain) => transport.request({ method: "GET", ...plain }),
        },
        request,
      );
    },
    async close() {
      closed = true;
      await dispatchers.close();
    },
    redact: (text) => secrets.redact(text),
  };
  return transport;
}

async function* lines(
  body: NonNullable<IncomingResponse["stream"]>,
  ctx: { method: string; target: RequestTarget; idle: number; signal: AbortSignal | undefined; server: string; serverName: string | undefined },
): AsyncGenerator<string, void, undefined> {
  try {
    yield* splitLines(body);
  } catch (error) {
    if (ctx.signal?.aborted) throw ctx.signal.reason;
    const shown = redactUrl(requestUrl(ctx.target));
    // Not a network failure: reconnecting would fetch the same oversized line again, so it gets its own code
    // (which the watch loop does not retry) instead of the generic ERR_KUBE_NETWORK.
    if (error instanceof LineTooLongError) {
      throw new NetworkError({ method: ctx.method, url: shown, detail: error.message, hint: lineTooLongHint(), cause: error }, error.code);
    }
    const failure = toNetworkError(error, { method: ctx.method, url: shown, server: ctx.server, expectedHost: ctx.serverName ?? new URL(ctx.target.origin).hostname });
    if (failure instanceof TimeoutError) {
      throw new TimeoutError({ method: ctx.method, url: shown, timeoutMs: ctx.idle, detail: `stream idle for more than ${ctx.idle} ms`, hint: timeoutHint(ctx.idle, true), cause: error });
    }
    throw failure;
  } finally {
    body.destroy();
  }
}

/**
 * A {@link TransportResponse} whose WHATWG `Headers` are built on first read: the resource layer never reads
 * them, and copying undici's header record into a `Headers` was a measurable part of every call. A class, not an
 * object literal with a getter: V8 builds those an order of magnitude slower.
 */
class JsonResponse<T> implements TransportResponse<T> {
  readonly status: number;
  readonly body: T;
  readonly #raw: IncomingResponse["headers"];
  #headers: Headers | undefined;

  constructor(status: number, raw: IncomingResponse["headers"], body: T) {
    this.status = status;
    this.body = body;
    this.#raw = raw;
  }

  get headers(): Headers {
    return (this.#headers ??= toWebHeaders(this.#raw));
  }
}

// Stateless between calls (no streaming), so one decoder serves every response.
const decoder = new TextDecoder();
const JSON_TYPE = /json/i;
const HTML_TYPE = /^\s*text\/html/i;

function parseBody<T>(response: IncomingResponse, method: string, to: RequestTarget, accept: string): T {
  const bytes = response.body;
  if (bytes === undefined || bytes.length === 0) return undefined as T;
  const text = decoder.decode(bytes);
  const type = getHeader(response.headers, "content-type") ?? "";
  // A 2xx HTML page where JSON was asked for is a proxy's or a login portal's, never the apiserver's: returning its
  // text would hand a string to callers typed for an object (a typed client would then fail far from the cause).
  if (HTML_TYPE.test(type) && JSON_TYPE.test(accept)) throw badResponse(method, to, `the server answered ${response.status} with an HTML page instead of JSON (${bytes.length} bytes)`);
  if (!JSON_TYPE.test(type)) return text as T;
  try {
    return JSON.parse(text) as T;
  } catch (cause) {
    throw badResponse(method, to, `the server answered ${response.status} with malformed JSON (${bytes.length} bytes)`, cause);
  }
}

function badResponse(method: string, to: RequestTarget, detail: string, cause?: unknown): NetworkError {
  return new NetworkError({ method, url: redactUrl(requestUrl(to)), detail, hint: badResponseHint(), ...(cause === undefined ? {} : { cause }) }, "ERR_KUBE_BAD_RESPONSE");
}

function optionalIdentity(token: string | undefined): { serviceAccount?: { namespace: string; name: string } } {
  const identity = toServiceAccountIdentity(token);
  return identity === undefined ? {} : { serviceAccount: identity };
}
