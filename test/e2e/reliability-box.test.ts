/**
 * Faults of the real Kubeflow components, on a second Kubeflow box of this file's own (its own cluster directory, so
 * that stopping a webhook never fails the other test files running beside it): a webhook that is down is a typed
 * error naming the component and stores nothing; a controller killed mid-run and restarted lets the waits finish.
 */
import { spawn } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { parse } from "yaml";
import {
  GoneError,
  KatibClient,
  KubernetesApiError,
  NetworkError,
  TrainerClient,
  WebhookUnavailableError,
  isAdmissionDenied,
  type ClientOptions,
  type ListPage,
  type V1beta1Experiment,
} from "../../src/index.ts";
import { repositoryRoot } from "../support/sources.ts";
import { describeKubeflow } from "./support/describe-e2e.ts";
import { boxExperiment } from "./support/experiments.ts";
import { uniqueName } from "./support/names.ts";

const script = join(repositoryRoot, "test/controlplane/cluster.ts");

interface Kubeconfig {
  clusters: { cluster: { server: string; "certificate-authority-data": string } }[];
  users: { user: { token: string } }[];
}

describeKubeflow("the Kubeflow components' faults (reliability, on a box of its own)", () => {
  const root = mkdtempSync(join(tmpdir(), "kfts-faults-"));
  // PostgreSQL runs as its own user, which must be able to reach its data below this directory.
  chmodSync(root, 0o755);
  const dir = join(root, "cluster");

  function cluster(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const child = spawn(process.execPath, [script, ...args], { env: { ...process.env, KUBEFLOW_TS_CLUSTER_DIR: dir }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    return new Promise((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
  }

  /** The admin connection of this file's box, from its kubeconfig. */
  function admin(namespace: string): ClientOptions {
    const config = parse(readFileSync(join(dir, "kubeconfig"), "utf8")) as Kubeconfig;
    const cluster = config.clusters[0]!.cluster;
    return { server: cluster.server, certificateAuthorityData: Buffer.from(cluster["certificate-authority-data"], "base64").toString(), token: config.users[0]!.user.token, namespace };
  }

  /** The client URL of this file's box's etcd. */
  function etcdClientUrl(): string {
    const state = JSON.parse(readFileSync(join(dir, "state.json"), "utf8")) as { ports: Record<string, number> };
    return `http://127.0.0.1:${state.ports["etcd.client"]}`;
  }

  /** Crashes a component of this file's box (SIGKILL), leaving it down. */
  function crash(name: string): void {
    const state = JSON.parse(readFileSync(join(dir, "state.json"), "utf8")) as { processes: { name: string; pid: number }[] };
    process.kill(state.processes.find((p) => p.name === name)!.pid, "SIGKILL");
  }

  beforeAll(async () => {
    const up = await cluster(["up", "--kubeflow"]);
    if (up.code !== 0) throw new Error(`the fault box did not start: ${up.stderr}`);
  }, 300_000);
  afterAll(async () => {
    await cluster(["down"]);
    rmSync(root, { recursive: true, force: true });
  }, 60_000);

  test("the Trainer's webhook down: WebhookUnavailableError naming trainer-controller-manager, nothing stored; after a restart it works", { timeout: 120_000 }, async () => {
    const trainer = new TrainerClient(admin("default"));
    try {
      crash("trainer-controller-manager");
      const error = await trainer.train({ name: "during-outage", trainer: { numNodes: 1 } }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WebhookUnavailableError);
      expect(isAdmissionDenied(error)).toBe(false);
      expect((error as WebhookUnavailableError).webhook).toMatch(/trainjob\.trainer\.kubeflow\.org$/);
      expect((error as Error).message).toContain("check that trainer-controller-manager runs");
      // Nothing half-way: the apiserver stored no TrainJob.
      expect((await trainer.listJobs()).map((job) => job.name)).not.toContain("during-outage");

      const restarted = await cluster(["restart", "trainer-controller-manager"]);
      expect(restarted.code, restarted.stderr).toBe(0);
      const name = await trainer.train({ name: "after-restart", trainer: { numNodes: 1 } });
      expect((await trainer.waitForJobStatus(name, { timeoutMs: 60_000 })).status).toBe("Complete");
    } finally {
      await trainer.close();
    }
  });

  test("the Trainer killed while a job runs, then restarted: waitForJobStatus still sees it complete", { timeout: 120_000 }, async () => {
    const trainer = new TrainerClient(admin("default"));
    try {
      const name = await trainer.train({ trainer: { command: ["torchrun", "train.py"], numNodes: 2 } });
      await trainer.waitForJobStatus(name, { status: ["Running"], timeoutMs: 60_000 });
      const waiting = trainer.waitForJobStatus(name, { timeoutMs: 90_000 });
      const restarted = await cluster(["restart", "trainer-controller-manager", "--kill"]);
      expect(restarted.code, restarted.stderr).toBe(0);
      expect((await waiting).status).toBe("Complete");
    } finally {
      await trainer.close();
    }
  });

  test("katib-controller killed mid-Experiment, then restarted: the wait still resolves with Katib's result", { timeout: 150_000 }, async () => {
    const katib = new KatibClient(admin("kubeflow"));
    try {
      const name = uniqueName("survives");
      await katib.createExperiment(boxExperiment(name));
      await katib.waitForExperimentCondition(name, { condition: "Running", timeoutMs: 60_000 });
      const waiting = katib.waitForExperimentCondition(name, { timeoutMs: 120_000 });
      const restarted = await cluster(["restart", "katib-controller", "--kill"]);
      expect(restarted.code, restarted.stderr).toBe(0);
      const done = await waiting;
      expect(done.status?.trialsSucceeded).toBe(3);
      expect(done.status?.currentOptimalTrial?.bestTrialName).toBeTruthy();
    } finally {
      await katib.close();
    }
  });

  test("kube-apiserver killed and restarted under a wait, a watch, a log follow and a paginated LIST: each ends right or typed", { timeout: 240_000 }, async () => {
    const katib = new KatibClient(admin("kubeflow"));
    const trainer = new TrainerClient(admin("default"));
    const aborted = new AbortController();
    try {
      // A paginated LIST begun before the outage: 8 Experiments, 3 to a page, first page read now.
      const batch = uniqueName("page");
      const labelled = (name: string) => ({ ...boxExperiment(name, { idle: true }), metadata: { name, labels: { batch } } });
      for (let i = 0; i < 8; i++) await katib.createExperiment(labelled(`${batch}-${i}`));
      const pages = katib.experiments.listPages({ labelSelector: `batch=${batch}`, limit: 3 });
      const firstPage = (await pages.next()).value as ListPage<V1beta1Experiment>;

      // An Experiment and a TrainJob that span the outage, each waited for; a watch on the Experiment's Trials; the
      // job's logs followed.
      const experiment = uniqueName("outage");
      await katib.createExperiment(boxExperiment(experiment, { maxTrialCount: 6, parallelTrialCount: 2 }));
      const job = await trainer.train({ trainer: { command: ["torchrun", "train.py"], numNodes: 2 } });
      const experimentDone = katib.waitForExperimentCondition(experiment, { timeoutMs: 180_000 });
      const jobDone = trainer.waitForJobStatus(job, { timeoutMs: 180_000 });
      const events: { type: string; uid: string; resourceVersion: number }[] = [];
      const watching = (async () => {
        for await (const event of katib.trials.watch({ labelSelector: `katib.kubeflow.org/experiment=${experiment}`, signal: aborted.signal })) {
          events.push({ type: event.type, uid: event.object.metadata?.uid ?? "", resourceVersion: Number(event.object.metadata?.resourceVersion) });
        }
      })().catch((error: unknown) => (aborted.signal.aborted ? undefined : error));
      await trainer.waitForJobStatus(job, { status: ["Running"], timeoutMs: 60_000 });
      const logLines: string[] = [];
      const following = (async () => {
        for await (const line of trainer.getJobLogs(job, { follow: true })) logLines.push(line);
      })().then(
        () => "ended",
        (error: unknown) => error,
      );
      await katib.waitForExperimentCondition(experiment, { condition: "Running", timeoutMs: 60_000 });
      for (let i = 8; i < 10; i++) await katib.createExperiment(labelled(`${batch}-${i}`));

      const restarted = await cluster(["restart", "kube-apiserver", "--kill"]);
      expect(restarted.code, restarted.stderr).toBe(0);

      // The waits resolve with the right results.
      const done = await experimentDone;
      expect(done.status?.trialsSucceeded).toBe(6);
      expect((await jobDone).status).toBe("Complete");

      // The rest of the LIST comes from the first page's snapshot (its continue token survives the restart), so the
      // two Experiments created after it are not in it: never a mixed snapshot. A token the server no longer
      // honours would be a GoneError, also acceptable; anything untyped is not.
      const rest: string[] = [];
      try {
        for await (const page of pages) rest.push(...page.items.map((e) => e.metadata!.name!));
        expect([...firstPage.items.map((e) => e.metadata!.name!), ...rest].sort()).toEqual(Array.from({ length: 8 }, (_, i) => `${batch}-${i}`).sort());
      } catch (error) {
        expect(error).toBeInstanceOf(GoneError);
      }

      // The watch saw every Trial through to the end, in order and without repeats (etcd's revisions as numbers).
      await expect.poll(() => new Set(events.filter((e) => e.type !== "DELETED").map((e) => e.uid)).size, { timeout: 30_000 }).toBe(6);
      aborted.abort();
      expect(await watching).toBeUndefined();
      const seen = new Set<string>();
      const last = new Map<string, number>();
      for (const event of events) {
        const key = `${event.uid}@${event.resourceVersion}`;
        expect(seen.has(key), `event repeated: ${key}`).toBe(false);
        seen.add(key);
        expect(event.resourceVersion).toBeGreaterThan(last.get(event.uid) ?? 0);
        last.set(event.uid, event.resourceVersion);
      }

      // The followed log either ran to the container's end or stopped with a typed error.
      const followed = await following;
      if (followed !== "ended") expect(followed).toSatisfy((e: unknown) => e instanceof NetworkError || e instanceof KubernetesApiError);
      else expect(logLines.length).toBeGreaterThan(0);
    } finally {
      aborted.abort();
      await katib.close();
      await trainer.close();
    }
  });

  test("etcd compacted under a long wait and the apiserver restarted: the watch's revision is gone (410), it relists, the wait resolves", { timeout: 180_000 }, async () => {
    const debug: string[] = [];
    const katib = new KatibClient({ ...admin("kubeflow"), logger: { debug: (line) => debug.push(line), warn: () => {} } });
    try {
      const name = uniqueName("compacted");
      await katib.createExperiment(boxExperiment(name, { maxTrialCount: 4, parallelTrialCount: 2 }));
      await katib.waitForExperimentCondition(name, { condition: "Running", timeoutMs: 60_000 });
      // The first wait's informer ended with it; this wait starts the namespace's shared informer again: a list, then
      // a watch of the collection. Only the lines from here on are this wait's (the first wait's watch line is older,
      // and on a busy machine this wait's list can still be on its way when that line is found).
      const mark = debug.length;
      const waiting = katib.waitForExperimentCondition(name, { timeoutMs: 150_000 });
      const collection = "/namespaces/kubeflow/experiments?";
      await expect.poll(() => debug.slice(mark).some((line) => line.includes("watch=true") && line.includes(collection)), { timeout: 10_000 }).toBe(true);

      // Compact etcd to its current revision (what the apiserver's own compaction does every 5 minutes), then
      // restart the apiserver: its new watch cache starts after every revision the wait has seen.
      const etcd = etcdClientUrl();
      const revision = ((await (await fetch(`${etcd}/v3/kv/range`, { method: "POST", body: JSON.stringify({ key: Buffer.from("/").toString("base64") }) })).json()) as { header: { revision: string } }).header.revision;
      const compacted = await fetch(`${etcd}/v3/kv/compaction`, { method: "POST", body: JSON.stringify({ revision, physical: true }) });
      expect(compacted.status).toBe(200);
      const before = debug.length;
      const restarted = await cluster(["restart", "kube-apiserver"]);
      expect(restarted.code, restarted.stderr).toBe(0);

      const done = await waiting;
      expect(done.status?.trialsSucceeded).toBe(4);
      // After the restart the wait's watch resumed from its revision, was told in the stream that it is gone (an ERROR
      // event with 410), listed again (a GET without watch=true) and watched on from the list's newer revision.
      const after = debug.slice(before).filter((line) => line.startsWith("GET ") && line.includes(collection));
      const relist = after.findIndex((line) => !line.includes("watch=true"));
      expect(relist, after.join("\n")).toBeGreaterThan(0);
      const revisionOf = (line: string | undefined) => Number(/resourceVersion=(\d+)/.exec(line ?? "")?.[1]);
      expect(revisionOf(after.slice(relist).find((line) => line.includes("watch=true")))).toBeGreaterThan(revisionOf(after[relist - 1]));
    } finally {
      await katib.close();
    }
  });
});
