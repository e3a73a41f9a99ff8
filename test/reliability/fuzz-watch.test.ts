/**
 * Fuzzing the watch: random lines into `parseWatchLine`, random chunkings into `splitLines`, and random event streams
 * (events, bookmarks, ERROR statuses, garbage, dropped connections, relists) into `watchCollection` over a scripted
 * transport. Only the documented errors may escape (WatchDecodeError for a line that is not an event, a
 * KubernetesApiError for a status retrying cannot fix, a NetworkError ERR_KUBE_BAD_RESPONSE for a relist answer that is
 * not a list, LineTooLongError for an endless line), every run ends within
 * its bound, and an event already delivered is never delivered again.
 */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { experimentResource, KubernetesApiError, NetworkError } from "../../src/index.ts";
import { ResourceClient } from "../../src/resource/resource-client.ts";
import { parseWatchLine, WatchDecodeError, type WatchEvent } from "../../src/resource/watch-event.ts";
import { LineTooLongError, splitLines } from "../../src/transport/split-lines.ts";
import { fakeTransport } from "../resource/fake-transport.ts";
import { fuzzRuns, fuzzTimeoutMs } from "./support/fuzz-runs.ts";

const RUNS = fuzzRuns();

const objectArb = fc.oneof(
  fc.record({ metadata: fc.record({ name: fc.constantFrom("a", "b", "c"), namespace: fc.constant("team-a"), resourceVersion: fc.integer({ min: 1, max: 50 }).map(String) }) }),
  fc.record({ metadata: fc.oneof(fc.constant(null), fc.integer(), fc.string(), fc.record({ name: fc.anything() })) }),
  fc.anything(),
);
const lineArb = fc.oneof(
  fc.record({ type: fc.constantFrom("ADDED", "MODIFIED", "DELETED", "BOOKMARK", "ERROR", "UNKNOWN", 7), object: objectArb }).map((v) => JSON.stringify(v)),
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 300 }),
  fc.constantFrom("", "   ", "null", "{}", '{"type":"ADDED"}', '{"type":"ADDED","object":null}', "<html>proxy</html>", '{"type":"ERROR","object":{}}'),
);

describe("parseWatchLine", () => {
  test("returns an event or an error status, or throws WatchDecodeError with a bounded message", () => {
    fc.assert(
      fc.property(lineArb, (line) => {
        try {
          const parsed = parseWatchLine(line);
          expect(["event", "error"]).toContain(parsed.kind);
          if (parsed.kind === "event") expect(typeof parsed.event.object).toBe("object");
        } catch (error) {
          expect(error).toBeInstanceOf(WatchDecodeError);
          expect((error as Error).message.length).toBeLessThan(300);
        }
      }),
      { numRuns: RUNS },
    );
  }, fuzzTimeoutMs(1));
});

describe("splitLines", () => {
  const chunked = (bytes: Uint8Array, cuts: number[]): AsyncIterable<Uint8Array> =>
    (async function* () {
      let start = 0;
      for (const cut of [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b)) {
        yield bytes.subarray(start, cut);
        start = cut;
      }
      yield bytes.subarray(start);
    })();
  const collect = async (lines: AsyncIterable<string>): Promise<string[]> => {
    const out: string[] = [];
    for await (const line of lines) out.push(line);
    return out;
  };

  test("any chunking (multi-byte characters split included) gives the lines of the whole text", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(fc.string({ unit: "grapheme", maxLength: 40 }), fc.constantFrom("\n", "\r\n", "é", "😀", "\r")), { maxLength: 40 }), fc.array(fc.nat(), { maxLength: 10 }), async (parts, cuts) => {
        const text = parts.join("");
        const expected = text.split("\n").map((line) => (line.endsWith("\r") ? line.slice(0, -1) : line));
        if (text.endsWith("\n") || text === "") expected.pop();
        expect(await collect(splitLines(chunked(new TextEncoder().encode(text), cuts)))).toEqual(expected);
      }),
      { numRuns: RUNS },
    );
  }, fuzzTimeoutMs(2));

  test("a line longer than the limit fails with LineTooLongError, wherever the chunks end", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 2, max: 64 }), fc.integer({ min: 1, max: 200 }), fc.array(fc.nat(), { maxLength: 6 }), async (max, extra, cuts) => {
        const text = `ok\n${"x".repeat(max + extra)}\nnever`;
        const seen: string[] = [];
        const error = await (async () => {
          for await (const line of splitLines(chunked(new TextEncoder().encode(text), cuts), { maxLineLength: max })) seen.push(line);
        })().catch((e: unknown) => e);
        expect(error).toBeInstanceOf(LineTooLongError);
        expect(seen).toEqual(["ok"]);
      }),
      { numRuns: RUNS },
    );
  }, fuzzTimeoutMs(2));
});

/** One scripted watch connection: lines, then a clean end or a dropped connection. */
const connectionArb = fc.record({ lines: fc.array(lineArb, { maxLength: 12 }), ending: fc.constantFrom("end", "reset", "gone") });
const listItemsArb = fc.oneof(
  { weight: 5, arbitrary: fc.array(fc.record({ metadata: fc.record({ name: fc.constantFrom("a", "b", "c", "d"), namespace: fc.constant("team-a"), resourceVersion: fc.integer({ min: 1, max: 60 }).map(String) }) }), { maxLength: 4 }) },
  // What a broken server or a proxy might answer to the relist.
  { weight: 1, arbitrary: fc.oneof(fc.constant(null), fc.integer(), fc.string({ maxLength: 5 }), fc.array(fc.oneof(fc.constant(null), fc.integer(), fc.string({ maxLength: 3 }), fc.record({ metadata: fc.anything() })), { maxLength: 3 })) },
);

describe("watchCollection", () => {
  test("random streams: documented errors only, bounded, no event delivered twice in a row", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(connectionArb, { minLength: 1, maxLength: 6 }), listItemsArb, fc.option(fc.integer({ min: 1, max: 40 }).map(String), { nil: undefined }), async (script, items, resourceVersion) => {
        const controller = new AbortController();
        const transport = fakeTransport({
          request: () => ({ metadata: { resourceVersion: "70" }, items }),
          stream: (_request, attempt) => {
            const connection = script[attempt];
            // The script is over: end the watch from the outside, as a caller's signal would.
            if (connection === undefined) controller.abort();
            return (async function* () {
              for (const line of connection?.lines ?? []) yield line;
              if (connection?.ending === "reset") throw Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
              if (connection?.ending === "gone") yield JSON.stringify({ type: "ERROR", object: { kind: "Status", code: 410, reason: "Expired" } });
            })();
          },
        });
        const client = new ResourceClient(transport, experimentResource);
        const delivered: Array<WatchEvent<unknown>> = [];
        const started = performance.now();
        try {
          for await (const event of client.watch({ signal: controller.signal, retryDelayMs: { base: 0, max: 0 }, ...(resourceVersion === undefined ? {} : { resourceVersion }) })) {
            delivered.push(event);
            expect(delivered.length).toBeLessThan(500);
          }
        } catch (error) {
          const documented =
            error instanceof WatchDecodeError ||
            (error instanceof KubernetesApiError && !(error.status === 429 || error.status >= 500)) ||
            (error instanceof NetworkError && error.code === "ERR_KUBE_BAD_RESPONSE");
          expect(documented, `unexpected ${String(error)}`).toBe(true);
        }
        expect(performance.now() - started).toBeLessThan(2_000);
        // Per object, consecutive deliveries differ: a reconnect or relist never replays what was delivered.
        const last = new Map<string, string>();
        for (const event of delivered) {
          if (event.type === "BOOKMARK") continue;
          const metadata = (event.object as { metadata?: { namespace?: unknown; name?: unknown; resourceVersion?: unknown } } | null)?.metadata;
          const key = `${String(metadata?.namespace)}/${String(metadata?.name)}`;
          const state = `${event.type}@${String(metadata?.resourceVersion)}`;
          if (event.type !== "DELETED") expect(last.get(key)).not.toBe(state);
          last.set(key, state);
        }
      }),
      { numRuns: RUNS },
    );
  }, fuzzTimeoutMs(20));
});
