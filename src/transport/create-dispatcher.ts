import { createRequire } from "node:module";
import type { Dispatcher } from "undici";
// undici's Agent from its own module: undici's index loads all of undici (fetch, WebSocket, caches, mocks), ~90 ms
// of a process's first request on a 2-core machine; this ~35 ms. create-dispatcher.test.ts holds it to be the class
// undici exports, so an upgrade that moves it fails there.
import Agent from "undici/lib/dispatcher/agent.js";
import type { ClusterConfig } from "../config/cluster-config.ts";
import type { Credential } from "./auth/credential-source.ts";
import { toTlsConnectOptions } from "./tls-connect-options.ts";

const require = createRequire(import.meta.url);

/** How long an idle keep-alive connection is kept; the apiserver's own idle timeout is longer. */
const KEEP_ALIVE_TIMEOUT_MS = 30_000;

/**
 * The undici dispatcher of one client: an `Agent` with the cluster's TLS settings, or, when a proxy applies, a
 * `ProxyAgent` that tunnels with CONNECT and applies the same TLS settings toward the API server. Connections
 * are kept alive and reused; close it with `close()`.
 */
export function createDispatcher(config: ClusterConfig, credential: Credential = {}): Dispatcher {
  const tls = toTlsConnectOptions(config.tls, credential);
  const common = { keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS };
  if (config.proxy === undefined) return new Agent({ ...common, connect: tls });
  // Through a proxy, undici's index after all: ProxyAgent's CONNECT needs the request methods the index gives every
  // dispatcher. Loaded now, synchronously, and only for clients that use a proxy.
  const { ProxyAgent } = require("undici") as typeof import("undici");
  return new ProxyAgent({
    ...common,
    uri: config.proxy.url,
    ...(config.proxy.authorization === undefined ? {} : { token: config.proxy.authorization.reveal() }),
    requestTls: tls,
    // Tunnel plain-http servers too, so the proxy never sees a request line with our Authorization header.
    proxyTunnel: true,
  });
}
