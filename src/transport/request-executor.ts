import { request, type Dispatcher } from "undici";
import type { Logger } from "../config/client-options.ts";
import type { ClusterConfig } from "../config/cluster-config.ts";
import { abortableSleep } from "./abortable-sleep.ts";
import type { Credential, CredentialSource } from "./auth/credential-source.ts";
import type { DispatcherHolder } from "./dispatcher-holder.ts";
import { timeoutHint } from "./error-hints.ts";
import { getHeader, getHeaderValues } from "./http-headers.ts";
import { NetworkError, TimeoutError } from "./network-errors.ts";
import { redactUrl, type KnownSecrets } from "./redact.ts";
import { parseRetryAfterMs } from "./retry-after.ts";
import { isRetryableNetworkError, isRetryableStatus, retryDelayMs, type RetryPolicy } from "./retry-policy.ts";
import { MAX_ERROR_BODY_BYTES } from "./to-api-error.ts";
import { toNetworkError } from "./to-network-error.ts";
import { parseWarningHeaders } from "./warning-header.ts";

/** A request ready to send: absolute URL, lower-case header names, a replayable body. */
export interface OutgoingRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body?: string | Uint8Array;
  signal?: AbortSignal;
  /** Per attempt; for streams, until the response headers. 0 disables. */
  timeoutMs: number;
  /** Stream a 2xx body instead of reading it, with this idle timeout between chunks (0 disables). */
  stream?: { idleTimeoutMs: number };
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
  logger: Required<Logger>;
  secrets: KnownSecrets;
  retry: RetryPolicy;
  userAgent: string;
}

/** Sends one request: auth, user agent, timeout, retries with backoff, one retry after a refreshed 401, logging. */
export type RequestExecutor = (request: OutgoingRequest) => Promise<IncomingResponse>;

/** Creates the {@link RequestExecutor} of a client. */
export function createRequestExecutor(deps: RequestExecutorDeps): RequestExecutor {
  const serverOrigin = new URL(deps.config.server).origin;
  const { logger, retry } = deps;
  return async (req) => {
    const method = req.method.toUpperCase();
    const shownUrl = redactUrl(req.url.toString());
    // Credentials go only to the API server: a URL on another origin (a redirect target, a typo) gets none.
    const ownsAuth = req.url.origin === serverOrigin && req.headers["authorization"] === undefined;
    let credential = ownsAuth ? await deps.credentials.get(req.signal ? { signal: req.signal } : {}) : {};
    let refreshed = false;
    for (let retries = 0; ; ) {
      const headers: Record<string, string> = { "user-agent": deps.userAgent, ...req.headers };
      if (ownsAuth && credential.token !== undefined) headers["authorization"] = `Bearer ${credential.token}`;
      const started = performance.now();
      let response: IncomingResponse;
      try {
        response = await attempt(deps.dispatchers.get(credential), method, req, headers, credential);
      } catch (error) {
        if (req.signal?.aborted) throw req.signal.reason;
        const failure = toNetworkError(error, {
          method,
          url: shownUrl,
          server: deps.config.server,
          expectedHost: deps.config.tls.serverName ?? req.url.hostname,
          ...(deps.config.proxy === undefined ? {} : { proxyUrl: deps.config.proxy.url }),
        });
        logger.debug(`${method} ${shownUrl} failed after ${elapsed(started)} ms: ${failure.message}`);
        if (!isRetryableNetworkError(method, failure)) throw failure;
        if (retries >= retry.maxRetries) throw gaveUp(failure, retries);
        await backoff(retries++, undefined, failure.message);
        continue;
      }
      logger.debug(`${method} ${shownUrl} ${response.status} ${elapsed(started)} ms`, { method, url: shownUrl, status: response.status, durationMs: elapsed(started) });
      for (const text of parseWarningHeaders(getHeaderValues(response.headers, "warning"))) logger.warn(`server warning: ${text}`);
      if (response.status === 401 && ownsAuth && !refreshed && credential.token !== undefined) {
        refreshed = true;
        const renewed = await deps.credentials.refresh(credential, req.signal ? { signal: req.signal } : {});
        if (renewed !== undefined) {
          logger.debug(`${method} ${shownUrl} got 401; retrying once with a renewed credential`);
          response.stream?.destroy();
          credential = renewed;
          continue;
        }
      }
      const retryAfter = getHeader(response.headers, "retry-after");
      if (isRetryableStatus(method, response.status, retryAfter !== undefined)) {
        if (retries < retry.maxRetries) {
          response.stream?.destroy();
          await backoff(retries++, parseRetryAfterMs(retryAfter), `HTTP ${response.status}`);
          continue;
        }
        if (retry.maxRetries > 0) logger.warn(`giving up on ${method} ${shownUrl} after ${retries} retries: HTTP ${response.status}`);
      }
      return response;
    }

    function gaveUp(failure: NetworkError, retries: number): NetworkError {
      if (retries > 0) logger.warn(`giving up on ${method} ${shownUrl} after ${retries} retries: ${failure.message}`);
      return failure;
    }
    async function backoff(retryIndex: number, retryAfterMs: number | undefined, why: string): Promise<void> {
      const delay = retryDelayMs(retry, retryIndex, retryAfterMs);
      logger.debug(`retry ${retryIndex + 1}/${retry.maxRetries} of ${method} ${shownUrl} in ${delay} ms after ${why}`);
      await abortableSleep(delay, req.signal);
    }
  };
}

const TIMED_OUT = Symbol("timed out");

async function attempt(
  dispatcher: Dispatcher,
  method: string,
  req: OutgoingRequest,
  headers: Record<string, string>,
  credential: Credential,
): Promise<IncomingResponse> {
  const timeout = new AbortController();
  const signal = req.signal === undefined ? timeout.signal : AbortSignal.any([req.signal, timeout.signal]);
  const timer = req.timeoutMs > 0 ? setTimeout(() => timeout.abort(TIMED_OUT), req.timeoutMs) : undefined;
  try {
    const res = await request(req.url, {
      dispatcher,
      method: method as Dispatcher.HttpMethod,
      headers,
      body: req.body ?? null,
      signal,
      headersTimeout: 0,
      bodyTimeout: req.stream?.idleTimeoutMs ?? 0,
    });
    const base = { status: res.statusCode, statusText: res.statusText, headers: res.headers, credential };
    if (req.stream !== undefined && res.statusCode >= 200 && res.statusCode < 300) {
      clearTimeout(timer);
      return { ...base, stream: res.body };
    }
    const limit = res.statusCode >= 400 ? MAX_ERROR_BODY_BYTES : Infinity;
    return { ...base, body: await readBody(res.body, limit) };
  } catch (error) {
    if (timeout.signal.aborted && !req.signal?.aborted) {
      throw new TimeoutError({ method, url: redactUrl(req.url.toString()), timeoutMs: req.timeoutMs, detail: `no complete response within ${req.timeoutMs} ms`, hint: timeoutHint(req.timeoutMs, false), cause: error });
    }
    throw error;
  } finally {
    clearTimeout(timer);
  }
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
