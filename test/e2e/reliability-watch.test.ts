/**
 * Watch resilience on the real apiserver. A writer updates a TrainingRuntime 1,000 times while the watcher, a
 * TrainerClient whose connection goes through a loopback TCP proxy, has its connections cut about every 100 events and
 * starts from resourceVersion "1", which the apiserver has long compacted away (410 Expired), so the watch must
 * relist. The watcher must end in the server's state, deliver strictly increasing resourceVersions without
 * duplicates, and lose nothing except what the relist skips by definition (versions etcd no longer has).
 */
import { expect, onTestFinished, test } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { Connection, TrainerClient, type TrainerV1alpha1TrainingRuntime, type Transport } from "../../src/index.ts";
import { loadClusterConfig } from "../../src/transport/entry.ts";
import { createTransport } from "../../src/transport/transport.ts";
import { startTcpProxy } from "../reliability/support/tcp-proxy.ts";
import { corpusDir } from "../support/sources.ts";
import { adminOptions, trainerClient } from "./support/clients.ts";
import { describeE2e } from "./support/describe-e2e.ts";
import { createTestNamespace } from "./support/namespaces.ts";

const WRITES = 1_000;
/** Writes made before the watcher starts: the relist after the 410 jumps over them. */
const WRITES_BEFORE_WATCH = 200;
const CUT_EVERY = 100;
/** The annotation each write sets to its number. */
const WRITE_NUMBER = "kubeflow-ts/write";

interface Delivered {
  type: string;
  rv: bigint;
  write: string | undefined;
  /** Relists (LIST requests) made before this event was delivered. */
  listsBefore: number;
}

describeE2e("watch resilience (reliability)", (env) => {
  test("1,000 updates, connections cut every ~100 events, a forced 410: the watcher ends in the server's state", async () => {
    const namespace = await createTestNamespace("rel-watch");
    const name = "watched";
    const writer = trainerClient(adminOptions(env, namespace));
    // A TrainingRuntime: no controller writes one (the Trainer only adds a finalizer while a TrainJob uses it), so
    // every version of it is this test's. (An Experiment's status is Katib's: it rewrites it whenever it reconciles.)
    const runtime = parse(readFileSync(join(corpusDir, "trainer/manifests/base/runtimes/torch_distributed.yaml"), "utf8")) as TrainerV1alpha1TrainingRuntime;
    await writer.trainingRuntimes.create({ ...runtime, kind: "TrainingRuntime", metadata: { name } });

    const api = new URL(env.server);
    const proxy = await startTcpProxy(api.hostname, Number(api.port));
    onTestFinished(() => proxy.close());
    // The proxy passes TLS through; the client verifies the apiserver's certificate (issued for 127.0.0.1 and
    // localhost) by the cluster CA, checking the name given as tlsServerName.
    const config = await loadClusterConfig({ server: `https://127.0.0.1:${proxy.port}`, token: env.token, certificateAuthorityData: env.caPem, tlsServerName: "localhost", namespace }, { env: {} });
    const quiet = { debug: () => {}, warn: () => {} };
    const transport = createTransport(config, { logger: quiet, retry: { maxRetries: 5, baseDelayMs: 10, maxDelayMs: 200 } });
    let lists = 0;
    const streamQueries: Array<string | undefined> = [];
    const counting: Transport = {
      ...transport,
      request: (r) => {
        if (r.method.toUpperCase() === "GET" && r.query?.["watch"] === undefined) lists++;
        return transport.request(r);
      },
      stream: (s) => {
        streamQueries.push(s.query?.["resourceVersion"] as string | undefined);
        return transport.stream(s);
      },
    };
    const watcher = new TrainerClient(Connection.fromTransport(counting, quiet));
    onTestFinished(() => transport.close());

    const written: bigint[] = [];
    const write = async (i: number): Promise<void> => {
      const updated = await writer.trainingRuntimes.patch(name, { metadata: { annotations: { [WRITE_NUMBER]: String(i) } } });
      written.push(BigInt(updated.metadata?.resourceVersion ?? "0"));
    };
    for (let i = 1; i <= WRITES_BEFORE_WATCH; i++) await write(i);

    const controller = new AbortController();
    const delivered: Delivered[] = [];
    let cuts = 0;
    let last: TrainerV1alpha1TrainingRuntime | undefined;
    const consume = (async () => {
      const events = watcher.trainingRuntimes.watch({
        resourceVersion: "1",
        fieldSelector: `metadata.name=${name}`,
        signal: controller.signal,
        retryDelayMs: { base: 10, max: 100 },
      });
      for await (const event of events) {
        last = event.object;
        delivered.push({ type: event.type, rv: BigInt(event.object.metadata?.resourceVersion ?? "0"), write: event.object.metadata?.annotations?.[WRITE_NUMBER], listsBefore: lists });
        if (delivered.length % CUT_EVERY === 0 && proxy.cut() > 0) cuts++;
      }
    })();

    for (let i = WRITES_BEFORE_WATCH + 1; i <= WRITES; i++) await write(i);
    const server = await writer.trainingRuntimes.get(name);
    const finalRv = BigInt(server.metadata?.resourceVersion ?? "0");
    // The watcher catches up on its own; bounded so a stuck watch fails the test instead of hanging it.
    for (let i = 0; i < 600 && (delivered.at(-1)?.rv ?? 0n) < finalRv; i++) await new Promise((resolve) => setTimeout(resolve, 50));
    controller.abort();
    await consume;

    // Final state equals the server's.
    expect(delivered.at(-1)?.rv).toBe(finalRv);
    expect(last?.metadata?.annotations).toEqual(server.metadata?.annotations);
    expect(last?.metadata?.annotations?.[WRITE_NUMBER]).toBe(String(WRITES));

    // resourceVersions strictly increase, so none is delivered twice.
    const rvs = delivered.map((d) => d.rv);
    for (let i = 1; i < rvs.length; i++) expect(rvs[i]! > rvs[i - 1]!, `event ${i}: ${rvs[i]} after ${rvs[i - 1]}`).toBe(true);
    expect(new Set(rvs).size).toBe(rvs.length);

    // The 410: the watch asked for resourceVersion "1", got Expired, relisted exactly once, and the relist delivered
    // the then-current object. Every connection after it resumed from the last delivered version.
    expect(streamQueries[0]).toBe("1");
    expect(lists).toBe(1);
    expect(delivered[0]?.listsBefore).toBe(1);
    const relisted = delivered[0]!.rv;
    expect(relisted).toBeGreaterThanOrEqual(written[WRITES_BEFORE_WATCH - 1]!);

    // Gaps only across the relist: every version written after the relisted one was delivered, in order.
    const after = written.filter((rv) => rv > relisted);
    expect(rvs.slice(1)).toEqual(after);
    // And the versions before it are exactly what the relist skipped (gone from etcd's point of view).
    expect(written.filter((rv) => rv < relisted).length).toBeGreaterThan(0);

    // The proxy really cut the watch, and the watch came back each time.
    expect(cuts).toBeGreaterThanOrEqual(Math.floor((WRITES - WRITES_BEFORE_WATCH) / CUT_EVERY) - 1);
    expect(streamQueries.length).toBeGreaterThan(cuts);
    console.log(`[reliability-watch] writes ${WRITES}, events delivered ${delivered.length}, cuts ${cuts}, watch connections ${streamQueries.length}, relists ${lists}, skipped by the relist ${written.length - after.length}`);
  }, 180_000);
});
