/**
 * The worker thread of parsed-inputs.ts: reads and parses the listed inputs, in order, and posts them back in
 * batches. It stays within a window of what the main thread has taken, so a slow validation does not pile parsed
 * documents up in memory.
 */
import type { Event as YamlEvent } from "js-yaml";
import { type MessagePort, parentPort } from "node:worker_threads";
import { packEvents } from "../yaml/event-pack.ts";
import type { ManifestInput } from "./load-manifest-sources.ts";
import { type PackedStream, parseHere, type PortableDocument, type PortableInput } from "./parse-input.ts";
import type { ParseRequest, ThreadMessage } from "./parsed-inputs.ts";

/**
 * A batch is posted when it holds this many inputs or this much text. Small batches keep both threads busy (the
 * corpus ×100 waited least with 4 to 16 inputs).
 */
const BATCH_INPUTS = 8;
const BATCH_CHARS = 256 * 1024;
/**
 * How far ahead of the validation parsing may go: batches posted and not yet taken, and the source text in them. Far
 * enough that neither thread waits on the other's uneven pace; bounded, so that parsed documents do not pile up in
 * memory when validating is the slower half (one batch may always be in flight, however large).
 */
const WINDOW_BATCHES = 64;
const WINDOW_CHARS = 16 * 1024 * 1024;

/**
 * Reads and parses one input. The locators stay here (functions do not cross threads): each event stream goes
 * packed instead (see ../yaml/event-pack.ts), and the buffers to move are added to `transfer`.
 */
function toPortable(input: ManifestInput, transfer: ArrayBuffer[]): PortableInput {
  const read = parseHere(input);
  if (read.kind !== "parsed") return read;
  const { documents, findings } = read.parsed;
  const streams: PackedStream[] = [];
  const streamOf = new Map<readonly YamlEvent[], number>();
  const portable = documents.map(({ locate: _locate, place, ...parsed }): PortableDocument => {
    if (!place) return parsed;
    let stream = streamOf.get(place.events);
    if (stream === undefined) {
      const events = packEvents(place.events);
      transfer.push(events.buffer);
      stream = streams.push({ events, base: place.base, length: place.source.length }) - 1;
      streamOf.set(place.events, stream);
    }
    return { ...parsed, place: { stream, from: place.from, to: place.to } };
  });
  return { kind: "parsed", file: read.file, text: read.text, parsed: { findings, documents: portable, streams } };
}

/**
 * Serves the main thread: a `{ inputs, taken }` message starts the work; the results are posted in batches, within the
 * window of those the main thread has not yet counted in `taken`. (The port's listener keeps this thread alive while
 * it waits on the counter; the main thread terminates it when done.)
 */
function serve(port: MessagePort): void {
  port.on("message", (request: ParseRequest) => void run(port, request));
}

async function run(port: MessagePort, { inputs, taken }: ParseRequest): Promise<void> {
  // Text sizes of the batches posted, and how many of them the main thread had taken when last looked at.
  const sizes: number[] = [];
  let seen = 0;
  let inFlightChars = 0;
  const post = async (results: PortableInput[], chars: number, transfer: ArrayBuffer[]): Promise<void> => {
    for (;;) {
      const count = Atomics.load(taken, 0);
      for (; seen < count; seen++) inFlightChars -= sizes[seen] as number;
      const inFlight = sizes.length - seen;
      if (inFlight === 0 || (inFlight < WINDOW_BATCHES && inFlightChars + chars <= WINDOW_CHARS)) break;
      const wait = Atomics.waitAsync(taken, 0, count);
      if (wait.async) await wait.value;
    }
    port.postMessage({ results } satisfies ThreadMessage, transfer);
    sizes.push(chars);
    inFlightChars += chars;
  };
  let batch: PortableInput[] = [];
  let transfer: ArrayBuffer[] = [];
  let chars = 0;
  for (const input of inputs) {
    const portable = toPortable(input, transfer);
    batch.push(portable);
    chars += portable.kind === "parsed" ? portable.text.length : 0;
    // The first input goes alone: the main thread, ready by then, waits for it.
    if (batch.length >= (sizes.length === 0 ? 1 : BATCH_INPUTS) || chars >= BATCH_CHARS) {
      await post(batch, chars, transfer);
      batch = [];
      transfer = [];
      chars = 0;
    }
  }
  if (batch.length > 0) await post(batch, chars, transfer);
  port.postMessage({ done: true } satisfies ThreadMessage);
}

if (parentPort) serve(parentPort);
