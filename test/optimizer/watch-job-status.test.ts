/**
 * OptimizerClient.waitForJobStatus over a scripted transport: one list and one watch each of the namespace's
 * Experiments, the Experiment's Trials and the namespace's TrainJobs (the connection's shared informers), no request
 * while nothing changes however long it waits, the job recomputed on each event (Running from a Trial's TrainJob),
 * the timeout with the last job, a Failed job, an abort, the Experiment read and watched by name without `list`, and
 * the informers released whatever the outcome.
 */
import { afterEach, describe, expect, test, vi } from "vitest";
import type { V1beta1Experiment, V1beta1Trial } from "../../generated/katib/v1beta1/types.ts";
import type { TrainerV1alpha1TrainJob } from "../../generated/trainer/v1alpha1/types.ts";
import { Connection, ForbiddenError, NotFoundError, OptimizationJobFailedError, OptimizerClient, WaitDeletedError, WaitTimeoutError, type OptimizationJob } from "../../src/index.ts";
import type { Transport } from "../../src/transport/transport.ts";

const NS = "/namespaces/team-a";
const EXPERIMENTS = `/apis/kubeflow.org/v1beta1${NS}/experiments`;
const TRIALS = `/apis/kubeflow.org/v1beta1${NS}/trials`;
const TRAINJOBS = `/apis/trainer.kubeflow.org/v1alpha1${NS}/trainjobs`;
const PODS = `/api/v1${NS}/pods`;

type Query = Record<string, unknown>;
interface Sent {
  method: string;
  path: string;
  query: Query;
  watch: boolean;
}

/** A watch response the test writes events to; it ends when the request is aborted. */
interface OpenWatch {
  path: string;
  query: Query;
  push(type: string, object: object): void;
}

/**
 * A Transport whose requests `answer` handles (throwing answers a typed error) and whose watches stay open for the
 * test to write to. Everything sent is recorded.
 */
function scripted(answer: (path: string, query: Query) => unknown) {
  const sent: Sent[] = [];
  const watches: OpenWatch[] = [];
  const transport = {
    server: "https://kube.test:6443",
    namespace: "team-a",
    async request(request: { method: string; path: string; query?: Query }) {
      sent.push({ method: request.method, path: request.path, query: request.query ?? {}, watch: false });
      return { status: 200, headers: new Headers(), body: answer(request.path, request.query ?? {}) };
    },
    async stream(request: { path: string; query?: Query; signal?: AbortSignal }) {
      sent.push({ method: "GET", path: request.path, query: request.query ?? {}, watch: true });
      const lines: string[] = [];
      let wake: (() => void) | undefined;
      const signal = request.signal;
      signal?.addEventListener("abort", () => wake?.());
      watches.push({ path: request.path, query: request.query ?? {}, push: (type, object) => (lines.push(JSON.stringify({ type, object })), wake?.()) });
      return (async function* () {
        while (!signal?.aborted) {
          const line = lines.shift();
          if (line !== undefined) yield line;
          else await new Promise<void>((resolve) => (wake = resolve));
        }
      })();
    },
    async close() {},
  };
  const optimizer = new OptimizerClient(Connection.fromTransport(transport as unknown as Transport, { debug: () => {}, warn: () => {} }));
  const watchOf = (path: string): OpenWatch => {
    const open = watches.find((w) => w.path === path);
    if (!open) throw new Error(`no watch of ${path}`);
    return open;
  };
  return { optimizer, sent, watches, watchOf };
}

const meta = (name: string, resourceVersion: string, labels?: Record<string, string>) => ({ name, namespace: "team-a", resourceVersion, ...(labels ? { labels } : {}) });
const experiment = (resourceVersion: string, conditions: { type: string; status: "True" | "False" }[] = [{ type: "Created", status: "True" }]): V1beta1Experiment => ({
  metadata: { ...meta("hpo", resourceVersion), creationTimestamp: "2026-12-03T10:00:00Z" },
  spec: {
    parameters: [{ name: "lr", parameterType: "double", feasibleSpace: { min: "0.01", max: "0.1", distribution: "uniform" } }],
    objective: { type: "minimize", objectiveMetricName: "loss" },
    algorithm: { algorithmName: "random" },
    maxTrialCount: 2,
    parallelTrialCount: 1,
  },
  status: { conditions: conditions.map((c) => ({ ...c, reason: c.type, message: c.type })) } as V1beta1Experiment["status"],
});
const running = (resourceVersion: string) => experiment(resourceVersion, [{ type: "Created", status: "True" }, { type: "Running", status: "True" }]);
const trial = (name: string, resourceVersion: string): V1beta1Trial => ({ metadata: meta(name, resourceVersion, { "katib.kubeflow.org/experiment": "hpo" }), spec: { parameterAssignments: [{ name: "lr", value: "0.05" }] } });
const trainJob = (name: string, resourceVersion: string, active = 0): TrainerV1alpha1TrainJob => ({
  metadata: meta(name, resourceVersion),
  spec: { runtimeRef: { name: "torch-distributed" } },
  ...(active ? { status: { jobsStatus: [{ name: "node", active, ready: 0, succeeded: 0, failed: 0, suspended: 0 }] } } : {}),
});
const list = (resourceVersion: string, items: object[]) => ({ metadata: { resourceVersion }, items });
const pod = { metadata: { name: "hpo-t1-node-0-0", labels: { "jobset.sigs.k8s.io/jobset-name": "hpo-t1", "jobset.sigs.k8s.io/replicatedjob-name": "node", "batch.kubernetes.io/job-completion-index": "0" } }, status: { phase: "Succeeded" } };

/** The box as the wait starts: a running Experiment, one Trial whose TrainJob has not started, one unrelated TrainJob. */
function runningBox(experimentAnswer: (path: string) => unknown = () => list("10", [running("5")])) {
  return scripted((path) => {
    if (path === EXPERIMENTS || path.startsWith(`${EXPERIMENTS}/`)) return experimentAnswer(path);
    if (path === TRIALS) return list("11", [trial("hpo-t1", "6")]);
    if (path === TRAINJOBS) return list("12", [trainJob("hpo-t1", "7"), trainJob("other", "8")]);
    if (path === PODS) return list("13", [pod]);
    throw new Error(`unexpected request ${path}`);
  });
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  if (!condition()) throw new Error(`timed out waiting for ${what}`);
}
const summary = (sent: Sent[]) => sent.map((s) => `${s.watch ? "WATCH" : s.method} ${s.path.replace(/^.*\/namespaces\/team-a/, "")}${s.query.labelSelector ? `?${String(s.query.labelSelector)}` : ""}${s.query.fieldSelector ? `?${String(s.query.fieldSelector)}` : ""}`);

afterEach(() => {
  vi.useRealTimers();
});

describe("OptimizerClient.waitForJobStatus: by watch", () => {
  test("one list and one watch per source, nothing more while nothing changes, and the job recomputed on each event", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval"] });
    const { optimizer, sent, watches, watchOf } = runningBox();
    const seen: string[] = [];
    const waiting = optimizer.waitForJobStatus("hpo", { onProgress: (job) => seen.push(`${job.status} ${job.trials.map((t) => t.trainJob?.status).join(",")}`) });
    await vi.waitUntil(() => watches.length === 3 && seen.length === 1);
    expect(seen).toEqual(["Created Created"]);
    // A minute of quiet: the Python SDK would have read the job 30 times; the watches say nothing, nothing is sent.
    const before = sent.length;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sent.length).toBe(before);
    expect(seen).toHaveLength(1);

    // Another TrainJob of the namespace changes: not this job's, no new state reported.
    watchOf(TRAINJOBS).push("MODIFIED", trainJob("other", "20", 1));
    // The trial's TrainJob starts: the job is Running (from the TrainJob; the Experiment did not change).
    watchOf(TRAINJOBS).push("MODIFIED", trainJob("hpo-t1", "21", 1));
    await vi.waitUntil(() => seen.length === 2);
    expect(seen[1]).toBe("Running Running");
    // A second trial appears, then the Experiment succeeds: the wait ends on that event.
    watchOf(TRIALS).push("ADDED", trial("hpo-t2", "22"));
    watchOf(EXPERIMENTS).push("MODIFIED", experiment("23", [{ type: "Created", status: "True" }, { type: "Running", status: "False" }, { type: "Succeeded", status: "True" }]));
    const done = await waiting;
    expect(done.status).toBe("Complete");
    expect(seen).toEqual(["Created Created", "Running Running", "Running Running,", "Complete Running,"]);
    expect(done.trials.map((t) => t.name)).toEqual(["hpo-t1", "hpo-t2"]);
    // The answer has the TrainJobs' steps, as getJob's: their pods, read once at the end.
    expect(done.trials[0]?.trainJob?.steps.map((step) => step.podName)).toEqual(["hpo-t1-node-0-0"]);
    expect(done.trials[1]?.trainJob).toBeUndefined();
    expect(summary(sent).sort()).toEqual(
      [
        "GET /experiments",
        "WATCH /experiments",
        "GET /trials?katib.kubeflow.org/experiment=hpo",
        "WATCH /trials?katib.kubeflow.org/experiment=hpo",
        "GET /trainjobs",
        "WATCH /trainjobs",
        "GET /pods?jobset.sigs.k8s.io/jobset-name",
      ].sort(),
    );
    // The watches start where their lists left off.
    expect(watchOf(EXPERIMENTS).query).toMatchObject({ watch: true, resourceVersion: "10" });
    expect(watchOf(TRIALS).query).toMatchObject({ watch: true, resourceVersion: "11" });
    // Released: the connection holds no informer, so no watch, once the wait is over.
    expect(optimizer.connection.informers.size).toBe(0);
  });

  test("a status already reached resolves after the first lists, without waiting for an event", async () => {
    const { optimizer } = runningBox();
    const job = await optimizer.waitForJobStatus("hpo", { status: ["Created", "Running"] });
    expect(job.status).toBe("Created");
    expect(optimizer.connection.informers.size).toBe(0);
  });

  test("waits on the same connection share the informers: two waits, one watch per source", async () => {
    const { optimizer, sent, watches, watchOf } = runningBox();
    const first = optimizer.waitForJobStatus("hpo", { status: ["Running"] });
    const second = optimizer.waitForJobStatus("hpo", { status: ["Running"] });
    await until(() => watches.length === 3, "the watches");
    expect(optimizer.connection.informers.size).toBe(3);
    watchOf(TRAINJOBS).push("MODIFIED", trainJob("hpo-t1", "21", 1));
    expect((await first).status).toBe("Running");
    expect((await second).status).toBe("Running");
    expect(sent.filter((s) => s.watch)).toHaveLength(3);
    expect(optimizer.connection.informers.size).toBe(0);
  });

  test("timeoutMs: WaitTimeoutError carrying the job as last seen, and the informers released", async () => {
    const { optimizer } = runningBox();
    const error = await optimizer.waitForJobStatus("hpo", { timeoutMs: 150 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect((error as Error).message).toBe("OptimizationJob hpo did not reach Complete within 150 ms (last status Created)");
    expect(((error as WaitTimeoutError).object as OptimizationJob).status).toBe("Created");
    expect(optimizer.connection.informers.size).toBe(0);
  });

  test("a Failed job rejects with OptimizationJobFailedError carrying it, unless Failed is awaited", async () => {
    const failed = experiment("30", [{ type: "Created", status: "True" }, { type: "Failed", status: "True" }]);
    for (const status of [undefined, ["Complete", "Failed"] as const]) {
      const { optimizer, watches, watchOf } = runningBox();
      const waiting = optimizer.waitForJobStatus("hpo", status ? { status } : {}).catch((e: unknown) => e);
      await until(() => watches.length === 3, "the watches");
      watchOf(EXPERIMENTS).push("MODIFIED", failed);
      const outcome = await waiting;
      if (status) {
        expect((outcome as OptimizationJob).status).toBe("Failed");
      } else {
        expect(outcome).toBeInstanceOf(OptimizationJobFailedError);
        expect((outcome as Error).message).toBe("OptimizationJob hpo is Failed");
        expect((outcome as OptimizationJobFailedError).job.status).toBe("Failed");
      }
      expect(optimizer.connection.informers.size).toBe(0);
    }
  });

  test("the signal aborts the wait with its reason; a deleted Experiment is WaitDeletedError; a missing one NotFoundError", async () => {
    const aborted = runningBox();
    const controller = new AbortController();
    const waiting = aborted.optimizer.waitForJobStatus("hpo", { signal: controller.signal }).catch((e: unknown) => e);
    await until(() => aborted.watches.length === 3, "the watches");
    controller.abort(new Error("stop"));
    expect(((await waiting) as Error).message).toBe("stop");
    expect(aborted.optimizer.connection.informers.size).toBe(0);

    const deleted = runningBox();
    const deleting = deleted.optimizer.waitForJobStatus("hpo").catch((e: unknown) => e);
    await until(() => deleted.watches.length === 3, "the watches");
    deleted.watchOf(EXPERIMENTS).push("DELETED", running("40"));
    expect(await deleting).toBeInstanceOf(WaitDeletedError);
    expect(deleted.optimizer.connection.informers.size).toBe(0);

    const missing = runningBox((path) => {
      if (path === EXPERIMENTS) return list("10", []);
      throw new NotFoundError({ status: 404, reason: "NotFound", serverMessage: 'experiments.kubeflow.org "hpo" not found', method: "GET", url: path });
    });
    await expect(missing.optimizer.waitForJobStatus("hpo")).rejects.toBeInstanceOf(NotFoundError);
    expect(missing.optimizer.connection.informers.size).toBe(0);
  });

  test("without the right to list Experiments, the Experiment is read and watched alone by name", async () => {
    const { optimizer, sent, watches, watchOf } = runningBox((path) => {
      if (path === EXPERIMENTS) throw new ForbiddenError({ status: 403, reason: "Forbidden", serverMessage: 'cannot list resource "experiments"', method: "GET", url: path });
      return running("5");
    });
    const waiting = optimizer.waitForJobStatus("hpo");
    await until(() => watches.length === 3, "the watches");
    expect(watchOf(EXPERIMENTS).query).toMatchObject({ watch: true, fieldSelector: "metadata.name=hpo", resourceVersion: "5" });
    watchOf(EXPERIMENTS).push("MODIFIED", experiment("31", [{ type: "Succeeded", status: "True" }]));
    expect((await waiting).status).toBe("Complete");
    expect(summary(sent).filter((line) => line.includes("experiments"))).toEqual(["GET /experiments", "GET /experiments/hpo", "WATCH /experiments?metadata.name=hpo"]);
    expect(optimizer.connection.informers.size).toBe(0);
  });

  test("bad options are refused before any request", async () => {
    const { optimizer, sent } = runningBox();
    await expect(optimizer.waitForJobStatus("hpo", { status: ["Succeeded" as never] })).rejects.toThrow(/status Succeeded is not one of Created, Running, Complete, Failed/);
    await expect(optimizer.waitForJobStatus("hpo", { timeoutMs: 0 })).rejects.toThrow(/timeoutMs must be a positive number/);
    await expect(optimizer.waitForJobStatus("")).rejects.toThrow(/name is empty/);
    expect(sent).toEqual([]);
  });
});
