/** Response headers as the transport and its callers hold them: a WHATWG `Headers` or undici's record. */
export type HeadersLike = Headers | Record<string, string | string[] | undefined> | undefined;

/** All values of header `name` (case-insensitive) in `headers`. */
export function getHeaderValues(headers: HeadersLike, name: string): string[] {
  if (headers === undefined) return [];
  if (typeof (headers as Headers).get === "function" && typeof (headers as Headers).forEach === "function") {
    const h = headers as Headers;
    if (name.toLowerCase() === "set-cookie") return h.getSetCookie();
    const value = h.get(name);
    return value === null ? [] : [value];
  }
  const lower = name.toLowerCase();
  const record = headers as Record<string, string | string[] | undefined>;
  const out: string[] = [];
  // Called on every response: no entries array to allocate.
  for (const key in record) {
    if (!Object.hasOwn(record, key) || (key !== lower && key.toLowerCase() !== lower)) continue;
    const value = record[key];
    if (value === undefined) continue;
    if (Array.isArray(value)) out.push(...value);
    else out.push(value);
  }
  return out;
}

/** The first value of header `name`, or `undefined`. */
export function getHeader(headers: HeadersLike, name: string): string | undefined {
  return getHeaderValues(headers, name)[0];
}

/** A WHATWG `Headers` from undici's header record (repeated headers stay separate values). */
export function toWebHeaders(raw: Record<string, string | string[] | undefined>): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
  }
  return headers;
}
