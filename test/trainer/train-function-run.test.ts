/**
 * The command a function trainer builds, run as a plain (python) runtime's node would run it: bash writes the code to
 * its file and Python calls the function with its keyword arguments. Needs bash and a `python` on PATH.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import type { TrainerV1alpha1ClusterTrainingRuntime } from "../../src/index.ts";
import { toRuntimeSummary } from "../../src/trainer/runtime-summary.ts";
import { toTrainJob } from "../../src/trainer/train-job-spec.ts";

const hasPython = spawnSync("python", ["--version"]).status === 0 && spawnSync("bash", ["--version"]).status === 0;

const PLAIN = toRuntimeSummary(
  {
    kind: "ClusterTrainingRuntime",
    metadata: { name: "plain", labels: { "trainer.kubeflow.org/framework": "plainml" } },
    spec: { mlPolicy: { numNodes: 1 }, template: { spec: { replicatedJobs: [{ name: "node", template: { metadata: { labels: { "trainer.kubeflow.org/trainjob-ancestor-step": "trainer" } }, spec: { template: { spec: { containers: [{ name: "node", image: "python:3.12" }] } } } } }] } } },
  } as TrainerV1alpha1ClusterTrainingRuntime,
  "Cluster",
);

/** Runs the trainer's command in a fresh directory, as the node's working directory. */
function run(command: string[]): string {
  const [program = "", ...args] = command;
  return execFileSync(program, args, { cwd: mkdtempSync(join(tmpdir(), "kfts-node-")), encoding: "utf8" });
}

describe.skipIf(!hasPython)("a function trainer's command, run", () => {
  test("calls the function with its keyword arguments as Python values", () => {
    const source = `
    # indented, as in a notebook cell's class: dedented as inspect.getsource + textwrap.dedent leave it
    def train(lr, epochs=1, *, config=None, **extra):
        print(repr(lr), repr(epochs), repr(config), sorted(extra.items()))
    `;
    const job = toTrainJob({ trainer: { func: { source }, funcArgs: { lr: 0.5, epochs: 3, config: { name: "it's \"x\"", layers: [64, 32], on: true, seed: null }, tag: "a b" } } }, PLAIN);
    expect(run(job.spec?.trainer?.command ?? [])).toBe(`0.5 3 {'name': 'it\\'s "x"', 'layers': [64, 32], 'on': True, 'seed': None} [('tag', 'a b')]\n`);
  });

  test("as with the Python SDK, bash expands $ and backquotes in the function's source (the heredoc is not quoted)", () => {
    const job = toTrainJob({ trainer: { func: { source: 'def train():\n    print("home=$HOME")\n' } } }, PLAIN);
    expect(run(job.spec?.trainer?.command ?? [])).toBe(`home=${process.env.HOME}\n`);
  });
});
