/**
 * KatibClient.tune() against the Katib Python SDK's tune() (PyPI kubeflow-katib 0.19.0, custom objective path): for
 * the same objective (a .py file the Python side imports, its text given to tune()) and the same arguments, the
 * Experiment each SDK sends is the same, and so is the one each creates on the Kubeflow box, field by field, apart
 * from its name. A tune() Experiment also runs to Succeeded there (kwok runs the trials' pods, the box's metrics
 * collector reports their metrics).
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { beforeAll, expect, onTestFinished, test } from "vitest";
import { KatibClient, search, type FixedParameter, type TuneOptions, type V1beta1Experiment } from "../../src/index.ts";
import { toTuneExperiment } from "../../src/katib/tune-experiment.ts";
import { describeKubeflow } from "./support/describe-e2e.ts";
import type { E2eEnv } from "./support/env.ts";
import { uniqueName } from "./support/names.ts";
import { pythonWith, runPython } from "./support/python-sdk.ts";
import { toPythonTuneCase, writeCaseFile, writeObjectiveFile } from "./support/python-tune-case.ts";
import { createSeedUser } from "./support/seed-user.ts";

const script = join(import.meta.dirname, "python", "katib_tune.py");

/** The objective both SDKs run: prints the metrics Katib's StdOut collector parses. */
const OBJECTIVE = `def objective(parameters):
    import math

    lr = float(parameters["lr"])
    # Best at lr = 0.05, as the box's own metrics.
    print(f"accuracy={1 - abs(lr - 0.05)}")
    print(f"loss={abs(lr - 0.05)}")
    print(f"epochs={parameters['epochs']} optimizer={parameters['optimizer']} extra={parameters['extra']!r}")
`;

/** Arguments of every case but the option group under test: a double, an int and a categorical, and fixed values. */
const BASE: Omit<TuneOptions, "name"> = {
  objective: { source: OBJECTIVE },
  parameters: {
    lr: search.double(0.01, 0.1),
    epochs: search.int(1, 5),
    optimizer: search.categorical(["sgd", "adam"]),
    extra: { layers: [64, 32], dropout: 0.25, name: "it's \"mnist\"", normalize: true, seed: null },
    batch: 128,
  },
  objectiveMetricName: "accuracy",
  maxTrialCount: 2,
  parallelTrialCount: 2,
  maxFailedTrialCount: 1,
};

/** The option groups, each with the base arguments. */
const GROUPS: Record<string, Omit<TuneOptions, "name">> = {
  "search spaces with steps, and fixed arguments": {
    ...BASE,
    parameters: { ...BASE.parameters, lr: search.double(0.01, 0.1, { step: 0.01 }), epochs: search.int(1, 9, { step: 2 }), weight: search.double(1e-5, 0.001), tiny: 1e-7, ratio: 2.5 },
  },
  "packages to install from several indexes": { ...BASE, packagesToInstall: ["numpy", "scikit-learn==1.5.2"], pipIndexUrls: ["https://pypi.org/simple", "https://download.pytorch.org/whl/cpu"] },
  "packages to install from the default index": { ...BASE, packagesToInstall: ["torch"] },
  "resources per trial as cpu, memory and gpu": { ...BASE, resourcesPerTrial: { cpu: "1", memory: "2Gi", gpu: 1 } },
  "resources per trial as V1ResourceRequirements": { ...BASE, resourcesPerTrial: { requests: { cpu: "500m" }, limits: { cpu: "1", memory: "1Gi" } } },
  "environment per trial as a map": { ...BASE, envPerTrial: { MODE: "fast", DATA_DIR: "/data" } },
  "environment per trial as EnvVar and EnvFromSource": {
    ...BASE,
    envPerTrial: [{ name: "MODE", value: "fast" }, { configMapRef: { name: "settings" }, prefix: "CFG_" }, { name: "POD", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } }],
  },
  "trainer resources: one worker of one process (python -u)": { ...BASE, resourcesPerTrial: { numWorkers: 1, numProcsPerWorker: 1, resourcesPerWorker: { cpu: "1", memory: "1Gi" } } },
  "trainer resources: workers of several processes (torchrun), with environment, retention and deadline": {
    ...BASE,
    resourcesPerTrial: { numWorkers: 3, numProcsPerWorker: 2, resourcesPerWorker: { cpu: "2", memory: "2Gi", gpu: 1 } },
    envPerTrial: [{ name: "MODE", value: "fast" }, { secretRef: { name: "creds" } }],
    retainTrials: true,
    trialActiveDeadlineSeconds: 900,
  },
  "trainer resources: one worker of two processes, resources as V1ResourceRequirements": {
    ...BASE,
    resourcesPerTrial: { numWorkers: 1, numProcsPerWorker: 2, resourcesPerWorker: { requests: { cpu: "500m" }, limits: { cpu: "1", memory: "1Gi" } } },
  },
  "trainer resources: two workers of one process, no resources per worker, packages": { ...BASE, resourcesPerTrial: { numWorkers: 2, numProcsPerWorker: 1 }, packagesToInstall: ["numpy"] },
  "algorithm settings as a map": { ...BASE, algorithmName: "random", algorithmSettings: { random_state: 10 } },
  "algorithm settings as a list": { ...BASE, algorithmName: "tpe", algorithmSettings: [{ name: "n_startup_trials", value: "5" }, { name: "random_state", value: "3" }] },
  "objective, budget, image, retention, collector and deadline": {
    ...BASE,
    objectiveMetricName: "loss",
    additionalMetricNames: ["accuracy"],
    objectiveType: "minimize",
    objectiveGoal: 0.001,
    maxTrialCount: 3,
    parallelTrialCount: 1,
    maxFailedTrialCount: 2,
    baseImage: "docker.io/library/python:3.11-slim",
    retainTrials: true,
    metricsCollectorConfig: { kind: "Push" },
    trialActiveDeadlineSeconds: 600,
  },
};

describeKubeflow("KatibClient.tune() and the Python SDK's tune()", (env: E2eEnv) => {
  let python = "";
  beforeAll(async () => {
    // As python-katib-sdk.test.ts: kubernetes pinned to what the SDK's deserializer reads.
    python = await pythonWith("kubeflow-katib==0.19.0", "kubernetes==35.0.0");
  }, 600_000);

  const py = <T>(action: string, caseFile: string, extraEnv: Record<string, string> = {}): Promise<T> => runPython<T>(python, script, [action, caseFile], extraEnv);

  /** The seed user, its namespace, a kubeflow-ts client as it, and the Python SDK's environment for it. */
  async function seedUser(): Promise<{ ts: KatibClient; namespace: string; pyEnv: Record<string, string> }> {
    const { namespace, token } = await createSeedUser("python-tune");
    const caFile = join(mkdtempSync(join(tmpdir(), "kfts-ca-")), "ca.crt");
    writeFileSync(caFile, env.caPem);
    const ts = new KatibClient({ server: env.server, token, certificateAuthority: caFile, namespace });
    onTestFinished(() => ts.close());
    return { ts, namespace, pyEnv: { K8S_API_SERVER: env.server, K8S_SERVICE_ACCOUNT_TOKEN: token, K8S_CA_FILE: caFile, NAMESPACE: namespace } };
  }

  /** Creates the same tune() Experiment with each SDK; both read back. */
  async function tuneWithBoth(options: Omit<TuneOptions, "name">): Promise<{ ts: KatibClient; fromTs: V1beta1Experiment; fromPy: V1beta1Experiment; created: V1beta1Experiment }> {
    const { ts, pyEnv } = await seedUser();
    const names = { ts: uniqueName("tune-ts"), py: uniqueName("tune-py") };
    await py("tune", writeCaseFile(toPythonTuneCase({ ...options, name: names.py }, writeObjectiveFile(options.objective.source))), pyEnv);
    const created = await ts.tune({ ...options, name: names.ts });
    const [fromTs, fromPy] = await Promise.all([ts.getExperiment(names.ts), ts.getExperiment(names.py)]);
    return { ts, fromTs, fromPy, created };
  }

  test("offline: for every option group, the Experiment each SDK sends is the same but for its name", { timeout: 120_000 }, async () => {
    const file = writeObjectiveFile(OBJECTIVE);
    const groups = Object.entries(GROUPS).map(([title, options]) => ({ title, options: { ...options, name: "tune", namespace: "default" } }));
    const fromPython = await py<V1beta1Experiment[]>("build", writeCaseFile(groups.map(({ options }) => toPythonTuneCase(options, file))));
    for (const [index, { title, options }] of groups.entries()) {
      expect(toTuneExperiment(options), title).toEqual(fromPython[index]);
    }
  });

  test("offline: fixed arguments are written into the trial script as Python writes them", { timeout: 120_000 }, async () => {
    const file = writeObjectiveFile(OBJECTIVE);
    // Characters where repr() escapes, switches quotes or keeps the character (Unicode of both Pythons' and Node's ages).
    const text = fc.string({ unit: fc.constantFrom("a", "Z", " ", "'", '"', "\\", "\n", "\t", "\r", "\x00", "\x1f", "\x7f", "\x85", "\xa0", "\xad", "é", "中", "\u200b", "\u2028", "\ud800", "😀", "\u{e0001}", "$", "{", "}") });
    const number = fc.oneof(fc.integer(), fc.maxSafeInteger(), fc.double({ noNaN: true, noDefaultInfinity: true }).filter((x) => !Number.isInteger(x) || Number.isSafeInteger(x)));
    const { value } = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: "small" }, text, number, fc.boolean(), fc.constant(null), tie("list"), tie("dict")),
      list: fc.array(tie("value"), { maxLength: 3 }),
      dict: fc.dictionary(text.filter((key) => key !== "__proto__" && key !== "parameterType"), tie("value"), { maxKeys: 3 }),
    }));
    const samples = fc.sample(fc.dictionary(fc.stringMatching(/^[a-z_]{1,8}$/), value, { minKeys: 1, maxKeys: 4 }), { numRuns: 150, seed: 20_190 });
    const cases = samples.map((fixed) => ({ ...BASE, name: "fixed", namespace: "default", parameters: { lr: search.double(0.01, 0.1), ...(fixed as Record<string, FixedParameter>) } }));
    const fromPython = await py<V1beta1Experiment[]>("build", writeCaseFile(cases.map((options) => toPythonTuneCase(options, file))));
    const script = (experiment: V1beta1Experiment | undefined): unknown => (experiment?.spec?.trialTemplate?.trialSpec as { spec: { template: { spec: { containers: { args: string[] }[] } } } }).spec.template.spec.containers[0]?.args[0];
    for (const [index, options] of cases.entries()) expect(script(toTuneExperiment(options)), JSON.stringify(options.parameters)).toBe(script(fromPython[index]));
  });

  test("offline: search spaces are the Python SDK's; its categorical fills distribution, ours the list Katib reads", { timeout: 60_000 }, async () => {
    const spec = (kind: string, args: Record<string, unknown>): Promise<unknown> => py("search", writeCaseFile({ kind, args }));
    expect(search.double(0.01, 0.1, { step: 0.005 }).toParameterSpec("x")).toEqual({ name: "x", ...((await spec("double", { min: 0.01, max: 0.1, step: 0.005 })) as object) });
    expect(search.double(1e-5, 1).toParameterSpec("x")).toEqual({ name: "x", ...((await spec("double", { min: 1e-5, max: 1 })) as object) });
    expect(search.int(1, 64, { step: 8 }).toParameterSpec("x")).toEqual({ name: "x", ...((await spec("int", { min: 1, max: 64, step: 8 })) as object) });
    expect(await spec("categorical", { list: ["sgd", "adam"] })).toEqual({ parameterType: "categorical", feasibleSpace: { distribution: ["sgd", "adam"] } });
    expect(search.categorical(["sgd", "adam"]).toParameterSpec("x")).toEqual({ name: "x", parameterType: "categorical", feasibleSpace: { list: ["sgd", "adam"] } });
  });

  test("the Python SDK's own katib.search.categorical cannot create an Experiment; tune() with search.categorical can", { timeout: 120_000 }, async () => {
    const { ts, pyEnv } = await seedUser();
    const options = { ...BASE, name: uniqueName("tune-py-cat") };
    const pyCase = toPythonTuneCase(options, writeObjectiveFile(OBJECTIVE));
    pyCase.parameters["optimizer"] = { search: "categorical", args: { list: ["sgd", "adam"] }, sdk_helper: true };
    await expect(py("tune", writeCaseFile(pyCase), pyEnv)).rejects.toThrow(/denied the request: json: cannot unmarshal array into Go struct field FeasibleSpace\.spec\.parameters\.feasibleSpace\.distribution/);
    const created = await ts.tune({ ...BASE, name: uniqueName("tune-ts-cat") });
    // Katib's defaulting adds the distribution.
    expect(created.spec?.parameters?.find((parameter) => parameter.name === "optimizer")?.feasibleSpace).toEqual({ list: ["sgd", "adam"], distribution: "uniform" });
  });

  for (const [title, options] of Object.entries(GROUPS)) {
    test(`on the box, ${title}: both SDKs create the same Experiment`, { timeout: 120_000 }, async () => {
      const { fromTs, fromPy, created } = await tuneWithBoth(options);
      expect(fromTs.spec).toEqual(fromPy.spec);
      expect(created.spec).toEqual(fromTs.spec);
      expect(fromTs.metadata?.namespace).toBe(fromPy.metadata?.namespace);
      // Katib's webhook adds the Job's success and failure conditions and each parameter's uniform distribution; the
      // Job itself is stored as built.
      const built = toTuneExperiment({ ...options, name: "x" }).spec;
      expect(fromPy.spec?.trialTemplate?.trialSpec).toEqual(built?.trialTemplate?.trialSpec);
      expect(fromPy.spec?.parameters).toMatchObject(built?.parameters ?? []);
    });
  }

  test("on the box, a tune() Experiment runs to Succeeded, as the Python SDK's does, and the best trial is Katib's pick", { timeout: 240_000 }, async () => {
    const { ts, fromTs, fromPy } = await tuneWithBoth({ ...BASE, maxTrialCount: 3, parallelTrialCount: 3 });
    const [doneTs, donePy] = await Promise.all([fromTs, fromPy].map((experiment) => ts.waitForExperimentCondition(experiment.metadata?.name ?? "", { timeoutMs: 200_000 })));
    expect(doneTs?.status?.trialsSucceeded).toBe(3);
    expect(donePy?.status?.trialsSucceeded).toBe(3);
    const trials = await ts.getSuccessTrialDetails(fromTs.metadata?.name ?? "");
    expect(trials.map((trial) => trial.parameterAssignments.map((assignment) => assignment.name).sort())).toEqual(Array(3).fill(["epochs", "lr", "optimizer"]));
    // Katib filled each trial's values into the script's call.
    const trial = await ts.getTrial(trials[0]?.name ?? "");
    const value = (name: string): string | undefined => trial.spec?.parameterAssignments?.find((assignment) => assignment.name === name)?.value;
    const job = trial.spec?.runSpec as { spec: { template: { spec: { containers: { args: string[] }[] } } } };
    expect(job.spec.template.spec.containers[0]?.args[0]).toContain(
      `\nobjective({'lr': '${value("lr")}', 'epochs': '${value("epochs")}', 'optimizer': '${value("optimizer")}', 'extra': {'layers': [64, 32], 'dropout': 0.25, 'name': 'it\\'s "mnist"', 'normalize': True, 'seed': None}, 'batch': 128})\n`,
    );
    const optimal = await ts.getOptimalHyperparameters(fromTs.metadata?.name ?? "");
    expect(trials.map((trial) => trial.name)).toContain(optimal?.bestTrialName);
    expect(optimal?.observation?.metrics?.[0]?.name).toBe("accuracy");
  });
});
