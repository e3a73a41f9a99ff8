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
import { KatibClient, TrainerClient, WebhookUnavailableError, isAdmissionDenied, type ClientOptions } from "../../src/index.ts";
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
});
