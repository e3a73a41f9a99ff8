/** Query parameters of a request; arrays repeat the key, `undefined`/`null` are left out. */
export type QueryParams = Record<
  string,
  string | number | boolean | readonly (string | number | boolean)[] | undefined | null
>;

/**
 * The absolute URL of `path` on `server`, keeping a path prefix of the server URL (some gateways serve the
 * API under `/k8s/clusters/<id>`). Pure.
 */
export function toRequestUrl(server: string, path: string, query?: QueryParams): URL {
  const url = new URL(server.replace(/\/+$/, "") + (path.startsWith("/") ? path : `/${path}`));
  if (query !== undefined) {
    for (const [key, value] of Object.entries(query)) {
      if (value === undefined || value === null) continue;
      if (Array.isArray(value)) for (const v of value as readonly unknown[]) url.searchParams.append(key, String(v));
      else url.searchParams.append(key, String(value));
    }
  }
  return url;
}

/** Whether `url` asks for a long-lived streamed answer (`watch=true`, `follow=true`) rather than one document. */
export function isStreamingUrl(url: URL): boolean {
  const truthy = (name: string): boolean => /^(true|1)$/i.test(url.searchParams.get(name) ?? "");
  return truthy("watch") || truthy("follow");
}
