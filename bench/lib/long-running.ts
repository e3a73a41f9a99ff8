/**
 * A helper process that lives for a whole family (the canned server, a waiter): started with a time limit, it
 * announces itself with a first JSON line on stdout and is stopped by closing its stdin, or killed by its own
 * process id when it does not stop.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { createInterface } from "node:readline";

/** A running helper: its first line, a line reader for the rest, and stop(). */
export interface Helper<T> {
  hello: T;
  child: ChildProcessWithoutNullStreams;
  /** Every later stdout line, in order. */
  lines: AsyncIterator<string>;
  stderr(): string;
  stop(): Promise<void>;
}

/** Starts `command args` and waits (at most `readyMs`) for its first stdout line, parsed as JSON. */
export async function startHelper<T>(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; readyMs?: number; lifetimeMs: number }): Promise<Helper<T>> {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ["pipe", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr = (stderr + chunk).slice(-8000)));
  child.stdin.on("error", () => {});
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const kill = (): void => {
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) process.kill(child.pid, "SIGKILL");
  };
  const lifetime = setTimeout(kill, options.lifetimeMs);
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const stop = async (): Promise<void> => {
    child.stdin.end();
    const grace = setTimeout(kill, 5_000);
    await exited;
    clearTimeout(grace);
    clearTimeout(lifetime);
  };
  const ready = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${command} did not start within ${options.readyMs ?? 30_000} ms: ${stderr.slice(-500)}`)), options.readyMs ?? 30_000);
    lines.next().then(
      (first) => {
        clearTimeout(timer);
        if (first.done) reject(new Error(`${command} exited before it was ready: ${stderr.slice(-1000)}`));
        else resolve(first.value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
  try {
    const hello = JSON.parse(await ready) as T;
    return { hello, child, lines, stderr: () => stderr, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
