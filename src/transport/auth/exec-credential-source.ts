import type { ClusterConfig, ExecCredentialPlugin } from "../../config/cluster-config.ts";
import type { Credential, CredentialSource } from "./credential-source.ts";
import { parseExecCredential } from "./parse-exec-credential.ts";
import { runExecPlugin } from "./run-exec-plugin.ts";

/** Options of {@link createExecCredentialSource}. */
export interface ExecCredentialSourceOptions {
  /** Receives plugin stderr lines (the caller redacts and logs them). */
  onStderrLine: (line: string) => void;
  /** Called with each credential obtained, so that log and error paths can redact it. */
  onCredential?: (credential: Credential) => void;
  /** The cluster, passed to the plugin when the kubeconfig sets `provideClusterInfo`. */
  cluster?: ClusterConfig;
  /** Parent environment for the plugin; default `process.env`. */
  env?: Record<string, string | undefined>;
  /** Limit on one plugin run. */
  timeoutMs?: number;
  /** Scrubs plugin stderr quoted in errors (see `RunExecPluginOptions.redact`). */
  redact?: (text: string) => string;
  /** Clock, for tests. */
  now?: () => number;
}

/**
 * Credentials from a kubeconfig exec plugin (client.authentication.k8s.io v1 or v1beta1), cached until the
 * `expirationTimestamp` it returned (without one, until a 401). Concurrent requests share one plugin run.
 */
export function createExecCredentialSource(plugin: ExecCredentialPlugin, options: ExecCredentialSourceOptions): CredentialSource {
  const now = options.now ?? Date.now;
  let cached: { credential: Credential; expiresAtMs: number } | undefined;
  let pending: Promise<Credential> | undefined;

  // The run is shared by concurrent requests, so one caller's abort signal must not kill it; the timeout bounds it.
  const run = async (): Promise<Credential> => {
    // Stderr is held back until the credential is known and registered for redaction: a chatty plugin may
    // print the very token it returns.
    const stderr: string[] = [];
    const flush = (): void => {
      for (const line of stderr.splice(0)) options.onStderrLine(line);
    };
    try {
      const stdout = await runExecPlugin(plugin, {
        execInfo: JSON.stringify(toExecInfo(plugin, options.cluster)),
        onStderrLine: (line) => stderr.push(line),
        ...(options.env === undefined ? {} : { env: options.env }),
        ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
        ...(options.redact === undefined ? {} : { redact: options.redact }),
      });
      const result = parseExecCredential(stdout, plugin.apiVersion, plugin.command);
      options.onCredential?.(result.credential);
      cached = { credential: result.credential, expiresAtMs: result.expiresAtMs ?? Infinity };
      return result.credential;
    } finally {
      flush();
    }
  };
  const once = (): Promise<Credential> => {
    pending ??= run().finally(() => {
      pending = undefined;
    });
    return pending;
  };

  const valid = (): Credential | undefined => (cached !== undefined && now() < cached.expiresAtMs ? cached.credential : undefined);
  return {
    async get(): Promise<Credential> {
      return valid() ?? once();
    },
    peek: valid,
    async refresh(rejected): Promise<Credential | undefined> {
      // Another request may already have renewed it after its own 401.
      if (pending !== undefined) await pending.catch(() => undefined);
      if (cached !== undefined && !sameCredential(cached.credential, rejected) && now() < cached.expiresAtMs) {
        return cached.credential;
      }
      cached = undefined;
      const fresh = await once();
      return sameCredential(fresh, rejected) ? undefined : fresh;
    },
  };
}

function sameCredential(a: Credential, b: Credential): boolean {
  return a.token === b.token && a.clientCertificateData === b.clientCertificateData;
}

function toExecInfo(plugin: ExecCredentialPlugin, cluster: ClusterConfig | undefined): Record<string, unknown> {
  const spec: Record<string, unknown> = { interactive: false };
  if (plugin.provideClusterInfo && cluster !== undefined) {
    const info: Record<string, unknown> = { server: cluster.server };
    if (cluster.tls.certificateAuthorityData !== undefined) {
      info["certificate-authority-data"] = Buffer.from(cluster.tls.certificateAuthorityData).toString("base64");
    }
    if (cluster.tls.insecureSkipTlsVerify) info["insecure-skip-tls-verify"] = true;
    if (cluster.tls.serverName !== undefined) info["tls-server-name"] = cluster.tls.serverName;
    if (cluster.proxy !== undefined) info["proxy-url"] = cluster.proxy.url;
    spec["cluster"] = info;
  }
  return { apiVersion: plugin.apiVersion, kind: "ExecCredential", spec };
}
