import type { ClusterConfig } from "./cluster-config.ts";
import { ConfigError } from "./config-error.ts";
import { isLoopbackHost } from "./no-proxy.ts";

/**
 * Refuses a configuration that would send a bearer token in clear text: an `http://` server that is not
 * loopback, with token, token-file or exec authentication, unless `allowInsecureHttp` is set. Anyone on the
 * network path could read such a token and act as its ServiceAccount until it expires.
 */
export function assertSafeServer(config: ClusterConfig): void {
  const url = new URL(config.server);
  if (url.protocol !== "http:" || config.auth.type === "none" || config.allowInsecureHttp) return;
  if (isLoopbackHost(url.hostname)) return;
  throw new ConfigError(
    `refusing to send a bearer token over plain http to ${url.host}: anyone on the network path could read and ` +
      "replay it. Use the https:// URL of the API server, or set `allowInsecureHttp: true` if the link is " +
      "otherwise protected (e.g. an SSH tunnel).",
    { code: "ERR_KUBE_CONFIG_INSECURE" },
  );
}
