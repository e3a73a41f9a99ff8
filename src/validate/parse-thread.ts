/**
 * The worker thread of parsed-inputs.ts: reads and parses the listed inputs, in order, and posts them back in
 * batches. It stays within a window of what the main thread has taken, so a slow validation does not pile parsed
 * documents up in memory.
 */
import type { Event as YamlEvent } from "js-yaml";
import { type MessagePort, parentPort } from "node:worker_threads";
import { packEvents } from "../yaml/event-pack.ts";
import { type ManifestInput, readManifestInput } from "./load-manifest-sources.ts";
import { parseManifestSource } from "./parse-documents.ts";
import type { PackedStream, ParseRequest, PortableDocument, PortableInput, ThreadMessage } from "./parsed-inputs.ts";

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
  const read = readManifestInput(input);
  if ("ioError" in read) return read;
  const { source } = read;
  if (!("text" in source)) return source;
  const { documents, findings } = parseManifestSource(source.text);
  const streams: PackedStream[] = [];
  const streamOf = new Map<readonly YamlEvent[], number>();
  const portable = documents.map(({ locate: _locate, place, ...document }): PortableDocument => {
    if (!place) return document;
    let stream = streamOf.get(place.events);
    if (stream === undefined) {
      const events = packEvents(place.events);
      transfer.push(events.buffer);
      stream = streams.push({ events, base: place.base, length: place.source.length }) - 1;
      streamOf.set(place.events, stream);
    }
    return { ...document, place: { stream, from: place.from, to: place.to } };
  });
  return { ...source, parsed: { findings, documents: portable, streams } };
}

/**
 * Serves the main thread: a `{ inputs }` message starts the work; the results are posted in batches, within the
 * window of those the main thread has not yet said it "taken".
 */
function serve(port: MessagePort): void {
  // Text sizes of the batches in flight, oldest first (batches are taken in the order they are posted).
  const inFlight: number[] = [];
  let inFlightChars = 0;
  let resume: (() => void) | undefined;
  const post = async (results: PortableInput[], chars: number, transfer: ArrayBuffer[]): Promise<void> => {
    while (inFlight.length > 0 && (inFlight.length >= WINDOW_BATCHES || inFlightChars + chars > WINDOW_CHARS)) {
      await new Promise<void>((resolve) => (resume = resolve));
    }
    resume = undefined;
    port.postMessage({ results } satisfies ThreadMessage, transfer);
    inFlight.push(chars);
    inFlightChars += chars;
  };
  const run = async ({ inputs }: ParseRequest): Promise<void> => {
    let batch: PortableInput[] = [];
    let transfer: ArrayBuffer[] = [];
    let chars = 0;
    for (const input of inputs) {
      const portable = toPortable(input, transfer);
      batch.push(portable);
      chars += "text" in portable ? portable.text.length : 0;
      if (batch.length >= BATCH_INPUTS || chars >= BATCH_CHARS) {
        await post(batch, chars, transfer);
        batch = [];
        transfer = [];
        chars = 0;
      }
    }
    if (batch.length > 0) await post(batch, chars, transfer);
    port.postMessage({ done: true } satisfies ThreadMessage);
  };
  port.on("message", (message: ParseRequest | "taken") => {
    if (message !== "taken") {
      void run(message);
      return;
    }
    inFlightChars -= inFlight.shift() ?? 0;
    resume?.();
  });
}

if (parentPort) serve(parentPort);
