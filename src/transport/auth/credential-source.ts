import type { SecretValue } from "../../config/secret-value.ts";

/** What authenticates one request: a bearer token, a client certificate (from an exec plugin), or both. */
export interface Credential {
  /** Bearer token, when there is one. */
  token?: string;
  /** Client certificate PEM from an exec plugin (mutual TLS). */
  clientCertificateData?: string;
  /** Its private key. */
  clientKeyData?: SecretValue;
}

/** Supplies credentials to the transport and renews them after a 401. */
export interface CredentialSource {
  /** The current credential, from cache when still valid. */
  get(options?: { signal?: AbortSignal }): Promise<Credential>;
  /**
   * Called once after a request sent with `rejected` got a 401: obtains the credential anew (re-reads the
   * file, re-runs the plugin) and returns it if it differs, or `undefined` when retrying would be pointless.
   */
  refresh(rejected: Credential, options?: { signal?: AbortSignal }): Promise<Credential | undefined>;
}

/** A source without credentials (anonymous, or client certificates from the TLS config only). */
export function createAnonymousSource(): CredentialSource {
  return { get: async () => ({}), refresh: async () => undefined };
}

/** A fixed bearer token: nothing to renew, so a 401 is final. */
export function createStaticTokenSource(token: SecretValue): CredentialSource {
  return { get: async () => ({ token: token.reveal() }), refresh: async () => undefined };
}
