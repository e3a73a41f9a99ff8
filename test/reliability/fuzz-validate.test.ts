/**
 * Fuzzing the offline validator and the kubeconfig parser with YAML and JSON: random text, mutated and truncated
 * manifests, deep nesting and alias bombs. `validateManifests` must always resolve to a report (problems are issues
 * in it, never a rejection), and `parseKubeconfig` must return or throw a ConfigError, each within a bound.
 * `src/validate` is built by another engineer: when it is not there, its suite is skipped with that reason.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { ConfigError } from "../../src/config/config-error.ts";
import { parseKubeconfig } from "../../src/config/kubeconfig.ts";
import { fuzzRuns, fuzzTimeoutMs } from "./support/fuzz-runs.ts";

const RUNS = fuzzRuns();

/** The documented API of kubeflow-ts/validate, as far as this test relies on it. */
interface ValidateModule {
  validateManifests(source: string, options?: { file?: string }): Promise<{ valid: boolean; documents: unknown[]; issues: Array<{ severity: string; path: string; message: string; rule: string }> }>;
}

const EXPERIMENT = `apiVersion: kubeflow.org/v1beta1
kind: Experiment
metadata:
  name: random
  namespace: kubeflow
spec:
  objective:
    type: maximize
    goal: 0.99
    objectiveMetricName: accuracy
  algorithm:
    algorithmName: random
  maxTrialCount: 12
  parallelTrialCount: 3
  parameters:
    - name: lr
      parameterType: double
      feasibleSpace: { min: "0.01", max: "0.05" }
  trialTemplate:
    primaryContainerName: training-container
    trialParameters:
      - name: learningRate
        reference: lr
    trialSpec:
      apiVersion: batch/v1
      kind: Job
      spec:
        template:
          spec:
            containers:
              - name: training-container
                image: docker.io/kubeflowkatib/mxnet-mnist:latest
                command: ["python3", "/opt/mxnet-mnist/mnist.py", "--lr=\${trialParameters.learningRate}"]
            restartPolicy: Never
`;

const TRAINJOB = `apiVersion: trainer.kubeflow.org/v1alpha1
kind: TrainJob
metadata:
  name: pytorch-simple
spec:
  runtimeRef:
    name: torch-distributed
  trainer:
    numNodes: 2
    resourcesPerNode:
      limits: { nvidia.com/gpu: 1 }
`;

/** `count` levels of aliases, each referring to the previous one ten times: 10^count nodes if expanded. */
function aliasBomb(count: number): string {
  const letters = "abcdefghijklmnopqrstuvwxyz";
  const lines = [`${letters[0]}: &${letters[0]} [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]`];
  for (let i = 1; i < count; i++) lines.push(`${letters[i]}: &${letters[i]} [${Array(10).fill(`*${letters[i - 1]}`).join(", ")}]`);
  return `${lines.join("\n")}\n`;
}

/** Sources: seeds cut short, with random edits, plus random text and JSON. */
const sourceArb = fc.oneof(
  fc.tuple(fc.constantFrom(EXPERIMENT, TRAINJOB, `${EXPERIMENT}---\n${TRAINJOB}`, JSON.stringify({ apiVersion: "kubeflow.org/v1beta1", kind: "Experiment", metadata: { name: "j" }, spec: {} })), fc.nat(), fc.array(fc.tuple(fc.nat(), fc.string({ maxLength: 8 })), { maxLength: 4 })).map(([seed, cut, edits]) => {
    let text = seed.slice(0, seed.length - (cut % (seed.length + 1)));
    for (const [at, insert] of edits) {
      const i = at % (text.length + 1);
      text = text.slice(0, i) + insert + text.slice(i);
    }
    return text;
  }),
  fc.string({ maxLength: 400 }),
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.jsonValue().map((v) => `apiVersion: kubeflow.org/v1beta1\nkind: Experiment\nmetadata: {name: x}\nspec: ${JSON.stringify(v)}\n`),
  fc.integer({ min: 1, max: 200 }).map((depth) => `${"[".repeat(depth)}${"]".repeat(depth)}`),
  fc.integer({ min: 2, max: 9 }).map((levels) => `apiVersion: kubeflow.org/v1beta1\nkind: Experiment\nmetadata: {name: bomb}\n${aliasBomb(levels)}spec: {parameters: *${"abcdefghij"[levels - 1]}}\n`),
  fc.constantFrom("---\n---\n", "\uFEFF", "%YAML 1.2\n---\n!!binary x", "a: !custom-tag [1]", "? [complex, key]\n: v", "*undefined_alias", "&a a: *a"),
);

const validatePath = fileURLToPath(new URL("../../src/validate/index.ts", import.meta.url));
const validateAvailable = existsSync(validatePath);

describe.skipIf(!validateAvailable)(`validateManifests${validateAvailable ? "" : " [skipped: src/validate/index.ts does not exist yet]"}`, () => {
  const load = async (): Promise<ValidateModule> => (await import(/* @vite-ignore */ validatePath)) as ValidateModule;

  test("any YAML or JSON source resolves to a report, in bounded time", async () => {
    const { validateManifests } = await load();
    await fc.assert(
      fc.asyncProperty(sourceArb, async (source) => {
        const started = performance.now();
        const report = await validateManifests(source, { file: "fuzz.yaml" });
        expect(performance.now() - started).toBeLessThan(5_000);
        expect(typeof report.valid).toBe("boolean");
        expect(Array.isArray(report.documents)).toBe(true);
        for (const issue of report.issues) {
          expect(["error", "warning"]).toContain(issue.severity);
          expect(typeof issue.message).toBe("string");
          expect(typeof issue.rule).toBe("string");
        }
        if (report.issues.some((i) => i.severity === "error")) expect(report.valid).toBe(false);
      }),
      { numRuns: RUNS },
    );
  }, fuzzTimeoutMs(100));

  test("an alias bomb (10^9 nodes if expanded) is refused quickly as an issue", async () => {
    const { validateManifests } = await load();
    const started = performance.now();
    const report = await validateManifests(`apiVersion: kubeflow.org/v1beta1\nkind: Experiment\nmetadata: {name: bomb}\n${aliasBomb(9)}spec: {parameters: *i}\n`);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(report.valid).toBe(false);
    expect(report.issues.length).toBeGreaterThan(0);
  });
});

describe("parseKubeconfig", () => {
  const kubeconfigArb = fc.oneof(
    sourceArb,
    fc.record({
      apiVersion: fc.constantFrom("v1", 1, null),
      clusters: fc.oneof(fc.array(fc.record({ name: fc.oneof(fc.string(), fc.integer()), cluster: fc.oneof(fc.record({ server: fc.oneof(fc.webUrl(), fc.string(), fc.integer()) }), fc.anything()) }), { maxLength: 3 }), fc.anything()),
      users: fc.oneof(fc.array(fc.record({ name: fc.string(), user: fc.dictionary(fc.constantFrom("token", "tokenFile", "exec", "client-key-data", "auth-provider"), fc.anything()) }), { maxLength: 3 }), fc.anything()),
      contexts: fc.anything(),
      "current-context": fc.oneof(fc.string(), fc.anything()),
    }).map((v) => JSON.stringify(v)),
  );

  test("returns a kubeconfig or throws a ConfigError, never anything else", () => {
    fc.assert(
      fc.property(kubeconfigArb, (text) => {
        const started = performance.now();
        try {
          const config = parseKubeconfig(text, "fuzz.kubeconfig");
          expect(config.clusters).toBeInstanceOf(Map);
        } catch (error) {
          expect(error, String(error)).toBeInstanceOf(ConfigError);
        }
        expect(performance.now() - started).toBeLessThan(2_000);
      }),
      { numRuns: RUNS },
    );
  }, fuzzTimeoutMs(2));

  test("an alias bomb is a ConfigError, quickly", () => {
    const started = performance.now();
    expect(() => parseKubeconfig(`apiVersion: v1\n${aliasBomb(9)}`, "bomb.kubeconfig")).toThrow(ConfigError);
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});
