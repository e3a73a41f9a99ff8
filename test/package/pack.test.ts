/**
 * The package as users get it: `npm pack`, installed into a separate project, imported by type and at run time.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { usePackedPackage } from "../support/packed-package.ts";
import { corpusDir, repositoryRoot } from "../support/sources.ts";

const consumerDir = usePackedPackage();

describe("the packed package", () => {
  test("exposes typed models from the root and the katib/trainer entries", () => {
    writeFileSync(
      join(consumerDir(), "consumer.ts"),
      `import type { V1beta1Experiment, V1beta1ParameterSpec, TrainerV1alpha1TrainJob, V1ObjectMeta } from "kubeflow-ts";
import type { V1beta1Trial } from "kubeflow-ts/katib";
import type { TrainerV1alpha1ClusterTrainingRuntime } from "kubeflow-ts/trainer";
import { experimentResource } from "kubeflow-ts";
const meta: V1ObjectMeta = { name: "random-example", namespace: "kubeflow" };
export const experiment: V1beta1Experiment = { apiVersion: "kubeflow.org/v1beta1", kind: "Experiment", metadata: meta,
  spec: { maxTrialCount: 3, algorithm: { algorithmName: "random" }, objective: { type: "maximize", objectiveMetricName: "accuracy" },
    parameters: [{ name: "lr", parameterType: "double", feasibleSpace: { min: "0.01", max: "0.1" } } satisfies V1beta1ParameterSpec] } };
export const job: TrainerV1alpha1TrainJob = { spec: { runtimeRef: { name: "torch-distributed" } } };
export const plural: "experiments" = experimentResource.plural;
export type Both = [V1beta1Trial, TrainerV1alpha1ClusterTrainingRuntime];
// @ts-expect-error not an objective type
export const wrong: V1beta1Experiment = { spec: { objective: { type: "maximise" } } };
`,
    );
    writeFileSync(
      join(consumerDir(), "tsconfig.json"),
      // A Node project has @types/node; the consumer borrows this repository's copy rather than installing one.
      JSON.stringify({
        compilerOptions: { module: "nodenext", moduleResolution: "nodenext", strict: true, noEmit: true, skipLibCheck: false, types: ["node"], typeRoots: [join(repositoryRoot, "node_modules/@types")] },
        files: ["consumer.ts"],
      }),
    );
    const tsc = join(repositoryRoot, "node_modules/typescript/bin/tsc");
    const result = spawnSync(process.execPath, [tsc, "-p", consumerDir()], { encoding: "utf8" });
    expect(result.stdout + result.stderr).toBe("");
    expect(result.status).toBe(0);
  });

  test("imports at run time and ships the descriptors", () => {
    const output = execFileSync(process.execPath, ["--input-type=module", "-e", 'import("kubeflow-ts").then((m) => console.log(m.trainJobResource.plural))'], { cwd: consumerDir(), encoding: "utf8" });
    expect(output.trim()).toBe("trainjobs");
  });

  test("kfts validate's parse thread (one joined module in the package) parses as the main thread does", () => {
    const validate = join(consumerDir(), "node_modules/kubeflow-ts/dist/src/validate");
    const script = join(consumerDir(), "parse-thread.mjs");
    writeFileSync(
      script,
      `import { listManifestInputs } from ${JSON.stringify(join(validate, "load-manifest-sources.js"))};
       import { parsedInputs, startParseThread } from ${JSON.stringify(join(validate, "parsed-inputs.js"))};
       const { inputs } = await listManifestInputs([${JSON.stringify(corpusDir)}], { cwd: "/" });
       const thread = startParseThread();
       const errors = [];
       thread.on("error", (error) => errors.push(error.message));
       const collect = async (source) => {
         const out = [];
         for await (const input of source) out.push({ ...input, parsed: input.parsed && { findings: input.parsed.findings, documents: input.parsed.documents.map((d) => [d.value, d.findings, d.locate(["metadata", "name"])]) } });
         return out;
       };
       const there = await collect(parsedInputs(inputs, thread));
       const here = await collect(parsedInputs(inputs));
       console.log(JSON.stringify({ inputs: inputs.length, errors, same: JSON.stringify(there) === JSON.stringify(here) }));`,
    );
    const output = execFileSync(process.execPath, [script], { cwd: consumerDir(), encoding: "utf8" });
    expect(JSON.parse(output)).toEqual({ inputs: expect.any(Number), errors: [], same: true });
    expect(JSON.parse(output).inputs).toBeGreaterThan(24);
  });
});
