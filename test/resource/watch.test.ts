import { describe, expect, test } from "vitest";
import { experimentResource } from "../../src/index.ts";
import { ResourceClient } from "../../src/resource/resource-client.ts";
import { type WatchEvent } from "../../src/resource/watch-event.ts";
import { eventLine, fakeTransport } from "./fake-transport.ts";

async function* lines(...items: Array<string | Error>): AsyncGenerator<string> {
  for (const item of items) {
    if (item instanceof Error) throw item;
    yield item;
  }
}

async function take<T>(events: AsyncIterable<WatchEvent<T>>, count: number): Promise<Array<[string, string | undefined, string | undefined]>> {
  const seen: Array<[string, string | undefined, string | undefined]> = [];
  for await (const event of events) {
    const metadata = (event.object as { metadata?: { name?: string; resourceVersion?: string } }).metadata;
    seen.push([event.type, metadata?.name, metadata?.resourceVersion]);
    if (seen.length === count) break;
  }
  return seen;
}

const connectionReset = (): Error => Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
const fast = { retryDelayMs: { base: 1, max: 2 } };

describe("watch", () => {
  test("lists first, emits current objects as ADDED, then watches from the list's resourceVersion", async () => {
    const transport = fakeTransport({
      request: () => ({ metadata: { resourceVersion: "5" }, items: [{ metadata: { name: "a", namespace: "team-a", resourceVersion: "4" } }] }),
      stream: () => lines(eventLine("MODIFIED", "a", "6")),
    });
    const events = new ResourceClient(transport, experimentResource).watch(fast);
    expect(await take(events, 2)).toEqual([["ADDED", "a", "4"], ["MODIFIED", "a", "6"]]);
    expect(transport.calls[1]?.request.query).toMatchObject({ watch: true, resourceVersion: "5", allowWatchBookmarks: true });
  });

  test("resumes from the last resourceVersion after a dropped connection, without duplicates", async () => {
    const transport = fakeTransport({
      stream: (_request, attempt) =>
        attempt === 0
          ? lines(eventLine("ADDED", "a", "11"), eventLine("MODIFIED", "a", "12"), connectionReset())
          : lines(eventLine("MODIFIED", "a", "12"), eventLine("MODIFIED", "a", "13")),
    });
    const events = new ResourceClient(transport, experimentResource).watch({ resourceVersion: "10", ...fast });
    expect(await take(events, 3)).toEqual([["ADDED", "a", "11"], ["MODIFIED", "a", "12"], ["MODIFIED", "a", "13"]]);
    expect(transport.calls.filter((c) => c.kind === "stream").map((c) => c.request.query?.resourceVersion)).toEqual(["10", "12"]);
  });

  test("bookmarks move the resume point and are delivered only when asked for", async () => {
    const transport = fakeTransport({
      stream: (_request, attempt) => (attempt === 0 ? lines(eventLine("BOOKMARK", "", "40")) : lines(eventLine("ADDED", "b", "41"))),
    });
    const events = new ResourceClient(transport, experimentResource).watch({ resourceVersion: "1", ...fast });
    expect(await take(events, 1)).toEqual([["ADDED", "b", "41"]]);
    expect(transport.calls.filter((c) => c.kind === "stream").map((c) => c.request.query?.resourceVersion)).toEqual(["1", "40"]);
  });

  test("410 Gone relists and emits only the differences", async () => {
    let lists = 0;
    const transport = fakeTransport({
      request: () =>
        lists++ === 0
          ? { metadata: { resourceVersion: "20" }, items: [{ metadata: { name: "a", namespace: "team-a", resourceVersion: "18" } }, { metadata: { name: "b", namespace: "team-a", resourceVersion: "19" } }] }
          : { metadata: { resourceVersion: "30" }, items: [{ metadata: { name: "a", namespace: "team-a", resourceVersion: "18" } }, { metadata: { name: "c", namespace: "team-a", resourceVersion: "29" } }] },
      stream: (_request, attempt) =>
        attempt === 0
          ? lines(JSON.stringify({ type: "ERROR", object: { kind: "Status", code: 410, reason: "Expired", message: "too old resource version" } }))
          : lines(eventLine("MODIFIED", "c", "31")),
    });
    const events = new ResourceClient(transport, experimentResource).watch(fast);
    expect(await take(events, 5)).toEqual([
      ["ADDED", "a", "18"],
      ["ADDED", "b", "19"],
      ["ADDED", "c", "29"],
      ["DELETED", "b", "19"],
      ["MODIFIED", "c", "31"],
    ]);
  });

  test("errors retrying cannot fix end the watch", async () => {
    const forbidden = Object.assign(new Error("forbidden"), { status: 403 });
    const transport = fakeTransport({ stream: () => Promise.reject(forbidden) });
    await expect(take(new ResourceClient(transport, experimentResource).watch({ resourceVersion: "1", ...fast }), 1)).rejects.toBe(forbidden);
  });

  test("aborting the signal ends the watch", async () => {
    const controller = new AbortController();
    const transport = fakeTransport({
      stream: () => {
        setTimeout(() => controller.abort(), 5);
        return Promise.reject(connectionReset());
      },
    });
    const seen = await take(new ResourceClient(transport, experimentResource).watch({ resourceVersion: "1", signal: controller.signal, retryDelayMs: { base: 50, max: 50 } }), 1);
    expect(seen).toEqual([]);
  });

  test("a line that is not a watch event is an error naming it", async () => {
    const transport = fakeTransport({ stream: () => lines("<html>proxy error</html>") });
    await expect(take(new ResourceClient(transport, experimentResource).watch({ resourceVersion: "1", retryDelayMs: { base: 1, max: 1 } }), 1)).rejects.toThrow(/not JSON: <html>proxy error/);
  });
});
