/**
 * The state of one CLI run shared by its commands: the io, the abort signal, the connection flags, and the
 * clients, opened on first use and closed when the run ends. Configuration is loaded with the run's environment
 * (`io.env`), so `KUBECONFIG` works in-process exactly as it does from a shell.
 */
import type { ClientOptions, Logger } from "../config/client-options.ts";
import { KatibClient } from "../katib/katib-client.ts";
import { Connection } from "../resource/connection.ts";
import { TrainerClient } from "../trainer/trainer-client.ts";
import { DEBUG_ENV } from "../transport/logger.ts";
import { redact } from "../transport/redact.ts";
import type { CliIo } from "./cli-io.ts";
import { toClientOptions, type ConnectionFlags } from "./connection-flags.ts";

/** Whether `KUBEFLOW_TS_DEBUG` asks for debug output (request traces, stacks). */
export function isDebug(env: Record<string, string | undefined>): boolean {
  return /^(1|true|yes)$/i.test(env[DEBUG_ENV] ?? "");
}

/** One run of the CLI. */
export class CliContext {
  readonly io: CliIo;
  readonly signal: AbortSignal;
  /** The exit code when the command finishes without throwing (e.g. doctor with a failed check). */
  exitCode = 0;
  #flags: ConnectionFlags = {};
  #connection: Connection | undefined;
  readonly #connections: Connection[] = [];

  constructor(io: CliIo, signal: AbortSignal) {
    this.io = io;
    this.signal = signal;
  }

  /** Records the connection flags of the command about to run (commander's optsWithGlobals). */
  setFlags(flags: ConnectionFlags): void {
    this.#flags = flags;
  }

  /** The namespace given with -n, if any (the connection's default namespace otherwise applies). */
  namespaceFlag(): string | undefined {
    return this.#flags.namespace;
  }

  /** Values to scrub from anything printed, beyond what looks like a credential. */
  secrets(): string[] {
    return this.#flags.token ? [this.#flags.token] : [];
  }

  /** Writes to stdout. */
  out(text: string): void {
    this.io.stdout.write(text);
  }

  /** Writes to stderr, scrubbed. */
  err(text: string): void {
    this.io.stderr.write(redact(text, this.secrets()));
  }

  /** A logger to stderr: warnings always, debug lines with KUBEFLOW_TS_DEBUG=1. */
  logger(): Logger {
    const debug = isDebug(this.io.env);
    return {
      debug: (message) => (debug ? this.err(`kfts debug: ${message}\n`) : undefined),
      // The transport warns when it gives up retrying; the CLI prints that same error as its last line anyway.
      warn: (message) => (debug || !message.startsWith("giving up") ? this.err(`kfts warning: ${message}\n`) : undefined),
    };
  }

  /**
   * A connection of its own, from the flags with `overrides` (e.g. doctor's: no retries, a short timeout), closed
   * with the run.
   */
  openConnection(overrides: Pick<ClientOptions, "retry" | "timeoutMs"> = {}): Connection {
    const connection = Connection.fromOptions({ ...toClientOptions(this.#flags), ...overrides, logger: this.logger() }, { env: this.io.env });
    this.#connections.push(connection);
    return connection;
  }

  /** The shared connection of the product clients, opened on first use. */
  connection(): Connection {
    this.#connection ??= this.openConnection();
    return this.#connection;
  }

  /** A KatibClient on the shared connection. */
  async katib(): Promise<KatibClient> {
    return new KatibClient(this.connection());
  }

  /** A TrainerClient on the shared connection. */
  async trainer(): Promise<TrainerClient> {
    return new TrainerClient(this.connection());
  }

  /** Closes every connection opened by the run. */
  async close(): Promise<void> {
    await Promise.allSettled(this.#connections.map((connection) => connection.close()));
  }
}
