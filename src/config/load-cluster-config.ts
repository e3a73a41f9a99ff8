import { homedir } from "node:os";
import { assertSafeServer } from "./assert-safe-server.ts";
import type { AuthConfig, ClusterConfig, TlsConfig } from "./cluster-config.ts";
import type { ClientOptions } from "./client-options.ts";
import { ConfigError } from "./config-error.ts";
import {
  overrideConnectionFields,
  selectKubeconfigContext,
  toConnectionFields,
  type ConnectionFields,
} from "./connection-fields.ts";
import { loadInClusterConfig, loadInClusterNamespace, SERVICE_ACCOUNT_DIR } from "./load-in-cluster-config.ts";
import { findKubeconfigFiles, loadKubeconfig } from "./load-kubeconfig.ts";
import { loadPemFile, parsePem } from "./pem.ts";
import { resolveProxy } from "./resolve-proxy.ts";
import { REDACTED, SecretValue } from "./secret-value.ts";

/** The process surroundings `loadClusterConfig` reads; each defaults to the real one (tests inject them). */
export interface ConfigEnvironment {
  /** Environment variables (`KUBECONFIG`, `KUBERNETES_SERVICE_HOST`, proxies). Default `process.env`. */
  env?: Record<string, string | undefined>;
  /** Home directory for `~/.kube/config`. Default `os.homedir()`. */
  homeDir?: string;
  /** Mounted ServiceAccount directory. Default `/var/run/secrets/kubernetes.io/serviceaccount`. */
  serviceAccountDir?: string;
}

/**
 * Loads the connection of a client, once. Order: an explicit `server` option (with the options alone, unless
 * `kubeconfig` or `context` is also given); else the kubeconfig (`kubeconfig` option, else `KUBECONFIG`, else
 * `~/.kube/config`), its current or named context, with the options overriding its fields; else the in-cluster
 * ServiceAccount. The namespace is the option's, else the context's, else the pod's, else `default`. Reads the
 * CA and client certificate files; token files are read per request by the transport. Throws a
 * {@link ConfigError} saying what was tried when nothing fits, or what is wrong with what was found.
 */
export async function loadClusterConfig(
  options: ClientOptions = {},
  environment: ConfigEnvironment = {},
): Promise<ClusterConfig> {
  const env = environment.env ?? process.env;
  const serviceAccountDir = environment.serviceAccountDir ?? SERVICE_ACCOUNT_DIR;
  const overrides = toConnectionFields(options);
  const tried: string[] = [];
  let fields: ConnectionFields | undefined;
  let source = "options";

  const wantsKubeconfig = options.kubeconfig !== undefined || options.context !== undefined;
  if (options.server !== undefined && !wantsKubeconfig) {
    fields = overrides;
  } else {
    if (options.server === undefined) tried.push("the `server` option (not set)");
    const location = findKubeconfigFiles(options.kubeconfig, env, environment.homeDir ?? homedir());
    const kubeconfig = await loadKubeconfig(location);
    if (kubeconfig !== undefined) {
      const selection = selectKubeconfigContext(kubeconfig, options.context);
      fields = overrideConnectionFields(selection.fields, overrides);
      source = `kubeconfig ${kubeconfig.files.join(", ")} (context ${selection.contextName})`;
    } else if (options.context !== undefined) {
      throw new ConfigError(`context "${options.context}" was requested but no kubeconfig exists (${location.files.join(", ")})`, {
        code: "ERR_KUBE_CONFIG_NOT_FOUND",
      });
    } else {
      tried.push(`kubeconfig from ${location.from} (${location.files.join(", ")}: not found)`);
      const inCluster = await loadInClusterConfig(env, serviceAccountDir);
      if (inCluster !== undefined) {
        fields = overrideConnectionFields(
          { server: inCluster.server, tokenFile: inCluster.tokenFile, certificateAuthorityData: inCluster.certificateAuthorityData },
          overrides,
        );
        source = "in-cluster";
      } else {
        tried.push("in-cluster (KUBERNETES_SERVICE_HOST/KUBERNETES_SERVICE_PORT not set)");
      }
    }
  }
  if (fields?.server === undefined) {
    throw new ConfigError(
      `no Kubernetes API server configured. Tried: ${tried.join("; ") || "the options (no `server`)"}. ` +
        "Pass `server` (with `token` and `certificateAuthority`), a `kubeconfig`, or run inside a cluster.",
      { code: "ERR_KUBE_CONFIG_NOT_FOUND" },
    );
  }
  const namespace = fields.namespace ?? (await loadInClusterNamespace(serviceAccountDir)) ?? "default";
  const config = await toClusterConfig(fields, fields.server, namespace, source, options, env);
  assertSafeServer(config);
  return config;
}

async function toClusterConfig(
  fields: ConnectionFields,
  rawServer: string,
  namespace: string,
  source: string,
  options: ClientOptions,
  env: Record<string, string | undefined>,
): Promise<ClusterConfig> {
  const server = parseServer(rawServer, source);
  const config: ClusterConfig = {
    server,
    namespace,
    auth: toAuthConfig(fields),
    tls: await loadTlsConfig(fields),
    allowInsecureHttp: options.allowInsecureHttp === true,
    source,
  };
  const proxy = resolveProxy(server, fields.proxyUrl, env);
  if (proxy !== undefined) config.proxy = proxy;
  return config;
}

function toAuthConfig(fields: ConnectionFields): AuthConfig {
  // As in client-go, a token file wins over a static token: it is the one kept up to date.
  if (fields.tokenFile !== undefined) return { type: "tokenFile", tokenFile: fields.tokenFile };
  if (fields.token !== undefined) return { type: "token", token: fields.token };
  if (fields.exec !== undefined) return { type: "exec", exec: fields.exec };
  return { type: "none" };
}

async function loadTlsConfig(fields: ConnectionFields): Promise<TlsConfig> {
  const tls: TlsConfig = { insecureSkipTlsVerify: fields.insecureSkipTlsVerify === true };
  if (!tls.insecureSkipTlsVerify) {
    if (fields.certificateAuthorityData !== undefined) {
      tls.certificateAuthorityData = parsePem(fields.certificateAuthorityData, "certificateAuthorityData");
    } else if (fields.certificateAuthority !== undefined) {
      tls.certificateAuthorityData = await loadPemFile(fields.certificateAuthority, "certificateAuthority");
    }
  }
  if (fields.tlsServerName) tls.serverName = fields.tlsServerName;
  if (fields.clientCertificateData !== undefined) {
    tls.clientCertificateData = parsePem(fields.clientCertificateData, "clientCertificateData");
  } else if (fields.clientCertificate !== undefined) {
    tls.clientCertificateData = await loadPemFile(fields.clientCertificate, "clientCertificate");
  }
  if (fields.clientKeyData !== undefined) {
    tls.clientKeyData = new SecretValue(parsePem(fields.clientKeyData.reveal(), "clientKeyData"));
  } else if (fields.clientKey !== undefined) {
    tls.clientKeyData = new SecretValue(await loadPemFile(fields.clientKey, "clientKey"));
  }
  if ((tls.clientCertificateData === undefined) !== (tls.clientKeyData === undefined)) {
    throw new ConfigError("a client certificate needs both the certificate and its key (clientCertificate/clientKey)", {
      code: "ERR_KUBE_CONFIG_INVALID",
    });
  }
  return tls;
}

function parseServer(raw: string, source: string): string {
  // client-go accepts a bare host:port and means https.
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `https://${raw}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    // Quoted without its user info: an unparsable URL may still carry a password or token before the "@".
    const shown = raw.replace(/^([^/]*\/\/)[^/?#]*@/, `$1${REDACTED}@`);
    throw new ConfigError(`server "${shown}" from ${source} is not a valid URL`, { code: "ERR_KUBE_CONFIG_INVALID" });
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new ConfigError(`server from ${source} must be an https:// URL (got ${url.protocol}//)`, {
      code: "ERR_KUBE_CONFIG_INVALID",
    });
  }
  if (url.username !== "" || url.password !== "") {
    throw new ConfigError(`server URL from ${source} must not contain credentials; use \`token\` instead`, {
      code: "ERR_KUBE_CONFIG_INVALID",
    });
  }
  url.search = "";
  url.hash = "";
  return url.toString().replace(/\/+$/, "");
}
