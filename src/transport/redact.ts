import { REDACTED } from "../config/secret-value.ts";

const CREDENTIAL_SCHEME = /\b(Bearer|Basic)(\s+)[A-Za-z0-9._~+/=-]+/gi;
const JWT = /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;
const TOKEN_PARAM = /([?&](?:access_token|token|id_token)=)[^&#\s"']+/gi;
const PRIVATE_KEY = /-----BEGIN ([A-Z ]*)PRIVATE KEY-----[\s\S]*?(?:-----END \1PRIVATE KEY-----|$)/g;
const AUTH_HEADER_LINE = /\b((?:proxy-)?authorization|cookie)(["']?\s*[:=]\s*["']?)[^"'\r\n,}]+/gi;
const SENSITIVE_HEADERS = new Set(["authorization", "proxy-authorization", "cookie", "set-cookie"]);

/**
 * Removes credentials from text meant for a log line or an error message: every value in `secrets` (the
 * tokens this client knows), `Bearer …`/`Basic …` credentials, `Authorization:` header values, JWTs, token
 * query parameters and PEM private keys. Used on every log and error path; cheap enough to call per line.
 */
export function redact(text: string, secrets: Iterable<string> = []): string {
  let out = text;
  for (const secret of secrets) {
    // Very short values would turn ordinary words into [REDACTED]; tokens are never that short.
    if (secret.length >= 6 && out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  return out
    .replace(PRIVATE_KEY, REDACTED)
    .replace(AUTH_HEADER_LINE, `$1$2${REDACTED}`)
    .replace(CREDENTIAL_SCHEME, `$1$2${REDACTED}`)
    .replace(JWT, REDACTED)
    .replace(TOKEN_PARAM, `$1${REDACTED}`);
}

/** A copy of `headers` whose credential-bearing values (Authorization, Cookie, …) are {@link REDACTED}. */
export function redactHeaders(headers: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(headers)) {
    out[name] = SENSITIVE_HEADERS.has(name.toLowerCase()) ? REDACTED : value;
  }
  return out;
}

/** `url` without user info and with token-like query parameters redacted, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = "";
    parsed.password = "";
    return redact(parsed.toString());
  } catch {
    return redact(url);
  }
}

/**
 * The secrets one client has handled (static token, every token read from a file or an exec plugin), so that
 * log and error paths can scrub them even when they do not look like credentials.
 */
export class KnownSecrets {
  readonly #values = new Set<string>();

  /** Remembers `value` (ignores empty ones). Keeps at most the 16 most recent: rotated tokens pile up. */
  add(value: string | undefined): void {
    if (value === undefined || value === "") return;
    this.#values.delete(value);
    this.#values.add(value);
    if (this.#values.size > 16) {
      const oldest = this.#values.values().next();
      if (!oldest.done) this.#values.delete(oldest.value);
    }
  }

  /** {@link redact} with every remembered secret. */
  redact(text: string): string {
    return redact(text, this.#values);
  }

  /** Prints nothing of the values. */
  toJSON(): string {
    return `KnownSecrets(${this.#values.size})`;
  }
}
