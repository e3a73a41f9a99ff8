import type { Dispatcher } from "undici";
// undici's `dispatcher.request` as a function: the method exists only once undici's index has loaded (see
// create-dispatcher.ts), and a transport never loads it for its Agent.
import request from "undici/lib/api/api-request.js";
import type { ClusterConfig } from "../config/cluster-config.ts";
import { abortableSleep } from "./abortable-sleep.ts";
import { AttemptAbort } from "./attempt-abort.ts";
import { collectResponse } from "./collect-response.ts";
import type { Credential, CredentialSource } from "./auth/credential-source.ts";
import type { DispatcherHolder } from "./dispatcher-holder.ts";
import { timeoutHint } from "./error-hints.ts";
import { getHeader, getHeaderValues } from "./http-headers.ts";
import type { ResolvedLogger } from "./logger.ts";
import { NetworkError, TimeoutError } from "./network-errors.ts";
import { redactUrl, type KnownSecrets } from "./redact.ts";
import { parseRetryAfterMs } from "./retry-after.ts";
import { isRetryableNetworkError, isRetryableStatus, retryDelayMs, type RetryPolicy } from "./retry-policy.ts";
import { MAX_ERROR_BODY_BYTES } from "./to-api-error.ts";
import { toNetworkError } from "./to-network-error.ts";
import { parseWarningHeaders } from "./warning-header.ts";

/** A request ready to send: its target as undici takes it, lower-case header names, a replayable body. */
export interface OutgoingRequest {
  method: string;
  /** `scheme://host[:port]` of the target. */
  origin: string;
  /** Path and query string, starting with `/`. */
  path: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
  signal?: AbortSignal;
  /** Per attempt; for streams, until the response headers. 0 disables. */
  timeoutMs: number;
  /** Stream a 2xx body instead of reading it, with this idle timeout between chunks (0 disables). */
  stream?: { idleTimeoutMs: number };
  /**
   * Ask for a gzip-encoded answer (`accept-encoding: gzip`, as client-go does) and decode it; for answers read
   * whole. The apiserver compresses answers from 128 KiB on: a LIST of thousands of objects, not a GET.
   */
  gzip?: boolean;
}

/** The final response of a request, after retries and at most one credential refresh. */
export interface IncomingResponse {
  status: number;
  statusText: string;
  headers: Record<string, string | string[] | undefined>;
  /** The body, read fully (for error statuses, at most {@link MAX_ERROR_BODY_BYTES}). */
  body?: Uint8Array;
  /** The unread body of a streamed 2xx response. */
  stream?: Dispatcher.ResponseData["body"];
  /** The credential the final attempt used (for hints). */
  credential: Credential;
}

/** What the executor needs from its client. */
export interface RequestExecutorDeps {
  config: ClusterConfig;
  credentials: CredentialSource;
  dispatchers: DispatcherHolder;
  logger: ResolvedLogger;
  secrets: KnownSecrets;
  retry: RetryPolicy;
  userAgent: string;
}

/** Sends one request: auth, user agent, timeout, retries with backoff, one retry after a refreshed 401, logging. */
export type RequestExecutor = (request: OutgoingRequest) => Promise<IncomingResponse>;

/** The full URL of `req`, for messages. */
export function requestUrl(req: Pick<OutgoingRequest, "origin" | "path">): string {
  return req.origin + req.path;
}

const NO_CREDENTIAL: Credential = Object.freeze({});

/**
 * Creates the {@link RequestExecutor} of a client. The path of a request that succeeds at once does no work for
 * logging (unless debug lines go somewhere), retries or redaction: messages and redacted URLs are built only
 * when a line is written or an error thrown.
 */
export function createRequestExecutor(deps: RequestExecutorDeps): RequestExecutor {
  const serverOrigin = new URL(deps.config.server).origin;
  const { logger, retry, credentials } = deps;
  // The Authorization value of the last credential used: the same token would otherwise be concatenated anew
  // for every request.
  let bearerOf: Credential | undefined;
  let bearer = "";
  return async (req) => {
    const method = req.method.toUpperCase();
    // Credentials go only to the API server: a URL on another origin (a redirect target, a typo) gets none.
    const ownsAuth = req.origin === serverOrigin && req.headers["authorization"] === undefined;
    let credential = ownsAuth ? (credentials.peek?.() ?? (await credentials.get(req.signal ? { signal: req.signal } : {}))) : NO_CREDENTIAL;
    let refreshed = false;
    for (let retries = 0; ; ) {
      const headers: Record<string, string> = { "user-agent": deps.userAgent, ...req.headers };
      if (req.gzip === true && req.stream === undefined) headers["accept-encoding"] = "gzip";
      if (ownsAuth && credential.token !== undefined) {
        if (credential !== bearerOf) {
          bearer = `Bearer ${credential.token}`;
          bearerOf = credential;
        }
        headers["authorization"] = bearer;
      }
      const started = logger.debugEnabled ? performance.now() : 0;
      let response: IncomingResponse;
      try {
        response = await attempt(deps.dispatchers.get(credential), method, req, headers, credential);
      } catch (error) {
        if (req.signal?.aborted) throw req.signal.reason;
        const shownUrl = redactUrl(requestUrl(req));
        const failure = toNetworkError(error, {
          method,
          url: shownUrl,
          server: deps.config.server,
          expectedHost: deps.config.tls.serverName ?? new URL(req.origin).hostname,
          ...(deps.config.proxy === undefined ? {} : { proxyUrl: deps.config.proxy.url }),
        });
        if (logger.debugEnabled) logger.debug(`${method} ${shownUrl} failed after ${elapsed(started)} ms: ${failure.message}`);
        if (!isRetryableNetworkError(method, failure)) throw failure;
        if (retries >= retry.maxRetries) {
          if (retries > 0) logger.warn(`giving up on ${method} ${shownUrl} after ${retries} retries: ${failure.message}`);
          throw failure;
        }
        await backoff(deps, req, method, retries++, undefined, failure.message);
        continue;
      }
      if (logger.debugEnabled) {
        const shownUrl = redactUrl(requestUrl(req));
        logger.debug(`${method} ${shownUrl} ${response.status} ${elapsed(started)} ms`, { method, url: shownUrl, status: response.status, durationMs: elapsed(started) });
      }
      const warnings = getHeaderValues(response.headers, "warning");
      if (warnings.length > 0) for (const text of parseWarningHeaders(warnings)) logger.warn(`server warning: ${text}`);
      if (response.status < 400) return response;
      if (response.status === 401 && ownsAuth && !refreshed && credential.token !== undefined) {
        refreshed = true;
        const renewed = await credentials.refresh(credential, req.signal ? { signal: req.signal } : {});
        if (renewed !== undefined) {
          if (logger.debugEnabled) logger.debug(`${method} ${redactUrl(requestUrl(req))} got 401; retrying once with a renewed credential`);
          response.stream?.destroy();
          credential = renewed;
          continue;
        }
      }
      const retryAfter = getHeader(response.headers, "retry-after");
      if (isRetryableStatus(method, response.status, retryAfter !== undefined)) {
        if (retries < retry.maxRetries) {
          response.stream?.destroy();
          await backoff(deps, req, method, retries++, parseRetryAfterMs(retryAfter), `HTTP ${response.status}`);
          continue;
        }
        if (retry.maxRetries > 0) logger.warn(`giving up on ${method} ${redactUrl(requestUrl(req))} after ${retries} retries: HTTP ${response.status}`);
      }
      return response;
    }
  };
}

async function backoff(deps: RequestExecutorDeps, req: OutgoingRequest, method: string, retryIndex: number, retryAfterMs: number | undefined, why: string): Promise<void> {
  const delay = retryDelayMs(deps.retry, retryIndex, retryAfterMs);
  if (deps.logger.debugEnabled) deps.logger.debug(`retry ${retryIndex + 1}/${deps.retry.maxRetries} of ${method} ${redactUrl(requestUrl(req))} in ${delay} ms after ${why}`);
  await abortableSleep(delay, req.signal);
}

async function attempt(
  dispatcher: Dispatcher,
  method: string,
  req: OutgoingRequest,
  headers: Record<string, string>,
  credential: Credential,
): Promise<IncomingResponse> {
  // No timeout and no caller signal: nothing can abort the attempt, so undici gets no signal at all.
  const abort = req.timeoutMs > 0 || req.signal !== undefined ? new AttemptAbort(req.timeoutMs, req.signal) : undefined;
  let streaming = false;
  try {
    // By origin and path: what undici.request(url) ends up dispatching, minus parsing the URL (twice).
    const options: Dispatcher.RequestOptions = {
      origin: req.origin,
      path: req.path,
      method: method as Dispatcher.HttpMethod,
      headers,
      body: req.body ?? null,
      headersTimeout: 0,
      bodyTimeout: req.stream?.idleTimeoutMs ?? 0,
    };
    if (req.stream === undefined) {
      const res = await collectResponse(dispatcher, options, abort, { errorBodyLimit: MAX_ERROR_BODY_BYTES, decodeGzip: req.gzip === true });
      return { status: res.statusCode, statusText: res.statusText, headers: res.headers, body: res.body, credential };
    }
    options.signal = abort?.asSignal() ?? null;
    const res = await untilAborted(request.call(dispatcher, options), abort);
    const response: IncomingResponse = { status: res.statusCode, statusText: res.statusText, headers: res.headers, credential };
    if (res.statusCode >= 200 && res.statusCode < 300) {
      // The timeout covered the headers; the caller's signal keeps covering the stream until its body closes.
      streaming = true;
      abort?.stopTimer();
      if (abort !== undefined) res.body.once("close", () => abort.dispose());
      response.stream = res.body;
    } else response.body = await readBody(res.body, res.statusCode >= 400 ? MAX_ERROR_BODY_BYTES : Infinity);
    return response;
  } catch (error) {
    if (abort?.timedOut && !req.signal?.aborted) {
      throw new TimeoutError({ method, url: redactUrl(requestUrl(req)), timeoutMs: req.timeoutMs, detail: `no complete response within ${req.timeoutMs} ms`, hint: timeoutHint(req.timeoutMs, false), cause: error });
    }
    throw error;
  } finally {
    if (!streaming) abort?.dispose();
  }
}

/**
 * `request`, or a rejection with the abort's reason as soon as `abort` fires: undici notices an abort only once the
 * connection is made, and one stuck in its TLS handshake would hold the failure until undici's own connect timeout
 * (10 s). A response that still arrives afterwards is discarded.
 */
function untilAborted(request: Promise<Dispatcher.ResponseData>, abort: AttemptAbort | undefined): Promise<Dispatcher.ResponseData> {
  if (abort === undefined) return request;
  return new Promise((resolve, reject) => {
    const stop = abort.observe(() => reject(abort.reason));
    request.then(
      (response) => {
        stop();
        if (abort.reason !== undefined) response.body.destroy();
        else resolve(response);
      },
      (error: unknown) => {
        stop();
        reject(error);
      },
    );
  });
}

async function readBody(body: AsyncIterable<Buffer> & { destroy(): void }, limit: number): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(chunk);
    size += chunk.length;
    // Leaving the loop destroys the stream: an oversized error page is not read to its end.
    if (size >= limit) break;
  }
  return Buffer.concat(chunks);
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}
