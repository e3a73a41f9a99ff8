/**
 * Nothing duplicated, nothing lost, on the real apiserver. A create whose connection drops after the request went
 * out is not sent again (it may have happened: here it did), while a read in the same situation is retried; and
 * concurrent read-modify-write writers of different fields all land.
 */
import { expect, onTestFinished, test } from "vitest";
import { ConnectionError, KatibClient, type ClientOptions, type V1beta1Experiment } from "../../src/index.ts";
import { updateWithRetry } from "../../src/resource/update-with-retry.ts";
import { startTcpProxy, type TcpProxy } from "../reliability/support/tcp-proxy.ts";
import { adminOptions, katibClient } from "./support/clients.ts";
import { describeE2e } from "./support/describe-e2e.ts";
import { boxExperiment } from "./support/experiments.ts";
import { kubeRequest } from "./support/kube-request.ts";
import { createTestNamespace } from "./support/namespaces.ts";

/**
 * An idle Experiment (Katib accepts it and runs no trial): only this test writes to it. Its budget leaves room for
 * the writers' values in any order: Katib's webhook refuses parallelTrialCount or maxFailedTrialCount above
 * maxTrialCount.
 */
function experiment(metadata: V1beta1Experiment["metadata"]): V1beta1Experiment {
  return { ...boxExperiment(metadata?.name ?? "", { idle: true, maxTrialCount: 10 }), metadata };
}

/** A client whose every connection goes through `proxy`, on a fresh connection pool. */
function throughProxy(env: { token: string; caPem: string }, proxy: TcpProxy, namespace: string, extra: ClientOptions = {}): KatibClient {
  const client = new KatibClient({
    server: `https://127.0.0.1:${proxy.port}`,
    token: env.token,
    certificateAuthorityData: env.caPem,
    namespace,
    logger: { debug: () => {}, warn: () => {} },
    retry: { maxRetries: 3, baseDelayMs: 10, maxDelayMs: 50 },
    ...extra,
  });
  onTestFinished(() => client.close());
  return client;
}

/**
 * More than a TLS handshake flight (a ClientHello is well under 2 KB) and less than the create request, which carries a
 * 16 KB annotation: the proxy forwards the whole request and swallows the answer.
 */
const AFTER_CLIENT_BYTES = 6 * 1024;
const PADDING = "x".repeat(16 * 1024);

describeE2e("writes are neither duplicated nor lost (reliability)", (env) => {
  test("a create whose connection drops after the request was sent is not retried: exactly one Experiment", async () => {
    const namespace = await createTestNamespace("rel-dup");
    const api = new URL(env.server);
    const proxy = await startTcpProxy(api.hostname, Number(api.port));
    onTestFinished(() => proxy.close());
    proxy.dropAnswers({ afterClientBytes: AFTER_CLIENT_BYTES, closeAfterMs: 500 });
    const katib = throughProxy(env, proxy, namespace);

    // generateName: a second POST would create a second object instead of failing with AlreadyExists, so a retry
    // could not hide.
    const error = await katib.createExperiment(experiment({ generateName: "dup-", annotations: { padding: PADDING } })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ connectionReason: "reset", method: "POST" });
    expect(proxy.accepted()).toBe(1);
    expect(proxy.dropped()).toBe(1);

    const listed = await kubeRequest<{ items: V1beta1Experiment[] }>("GET", `/apis/kubeflow.org/v1beta1/namespaces/${namespace}/experiments`);
    const names = listed.body.items.map((e) => e.metadata?.name ?? "");
    // Exactly one: the request did reach the server (so the client could not know it failed), and was not repeated.
    expect(names).toHaveLength(1);
    expect(names[0]).toMatch(/^dup-/);
  }, 60_000);

  test("a read in the same situation is retried (the drop is real and only idempotent requests repeat)", async () => {
    const namespace = await createTestNamespace("rel-dup");
    const api = new URL(env.server);
    const proxy = await startTcpProxy(api.hostname, Number(api.port));
    onTestFinished(() => proxy.close());
    proxy.dropAnswers({ afterClientBytes: AFTER_CLIENT_BYTES, closeAfterMs: 100 });
    const katib = throughProxy(env, proxy, namespace, { retry: { maxRetries: 2, baseDelayMs: 10, maxDelayMs: 20 } });
    // A GET is small; a long (valid) label selector makes it cross the same threshold as the create, so this read too
    // is dropped only after it was sent whole.
    const labelSelector = `pad notin (${Array.from({ length: 1_000 }, (_, i) => `v${i}`).join(",")})`;
    const error = await katib.listExperiments({ labelSelector }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ connectionReason: "reset", method: "GET" });
    // First attempt plus two retries, each on a new connection, each dropped after the request went out.
    expect(proxy.accepted()).toBe(3);
    expect(proxy.dropped()).toBe(3);
  }, 60_000);

  test("ten concurrent writers of different fields (budget and annotations) all land", async () => {
    const namespace = await createTestNamespace("rel-rmw");
    const katib = katibClient(adminOptions(env, namespace));
    await katib.createExperiment(experiment({ name: "shared", labels: { team: "a" } }));
    const annotationWriters = Array.from({ length: 7 }, (_, i) => `writer-${i}`);
    await Promise.all([
      katib.editExperimentBudget("shared", { maxTrialCount: 40 }),
      katib.editExperimentBudget("shared", { parallelTrialCount: 4 }),
      katib.editExperimentBudget("shared", { maxFailedTrialCount: 9 }),
      ...annotationWriters.map((key) =>
        updateWithRetry(katib.experiments, "shared", (e) => ({ ...e, metadata: { ...e.metadata, annotations: { ...e.metadata?.annotations, [key]: "done" } } }), { attempts: 12 }),
      ),
    ]);
    const result = await katib.getExperiment("shared");
    expect(result.spec).toMatchObject({ maxTrialCount: 40, parallelTrialCount: 4, maxFailedTrialCount: 9 });
    expect(result.spec?.objective?.objectiveMetricName).toBe("accuracy");
    expect(result.metadata?.labels).toEqual({ team: "a" });
    expect(result.metadata?.annotations).toEqual(Object.fromEntries(annotationWriters.map((key) => [key, "done"])));
  }, 60_000);
});
