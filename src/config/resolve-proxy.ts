import { ConfigError } from "./config-error.ts";
import { isLoopbackHost, isNoProxyMatch } from "./no-proxy.ts";
import { SecretValue } from "./secret-value.ts";

/** The proxy chosen for one API server, with any credentials taken out of the URL. */
export interface ResolvedProxy {
  /** Proxy URL without user info, safe to print. */
  url: string;
  /** `Proxy-Authorization` value built from the URL's user info, if it had any. */
  authorization?: SecretValue;
  /** What chose it: `proxyUrl` (explicit / kubeconfig) or the environment variable's name. */
  source: string;
}

/**
 * Picks the proxy for `server`. An explicit `proxyUrl` (kubeconfig `proxy-url` or the option) is used as is,
 * like client-go. Otherwise the environment as curl and kubectl read it: `HTTPS_PROXY`/`https_proxy` for an
 * https server, `HTTP_PROXY`/`http_proxy` for http, unless `NO_PROXY`/`no_proxy` matches or the host is
 * loopback. Pure given `env`.
 */
export function resolveProxy(
  server: string,
  proxyUrl: string | undefined,
  env: Record<string, string | undefined>,
): ResolvedProxy | undefined {
  if (proxyUrl !== undefined && proxyUrl !== "") return toResolvedProxy(proxyUrl, "proxyUrl");
  const target = new URL(server);
  const https = target.protocol === "https:";
  const names = https ? ["HTTPS_PROXY", "https_proxy"] : ["HTTP_PROXY", "http_proxy"];
  const name = names.find((n) => (env[n] ?? "") !== "");
  if (name === undefined) return undefined;
  const port = target.port === "" ? (https ? 443 : 80) : Number(target.port);
  const noProxy = env["NO_PROXY"] || env["no_proxy"] || "";
  if (isLoopbackHost(target.hostname) || isNoProxyMatch(target.hostname, port, noProxy)) return undefined;
  return toResolvedProxy(env[name] ?? "", name);
}

function toResolvedProxy(raw: string, source: string): ResolvedProxy {
  // Like Go and curl, a proxy given without a scheme is an http proxy.
  const withScheme = raw.includes("://") ? raw : `http://${raw}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new ConfigError(`proxy URL from ${source} is not a valid URL`, { code: "ERR_KUBE_CONFIG_INVALID" });
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new ConfigError(`proxy URL from ${source} must be http:// or https:// (got ${url.protocol}//)`, {
      code: "ERR_KUBE_CONFIG_INVALID",
    });
  }
  let authorization: SecretValue | undefined;
  if (url.username !== "" || url.password !== "") {
    const user = decodeURIComponent(url.username);
    const password = decodeURIComponent(url.password);
    authorization = new SecretValue(`Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`);
    url.username = "";
    url.password = "";
  }
  const clean = url.toString().replace(/\/$/, "");
  return authorization === undefined ? { url: clean, source } : { url: clean, authorization, source };
}
