/**
 * `kfts` against the Kubeflow box, in-process through runCli (and once as a real process for Ctrl-C). The Experiment
 * tests use the corpus's bayesian-optimization example, whose algorithm the box does not run: Katib accepts it and
 * marks it Created, and the tests play the rest of its status, so that every progress line can be checked exactly.
 */
import { spawn } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";
import { parse, stringify } from "yaml";
import { REWRITE_LINE } from "../../src/cli/progress.ts";
import { corpusDir } from "../support/sources.ts";
import { BufferWriter } from "../../src/cli/cli-io.ts";
import { run, tempDir, untilWritten } from "../cli/support/run.ts";
import { adminOptions, katibClient, trainerClient } from "./support/clients.ts";
import { userFlags } from "./support/cli-flags.ts";
import { describeKubeflow } from "./support/describe-e2e.ts";
import type { E2eEnv } from "./support/env.ts";
import { createTestNamespace } from "./support/namespaces.ts";

const condition = (type: string, status = "True") => ({ type, status, reason: type, message: `is ${type}`, lastUpdateTime: new Date().toISOString(), lastTransitionTime: new Date().toISOString() });

/** A corpus manifest moved into the test namespace, written to a temp file; returns its path and name. */
async function corpusManifest(relative: string, namespace: string): Promise<{ file: string; name: string; yaml: string }> {
  const object = parse(await readFile(join(corpusDir, relative), "utf8"));
  object.metadata.namespace = namespace;
  const yaml = stringify(object);
  const file = join(await tempDir("kfts-e2e-"), "manifest.yaml");
  await writeFile(file, yaml);
  return { file, name: object.metadata.name, yaml };
}

/** Waits until Katib has marked the Experiment Created (it does at once): later progress is the test's to play. */
async function untilCreated(env: E2eEnv, namespace: string, name: string): Promise<void> {
  const katib = katibClient(adminOptions(env, namespace));
  await expect.poll(async () => (await katib.getExperimentConditions(name)).map((c) => c.type), { timeout: 20_000, interval: 100 }).toContain("Created");
}

describeKubeflow("kfts CLI", (env) => {
  test("experiments: create -f, list, get, budget, wait (status played by the test), optimal, delete", async () => {
    const namespace = await createTestNamespace("cli");
    const flags = await userFlags(env, namespace);
    const katib = katibClient(adminOptions(env, namespace));
    const { file, name } = await corpusManifest("katib/hp-tuning/bayesian-optimization.yaml", namespace);
    expect(await run(["experiments", "create", "-f", file, ...flags])).toMatchObject({ code: 0, stdout: `experiment.kubeflow.org/${name} created\n` });
    await untilCreated(env, namespace, name);
    const listed = await run(["experiments", "list", ...flags]);
    expect(listed.stdout).toMatch(new RegExp(`^NAME +TYPE +STATUS +AGE\\n${name} +Created +True +\\d+s\\n$`));
    expect(JSON.parse((await run(["experiments", "get", name, "-o", "json", ...flags])).stdout).spec.maxTrialCount).toBe(12);
    expect((await run(["experiments", "budget", name, "--max-trials", "20", ...flags])).stdout).toMatch(/ 20 +3 +3\n$/);
    const progress = new BufferWriter();
    const waiting = run(["experiments", "wait", name, "--for", "Succeeded", "--timeout", "20s", ...flags], { stderr: progress });
    await untilWritten(progress, "Created");
    await katib.experiments.patchStatus(name, { status: { conditions: [condition("Created"), condition("Running")], trialsRunning: 2 } });
    const currentOptimalTrial = { bestTrialName: `${name}-abc`, parameterAssignments: [{ name: "lr", value: "0.02" }], observation: { metrics: [{ name: "loss", latest: "0.12", min: "0.1", max: "0.5" }] } };
    await katib.experiments.patchStatus(name, { status: { conditions: [condition("Created"), condition("Running", "False"), condition("Succeeded")], trialsRunning: 0, trialsSucceeded: 3, currentOptimalTrial } });
    const waited = await waiting;
    expect(waited).toMatchObject({ code: 0, stdout: `experiment.kubeflow.org/${name} condition met (Succeeded: 0 running, 3 succeeded, 0 failed; best loss=0.12)\n` });
    expect(waited.stderr).toContain(`experiment/${name} Running: 2 running, 0 succeeded, 0 failed\n`);
    expect((await run(["experiments", "list", ...flags])).stdout).toMatch(new RegExp(`\\n${name} +Succeeded +True +\\d+s\\n$`));
    expect((await run(["experiments", "optimal", name, ...flags])).stdout).toBe(`BEST TRIAL${" ".repeat(name.length - 6)}   PARAMETERS   METRICS\n${name}-abc   lr=0.02      loss=0.12\n`);
    expect(await run(["experiments", "delete", name, ...flags])).toMatchObject({ code: 0, stdout: `experiment.kubeflow.org "${name}" deleted\n` });
    // Gone once Katib's finalizer has run.
    await expect.poll(async () => (await run(["experiments", "get", name, ...flags])).code, { timeout: 20_000, interval: 250 }).toBe(1);
  });

  test("trainjobs: create -f - from stdin, list, get, wait --for Complete, delete", async () => {
    const namespace = await createTestNamespace("cli");
    const flags = await userFlags(env, namespace);
    const trainer = trainerClient(adminOptions(env, namespace));
    const { name, yaml } = await corpusManifest("trainer/examples/yaml/01-multi-node.yaml", namespace);
    expect(await run(["trainjobs", "create", "-f", "-", ...flags], { stdin: yaml })).toMatchObject({ code: 0, stdout: `trainjob.trainer.kubeflow.org/${name} created\n` });
    expect((await run(["trainjobs", "list", ...flags])).stdout).toMatch(new RegExp(`^NAME +STATE +RUNTIME +AGE\\n${name} +<none> +torch-distributed +\\d+s\\n$`));
    expect((await run(["trainjobs", "get", name, "-o", "name", ...flags])).stdout).toBe(`trainjob.trainer.kubeflow.org/${name}\n`);
    const progress = new BufferWriter();
    const waiting = run(["trainjobs", "wait", name, "--for", "Complete", "--timeout", "20s", ...flags], { stderr: progress });
    await untilWritten(progress, "Created");
    const step = { name: "node", active: 2, ready: 2, succeeded: 0, failed: 0, suspended: 0 };
    await trainer.trainJobs.patchStatus(name, { status: { jobsStatus: [step] } });
    await trainer.trainJobs.patchStatus(name, { status: { conditions: [condition("Complete")], jobsStatus: [{ ...step, active: 0, ready: 0, succeeded: 2 }] } });
    const waited = await waiting;
    expect(waited).toMatchObject({ code: 0, stdout: `trainjob.trainer.kubeflow.org/${name} condition met (Complete: node succeeded=2)\n` });
    expect(waited.stderr).toContain(`trainjob/${name} Running: node active=2 ready=2\n`);
    expect(await run(["trainjobs", "delete", name, ...flags])).toMatchObject({ code: 0, stdout: `trainjob.trainer.kubeflow.org "${name}" deleted\n` });
  });

  test("wait on a terminal rewrites one progress line with trials and the best objective", async () => {
    const namespace = await createTestNamespace("cli");
    const flags = await userFlags(env, namespace);
    const katib = katibClient(adminOptions(env, namespace));
    const { file, name } = await corpusManifest("katib/hp-tuning/bayesian-optimization.yaml", namespace);
    await run(["experiments", "create", "-f", file, ...flags]);
    await untilCreated(env, namespace, name);
    const progress = new BufferWriter();
    const waiting = run(["experiments", "wait", name, "--timeout", "20s", ...flags], { isTTY: true, stderr: progress });
    await untilWritten(progress, "Created");
    await katib.experiments.patchStatus(name, { status: { conditions: [condition("Created"), condition("Running")], trialsRunning: 3 } });
    const currentOptimalTrial = { bestTrialName: "t1", parameterAssignments: [], observation: { metrics: [{ name: "loss", latest: "0.3" }] } };
    await katib.experiments.patchStatus(name, { status: { trialsRunning: 2, trialsSucceeded: 1, currentOptimalTrial } });
    await katib.experiments.patchStatus(name, { status: { conditions: [condition("Created"), condition("Succeeded")], trialsRunning: 0, trialsSucceeded: 3 } });
    const { code, stderr } = await waiting;
    expect(code).toBe(0);
    expect(stderr).toBe(
      [
        `${REWRITE_LINE}experiment/${name} Created: 0 running, 0 succeeded, 0 failed`,
        `${REWRITE_LINE}experiment/${name} Running: 3 running, 0 succeeded, 0 failed`,
        `${REWRITE_LINE}experiment/${name} Running: 2 running, 1 succeeded, 0 failed; best loss=0.3`,
        `${REWRITE_LINE}experiment/${name} Succeeded: 0 running, 3 succeeded, 0 failed; best loss=0.3\n`,
      ].join(""),
    );
  });

  test("Ctrl-C stops a wait cleanly: exit 130 in-process and from a real process", async () => {
    const namespace = await createTestNamespace("cli");
    const flags = await userFlags(env, namespace);
    const { file, name } = await corpusManifest("katib/hp-tuning/bayesian-optimization.yaml", namespace);
    await run(["experiments", "create", "-f", file, ...flags]);
    await untilCreated(env, namespace, name);
    const controller = new AbortController();
    const progress = new BufferWriter();
    const waiting = run(["experiments", "wait", name, ...flags], { signal: controller.signal, stderr: progress });
    await untilWritten(progress, "Created");
    controller.abort();
    expect(await waiting).toMatchObject({ code: 130, stderr: `experiment/${name} Created: 0 running, 0 succeeded, 0 failed\n\ninterrupted\n` });

    const child = spawn(process.execPath, [fileURLToPath(new URL("../../src/cli/main.ts", import.meta.url)), "experiments", "wait", name, ...flags]);
    let stderr = "";
    // One Ctrl-C: a second one kills the process at once, by design.
    let interrupted = false;
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      if (!interrupted && stderr.includes("Created")) interrupted = child.kill("SIGINT");
    });
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(code).toBe(130);
    expect(stderr).toMatch(/interrupted\n$/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});
