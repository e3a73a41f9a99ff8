/**
 * Starts the parse thread (parse-thread.ts) ahead of its inputs: a worker takes tens of milliseconds to boot, which
 * it can spend while the caller lists the inputs and loads the validators. The `kfts` entry starts it earlier still,
 * before the validate command is loaded (launchParseThreadEarly). Only node:worker_threads and two file system calls
 * are loaded here.
 */
import { statSync } from "node:fs";
import { resolve } from "node:path";
import { Worker } from "node:worker_threads";

// Resolves to `.ts` from source and `.js` from the build.
const THREAD_URL = new URL(`./parse-thread${import.meta.url.endsWith(".ts") ? ".ts" : ".js"}`, import.meta.url);

/** From this many inputs on, a thread parses them while the caller validates (below it, its start-up costs more). */
export const THREAD_MIN_INPUTS = 24;

/** Whether the paths may name THREAD_MIN_INPUTS inputs or more (a directory may). A path that cannot be looked at says no: listing will report it. */
export function mayBeMany(paths: readonly string[], cwd: string): boolean {
  if (paths.length >= THREAD_MIN_INPUTS) return true;
  return paths.some((path) => {
    try {
      return path !== "-" && statSync(resolve(cwd, path), { throwIfNoEntry: false })?.isDirectory() === true;
    } catch {
      return false;
    }
  });
}

function start(): Worker | undefined {
  try {
    const worker = new Worker(THREAD_URL);
    // A thread that fails is replaced by parsing in the caller's thread; its error is not the process's.
    worker.on("error", () => undefined);
    return worker;
  } catch {
    return undefined;
  }
}

/** A thread started by launchParseThreadEarly and not yet taken. */
let early: Worker | undefined;

/**
 * Starts the thread now if the paths may name many inputs, for the next launchParseThread to take. Until taken it
 * does not keep the process alive: a command that ends without it (a usage error, a few inputs after all) exits as
 * if it had never been started. Returns the thread waiting to be taken, if any.
 */
export function launchParseThreadEarly(paths: readonly string[], cwd: string): Worker | undefined {
  if (!early && mayBeMany(paths, cwd)) {
    early = start();
    early?.unref();
  }
  return early;
}

/** The started thread, waiting for its inputs (see parsedInputs); undefined when no thread can be started. */
export function launchParseThread(): Worker | undefined {
  const worker = early ?? start();
  early = undefined;
  worker?.ref();
  return worker;
}
