/**
 * Size limits, against a real local server: an error page of 10 MB is read only up to MAX_ERROR_BODY_BYTES and
 * quoted in at most ~200 characters; a watch that sends 100 MB without a newline fails with ERR_KUBE_LINE_TOO_LONG
 * after MAX_LINE_LENGTH characters, without the process holding anything near 100 MB. (YAML alias limits are in
 * fuzz-validate.test.ts.)
 */
import type { ServerResponse } from "node:http";
import { afterEach, expect, test } from "vitest";
import { KatibClient, NetworkError, NotFoundError } from "../../src/index.ts";
import { MAX_LINE_LENGTH } from "../../src/transport/split-lines.ts";
import { MAX_ERROR_BODY_BYTES } from "../../src/transport/to-api-error.ts";
import { startFaultServer, type FaultServer } from "./support/fault-server.ts";

const MB = 1024 * 1024;
const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0)) await fn();
});

/** Writes `total` bytes of `fill` in 1 MB chunks, honouring backpressure, until done or the client goes away. */
function pump(res: ServerResponse, total: number, fill: string, written: { bytes: number }): void {
  const chunk = Buffer.alloc(MB, fill);
  const next = (): void => {
    while (written.bytes < total && !res.destroyed) {
      written.bytes += chunk.length;
      if (!res.write(chunk)) return void res.once("drain", next);
    }
    if (!res.destroyed) res.end();
  };
  next();
}

async function serve(handler: Parameters<typeof startFaultServer>[0]): Promise<FaultServer> {
  const server = await startFaultServer(handler);
  cleanup.push(() => server.close());
  return server;
}
function client(server: FaultServer): KatibClient {
  const katib = new KatibClient({ server: server.url, token: "size-limit-token-0123", namespace: "team-a", retry: false, logger: { debug: () => {}, warn: () => {} } });
  cleanup.push(() => katib.close());
  return katib;
}

/** Samples heap + buffer memory while `run` runs; returns the largest growth over the start. */
async function peakGrowth(run: () => Promise<void>): Promise<number> {
  const used = (): number => {
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  const start = used();
  let peak = start;
  const timer = setInterval(() => (peak = Math.max(peak, used())), 2);
  try {
    await run();
  } finally {
    clearInterval(timer);
  }
  return Math.max(peak, used()) - start;
}

test("a 10 MB error page is read up to the cap and quoted in a few hundred characters", async () => {
  const written = { bytes: 0 };
  const server = await serve((_req, res) => {
    res.writeHead(404, { "content-type": "text/html" });
    res.write("<html><body><h1>Not here</h1>");
    pump(res, 10 * MB, "a", written);
  });
  const error = await client(server).getExperiment("x").catch((e: unknown) => e);
  expect(error).toBeInstanceOf(NotFoundError);
  expect((error as NotFoundError).serverMessage.length).toBeLessThanOrEqual(201);
  expect((error as NotFoundError).serverMessage.startsWith("Not here")).toBe(true);
  // The client stopped reading: the server could not push the whole page (socket buffers hold a few MB at most).
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(written.bytes).toBeLessThan(10 * MB);
  expect(MAX_ERROR_BODY_BYTES).toBe(256 * 1024);
});

test("a watch line of 100 MB without a newline fails with ERR_KUBE_LINE_TOO_LONG, memory bounded", async () => {
  const written = { bytes: 0 };
  const server = await serve((_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    pump(res, 100 * MB, "a", written);
  });
  const katib = client(server);
  let error: unknown;
  const started = performance.now();
  const growth = await peakGrowth(async () => {
    try {
      for await (const _event of katib.experiments.watch({ resourceVersion: "1" })) throw new Error("no event expected");
    } catch (caught) {
      error = caught;
    }
  });
  expect(error).toBeInstanceOf(NetworkError);
  expect(error).toMatchObject({ code: "ERR_KUBE_LINE_TOO_LONG", method: "GET" });
  expect((error as NetworkError).hint).toBeTruthy();
  expect(performance.now() - started).toBeLessThan(15_000);
  // The line is given up at 16 Mi characters; holding it costs a few times that, never the 100 MB sent.
  expect(growth).toBeLessThan(4 * MAX_LINE_LENGTH + 32 * MB);
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(written.bytes).toBeLessThan(60 * MB);
  console.log(`[size-limits] 100 MB line: gave up after the server wrote ${Math.round(written.bytes / MB)} MB; peak memory growth ${Math.round(growth / MB)} MB`);
}, 30_000);
