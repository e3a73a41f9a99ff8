/** Stable codes of {@link ConfigError}, one per kind of configuration problem. */
export type ConfigErrorCode =
  | "ERR_KUBE_CONFIG"
  | "ERR_KUBE_CONFIG_NOT_FOUND"
  | "ERR_KUBE_CONFIG_INVALID"
  | "ERR_KUBE_CONFIG_INSECURE";

/** Options of {@link ConfigError}. */
export interface ConfigErrorOptions {
  /** Stable code; `ERR_KUBE_CONFIG` when not given. */
  code?: ConfigErrorCode;
  /** The file the problem is in, when there is one. */
  file?: string;
  /** 1-based line in {@link ConfigErrorOptions.file}, when known. */
  line?: number;
  /** The underlying error (never one that carries a secret). */
  cause?: unknown;
}

/**
 * The client's configuration cannot be used: nothing to connect to, a malformed or inconsistent kubeconfig, a
 * missing file, or an unsafe combination (a bearer token over plain http). The message says what was tried and
 * what to change; it never contains a credential.
 */
export class ConfigError extends Error {
  /** Stable machine-readable code. */
  readonly code: ConfigErrorCode;
  /** The file at fault, if any. */
  readonly file: string | undefined;
  /** 1-based line in {@link ConfigError.file}, if known. */
  readonly line: number | undefined;

  /** Creates the error; `message` must not contain secrets. */
  constructor(message: string, options: ConfigErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "ConfigError";
    this.code = options.code ?? "ERR_KUBE_CONFIG";
    this.file = options.file;
    this.line = options.line;
  }
}
