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
   * The credential `get` would return, when it is known without waiting (a static token, a cached one still
   * valid); `undefined` means "call `get`". Optional: it spares the hot path an async hop per request.
   */
  peek?(): Credential | undefined;
  /**
   * Called once after a request sent with `rejected` got a 401: obtains the credential anew (re-reads the
   * file, re-runs the plugin) and returns it if it differs, or `undefined` when retrying would be pointless.
   */
  refresh(rejected: Credential, options?: { signal?: AbortSignal }): Promise<Credential | undefined>;
}

/** A source without credentials (anonymous, or client certificates from the TLS config only). */
export function createAnonymousSource(): CredentialSource {
  const none: Credential = {};
  return { get: async () => none, peek: () => none, refresh: async () => undefined };
}

/** A fixed bearer token: nothing to renew, so a 401 is final. */
export function createStaticTokenSource(token: SecretValue): CredentialSource {
  // One object for every request: the token never changes, and callers only read it.
  const credential: Credential = Object.freeze({ token: token.reveal() });
  return { get: async () => credential, peek: () => credential, refresh: async () => undefined };
}
