/**
 * Runs one child process with a time limit, capturing its output, its wall time and (through GNU time, when the
 * machine has it) its peak resident set size. Every process the bench starts goes through here, so every one is
 * bounded in time and ended by its own process id.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** What {@link runCommand} returns. */
export interface CommandResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Spawn to exit, as the parent sees it. */
  wallMs: number;
  /** Peak RSS of the command in KiB, when measured. */
  maxRssKiB?: number;
  timedOut: boolean;
}

/** Options of {@link runCommand}. */
export interface CommandOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Killed (SIGKILL to its own process group) after this long. Default 10 minutes. */
  timeoutMs?: number;
  /** Written to stdin, which is then closed. */
  input?: string;
  /** Measure peak RSS with /usr/bin/time (skipped silently where it is missing). */
  measureRss?: boolean;
}

const GNU_TIME = "/usr/bin/time";

/** Whether peak RSS of external commands can be measured on this machine. */
export function canMeasureRss(): boolean {
  return existsSync(GNU_TIME);
}

/** Runs `command args` to completion (or to its time limit). Never throws for a non-zero exit. */
export async function runCommand(command: string, args: readonly string[], options: CommandOptions = {}): Promise<CommandResult> {
  const rssDir = options.measureRss && canMeasureRss() ? await mkdtemp(join(tmpdir(), "kfts-bench-rss-")) : undefined;
  const rssFile = rssDir === undefined ? undefined : join(rssDir, "rss");
  const [file, argv] = rssFile === undefined ? [command, [...args]] : [GNU_TIME, ["-f", "%M", "-o", rssFile, command, ...args]];
  const started = performance.now();
  // detached: the child leads its own process group, so a time-out can kill it together with its children.
  const child = spawn(file, argv, { cwd: options.cwd, env: options.env ?? process.env, stdio: ["pipe", "pipe", "pipe"], detached: true });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  child.stdin.on("error", () => {});
  child.stdin.end(options.input ?? "");
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    if (child.pid !== undefined) {
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        // Already gone.
      }
    }
  }, options.timeoutMs ?? 600_000);
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (c, s) => resolve([c, s]));
  }).finally(() => clearTimeout(timer));
  const wallMs = performance.now() - started;
  const result: CommandResult = { code, signal, stdout, stderr, wallMs, timedOut };
  if (rssFile !== undefined && rssDir !== undefined) {
    const text = await readFile(rssFile, "utf8").catch(() => "");
    // GNU time may prefix "Command exited with non-zero status N" before the figure: take the last number.
    const figure = Number(text.trim().split(/\s+/).pop());
    if (Number.isFinite(figure) && figure > 0) result.maxRssKiB = figure;
    await rm(rssDir, { recursive: true, force: true });
  }
  return result;
}

/** Like {@link runCommand}, but throws (with the tail of stderr) unless the command exits 0. */
export async function runChecked(command: string, args: readonly string[], options: CommandOptions = {}): Promise<CommandResult> {
  const result = await runCommand(command, args, options);
  if (result.code !== 0) throw new Error(describeFailure(command, args, result));
  return result;
}

/** One line naming the command and how it failed, with the last lines of its output. */
export function describeFailure(command: string, args: readonly string[], result: CommandResult): string {
  const how = result.timedOut ? "timed out" : result.signal ? `was killed by ${result.signal}` : `exited ${result.code}`;
  const tail = (result.stderr.trim() || result.stdout.trim()).split("\n").slice(-8).join("\n");
  return `${[command, ...args].join(" ").slice(0, 200)} ${how}${tail ? `:\n${tail}` : ""}`;
}

/** Parses the last line of a child's stdout that is a JSON object (children print their result last). */
export function lastJsonLine<T>(stdout: string): T {
  const lines = stdout.trim().split("\n").reverse();
  for (const line of lines) {
    if (line.startsWith("{") || line.startsWith("[")) return JSON.parse(line) as T;
  }
  throw new Error(`no JSON result in the child's output: ${stdout.slice(-300)}`);
}
