/**
 * vitest global setup of the `e2e` project: starts or reuses the local control plane (test/controlplane) and provides
 * its connection to the test files. Only the e2e project runs this, so unit-only runs never wait for a cluster.
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { downCluster, type Profile, upCluster } from "../controlplane/control-plane.ts";
import { clusterDir } from "../controlplane/paths.ts";
import type { ControlPlaneContext } from "./control-plane-context.ts";

const log = (line: string): void => console.log(`[e2e control plane] ${line}`);

/**
 * Reuses a ready `.cluster/kubeconfig`, else builds (if needed) and starts a cluster, stopping it again in teardown
 * unless `KUBEFLOW_TS_KEEP_CLUSTER=1`. Without Go, or when start-up fails, e2e tests skip — unless
 * `KUBEFLOW_TS_REQUIRE_E2E=1` (CI), where a missing control plane fails the run.
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  let context: ControlPlaneContext;
  let startedHere = false;
  try {
    const { connection, reused } = await upCluster("vitest", log, { profile: e2eProfile() });
    startedHere = !reused;
    context = { status: "available", ...connection };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (process.env.KUBEFLOW_TS_REQUIRE_E2E === "1") {
      throw new Error(`KUBEFLOW_TS_REQUIRE_E2E=1 but the local control plane is unavailable: ${reason}`, { cause: error });
    }
    console.error(banner(reason));
    context = { status: "unavailable", reason: reason.split("\n")[0] ?? reason };
  }
  project.provide("controlPlane", context);

  if (!startedHere) return undefined;
  if (process.env.KUBEFLOW_TS_KEEP_CLUSTER === "1") {
    log("KUBEFLOW_TS_KEEP_CLUSTER=1: leaving it running (stop with `npm run cluster:down`)");
    return undefined;
  }
  return async () => {
    // The cluster's logs go with it: when an e2e test failed, their last lines are kept in the run's output first.
    const failed = project.vitest.state.getFailedFilepaths().filter((file) => file.includes("/test/e2e/"));
    if (failed.length > 0) await printLogTails(`${failed.length} e2e file(s) failed`);
    await downCluster(log);
  };
}

/** The last lines of every component's log in the cluster directory, for a failure seen only in CI's output. */
async function printLogTails(why: string, lines = 12): Promise<void> {
  const logs = (await readdir(clusterDir).catch(() => [])).filter((file) => file.endsWith(".log")).sort();
  log(`${why}: the last ${lines} lines of each component's log`);
  for (const file of logs) {
    const text = await readFile(join(clusterDir, file), "utf8").catch(() => "");
    const tail = text.trimEnd().split("\n").slice(-lines);
    console.log(`--- ${file}\n${tail.map((line) => `  ${line.slice(0, 300)}`).join("\n")}`);
  }
}

/**
 * The cluster the e2e tests run on: the Kubeflow box unless `KUBEFLOW_TS_E2E_CLUSTER=apiserver` asks for the fast
 * apiserver-only one (the suites that need Kubeflow's controllers then skip).
 */
function e2eProfile(): Profile {
  return process.env.KUBEFLOW_TS_E2E_CLUSTER === "apiserver" ? "apiserver" : "kubeflow";
}

function banner(reason: string): string {
  const rule = "!".repeat(78);
  return [
    rule,
    "!! E2E TESTS SKIPPED: the local cluster (test/controlplane) is unavailable.",
    `!! ${reason.split("\n").join("\n!! ")}`,
    "!! Fix: install Go (or set GO=/path/to/go), then `npm run cluster:up`; see docs/control-plane.md.",
    "!! Set KUBEFLOW_TS_REQUIRE_E2E=1 to make this a failure instead of a skip.",
    rule,
  ].join("\n");
}
