/**
 * Reads and parses the inputs of validateFiles, in order: the one module that knows about the parse thread. With many
 * inputs a worker thread does it (parse-thread.ts) while the caller validates what came before: parsing YAML is close
 * to half the work, and with two cores the halves overlap (on the corpus ×100 both threads stay busy to the end). With
 * few inputs the thread's start-up would cost more than it saves, and everything happens here. The thread is started
 * before the inputs are listed (startParsing), so that it boots meanwhile.
 *
 * The thread's results are the same values and findings the caller's own parse gives (parse-input.ts rebuilds their
 * locators). If the thread fails or cannot start, the inputs it has not delivered are read here: nothing is lost,
 * nothing is read twice.
 *
 * This module loads nothing but Node's own: the thread's boot is what `kfts validate` waits for first, so it is
 * started before the parser (js-yaml) and the validators load; they load meanwhile (parse-input.ts, on first use).
 */
import { statSync } from "node:fs";
import { resolve } from "node:path";
import { Worker } from "node:worker_threads";
import type { ManifestInput } from "./load-manifest-sources.ts";
import type { ParsedInput, PortableInput } from "./parse-input.ts";

export type { ParsedInput } from "./parse-input.ts";

/** What the thread posts: a batch of results in input order, or that it has posted them all. */
export type ThreadMessage = { results: PortableInput[] } | { done: true };

/** What starts the thread's work: the inputs, and a counter of the batches taken (shared memory, no messages). */
export interface ParseRequest {
  inputs: readonly ManifestInput[];
  taken: Int32Array;
}

async function* inThread(inputs: readonly ManifestInput[], worker: Worker): AsyncGenerator<ParsedInput> {
  // What this thread needs of the parser loads while the thread works.
  const local = import("./parse-input.ts");
  const batches: PortableInput[][] = [];
  // A thread that has exited already (threadId -1) will neither answer nor say so again.
  let stopped = worker.threadId === -1;
  let wake: (() => void) | undefined;
  let next = 0;
  try {
    worker.on("message", (message: ThreadMessage) => {
      if ("results" in message) batches.push(message.results);
      wake?.();
    });
    // A failed thread exits too; what it did not deliver is read below.
    worker.on("exit", () => {
      stopped = true;
      wake?.();
    });
    const taken = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
    worker.postMessage({ inputs, taken } satisfies ParseRequest);
    const { fromPortable } = await local;
    while (next < inputs.length) {
      const batch = batches.shift();
      if (batch) {
        Atomics.add(taken, 0, 1);
        Atomics.notify(taken, 0);
        for (const portable of batch) {
          const parsed = fromPortable(portable);
          next++;
          yield parsed;
        }
      } else if (stopped) {
        break;
      } else {
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
      }
    }
  } catch {
    // The thread could not be used: the rest is read below.
  } finally {
    await worker.terminate();
  }
  const { parseHere } = await local;
  for (; next < inputs.length; next++) yield parseHere(inputs[next] as ManifestInput);
}

async function* here(inputs: readonly ManifestInput[]): AsyncGenerator<ParsedInput> {
  const { parseHere } = await import("./parse-input.ts");
  for (const input of inputs) yield parseHere(input);
}

/**
 * The inputs read and parsed, in order: by `thread` (terminated when done) when given, here otherwise. (What
 * startParsing does; tests hand it threads of their own.)
 */
export function parsedInputs(inputs: readonly ManifestInput[], thread?: Worker): AsyncGenerator<ParsedInput> {
  return thread ? inThread(inputs, thread) : here(inputs);
}

/** From this many inputs on, a thread parses them while the caller validates (below it, its start-up costs more). */
export const THREAD_MIN_INPUTS = 24;

/** Whether the paths may name THREAD_MIN_INPUTS inputs or more (a directory may). A path that cannot be looked at says no: listing will report it. */
function mayBeMany(paths: readonly string[], cwd: string): boolean {
  if (paths.length >= THREAD_MIN_INPUTS) return true;
  return paths.some((path) => {
    try {
      return path !== "-" && statSync(resolve(cwd, path), { throwIfNoEntry: false })?.isDirectory() === true;
    } catch {
      return false;
    }
  });
}

// The worker's own module: `.ts` next to this one when run from source, `.js` in the build (where it is one bundled file).
const THREAD_URL = new URL(`./parse-thread${import.meta.url.endsWith(".ts") ? ".ts" : ".js"}`, import.meta.url);

/** Starts a parse thread; undefined when none can be started (parsing then happens in the caller's thread). */
export function startParseThread(): Worker | undefined {
  try {
    const worker = new Worker(THREAD_URL);
    // A thread that fails is replaced by parsing in the caller's thread; its error is not the process's.
    worker.on("error", () => undefined);
    return worker;
  } catch {
    return undefined;
  }
}

/** Parsing of one run's inputs, started before they are listed. */
export interface InputParsing {
  /** The inputs read and parsed, in order. Call once; it takes over (and ends) the thread. */
  parse(inputs: readonly ManifestInput[]): AsyncGenerator<ParsedInput>;
  /**
   * Ends the thread, taken by parse or not: for a caller that will not read every result (listing or loading failed,
   * or the results were never iterated). Harmless once the thread has ended.
   */
  cancel(): Promise<void>;
}

/**
 * Starts parsing the inputs `paths` name: a thread right away if they may be many, which boots while the caller lists
 * them; parse() then uses it only if they are. `start` is for tests.
 */
export function startParsing(paths: readonly string[], cwd: string, start: () => Worker | undefined = startParseThread): InputParsing {
  const started = mayBeMany(paths, cwd) ? start() : undefined;
  let thread = started;
  const take = (): Worker | undefined => {
    const taken = thread;
    thread = undefined;
    return taken;
  };
  return {
    parse(inputs) {
      const taken = take();
      if (taken && inputs.length < THREAD_MIN_INPUTS) {
        void taken.terminate();
        return here(inputs);
      }
      return parsedInputs(inputs, taken);
    },
    async cancel() {
      thread = undefined;
      await started?.terminate();
    },
  };
}
