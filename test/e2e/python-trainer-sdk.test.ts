/**
 * The Kubeflow Python SDK (PyPI `kubeflow` 0.5.0) and kubeflow-ts on the same Kubeflow box, as the same seed user:
 * the same runtimes, each SDK's jobs visible to the other, the same statuses, steps and logs.
 */
import { join } from "node:path";
import { beforeAll, expect, onTestFinished, test } from "vitest";
import { TrainerClient } from "../../src/index.ts";
import { describeKubeflow } from "./support/describe-e2e.ts";
import type { E2eEnv } from "./support/env.ts";
import { pythonWith, runPython } from "./support/python-sdk.ts";
import { createSeedUser } from "./support/seed-user.ts";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";

const script = join(import.meta.dirname, "python", "trainer_sdk.py");

interface PythonJob {
  name: string;
  runtime: string;
  status: string;
  numNodes: number;
  steps: [string, string][];
}

describeKubeflow("the Python SDK's TrainerClient and kubeflow-ts on the same box", (env: E2eEnv) => {
  let python = "";
  beforeAll(async () => {
    python = await pythonWith("kubeflow==0.5.0");
  }, 600_000);

  /** Both SDKs as the seed's user: the TypeScript client, and a runner for the Python script with the same token. */
  async function bothSdks(): Promise<{ ts: TrainerClient; py: <T>(...args: string[]) => Promise<T> }> {
    const { namespace, token } = await createSeedUser("python-sdk");
    const caFile = join(mkdtempSync(join(tmpdir(), "kfts-ca-")), "ca.crt");
    writeFileSync(caFile, env.caPem);
    const ts = new TrainerClient({ server: env.server, token, certificateAuthority: caFile, namespace });
    onTestFinished(() => ts.close());
    const pyEnv = { K8S_API_SERVER: env.server, K8S_SERVICE_ACCOUNT_TOKEN: token, K8S_CA_FILE: caFile, NAMESPACE: namespace };
    return { ts, py: <T>(...args: string[]) => runPython<T>(python, script, args, pyEnv) };
  }

  test("both list the same runtimes", async () => {
    const { ts, py } = await bothSdks();
    const names = (await ts.listRuntimes()).map((runtime) => runtime.name).sort();
    expect(names.length).toBeGreaterThan(0);
    expect(await py<string[]>("runtimes")).toEqual(names);
  });

  test("a job the Python SDK creates is the same job to kubeflow-ts: status, steps and logs", { timeout: 180_000 }, async () => {
    const { ts, py } = await bothSdks();
    const name = await py<string>("train");
    expect((await ts.listJobs()).map((job) => job.name)).toEqual([name]);
    const done = await ts.waitForJobStatus(name, { timeoutMs: 90_000 });
    const fromPython = await py<PythonJob>("job", name);
    expect(fromPython).toEqual({ name, runtime: done.runtime, status: done.status, numNodes: done.numNodes, steps: done.steps.map((step) => [step.name, step.status]) });
    expect(fromPython.status).toBe("Complete");
    const lines: string[] = [];
    for await (const line of ts.getJobLogs(name, { step: "node-1" })) lines.push(line);
    expect(await py<string[]>("logs", name, "node-1")).toEqual(lines);
    expect(lines.at(-1)).toBe("node: exited with code 0 (Completed)");
  });

  test("a job kubeflow-ts creates is the same job to the Python SDK, which waits for it", { timeout: 180_000 }, async () => {
    const { ts, py } = await bothSdks();
    const name = await ts.train({ trainer: { image: "pytorch/pytorch:2.5.1", command: ["torchrun", "train.py"], numNodes: 2 } });
    expect(await py<string[]>("jobs")).toEqual([name]);
    const fromPython = await py<PythonJob>("wait", name);
    const fromTs = await ts.getJob(name);
    expect(fromPython).toEqual({ name, runtime: "torch-distributed", status: "Complete", numNodes: 2, steps: fromTs.steps.map((step) => [step.name, step.status]) });
    expect(fromTs.status).toBe("Complete");
    expect(await py<string[]>("logs", name, "node-0")).toEqual(["+ torchrun train.py", "node: exited with code 0 (Completed)"]);
  });
});
