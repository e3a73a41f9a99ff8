/**
 * A bad network between the client and the apiserver, for real: Shopify's toxiproxy (built from its Go module, see
 * test/controlplane/toxiproxy) proxies the box's apiserver, and its toxics add 500 ms of latency, cap the bandwidth at
 * 64 KB/s, reset connections, or swallow everything (a black hole). Every call must succeed or fail with a typed
 * error within its time budget, and no create may ever be made twice.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, expect, test } from "vitest";
import { ConnectionError, KatibClient, TimeoutError, type ClientOptions } from "../../src/index.ts";
import { ensureBinaries } from "../controlplane/build.ts";
import { findFreePort } from "../controlplane/processes.ts";
import { adminOptions } from "./support/clients.ts";
import { describeE2e } from "./support/describe-e2e.ts";
import { boxExperiment } from "./support/experiments.ts";
import { uniqueName } from "./support/names.ts";
import { createTestNamespace } from "./support/namespaces.ts";

interface Toxic {
  type: "latency" | "bandwidth" | "reset_peer" | "timeout";
  stream: "upstream" | "downstream";
  attributes: Record<string, number>;
}

/** What one call did: its outcome and how long it took. */
interface Outcome {
  ok: boolean;
  error?: unknown;
  ms: number;
}

async function timed(call: () => Promise<unknown>): Promise<Outcome> {
  const started = performance.now();
  try {
    await call();
    return { ok: true, ms: performance.now() - started };
  } catch (error) {
    return { ok: false, error, ms: performance.now() - started };
  }
}

describeE2e("a bad network between client and apiserver (toxiproxy)", (env) => {
  let toxiproxy: ChildProcess | undefined;
  let api = "";
  let proxied = "";

  async function toxiproxyApi(method: string, path: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`${api}${path}`, { method, ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { "content-type": "application/json" } }) });
    if (!response.ok) throw new Error(`toxiproxy ${method} ${path}: HTTP ${response.status} ${await response.text()}`);
    return response.status === 204 ? undefined : response.json();
  }

  /** Runs `body` with `toxic` on the proxy, and takes it off after. */
  async function withToxic<T>(toxic: Toxic, body: () => Promise<T>): Promise<T> {
    await toxiproxyApi("POST", "/proxies/apiserver/toxics", { name: "fault", ...toxic });
    try {
      return await body();
    } finally {
      await toxiproxyApi("DELETE", "/proxies/apiserver/toxics/fault");
    }
  }

  beforeAll(async () => {
    const binaries = await ensureBinaries(["toxiproxy-server"], () => {});
    const port = await findFreePort();
    api = `http://127.0.0.1:${port}`;
    toxiproxy = spawn(binaries.paths["toxiproxy-server"], ["-host", "127.0.0.1", "-port", String(port)], { stdio: "ignore" });
    for (let waited = 0; !(await fetch(`${api}/version`).then((r) => r.ok, () => false)); waited += 100) {
      if (waited > 10_000) throw new Error("toxiproxy-server did not start");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const listen = `127.0.0.1:${await findFreePort()}`;
    await toxiproxyApi("POST", "/proxies", { name: "apiserver", listen, upstream: new URL(env.server).host, enabled: true });
    proxied = `https://${listen}`;
  }, 600_000);
  afterAll(() => void toxiproxy?.kill());

  /** A client through the proxy: 3 s per attempt, up to 2 retries of what may be retried. */
  async function client(extra: ClientOptions = {}): Promise<{ katib: KatibClient; namespace: string; direct: KatibClient }> {
    const namespace = await createTestNamespace("network");
    const katib = new KatibClient(adminOptions(env, namespace, { server: proxied, timeoutMs: 3_000, retry: { maxRetries: 2 }, logger: { debug: () => {}, warn: () => {} }, ...extra }));
    const direct = new KatibClient(adminOptions(env, namespace));
    return { katib, namespace, direct };
  }

  /** `count` creates with generateName, labelled `batch`: each either creates one Experiment or fails typed. */
  async function creates(katib: KatibClient, batch: string, count: number): Promise<Outcome[]> {
    const outcomes: Outcome[] = [];
    for (let i = 0; i < count; i++) {
      const experiment = boxExperiment("", { idle: true });
      experiment.metadata = { generateName: `${batch}-`, labels: { batch } };
      outcomes.push(await timed(() => katib.createExperiment(experiment)));
    }
    return outcomes;
  }

  async function stored(direct: KatibClient, batch: string): Promise<number> {
    return (await direct.listExperiments({ labelSelector: `batch=${batch}` })).length;
  }

  test("500 ms of latency each way: every call succeeds, slower by the latency, nothing doubled", { timeout: 120_000 }, async () => {
    const { katib, direct } = await client();
    const batch = uniqueName("latency");
    const outcomes = await withToxic({ type: "latency", stream: "downstream", attributes: { latency: 500 } }, async () => [
      ...(await creates(katib, batch, 3)),
      await timed(() => katib.listExperiments()),
    ]);
    for (const outcome of outcomes) {
      expect(outcome.error).toBeUndefined();
      expect(outcome.ms).toBeGreaterThanOrEqual(450);
    }
    expect(await stored(direct, batch)).toBe(3);
    await Promise.all([katib.close(), direct.close()]);
  });

  test("64 KB/s: a LIST of ~300 KB arrives whole, at that pace", { timeout: 120_000 }, async () => {
    const { katib, direct } = await client({ timeoutMs: 20_000 });
    const batch = uniqueName("bandwidth");
    await creates(direct, batch, 60);
    const json = JSON.stringify(await direct.listExperiments({ labelSelector: `batch=${batch}` }));
    let listed = 0;
    const outcome = await withToxic({ type: "bandwidth", stream: "downstream", attributes: { rate: 64 } }, () =>
      timed(async () => (listed = (await katib.listExperiments({ labelSelector: `batch=${batch}` })).length)),
    );
    expect(outcome.error).toBeUndefined();
    expect(listed).toBe(60);
    // The answer travels gzip-compressed (the client asks for it; the apiserver compresses answers from 128 KiB on),
    // and at 64 KB/s it cannot come faster than its compressed size allows (gzip's best is a lower bound of it).
    expect(json.length).toBeGreaterThan(128 * 1024);
    expect(outcome.ms).toBeGreaterThanOrEqual((gzipSync(json, { level: 9 }).length / (64 * 1024)) * 1000 * 0.8);
    await Promise.all([katib.close(), direct.close()]);
  });

  test("connections reset: reads fail with ConnectionError after their retries, creates are never retried or doubled", { timeout: 120_000 }, async () => {
    const { katib, direct } = await client();
    const batch = uniqueName("reset");
    const [reads, writes] = await withToxic({ type: "reset_peer", stream: "upstream", attributes: { timeout: 0 } }, async () => [
      [await timed(() => katib.listExperiments()), await timed(() => katib.getExperiment("anything"))],
      await creates(katib, batch, 3),
    ]);
    for (const outcome of [...reads, ...writes]) {
      expect(outcome.ok).toBe(false);
      expect(outcome.error).toBeInstanceOf(ConnectionError);
      expect(outcome.ms).toBeLessThan(3 * 3_000 + 5_000);
    }
    // A reset before the request was read: nothing stored, and a create that failed was not sent again.
    expect(await stored(direct, batch)).toBeLessThanOrEqual(3);
    await Promise.all([katib.close(), direct.close()]);
  });

  test("a black hole: every call fails with TimeoutError at its timeout (3 s), not retried; no create lands twice", { timeout: 180_000 }, async () => {
    const { katib, direct } = await client();
    const batch = uniqueName("blackhole");
    const [read, writes] = await withToxic({ type: "timeout", stream: "upstream", attributes: { timeout: 0 } }, async () => [await timed(() => katib.listExperiments()), await creates(katib, batch, 2)] as const);
    // At the attempt's timeout, even while the TLS handshake hangs; a timeout is not retried (it would multiply
    // the wait), for reads and creates alike.
    for (const call of [read, ...writes]) {
      expect(call.error).toBeInstanceOf(TimeoutError);
      expect(call.ms).toBeGreaterThanOrEqual(2_900);
      expect(call.ms).toBeLessThan(3_000 + 1_500);
    }
    // Whatever the apiserver got before the hole opened is stored once at most per call.
    expect(await stored(direct, batch)).toBeLessThanOrEqual(writes.length);
    await Promise.all([katib.close(), direct.close()]);
  });
});
