import type { ClusterConfig } from "../../config/cluster-config.ts";
import { createAnonymousSource, createStaticTokenSource, type Credential, type CredentialSource } from "./credential-source.ts";
import { createExecCredentialSource } from "./exec-credential-source.ts";
import { createFileTokenSource } from "./file-token-source.ts";

/** Hooks of {@link createCredentialSource}. */
export interface CredentialSourceHooks {
  /** Called with every secret obtained (tokens, keys), for redaction. */
  onSecret: (secret: string) => void;
  /** Receives exec plugin stderr lines. */
  onPluginStderr: (line: string) => void;
  /** Parent environment for exec plugins. */
  env?: Record<string, string | undefined>;
  /** Scrubs known secrets from plugin stderr quoted in errors. */
  redact?: (text: string) => string;
}

/** The credential source for `config.auth`: static token, token file, exec plugin, or none. */
export function createCredentialSource(config: ClusterConfig, hooks: CredentialSourceHooks): CredentialSource {
  const auth = config.auth;
  switch (auth.type) {
    case "none":
      return createAnonymousSource();
    case "token":
      hooks.onSecret(auth.token.reveal());
      return createStaticTokenSource(auth.token);
    case "tokenFile":
      return createFileTokenSource(auth.tokenFile, { onToken: hooks.onSecret });
    case "exec":
      return createExecCredentialSource(auth.exec, {
        cluster: config,
        onStderrLine: hooks.onPluginStderr,
        ...(hooks.redact === undefined ? {} : { redact: hooks.redact }),
        onCredential: (c: Credential) => {
          if (c.token !== undefined) hooks.onSecret(c.token);
          if (c.clientKeyData !== undefined) hooks.onSecret(c.clientKeyData.reveal());
        },
        ...(hooks.env === undefined ? {} : { env: hooks.env }),
      });
  }
}
