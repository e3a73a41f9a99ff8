/**
 * WebSockets to the API server (pods/portforward) with the client's TLS settings, proxy and credentials: undici's
 * WebSocket over the client's own dispatcher. A refused handshake reports no status to WebSocket users, so the
 * same path is then requested once as a plain GET: its answer is the typed error (401, 403, 404) that says why.
 */
import { WebSocket } from "undici";
import type { CredentialSource } from "./auth/credential-source.ts";
import type { DispatcherHolder } from "./dispatcher-holder.ts";
import type { ResolvedLogger } from "./logger.ts";
import { BadRequestError, ForbiddenError } from "./errors.ts";
import { NetworkError, TimeoutError } from "./network-errors.ts";
import { redactUrl } from "./redact.ts";
import type { RequestTarget } from "./request-target.ts";
import type { QueryParams } from "./request-url.ts";

/** Arguments of `Transport.webSocket`. */
export interface WebSocketRequest {
  /** Path below the server URL, e.g. `/api/v1/namespaces/ns/pods/p/portforward`. */
  path: string;
  query?: QueryParams;
  /** WebSocket subprotocols to offer, e.g. `v4.channel.k8s.io`. */
  protocols: readonly string[];
  signal?: AbortSignal;
  /** Until the handshake completes. Default the client's timeout. */
  timeoutMs?: number;
}

/** What opening a WebSocket needs from its transport. */
export interface WebSocketDeps {
  credentials: CredentialSource;
  dispatchers: DispatcherHolder;
  userAgent: string;
  timeoutMs: number;
  logger: ResolvedLogger;
  target(path: string, query?: WebSocketRequest["query"]): RequestTarget;
  /** Requests `target` as a plain GET, throwing the typed error of a non-2xx answer. */
  explain(request: Pick<WebSocketRequest, "path" | "query" | "signal">): Promise<unknown>;
}

/** Opens a WebSocket; resolves once it is open, with binary messages delivered as `ArrayBuffer`. */
export async function openWebSocket(deps: WebSocketDeps, request: WebSocketRequest): Promise<WebSocket> {
  const { origin, path } = deps.target(request.path, request.query);
  const url = `${origin.replace(/^http/, "ws")}${path}`;
  const shown = redactUrl(`${origin}${path}`);
  const credential = await deps.credentials.get(request.signal ? { signal: request.signal } : {});
  const headers: Record<string, string> = { "user-agent": deps.userAgent };
  if (credential.token !== undefined) headers["authorization"] = `Bearer ${credential.token}`;
  const socket = new WebSocket(url, { protocols: [...request.protocols], dispatcher: deps.dispatchers.get(credential), headers });
  socket.binaryType = "arraybuffer";
  const timeoutMs = request.timeoutMs ?? deps.timeoutMs;
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const outcome = await new Promise<"open" | "refused" | "timeout" | "aborted">((resolve) => {
    if (timeoutMs > 0) timer = setTimeout(() => resolve("timeout"), timeoutMs);
    onAbort = () => resolve("aborted");
    request.signal?.addEventListener("abort", onAbort, { once: true });
    socket.addEventListener("open", () => resolve("open"), { once: true });
    socket.addEventListener("error", () => resolve("refused"), { once: true });
    socket.addEventListener("close", () => resolve("refused"), { once: true });
    if (request.signal?.aborted) onAbort();
  });
  clearTimeout(timer);
  if (onAbort !== undefined) request.signal?.removeEventListener("abort", onAbort);
  if (deps.logger.debugEnabled) deps.logger.debug(`GET ${shown} ${outcome === "open" ? "101" : outcome} (WebSocket) ${Math.round(performance.now() - started)} ms`);
  if (outcome === "open") return socket;
  socket.close();
  if (outcome === "aborted") throw request.signal?.reason;
  if (outcome === "timeout") {
    throw new TimeoutError({ method: "GET", url: shown, timeoutMs, detail: `the WebSocket handshake did not complete within ${timeoutMs} ms` });
  }
  // The plain GET meets the same authentication, authorization and lookup as the handshake did: its error is the
  // reason. An answer that is not an error means the refusal was about the upgrade itself.
  await deps.explain({ path: request.path, ...(request.query ? { query: request.query } : {}), ...(request.signal ? { signal: request.signal } : {}) }).catch((error: unknown) => {
    if (isUpgradeRequired(error)) return;
    throw error instanceof ForbiddenError ? withUpgradeRule(error, request.path) : error;
  });
  throw new NetworkError(
    {
      method: "GET",
      url: shown,
      detail: "the server refused the WebSocket upgrade",
      hint: "a proxy or load balancer in front of the API server may not pass WebSocket upgrades; pods/portforward also needs both get and create permission on the subresource",
    },
    "ERR_KUBE_WEBSOCKET",
  );
}

/**
 * A 403 for the handshake names no rule when `get` is granted and `create` is not (the apiserver checks create on
 * WebSocket upgrades of pods/exec, attach and portforward, and its denial of the plain GET says nothing): the
 * message then says which rule the upgrade needs.
 */
function withUpgradeRule(error: ForbiddenError, path: string): ForbiddenError {
  if (/\bcannot \w+ resource\b/.test(error.serverMessage)) return error;
  // …/<resource>/<name>/<subresource>, e.g. pods/portforward.
  const segments = path.split("/");
  const resource = `${segments.at(-3)}/${segments.at(-1)}`;
  return new ForbiddenError({
    status: error.status,
    reason: error.reason,
    details: error.details,
    method: error.method,
    url: error.url,
    hint: error.hint,
    serverMessage: `${error.serverMessage.trim()} (a WebSocket to ${resource} needs get and create permission on ${resource})`,
  });
}

/** The apiserver's answer to a plain GET on a streaming subresource: 400 "Upgrade request required". */
function isUpgradeRequired(error: unknown): boolean {
  return error instanceof BadRequestError;
}
