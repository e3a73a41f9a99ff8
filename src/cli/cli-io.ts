/**
 * What the CLI reads from and writes to. `main.ts` wires it to the process; tests pass buffers, so every command
 * runs in-process without touching the real terminal or environment.
 */

/** Anything with a `write(text)`: a process stream, or a test buffer. */
export interface CliWriter {
  write(text: string): unknown;
}

/** The surroundings of one CLI run. */
export interface CliIo {
  stdout: CliWriter;
  stderr: CliWriter;
  /** Read by `-f -`. */
  stdin: AsyncIterable<string | Uint8Array>;
  /** Environment variables (`KUBECONFIG`, `KUBEFLOW_TS_DEBUG`, proxies). */
  env: Record<string, string | undefined>;
  /** Whether stderr is a terminal: live progress rewrites one line there instead of printing plain lines. */
  isTTY: boolean;
  /** Aborted on Ctrl-C (SIGINT); the run then stops and exits 130. */
  signal?: AbortSignal;
}

/** A CliWriter that keeps what is written, for tests and for capturing a sub-command's output. */
export class BufferWriter implements CliWriter {
  #text = "";

  write(text: string): boolean {
    this.#text += text;
    return true;
  }

  /** Everything written so far. */
  text(): string {
    return this.#text;
  }
}
