/** Why an exec credential plugin gave no credential. */
export type ExecCredentialReason = "not-found" | "not-executable" | "exit" | "bad-output" | "timeout";

/**
 * A kubeconfig exec credential plugin could not supply a credential: the command is missing, failed, timed
 * out, or printed something that is not a valid ExecCredential. The message names the command and, when the
 * kubeconfig has one, its `installHint`; it never contains what the plugin printed on stdout.
 */
export class ExecCredentialError extends Error {
  /** Stable machine-readable code. */
  readonly code = "ERR_KUBE_EXEC_CREDENTIAL";
  /** What went wrong. */
  readonly execReason: ExecCredentialReason;
  /** The plugin command as configured. */
  readonly command: string;
  /** Exit code, when the plugin ran and failed. */
  readonly exitCode: number | undefined;

  /** Creates the error; `message` must not contain secrets. */
  constructor(
    message: string,
    init: { execReason: ExecCredentialReason; command: string; exitCode?: number; cause?: unknown },
  ) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = "ExecCredentialError";
    this.execReason = init.execReason;
    this.command = init.command;
    this.exitCode = init.exitCode;
  }
}
