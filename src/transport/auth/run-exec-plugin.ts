import { spawn } from "node:child_process";
import type { ExecCredentialPlugin } from "../../config/cluster-config.ts";
import { redact } from "../redact.ts";
import { ExecCredentialError } from "./exec-credential-error.ts";

/** Most bytes read from a plugin's stdout; an ExecCredential is a few kilobytes. */
const MAX_STDOUT_BYTES = 1024 * 1024;
/** Default limit on a plugin run: it is non-interactive, so a hang would otherwise block every request. */
export const EXEC_PLUGIN_TIMEOUT_MS = 60_000;

/** Options of {@link runExecPlugin}. */
export interface RunExecPluginOptions {
  /** Value of `KUBERNETES_EXEC_INFO` (the ExecCredential request, JSON). */
  execInfo: string;
  /** Receives each stderr line of the plugin (already without the trailing newline). */
  onStderrLine: (line: string) => void;
  /** Parent environment; default `process.env`. */
  env?: Record<string, string | undefined>;
  /** Kill the plugin after this long. Default {@link EXEC_PLUGIN_TIMEOUT_MS}. */
  timeoutMs?: number;
  /** Aborting kills the plugin. */
  signal?: AbortSignal;
  /**
   * Scrubs the stderr quoted in a failure message; default: credential patterns only. The client passes its own,
   * which also knows every token it obtained: a plugin failing a refresh may print the token it issued before.
   */
  redact?: (text: string) => string;
}

/**
 * Runs an exec credential plugin as kubectl does: no shell, the configured args, the parent environment plus
 * the plugin's `env` and `KUBERNETES_EXEC_INFO`, stdin closed (never interactive). Resolves with stdout when it
 * exits 0; throws an {@link ExecCredentialError} when it is missing, not executable, fails or times out.
 */
export function runExecPlugin(plugin: ExecCredentialPlugin, options: RunExecPluginOptions): Promise<string> {
  const env: Record<string, string | undefined> = { ...(options.env ?? process.env) };
  for (const { name, value } of plugin.env) env[name] = value;
  env["KUBERNETES_EXEC_INFO"] = options.execInfo;
  const command = plugin.command;
  const hint = plugin.installHint === undefined ? "" : `\n${plugin.installHint.trim()}`;

  return new Promise((resolve, reject) => {
    const child = spawn(command, plugin.args, {
      env,
      stdio: ["ignore", "pipe", "pipe"],
      timeout: options.timeoutMs ?? EXEC_PLUGIN_TIMEOUT_MS,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
    const stdout: Buffer[] = [];
    let stdoutBytes = 0;
    let stderrRest = "";
    const stderrTail: string[] = [];
    child.stdout.on("data", (chunk: Buffer) => {
      stdoutBytes += chunk.length;
      if (stdoutBytes <= MAX_STDOUT_BYTES) stdout.push(chunk);
    });
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk: string) => {
      const lines = (stderrRest + chunk).split(/\r?\n/);
      stderrRest = lines.pop() ?? "";
      for (const line of lines) emitStderr(line);
    });
    const emitStderr = (line: string): void => {
      if (line.trim() === "") return;
      options.onStderrLine(line);
      stderrTail.push(line);
      if (stderrTail.length > 5) stderrTail.shift();
    };
    child.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") {
        reject(new ExecCredentialError(`exec plugin "${command}" not found (is it installed and on PATH?)${hint}`, { execReason: "not-found", command, cause: error }));
      } else if (error.code === "EACCES") {
        reject(new ExecCredentialError(`exec plugin "${command}" is not executable${hint}`, { execReason: "not-executable", command, cause: error }));
      } else if (error.name === "AbortError") {
        reject(options.signal?.reason ?? error);
      } else {
        reject(new ExecCredentialError(`exec plugin "${command}" could not run: ${error.message}`, { execReason: "exit", command, cause: error }));
      }
    });
    child.on("close", (exitCode, signal) => {
      if (stderrRest !== "") emitStderr(stderrRest);
      if (options.signal?.aborted) return; // the "error" handler already rejected
      if (signal === "SIGTERM" && exitCode === null) {
        reject(new ExecCredentialError(`exec plugin "${command}" timed out`, { execReason: "timeout", command }));
      } else if (exitCode !== 0) {
        const tail = stderrTail.length === 0 ? "" : `: ${(options.redact ?? redact)(stderrTail.join(" / "))}`;
        const how = exitCode === null ? `was killed by ${signal}` : `exited with code ${exitCode}`;
        reject(new ExecCredentialError(`exec plugin "${command}" ${how}${tail}`, { execReason: "exit", command, ...(exitCode === null ? {} : { exitCode }) }));
      } else if (stdoutBytes > MAX_STDOUT_BYTES) {
        reject(new ExecCredentialError(`exec plugin "${command}" printed more than ${MAX_STDOUT_BYTES} bytes`, { execReason: "bad-output", command }));
      } else {
        resolve(Buffer.concat(stdout).toString("utf8"));
      }
    });
  });
}
