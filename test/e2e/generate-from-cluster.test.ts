/** `kfts generate --from-cluster`: types for whatever the cluster serves, read through kfts' connection flags, as every command. */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, onTestFinished, test } from "vitest";
import { repositoryRoot } from "../support/sources.ts";
import { describeE2e } from "./support/describe-e2e.ts";

describeE2e("generate --from-cluster", (env) => {
  test("generates Katib and Trainer types from the cluster's CRDs and OpenAPI v3 documents, and they compile", () => {
    const out = mkdtempSync(join(tmpdir(), "kfts-from-cluster-"));
    onTestFinished(() => rmSync(out, { recursive: true, force: true }));
    const run = spawnSync(process.execPath, ["src/cli/main.ts", "generate", "--from-cluster", "--kubeconfig", env.kubeconfig, "--out", out], { cwd: repositoryRoot, encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(run.stdout).toMatch(/generated \d+ files for kubeflow.org\/v1beta1, trainer.kubeflow.org\/v1alpha1/);

    const trainer = readFileSync(join(out, "trainer.kubeflow.org/v1alpha1/openapi.ts"), "utf8").replace(/\/\*\*[\s\S]*?\*\//g, "").replace(/\s+/g, " ");
    expect(trainer.includes('"trainer.v1alpha1.TrainJob": { apiVersion?: "trainer.kubeflow.org/v1alpha1";')).toBe(true);
    expect(readFileSync(join(out, "trainer.kubeflow.org/v1alpha1/resources.ts"), "utf8")).toContain('"plural": "trainjobs"');
    expect(readFileSync(join(out, "kubeflow.org/v1beta1/resources.ts"), "utf8")).toContain('"plural": "experiments"');

    writeFileSync(
      join(out, "use.ts"),
      `import type { TrainerV1alpha1TrainJob } from "./trainer.kubeflow.org/v1alpha1/types.ts";
export const job: TrainerV1alpha1TrainJob = { kind: "TrainJob", spec: { runtimeRef: { name: "torch-distributed" } } };
// @ts-expect-error runtimeRef is required by the cluster's schema
export const bad: TrainerV1alpha1TrainJob = { spec: {} };
`,
    );
    writeFileSync(join(out, "tsconfig.json"), JSON.stringify({ compilerOptions: { strict: true, noEmit: true, module: "nodenext", allowImportingTsExtensions: true, types: [] }, include: ["**/*.ts"] }));
    const tsc = spawnSync(process.execPath, [join(repositoryRoot, "node_modules/typescript/bin/tsc"), "-p", out], { encoding: "utf8" });
    expect(tsc.stdout + tsc.stderr).toBe("");
  });

  test("without kfts, --from-cluster says how to run it", () => {
    const run = spawnSync(process.execPath, ["codegen/main.ts", "--from-cluster", "--out", tmpdir()], { cwd: repositoryRoot, encoding: "utf8" });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^generate: --from-cluster connects as kfts does: run kfts generate --from-cluster/);
  });

  test("a wrong token fails with the typed error's message, not a stack", () => {
    const run = spawnSync(process.execPath, ["src/cli/main.ts", "generate", "--from-cluster", "--server", env.server, "--token", "wrong-token-123456", "--insecure-skip-tls-verify", "--out", tmpdir()], { cwd: repositoryRoot, encoding: "utf8" });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/^error: .*401/m);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stderr).not.toContain("wrong-token-123456");
  });
});
