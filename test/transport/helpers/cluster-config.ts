import type { ClusterConfig } from "../../../src/config/cluster-config.ts";
import { SecretValue } from "../../../src/config/secret-value.ts";

/** A ClusterConfig for `server` with a static token, for tests that do not go through loadClusterConfig. */
export function tokenConfig(server: string, token: string, extra: Partial<ClusterConfig> = {}): ClusterConfig {
  return {
    server,
    namespace: "default",
    auth: { type: "token", token: new SecretValue(token) },
    tls: { insecureSkipTlsVerify: false },
    allowInsecureHttp: false,
    source: "test",
    ...extra,
  };
}
