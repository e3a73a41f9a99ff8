/**
 * The Katib Python SDK (PyPI `kubeflow-katib` 0.19.0) and kubeflow-ts on the same Kubeflow box, as the same seed
 * user: each SDK's Experiments run by Katib and seen by the other, with the same trials, optimal hyperparameters and
 * trial metrics (the observation logs in Katib's DB manager).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, expect, onTestFinished, test } from "vitest";
import { KatibClient, type V1beta1OptimalTrial } from "../../src/index.ts";
import { kubectlBinary } from "../controlplane/bootstrap.ts";
import { describeKubeflow } from "./support/describe-e2e.ts";
import type { E2eEnv } from "./support/env.ts";
import { boxExperiment } from "./support/experiments.ts";
import { uniqueName } from "./support/names.ts";
import { pythonWith, runPython } from "./support/python-sdk.ts";
import { createSeedUser } from "./support/seed-user.ts";

const script = join(import.meta.dirname, "python", "katib_sdk.py");

/** The Python SDK's optimal trial (its models' to_dict(), snake_case) in the API's own field names. */
function fromPython(optimal: Record<string, any> | null): V1beta1OptimalTrial | null {
  if (optimal === null) return null;
  return {
    bestTrialName: optimal.best_trial_name,
    parameterAssignments: optimal.parameter_assignments.map((a: Record<string, string>) => ({ name: a.name, value: a.value })),
    observation: { metrics: optimal.observation.metrics.map((m: Record<string, string>) => ({ name: m.name, latest: m.latest, max: m.max, min: m.min })) },
  };
}

/** The cluster CA in a file, as the seed guide keeps it. */
function caFileOf(env: E2eEnv): string {
  const caFile = join(mkdtempSync(join(tmpdir(), "kfts-ca-")), "ca.crt");
  writeFileSync(caFile, env.caPem);
  return caFile;
}

describeKubeflow("the Python SDK's KatibClient and kubeflow-ts on the same box", (env: E2eEnv) => {
  let python = "";
  beforeAll(async () => {
    // kubeflow-katib 0.19.0 allows any kubernetes >= 27.2, but its deserializer cannot read the `List[str]` types of
    // kubernetes 37 (every Experiment's finalizers): pinned to 35.0.0, what the Kubeflow SDK 0.5.0 resolves.
    python = await pythonWith("kubeflow-katib==0.19.0", "kubernetes==35.0.0");
  }, 600_000);

  /** `kubectl port-forward svc/katib-db-manager -n kubeflow :6789` as the user; its local address, stopped after the test. */
  async function portForwardDbManager(token: string): Promise<string> {
    const child = spawn(kubectlBinary(), ["--server", env.server, "--token", token, "--certificate-authority", caFileOf(env), "port-forward", "-n", "kubeflow", "svc/katib-db-manager", ":6789"], { stdio: ["ignore", "pipe", "pipe"] });
    onTestFinished(() => void child.kill());
    let output = "";
    return new Promise((resolve, reject) => {
      child.stdout.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        const forwarding = /Forwarding from 127\.0\.0\.1:(\d+) -> 6789/.exec(output);
        if (forwarding) resolve(`127.0.0.1:${forwarding[1]}`);
      });
      child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
      child.on("exit", (code) => reject(new Error(`kubectl port-forward exited with ${code}: ${output}`)));
    });
  }

  async function bothSdks(): Promise<{ ts: KatibClient; py: <T>(...args: string[]) => Promise<T>; token: string }> {
    const { namespace, token } = await createSeedUser("python-katib");
    const caFile = caFileOf(env);
    const ts = new KatibClient({ server: env.server, token, certificateAuthority: caFile, namespace });
    onTestFinished(() => ts.close());
    const pyEnv = { K8S_API_SERVER: env.server, K8S_SERVICE_ACCOUNT_TOKEN: token, K8S_CA_FILE: caFile, NAMESPACE: namespace };
    return { ts, py: <T>(...args: string[]) => runPython<T>(python, script, args, pyEnv), token };
  }

  test("an Experiment kubeflow-ts creates: the Python SDK waits for it and sees the same trials and optimum", { timeout: 180_000 }, async () => {
    const { ts, py, token } = await bothSdks();
    const name = uniqueName("from-ts");
    await ts.createExperiment(boxExperiment(name));
    expect(await py<string[]>("wait", name)).toContain("Succeeded");
    expect(await py<string[]>("experiments")).toEqual([name]);
    expect(await py<string[]>("trials", name)).toEqual((await ts.listTrials({ experimentName: name })).map((t) => t.metadata?.name).sort());
    expect(await py<string[]>("success", name)).toEqual((await ts.getSuccessTrialDetails(name)).map((t) => t.name).sort());
    expect(fromPython(await py("optimal", name))).toEqual(await ts.getOptimalHyperparameters(name));

    // Trial metrics: the Python SDK through `kubectl port-forward svc/katib-db-manager` (as its docs say), kubeflow-ts
    // through the apiserver on its own; the same observation log.
    const address = await portForwardDbManager(token);
    for (const trial of await ts.getSuccessTrialDetails(name)) {
      const fromPy = await py<{ time_stamp: string; metric: { name: string; value: string } }[]>("metrics", trial.name, address);
      expect(fromPy.length).toBeGreaterThan(0);
      expect(await ts.getTrialMetrics(trial.name)).toEqual(fromPy.map((log) => ({ timeStamp: log.time_stamp, metric: log.metric })));
    }
  });

  test("an Experiment the Python SDK creates: kubeflow-ts waits for it and sees the same trials and optimum", { timeout: 180_000 }, async () => {
    const { ts, py } = await bothSdks();
    const name = uniqueName("from-py");
    await py("create", JSON.stringify(boxExperiment(name)));
    const done = await ts.waitForExperimentCondition(name, { timeoutMs: 120_000 });
    expect(done.status?.trialsSucceeded).toBe(3);
    expect((await ts.listExperiments()).map((e) => e.metadata?.name)).toEqual([name]);
    expect((await ts.listTrials({ experimentName: name })).map((t) => t.metadata?.name).sort()).toEqual(await py<string[]>("trials", name));
    expect(await ts.getOptimalHyperparameters(name)).toEqual(fromPython(await py("optimal", name)));
  });
});
