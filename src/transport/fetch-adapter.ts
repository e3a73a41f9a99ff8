import { Readable } from "node:stream";
import { toWebHeaders } from "./http-headers.ts";
import { NetworkError } from "./network-errors.ts";
import { redactUrl } from "./redact.ts";
import type { IncomingResponse, OutgoingRequest } from "./request-executor.ts";
import { fromUrl } from "./request-target.ts";
import { isStreamingUrl } from "./request-url.ts";

type BodyInit = NonNullable<ConstructorParameters<typeof Response>[0]>;

const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/** Request settings the transport adds to what `fetch` callers give. */
export interface FetchDefaults {
  timeoutMs: number;
  idleTimeoutMs: number;
}

/**
 * Turns `fetch(input, init)` arguments into an {@link OutgoingRequest} without building a `Request` when given a
 * URL; a `Request` (openapi-fetch passes one) is read field by field, its body once into memory so that a retry
 * can replay it. `init` overrides the `Request`'s fields, as in WHATWG fetch. Watches and log follows stream.
 */
export async function toOutgoingRequest(
  input: Request | string | URL,
  init: RequestInit | undefined,
  defaults: FetchDefaults,
): Promise<OutgoingRequest> {
  const isRequest = typeof input === "object" && !(input instanceof URL);
  const url = new URL(isRequest ? input.url : input.toString());
  const method = (init?.method ?? (isRequest ? input.method : "GET")).toUpperCase();
  // undici's own check (requests go to undici by origin and path, which it no longer parses from a URL).
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new NetworkError({ method, url: redactUrl(url.href), detail: "request failed: Invalid URL protocol: the URL must start with `http:` or `https:`." }, "ERR_KUBE_NETWORK");
  }
  const headers: Record<string, string> = {};
  if (isRequest) input.headers.forEach((value, name) => (headers[name] = value));
  if (init?.headers !== undefined) new Headers(init.headers).forEach((value, name) => (headers[name] = value));
  let body: string | Uint8Array | undefined;
  if (init?.body !== undefined && init.body !== null) body = await toBytesOrString(init.body);
  else if (isRequest && input.body !== null) body = new Uint8Array(await input.arrayBuffer());
  const signal = init?.signal ?? (isRequest ? input.signal : undefined);
  const out: OutgoingRequest = { method, ...fromUrl(url), headers, timeoutMs: defaults.timeoutMs };
  if (body !== undefined) out.body = body;
  if (signal !== undefined && signal !== null) out.signal = signal;
  if (isStreamingUrl(url)) out.stream = { idleTimeoutMs: defaults.idleTimeoutMs };
  return out;
}

/** A WHATWG `Response` from the transport's response (streamed for watches, from memory otherwise). */
export function toFetchResponse(response: IncomingResponse, method: string, url: string): Response {
  const headers = toWebHeaders(response.headers);
  const noBody = NULL_BODY_STATUSES.has(response.status) || method === "HEAD";
  let body: BodyInit | null = null;
  if (!noBody) {
    if (response.stream !== undefined) body = Readable.toWeb(response.stream) as ReadableStream<Uint8Array>;
    else if (response.body !== undefined) body = response.body as Uint8Array<ArrayBuffer>;
  } else {
    response.stream?.destroy();
  }
  const result = new Response(body, { status: response.status, statusText: response.statusText, headers });
  // Response.url is read-only and empty for constructed responses; callers such as openapi-fetch may log it.
  Object.defineProperty(result, "url", { value: url });
  return result;
}

async function toBytesOrString(body: BodyInit): Promise<string | Uint8Array> {
  if (typeof body === "string") return body;
  if (body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  // Blob, FormData, URLSearchParams, streams: let the platform serialize them once.
  return new Uint8Array(await new Response(body).arrayBuffer());
}
