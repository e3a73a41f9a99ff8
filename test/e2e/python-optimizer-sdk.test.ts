/**
 * OptimizerClient against the Kubeflow SDK's OptimizerClient (PyPI kubeflow 0.5.0): for the same inputs (the same
 * Python function in a .py file whose text optimize() is given, the same search space, objectives, algorithm and trial
 * config), the Experiment each SDK sends is the same, and so is the one each creates on the Kubeflow box, field by
 * field, apart from its generated name. One case per flow and per option. On the box an OptimizationJob runs to
 * Complete (kwok runs the trials' TrainJobs, the box's metrics collector reports its objective function), the best
 * trial is the one that function scores best, and every reading method answers as the Python SDK's does.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, expect, onTestFinished, test } from "vitest";
import { OptimizerClient, Search, TrainerClient, type OptimizationJob, type OptimizeOptions, type RuntimeSummary, type V1beta1Experiment } from "../../src/index.ts";
import { planOptimization } from "../../src/optimizer/optimize-experiment.ts";
import { distance } from "../controlplane/katib-metrics/objective.ts";
import { describeKubeflow } from "./support/describe-e2e.ts";
import type { E2eEnv } from "./support/env.ts";
import { pythonWith, runPython } from "./support/python-sdk.ts";
import { toPythonOptimizeCase } from "./support/python-optimize-case.ts";
import { writeTrainCaseFile } from "./support/python-train-case.ts";
import { createSeedUser } from "./support/seed-user.ts";

const script = join(import.meta.dirname, "python", "optimizer_sdk.py");

/** The function every trial runs: the search space's parameters arrive as strings, the fixed ones as they are. */
const TRAIN = `def train(lr, batch_size, optimizer="sgd", epochs=1, config=None):
    # Katib substitutes the trial's values into the call: they arrive as text.
    loss = abs(float(lr) - 0.05)
    print(f"epochs={epochs} batch_size={batch_size} optimizer={optimizer} config={config!r}")
    print(f"loss={loss}")
    print(f"accuracy={1 - loss}")
`;

const FUNC = { source: TRAIN, fileName: "train_model.py" };
const BASE: OptimizeOptions = {
  trialTemplate: { trainer: { func: FUNC, funcArgs: { epochs: 2, config: { layers: [64, 32], name: "it's" } } } },
  searchSpace: { lr: Search.uniform(0.01, 0.1), batch_size: Search.choice([16, 32, 64]) },
};

/** One case per flow and per option, each on torch-distributed. */
const CASES: Record<string, OptimizeOptions> = {
  "the defaults: random search, minimize loss, 10 trials one at a time": BASE,
  "a log-uniform space, a categorical of strings and booleans, and a parameter that overrides a fixed argument": {
    ...BASE,
    trialTemplate: { trainer: { func: FUNC, funcArgs: { optimizer: "adam", epochs: 1 } } },
    searchSpace: { lr: Search.loguniform(1e-5, 0.1), batch_size: Search.choice([8, 16]), optimizer: Search.choice(["sgd", "adam"]), epochs: Search.choice([true, false, 2.5]) },
  },
  "objectives: maximize the first, collect the others": { ...BASE, objectives: [{ metric: "accuracy", direction: "maximize" }, { metric: "loss" }, { metric: "f1", direction: "minimize" }] },
  "grid search": { ...BASE, algorithm: { algorithmName: "grid" }, searchSpace: { lr: Search.choice([0.01, 0.05]), batch_size: Search.choice([16, 32]) } },
  "random search with a seed": { ...BASE, algorithm: { algorithmName: "random", randomState: 42 } },
  "a trial config": { ...BASE, trialConfig: { numTrials: 4, parallelTrials: 2, maxFailedTrials: 1 } },
  "a function trainer with nodes, resources, env, image and packages": {
    ...BASE,
    trialTemplate: {
      trainer: { func: FUNC, numNodes: 2, resourcesPerNode: { cpu: 2, memory: "4Gi" }, env: { MODE: "fast" }, image: "docker.io/pytorch/pytorch:2.5.1", packagesToInstall: ["numpy"], pipIndexUrls: ["https://pypi.org/simple", "https://download.pytorch.org/whl/cpu"] },
    },
  },
  "an S3 dataset and model initializer": {
    ...BASE,
    trialTemplate: { ...BASE.trialTemplate, initializer: { dataset: { type: "S3", storageUri: "s3://bucket/datasets/mnist", endpoint: "https://minio.example" }, model: { type: "S3", storageUri: "s3://bucket/models/resnet" } } },
  },
};

describeKubeflow("OptimizerClient and the Kubeflow SDK's OptimizerClient", (env: E2eEnv) => {
  let python = "";
  let torch: RuntimeSummary;
  beforeAll(async () => {
    python = await pythonWith("kubeflow==0.5.0");
    const caFile = join(mkdtempSync(join(tmpdir(), "kfts-ca-")), "ca.crt");
    writeFileSync(caFile, env.caPem);
    const admin = new TrainerClient({ server: env.server, token: env.token, certificateAuthority: caFile, namespace: "default" });
    torch = await admin.getRuntime("torch-distributed");
    return () => admin.close();
  }, 600_000);

  const py = <T>(action: string, caseFile: string, extraEnv: Record<string, string> = {}): Promise<T> => runPython<T>(python, script, [action, caseFile], extraEnv);

  /** The seed user's client and the Python SDK's environment for it. */
  async function seedUser(): Promise<{ ts: OptimizerClient; pyEnv: Record<string, string> }> {
    const { namespace, token } = await createSeedUser("python-optimize");
    const caFile = join(mkdtempSync(join(tmpdir(), "kfts-ca-")), "ca.crt");
    writeFileSync(caFile, env.caPem);
    const ts = new OptimizerClient({ server: env.server, token, certificateAuthority: caFile, namespace });
    onTestFinished(() => ts.close());
    return { ts, pyEnv: { K8S_API_SERVER: env.server, K8S_SERVICE_ACCOUNT_TOKEN: token, K8S_CA_FILE: caFile, NAMESPACE: namespace } };
  }

  const unnamed = (experiment: V1beta1Experiment | undefined): unknown => ({ ...experiment, metadata: { ...experiment?.metadata, name: "generated" } });

  test("offline: for every case, the Experiment each SDK sends is the same but for its generated name", { timeout: 120_000 }, async () => {
    const cases = Object.entries(CASES);
    const fromPython = await py<V1beta1Experiment[]>("build", writeTrainCaseFile(cases.map(([, options]) => toPythonOptimizeCase(options, { object: torch.object })) as never));
    for (const [index, [title, options]] of cases.entries()) {
      const built = planOptimization(options).build(torch);
      expect(unnamed(built), title).toEqual(unnamed(fromPython[index]));
      // Both generate a lowercase letter and 11 hex digits.
      expect(built.metadata?.name).toMatch(/^[a-z][0-9a-f]{11}$/);
      expect(fromPython[index]?.metadata?.name).toMatch(/^[a-z][0-9a-f]{11}$/);
    }
  });

  test("bad input: the Python SDK raises, kubeflow-ts throws naming the field, before anything is sent", { timeout: 120_000 }, async () => {
    const refused: [string, OptimizeOptions, RegExp, RegExp][] = [
      ["an empty search space", { ...BASE, searchSpace: {} }, /Search space must be set/, /searchSpace must be set/],
      ["a direction that is not one", { ...BASE, objectives: [{ metric: "loss", direction: "down" as never }] }, /'down' is not a valid Direction/, /objectives\[0\]\.direction must be "maximize" or "minimize"/],
      ["an S3 dataset outside s3://", { ...BASE, trialTemplate: { ...BASE.trialTemplate, initializer: { dataset: { type: "S3", storageUri: "gs://bucket/data" } } } }, /storage_uri must start with 's3:\/\/'/, /trialTemplate\.initializer\.dataset\.storageUri must start with 's3:\/\/'/],
    ];
    const fromPython = await py<({ type: string; message: string } | null)[]>("refuse", writeTrainCaseFile(refused.map(([, options]) => toPythonOptimizeCase(options, { object: torch.object })) as never));
    for (const [index, [title, options, python, ts]] of refused.entries()) {
      expect(fromPython[index]?.message, title).toMatch(python);
      expect(() => planOptimization(options).build(torch), title).toThrow(ts);
    }
    // What the SDK only finds when the job runs, refused here: a parameter the function cannot take.
    expect(() => planOptimization({ ...BASE, searchSpace: { momentum: Search.uniform(0, 1) } })).toThrow(/optimize: trialTemplate\.trainer\.funcArgs: train\(\*\*funcArgs\) cannot be called: it has no parameter momentum/);
    expect(() => Search.loguniform(0, 1)).toThrow(/min must be above 0/);
    expect(() => Search.choice([])).toThrow(/at least one value/);
    expect(() => planOptimization({ ...BASE, trialConfig: { numTrials: 0 } })).toThrow(/trialConfig\.numTrials must be a positive integer/);
    expect(() => planOptimization({ ...BASE, algorithm: { algorithmName: "tpe" } as never })).toThrow(/algorithm\.algorithmName must be "grid" or "random"/);
  });

  for (const [title, options] of Object.entries(CASES)) {
    test(`on the box, ${title}: both SDKs create the same Experiment`, { timeout: 120_000 }, async () => {
      const { ts, pyEnv } = await seedUser();
      const pyName = await py<string>("optimize", writeTrainCaseFile(toPythonOptimizeCase(options, "torch-distributed") as never), pyEnv);
      const tsName = await ts.optimize(options);
      const [fromTs, fromPy] = await Promise.all([ts.katib.getExperiment(tsName), ts.katib.getExperiment(pyName)]);
      expect(fromTs.spec).toEqual(fromPy.spec);
      // The job each reads back is the same too. Not with initializers: torch-distributed has no initializer jobs, so
      // the Trainer's webhook refuses each trial's TrainJob, and the Python SDK's get_job then fails (a Trial without
      // its TrainJob), where getJob reports the trial with trainJob undefined.
      if (options.trialTemplate.initializer) {
        await ts.deleteJob(tsName);
        await ts.deleteJob(pyName);
        return;
      }
      const [jobTs, jobPy] = await Promise.all([ts.getJob(pyName), py<Record<string, unknown>>("job", writeTrainCaseFile({ name: pyName } as never), pyEnv)]);
      // Read at different moments of a running job: the status and trials may differ, the rest may not.
      const settled = (job: Record<string, unknown>): unknown => ({ ...job, status: "(read apart)", trials: "(read apart)" });
      expect(settled(comparableJob(jobTs) as Record<string, unknown>)).toEqual(settled(jobPy));
      expect(jobTs.name).toBe(pyName);
      expect(["Created", "Running"]).toContain(jobTs.status);
      await ts.deleteJob(tsName);
      await ts.deleteJob(pyName);
    });
  }

  test("on the box, optimize() runs to Complete and finds the best trial by the box's objective; every method answers as the Python SDK's", { timeout: 300_000 }, async () => {
    const { ts, pyEnv } = await seedUser();
    const name = await ts.optimize({ ...BASE, searchSpace: { lr: Search.uniform(0.01, 0.1), batch_size: Search.choice([16, 32]) }, objectives: [{ metric: "loss" }, { metric: "accuracy" }], trialConfig: { numTrials: 4, parallelTrials: 2 } });
    const statuses = new Set<string>();
    const done = await ts.waitForJobStatus(name, { timeoutMs: 240_000, onProgress: (job) => statuses.add(job.status) });
    expect(done.status).toBe("Complete");
    expect(done.trials).toHaveLength(4);
    // The best trial is the one the box's objective scores best: its loss is the mean distance of the numeric
    // assignments (lr and batch_size) from 0.05.
    const score = (trial: (typeof done.trials)[number]): number => distance({ parameterAssignments: Object.entries(trial.parameters).map(([name, value]) => ({ name, value })) });
    const best = [...done.trials].sort((a, b) => score(a) - score(b))[0];
    const result = await ts.getBestResults(name);
    expect(result?.parameters).toEqual(best?.parameters);
    expect(result?.metrics.map((metric) => metric.name).sort()).toEqual(["accuracy", "loss"]);
    expect(Number(result?.metrics.find((metric) => metric.name === "loss")?.latest)).toBeCloseTo(score(best!), 6);
    for (const trial of done.trials) expect(trial.trainJob?.status, trial.name).toBe("Complete");

    const caseOf = (value: object): string => writeTrainCaseFile(value as never);
    expect(await py("best", caseOf({ name }), pyEnv)).toEqual(result);
    expect(await py("job", caseOf({ name }), pyEnv)).toEqual(comparableJob(await ts.getJob(name)));
    expect(await py("jobs", caseOf({}), pyEnv)).toEqual((await ts.listJobs()).map(comparableJob));
    expect(await py("wait", caseOf({ name }), pyEnv)).toEqual(comparableJob(await ts.waitForJobStatus(name)));
    const events = await ts.getJobEvents(name);
    expect(events.length).toBeGreaterThan(0);
    expect(await py("events", caseOf({ name }), pyEnv)).toEqual(events.map((event) => ({ kind: event.involvedObject?.kind, name: event.involvedObject?.name, reason: event.reason ?? "", message: event.message ?? "" })));
    const logs: string[] = [];
    for await (const line of ts.getJobLogs(name)) logs.push(line);
    expect(await py("logs", caseOf({ name }), pyEnv)).toEqual(logs);
    const trialLogs: string[] = [];
    for await (const line of ts.getJobLogs(name, { trialName: done.trials[1]?.name ?? "" })) trialLogs.push(line);
    expect(await py("logs", caseOf({ name, trial: done.trials[1]?.name }), pyEnv)).toEqual(trialLogs);

    await ts.deleteJob(name);
    // The Experiment carries the Katib controller's finalizer: it is gone once the controller lets go of it.
    const read = (): Promise<string> => ts.getJob(name).then(
      () => "still there",
      (error: unknown) => (/not found/i.test(String(error)) ? "gone" : String(error)),
    );
    await expect.poll(read, { timeout: 60_000, interval: 250 }).toBe("gone");
  });
});

/** The job as optimizer_sdk.py prints it: the TrainJob by name, status and runtime. */
function comparableJob(job: OptimizationJob): unknown {
  const { object: _object, ...rest } = job;
  return {
    ...rest,
    creationTimestamp: job.creationTimestamp,
    trials: job.trials.map((trial) => ({ ...trial, trainJob: trial.trainJob ? { name: trial.trainJob.name, status: trial.trainJob.status, runtime: trial.trainJob.runtime } : undefined })),
  };
}
