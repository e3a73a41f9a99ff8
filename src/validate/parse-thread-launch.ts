/**
 * Starts the parse thread (parse-thread.ts) ahead of its inputs: a worker takes tens of milliseconds to boot, which
 * it can spend while the caller lists the inputs and loads the validators. Only node:worker_threads is loaded here.
 */
import { Worker } from "node:worker_threads";

// Resolves to `.ts` from source and `.js` from the build.
const THREAD_URL = new URL(`./parse-thread${import.meta.url.endsWith(".ts") ? ".ts" : ".js"}`, import.meta.url);

/** The started thread, waiting for its inputs (see parsedInputs); undefined when no thread can be started. */
export function launchParseThread(): Worker | undefined {
  try {
    const worker = new Worker(THREAD_URL);
    // A thread that fails is replaced by parsing in the caller's thread; its error is not the process's.
    worker.on("error", () => undefined);
    return worker;
  } catch {
    return undefined;
  }
}
