/**
 * Request targets on the API server as undici takes them (origin, and path with query), built by string
 * concatenation: parsing a `URL` per request (ours, then undici's again) was a visible share of a GET's cost.
 * Only inputs whose concatenation is exactly what `toRequestUrl` would produce take that path; anything a URL
 * parser would normalise (dot segments, characters it percent-encodes, a `?` or `#` in the path) goes through
 * `toRequestUrl`, so the bytes on the wire are the same either way.
 */
import { toRequestUrl, type QueryParams } from "./request-url.ts";

/** Where one request goes: `scheme://host[:port]`, and the path with its query string, starting with `/`. */
export interface RequestTarget {
  origin: string;
  path: string;
}

/** Builds the {@link RequestTarget} of a path (and query) on one server. */
export type TargetBuilder = (path: string, query?: QueryParams) => RequestTarget;

// Characters a WHATWG URL parser keeps as they are in a path; `%` too (existing escapes are kept verbatim).
const PLAIN_PATH = /^[A-Za-z0-9\-._~!$&'()*+,;=:@/%]*$/;
// A segment a URL parser would resolve: `.` or `..`, literally or as `%2e`.
const DOT_SEGMENT = /\/(?:\.|%2e)/i;
// application/x-www-form-urlencoded (URLSearchParams' serializer) writes only these as they are.
const FORM_PLAIN = /^[A-Za-z0-9*\-._]*$/;

/** Creates the target builder of `server` (the cluster's server URL, path prefix included). Pure. */
export function createTargetBuilder(server: string): TargetBuilder {
  const base = new URL(server.replace(/\/+$/, ""));
  const prefix = base.pathname === "/" ? "" : base.pathname;
  // A server URL with credentials, a query or a fragment, or a prefix the parser left ending in `/`, always
  // takes the general path: concatenation would not reproduce what the parser does with it.
  const plainServer = base.username === "" && base.password === "" && base.search === "" && base.hash === "" && !prefix.endsWith("/");
  const origin = base.origin;
  return (path, query) => {
    const rooted = path.startsWith("/") ? path : `/${path}`;
    if (!plainServer || !PLAIN_PATH.test(rooted) || DOT_SEGMENT.test(rooted)) return fromUrl(toRequestUrl(server, path, query));
    const search = query === undefined ? "" : toSearch(query);
    return { origin, path: prefix + rooted + search };
  };
}

/** The target of a parsed URL, as undici derives it (the fragment is never sent). */
export function fromUrl(url: URL): RequestTarget {
  return { origin: url.origin, path: url.pathname + url.search };
}

/** `?k=v&…` as URLSearchParams would serialize `query` (arrays repeat the key; undefined/null left out). */
function toSearch(query: QueryParams): string {
  let out = "";
  for (const key in query) {
    if (!Object.hasOwn(query, key)) continue;
    const value = query[key];
    if (value === undefined || value === null) continue;
    const name = encodeForm(key);
    if (Array.isArray(value)) for (const v of value as readonly unknown[]) out += `${out === "" ? "?" : "&"}${name}=${encodeForm(String(v))}`;
    else out += `${out === "" ? "?" : "&"}${name}=${encodeForm(String(value))}`;
  }
  return out;
}

/** `text` form-encoded: as is when nothing needs escaping (names, numbers), else by URLSearchParams itself. */
function encodeForm(text: string): string {
  return FORM_PLAIN.test(text) ? text : new URLSearchParams([["", text]]).toString().slice(1);
}
