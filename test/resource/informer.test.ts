/**
 * Shared informers over a scripted transport: list then watch, resume after a dropped connection, relist on 410
 * Gone (the diff as add/update/delete), one watch per collection shared by handles and waits, and the reference
 * counting that ends the watch and frees the cache when the last consumer stops.
 */
import { describe, expect, test } from "vitest";
import { experimentResource } from "../../generated/katib/v1beta1/resources.ts";
import type { V1beta1Experiment } from "../../generated/katib/v1beta1/types.ts";
import { InformerRegistry } from "../../src/resource/informer-registry.ts";
import { mergeEvents, type InformerEvent } from "../../src/resource/informer-event.ts";
import { ResourceClient } from "../../src/resource/resource-client.ts";
import type { ResourceRequest, ResourceStreamRequest } from "../../src/resource/resource-transport.ts";
import { waitFor } from "../../src/resource/wait-for.ts";
import { eventLine, fakeTransport, type FakeTransport } from "./fake-transport.ts";

/** A watch response the test writes to line by line; it ends when the test ends it or the request is aborted. */
interface OpenStream {
  request: ResourceStreamRequest;
  push(line: string): void;
  end(): void;
}

function controlledStream(request: ResourceStreamRequest): { stream: AsyncIterable<string>; open: OpenStream } {
  const lines: string[] = [];
  let ended = false;
  let wake: (() => void) | undefined;
  const open: OpenStream = {
    request,
    push: (line) => {
      lines.push(line);
      wake?.();
    },
    end: () => {
      ended = true;
      wake?.();
    },
  };
  request.signal?.addEventListener("abort", () => open.end());
  const stream = (async function* () {
    while (true) {
      const line = lines.shift();
      if (line !== undefined) yield line;
      else if (ended) return;
      else await new Promise<void>((resolve) => (wake = resolve));
    }
  })();
  return { stream, open };
}

/** A transport whose lists answer from `lists` in turn and whose watches the test drives; one registry, like a Connection. */
function scripted(lists: Array<(request: ResourceRequest) => unknown>, options: { watchError?: (attempt: number) => Error | undefined } = {}) {
  const streams: OpenStream[] = [];
  const listRequests: ResourceRequest[] = [];
  const reads: ResourceRequest[] = [];
  let listed = 0;
  const transport: FakeTransport & { informers: InformerRegistry } = {
    ...fakeTransport({
      request: (request) => {
        if (!request.path.endsWith("/experiments")) {
          reads.push(request);
          const name = request.path.split("/").pop() ?? "";
          return { metadata: { name, namespace: "team-a", resourceVersion: "1" } };
        }
        listRequests.push(request);
        const answer = lists[Math.min(listed++, lists.length - 1)];
        return answer?.(request);
      },
      stream: (request, attempt) => {
        const error = options.watchError?.(attempt);
        if (error) throw error;
        const { stream, open } = controlledStream(request);
        streams.push(open);
        return stream;
      },
    }),
    informers: new InformerRegistry(),
  };
  return { transport, streams, listRequests, reads };
}

const item = (name: string, resourceVersion: string, status?: V1beta1Experiment["status"]): V1beta1Experiment => ({ metadata: { name, namespace: "team-a", resourceVersion }, ...(status ? { status } : {}) });
const listOf = (resourceVersion: string, ...items: V1beta1Experiment[]) => () => ({ metadata: { resourceVersion }, items });
const succeeded = { conditions: [{ type: "Succeeded", status: "True" as const }] };
async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 300 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  if (!condition()) throw new Error(`timed out waiting for ${what}`);
}

describe("informer: list, then watch", () => {
  test("the first list fills the cache and syncs; watch events update it and reach the handlers", async () => {
    const { transport, streams, listRequests } = scripted([listOf("10", item("a", "3"), item("b", "4"))]);
    const informer = await new ResourceClient(transport, experimentResource).informer();
    expect(informer.hasSynced()).toBe(false);
    await informer.synced();
    expect(informer.hasSynced()).toBe(true);
    expect(informer.list().map((e) => e.metadata?.name)).toEqual(["a", "b"]);
    expect(informer.get("a")?.metadata?.resourceVersion).toBe("3");
    expect(informer.get("a", "other")).toBeUndefined();
    expect(listRequests).toHaveLength(1);

    const seen: string[] = [];
    informer.on("add", (e) => seen.push(`add ${e.metadata?.name}`)); // replays the cache at once
    informer.on("update", (e, old) => seen.push(`update ${e.metadata?.name} ${old.metadata?.resourceVersion}→${e.metadata?.resourceVersion}`));
    informer.on("delete", (e) => seen.push(`delete ${e.metadata?.name}`));
    informer.on("update", (e) => seen.push(`only c ${e.metadata?.name}`), { name: "c" });
    await until(() => streams.length === 1, "the watch");
    expect(streams[0]?.request.query).toMatchObject({ watch: true, resourceVersion: "10", allowWatchBookmarks: true });
    streams[0]?.push(eventLine("ADDED", "c", "11"));
    streams[0]?.push(eventLine("MODIFIED", "a", "12"));
    streams[0]?.push(eventLine("MODIFIED", "c", "13"));
    streams[0]?.push(eventLine("DELETED", "b", "14"));
    await until(() => seen.length === 7, "the events");
    // Handlers of one object run before those of every object.
    expect(seen).toEqual(["add a", "add b", "add c", "update a 3→12", "only c c", "update c 11→13", "delete b"]);
    expect(informer.list().map((e) => `${e.metadata?.name}@${e.metadata?.resourceVersion}`)).toEqual(["a@12", "c@13"]);
    informer.stop();
  });

  test("a dropped watch resumes from the last resourceVersion and delivers nothing twice", async () => {
    const { transport, streams, listRequests } = scripted([listOf("10", item("a", "3"))]);
    const informer = await new ResourceClient(transport, experimentResource).informer();
    const updates: string[] = [];
    informer.on("update", (e) => updates.push(e.metadata?.resourceVersion ?? ""));
    await until(() => streams.length === 1, "the watch");
    streams[0]?.push(eventLine("MODIFIED", "a", "11"));
    await until(() => updates.length === 1, "the first update");
    streams[0]?.end(); // the connection drops (or the server's timeoutSeconds ends it)
    await until(() => streams.length === 2, "the second watch");
    expect(streams[1]?.request.query).toMatchObject({ watch: true, resourceVersion: "11" });
    streams[1]?.push(eventLine("MODIFIED", "a", "11")); // replayed by a server that resumes one event early
    streams[1]?.push(eventLine("MODIFIED", "a", "12"));
    await until(() => updates.length === 2, "the second update");
    expect(updates).toEqual(["11", "12"]);
    expect(listRequests).toHaveLength(1); // resumed, not relisted
    informer.stop();
  });

  test("410 Gone relists and turns the difference into add, update and delete", async () => {
    const { transport, streams, listRequests } = scripted([listOf("10", item("a", "3"), item("b", "4")), listOf("30", item("a", "25"), item("c", "26"))]);
    const informer = await new ResourceClient(transport, experimentResource).informer();
    const seen: string[] = [];
    informer.on("update", (e) => seen.push(`update ${e.metadata?.name}@${e.metadata?.resourceVersion}`));
    informer.on("delete", (e) => seen.push(`delete ${e.metadata?.name}`));
    informer.on("add", (e) => seen.push(`add ${e.metadata?.name}`));
    await until(() => streams.length === 1, "the watch");
    seen.length = 0; // the replay of a and b
    streams[0]?.push(JSON.stringify({ type: "ERROR", object: { kind: "Status", code: 410, reason: "Expired", message: "too old resource version: 10 (20)" } }));
    await until(() => streams.length === 2, "the watch after the relist");
    expect(listRequests).toHaveLength(2);
    expect(streams[1]?.request.query).toMatchObject({ resourceVersion: "30" });
    expect(seen.sort()).toEqual(["add c", "delete b", "update a@25"]);
    expect(informer.list().map((e) => e.metadata?.name).sort()).toEqual(["a", "c"]);
    informer.stop();
  });

  test("a failure retrying cannot fix (403 on the watch) reaches the error handlers, and the registry forgets the informer", async () => {
    const forbidden = Object.assign(new Error("experiments is forbidden"), { status: 403 });
    const { transport } = scripted([listOf("10", item("a", "3"))], { watchError: () => forbidden });
    const informer = await new ResourceClient(transport, experimentResource).informer();
    const errors: unknown[] = [];
    informer.on("error", (error) => errors.push(error));
    await until(() => errors.length === 1, "the error");
    expect(errors).toEqual([forbidden]);
    expect(transport.informers.size).toBe(0);
    await expect(informer.synced()).resolves.toBeUndefined(); // it had synced before failing
    await expect(informer.events().next()).rejects.toBe(forbidden);
    informer.stop();
  });

  test("a handler that throws goes to the handle's error handlers; the others still get the event", async () => {
    const { transport, streams } = scripted([listOf("10")]);
    const informer = await new ResourceClient(transport, experimentResource).informer();
    const errors: unknown[] = [];
    const adds: string[] = [];
    informer.on("error", (error) => errors.push(error));
    informer.on("add", () => {
      throw new Error("handler bug");
    });
    const other = await new ResourceClient(transport, experimentResource).informer();
    other.on("add", (e) => adds.push(e.metadata?.name ?? ""));
    await until(() => streams.length === 1, "the watch");
    streams[0]?.push(eventLine("ADDED", "x", "11"));
    await until(() => adds.length === 1, "the other handle's add");
    expect((errors[0] as Error).message).toBe("handler bug");
    informer.stop();
    other.stop();
  });
});

describe("informer: sharing and reference counting", () => {
  test("handles of one collection share one list and one watch, across clients; other namespaces and selectors get their own", async () => {
    const { transport, streams, listRequests } = scripted([listOf("10", item("a", "3"))]);
    const first = await new ResourceClient(transport, experimentResource).informer();
    const second = await new ResourceClient(transport, experimentResource).informer({ namespace: "team-a" });
    await Promise.all([first.synced(), second.synced()]);
    await until(() => streams.length === 1, "the watch");
    expect(listRequests).toHaveLength(1);
    expect(transport.informers.size).toBe(1);
    const other = await new ResourceClient(transport, experimentResource).informer({ namespace: "team-b" });
    const selected = await new ResourceClient(transport, experimentResource).informer({ labelSelector: "team=x" });
    await Promise.all([other.synced(), selected.synced()]);
    expect(transport.informers.size).toBe(3);
    expect(listRequests.map((r) => [r.path, r.query?.labelSelector])).toEqual([
      ["/apis/kubeflow.org/v1beta1/namespaces/team-a/experiments", undefined],
      ["/apis/kubeflow.org/v1beta1/namespaces/team-b/experiments", undefined],
      ["/apis/kubeflow.org/v1beta1/namespaces/team-a/experiments", "team=x"],
    ]);
    for (const informer of [first, second, other, selected]) informer.stop();
  });

  test("the watch runs until the last handle stops; then it is aborted and the cache freed, and the next handle starts afresh", async () => {
    const { transport, streams, listRequests } = scripted([listOf("10", item("a", "3"))]);
    const client = new ResourceClient(transport, experimentResource);
    const first = await client.informer();
    const second = await client.informer();
    await until(() => streams.length === 1, "the watch");
    first.stop();
    first.stop(); // idempotent: one reference each
    expect(streams[0]?.request.signal?.aborted).toBe(false);
    expect(second.get("a")).toBeDefined();
    expect(first.get("a")).toBeUndefined(); // a stopped handle reads nothing
    second.stop();
    expect(streams[0]?.request.signal?.aborted).toBe(true);
    expect(transport.informers.size).toBe(0);
    expect(second.list()).toEqual([]);
    const third = await client.informer();
    await third.synced();
    expect(listRequests).toHaveLength(2);
    expect(third.get("a")).toBeDefined();
    third.stop();
  });

  test("events(): the cached objects first, then the changes; a reader that falls behind gets one merged event per object", async () => {
    const { transport, streams } = scripted([listOf("10", item("a", "3"))]);
    const informer = await new ResourceClient(transport, experimentResource).informer();
    await informer.synced();
    await until(() => streams.length === 1, "the watch");
    const events = informer.events();
    const first = await events.next();
    expect(first.value).toMatchObject({ type: "ADDED", object: { metadata: { name: "a" } } });
    // Not read while these arrive: a's two updates merge, b's add and delete cancel out.
    streams[0]?.push(eventLine("MODIFIED", "a", "11"));
    streams[0]?.push(eventLine("ADDED", "b", "12"));
    streams[0]?.push(eventLine("MODIFIED", "a", "13"));
    streams[0]?.push(eventLine("DELETED", "b", "14"));
    streams[0]?.push(eventLine("ADDED", "c", "15"));
    await until(() => informer.get("c") !== undefined, "the changes in the cache");
    const next = [(await events.next()).value, (await events.next()).value] as InformerEvent<V1beta1Experiment>[];
    expect(next.map((e) => `${e.type} ${e.object.metadata?.name}@${e.object.metadata?.resourceVersion}`)).toEqual(["MODIFIED a@13", "ADDED c@15"]);
    expect(next[0]?.type === "MODIFIED" && next[0].oldObject.metadata?.resourceVersion).toBe("3");
    informer.stop();
    expect(await events.next()).toEqual({ done: true, value: undefined });
  });

  test("mergeEvents: what two unread events say together", () => {
    const o = (v: string) => item("x", v);
    const table: Array<[InformerEvent<V1beta1Experiment>, InformerEvent<V1beta1Experiment>, string]> = [
      [{ type: "ADDED", object: o("1") }, { type: "MODIFIED", object: o("2"), oldObject: o("1") }, "ADDED 2"],
      [{ type: "ADDED", object: o("1") }, { type: "DELETED", object: o("2") }, "none"],
      [{ type: "MODIFIED", object: o("2"), oldObject: o("1") }, { type: "MODIFIED", object: o("3"), oldObject: o("2") }, "MODIFIED 1→3"],
      [{ type: "MODIFIED", object: o("2"), oldObject: o("1") }, { type: "DELETED", object: o("3") }, "DELETED 3"],
      [{ type: "DELETED", object: o("1") }, { type: "ADDED", object: o("5") }, "MODIFIED 1→5"],
    ];
    for (const [pending, next, expected] of table) {
      const merged = mergeEvents(pending, next);
      const text = merged === undefined ? "none" : merged.type === "MODIFIED" ? `MODIFIED ${merged.oldObject.metadata?.resourceVersion}→${merged.object.metadata?.resourceVersion}` : `${merged.type} ${merged.object.metadata?.resourceVersion}`;
      expect(text, `${pending.type} then ${next.type}`).toBe(expected);
    }
  });
});

describe("waitFor on the shared informer", () => {
  test("200 concurrent waits in one namespace: one list, one watch, each resolved by its own object's change, released after", async () => {
    const names = Array.from({ length: 200 }, (_, i) => `e${i}`);
    const { transport, streams, listRequests, reads } = scripted([listOf("1000", ...names.map((name) => item(name, "5")))]);
    const experiments = new ResourceClient(transport, experimentResource);
    const done = new Map<string, string>();
    const waits = names.map((name) =>
      waitFor(experiments, name, { isDone: (e) => e.status?.conditions?.[0]?.type === "Succeeded", timeoutMs: 10_000 }).then((e) => done.set(name, e.metadata?.resourceVersion ?? "")),
    );
    await until(() => streams.length === 1, "the watch");
    for (const [i, name] of names.entries()) {
      streams[0]?.push(eventLine("MODIFIED", name, String(2000 + i), { status: succeeded }));
      if (i === 99) {
        await until(() => done.size === 100, "the first 100 waits");
        expect(done.has("e150")).toBe(false); // each wait resolves on its own object's change only
      }
    }
    await Promise.all(waits);
    expect(done.get("e7")).toBe("2007");
    expect(listRequests).toHaveLength(1);
    expect(streams).toHaveLength(1);
    expect(streams[0]?.request.query?.fieldSelector).toBeUndefined();
    expect(reads).toEqual([]); // every object was in the cache: no read per wait
    expect(streams[0]?.request.signal?.aborted).toBe(true); // the last wait's release ended the watch
    expect(transport.informers.size).toBe(0);
  });

  test("a wait sees the deletion of its object (WaitDeletedError) and times out with the last state (WaitTimeoutError)", async () => {
    const created = { conditions: [{ type: "Created" as const, status: "True" as const, reason: "ExperimentCreated" }] };
    const { transport, streams } = scripted([listOf("10", item("gone", "3"), item("slow", "4", created), item("bare", "5"))]);
    const experiments = new ResourceClient(transport, experimentResource);
    const deleted = waitFor(experiments, "gone", { isDone: () => false, timeoutMs: 5_000 }).catch((e: unknown) => e);
    const slow = waitFor(experiments, "slow", { isDone: () => false, goal: "condition Running", timeoutMs: 300 }).catch((e: unknown) => e);
    const bare = waitFor(experiments, "bare", { isDone: () => false, timeoutMs: 300 }).catch((e: unknown) => e);
    await until(() => streams.length === 1, "the watch");
    streams[0]?.push(eventLine("DELETED", "gone", "11"));
    expect(await deleted).toMatchObject({ name: "WaitDeletedError" });
    // The message says what was awaited and what the wait last saw, so a slow controller reads apart from a lost watch.
    expect(await slow).toMatchObject({
      name: "WaitTimeoutError",
      object: { metadata: { name: "slow", resourceVersion: "4" } },
      message: "timed out after 300 ms waiting for Experiment slow to reach condition Running; last seen at resourceVersion 4 with conditions Created=True (ExperimentCreated)",
    });
    expect(await bare).toMatchObject({ message: "timed out after 300 ms waiting for Experiment bare; last seen at resourceVersion 5 with no conditions" });
  });

  test("a limit longer than a timer holds (Infinity, or a month) is no limit: the wait does not end at once", async () => {
    const { transport, streams } = scripted([listOf("10", item("a", "3"), item("b", "4"))]);
    const experiments = new ResourceClient(transport, experimentResource);
    const isDone = (e: V1beta1Experiment) => e.status?.conditions?.some((c) => c.type === "Succeeded") === true;
    const forever = waitFor(experiments, "a", { isDone, timeoutMs: Infinity });
    const month = waitFor(experiments, "b", { isDone, timeoutMs: 31 * 24 * 3_600_000 });
    await until(() => streams.length === 1, "the watch");
    await new Promise((resolve) => setTimeout(resolve, 50)); // a timer over 2^31 - 1 ms would have fired by now
    streams[0]?.push(eventLine("MODIFIED", "a", "11", { status: succeeded }));
    streams[0]?.push(eventLine("MODIFIED", "b", "12", { status: succeeded }));
    expect((await forever).metadata?.resourceVersion).toBe("11");
    expect((await month).metadata?.resourceVersion).toBe("12");
  });

  test("a wait whose object never arrives says so when it times out", async () => {
    // The list never answers: nothing is seen before the time runs out.
    const { transport } = scripted([() => new Promise<never>(() => undefined)]);
    const experiments = new ResourceClient(transport, experimentResource);
    const error = await waitFor(experiments, "late", { isDone: () => true, timeoutMs: 200 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "WaitTimeoutError", object: undefined, message: "timed out after 200 ms waiting for Experiment late; the object was never seen" });
  });

  test("closing the connection (its registry's stop) ends the watch and rejects the waits on it", async () => {
    const { transport, streams } = scripted([listOf("10", item("a", "3"))]);
    const experiments = new ResourceClient(transport, experimentResource);
    const waiting = waitFor(experiments, "a", { isDone: () => false, timeoutMs: 5_000 });
    const informer = await experiments.informer();
    const events = informer.events();
    await until(() => streams.length === 1, "the watch");
    transport.informers.stop();
    await expect(waiting).rejects.toThrow("the connection was closed");
    expect(streams[0]?.request.signal?.aborted).toBe(true);
    await expect(events.next()).rejects.toThrow("the connection was closed");
    await expect(informer.synced()).resolves.toBeUndefined();
    informer.stop();
  });

  test("an object created after the informer's list is read once and then followed; an aborted wait rejects with the signal's reason", async () => {
    const { transport, streams, reads } = scripted([listOf("10")]);
    const experiments = new ResourceClient(transport, experimentResource);
    const seen: string[] = [];
    const waiting = waitFor(experiments, "new", { isDone: (e) => e.metadata?.resourceVersion === "12", onProgress: (e) => seen.push(e.metadata?.resourceVersion ?? ""), timeoutMs: 5_000 });
    await until(() => streams.length === 1 && reads.length === 1, "the read");
    streams[0]?.push(eventLine("ADDED", "new", "1")); // the state the read already gave: not reported twice
    streams[0]?.push(eventLine("MODIFIED", "new", "12"));
    await expect(waiting).resolves.toMatchObject({ metadata: { resourceVersion: "12" } });
    expect(seen).toEqual(["1", "12"]);

    const controller = new AbortController();
    const aborted = waitFor(experiments, "new", { isDone: () => false, signal: controller.signal });
    controller.abort(new Error("user gave up"));
    await expect(aborted).rejects.toThrow("user gave up");
  });
});
