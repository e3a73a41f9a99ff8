/**
 * `cluster:up` / `cluster:down` as a person uses them, on a second (apiserver-only) cluster in a directory of its own:
 * up twice reuses, down leaves no process, Ctrl-C during up leaves no process, and a component that fails says which
 * one in one line with its log file.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { expect, onTestFinished, test } from "vitest";
import { kubectl } from "../controlplane/bootstrap.ts";
import { binariesOf } from "../controlplane/box.ts";
import { repositoryRoot } from "../support/sources.ts";
import { describeE2e } from "./support/describe-e2e.ts";

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

interface RecordedProcess {
  name: string;
  pid: number;
  startTime: string;
}

const script = join(repositoryRoot, "test/controlplane/cluster.ts");

/** A cluster directory of this test's own, stopped and removed when the test finishes. */
function ownClusterDir(): string {
  const dir = join(mkdtempSync(join(tmpdir(), "kfts-cluster-")), "cluster");
  onTestFinished(async () => {
    await cluster(dir, ["down"]).done;
    rmSync(join(dir, ".."), { recursive: true, force: true });
  });
  return dir;
}

function cluster(dir: string, args: string[], env: Record<string, string> = {}): { child: ReturnType<typeof spawn>; done: Promise<Run> } {
  const child = spawn(process.execPath, [script, ...args], { env: { ...process.env, KUBEFLOW_TS_CLUSTER_DIR: dir, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<Run>((resolve) => child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, done };
}

function recorded(dir: string): RecordedProcess[] {
  try {
    return (JSON.parse(readFileSync(join(dir, "state.json"), "utf8")) as { processes: RecordedProcess[] }).processes;
  } catch {
    return [];
  }
}

/** True while `pid` runs as the same process (same start time) that state.json recorded. */
function alive(process: RecordedProcess): boolean {
  try {
    const stat = readFileSync(`/proc/${process.pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return fields[0] !== "Z" && fields[19] === process.startTime;
  } catch {
    return false;
  }
}

/** Every running process whose command line names `dir`: what a cluster in `dir` started and did not stop. */
function leftovers(dir: string): string[] {
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .flatMap((pid) => {
      try {
        const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
        return cmdline.includes(dir) && !cmdline.includes(script) ? [`${pid}: ${cmdline.slice(0, 120)}`] : [];
      } catch {
        return [];
      }
    });
}

describeE2e("cluster:up and cluster:down", () => {
  test("up starts, up again reuses the running cluster, down stops every process", { timeout: 180_000 }, async () => {
    const dir = ownClusterDir();
    const first = await cluster(dir, ["up"]).done;
    expect(first.code, first.stderr).toBe(0);
    const processes = recorded(dir);
    expect(processes.map((p) => p.name)).toEqual(["etcd", "kube-apiserver"]);
    expect(processes.every(alive)).toBe(true);

    const second = await cluster(dir, ["up"]).done;
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/reusing the running apiserver cluster at https:\/\/127\.0\.0\.1:\d+ \(v1\.36\.\d+\)/);
    expect(recorded(dir)).toEqual(processes);

    const down = await cluster(dir, ["down"]).done;
    expect(down.code).toBe(0);
    expect(processes.some(alive)).toBe(false);
    expect(leftovers(dir)).toEqual([]);
    expect(existsSync(dir)).toBe(false);
  });

  test("Ctrl-C during up stops what was started: no process is left behind", { timeout: 180_000 }, async () => {
    const dir = ownClusterDir();
    const up = cluster(dir, ["up"]);
    // Interrupt once etcd runs and the apiserver is starting.
    const deadline = Date.now() + 60_000;
    while (recorded(dir).length < 2 && Date.now() < deadline) await sleep(50);
    const started = recorded(dir);
    expect(started.map((p) => p.name)).toEqual(["etcd", "kube-apiserver"]);
    up.child.kill("SIGINT");
    const run = await up.done;
    expect(run.code).toBe(130);
    expect(run.stdout).toContain("SIGINT: stopping what was started");
    expect(started.some(alive)).toBe(false);
    expect(leftovers(dir)).toEqual([]);
  });

  test("a component that fails names itself and its log file in the first line, and nothing is left running", { timeout: 180_000 }, async () => {
    const dir = ownClusterDir();
    const empty = mkdtempSync(join(tmpdir(), "kfts-no-crds-"));
    onTestFinished(() => rmSync(empty, { recursive: true, force: true }));
    const run = await cluster(dir, ["up"], { KUBEFLOW_API_SOURCES: empty }).done;
    expect(run.code).toBe(1);
    const first = run.stderr.split("\n")[0];
    expect(first).toMatch(new RegExp(`^\\[cluster\\] failed: kube-apiserver started, but installing what depends on it failed: CRD sources not found .*; see ${dir}/kube-apiserver\\.log$`));
    expect(run.stderr).toContain(`--- last lines of ${dir}/kube-apiserver.log (kube-apiserver) ---`);
    expect(recorded(dir)).toEqual([]);
    expect(leftovers(dir)).toEqual([]);
  });

  test("a program that fails to build names itself and the build log in the first line", { timeout: 60_000 }, async () => {
    const dir = ownClusterDir();
    const scratch = mkdtempSync(join(tmpdir(), "kfts-build-"));
    onTestFinished(() => rmSync(scratch, { recursive: true, force: true }));
    // A Go that knows its version but whose build of kwok fails, and an empty binary cache: cluster:up must build.
    const go = join(scratch, "go");
    writeFileSync(go, '#!/bin/sh\nif [ "$1" = env ]; then echo go1.26.8; exit 0; fi\necho "# sigs.k8s.io/kwok/pkg/kwok/server" >&2\necho "server.go:1:1: syntax error" >&2\nexit 1\n', { mode: 0o755 });
    const run = await cluster(dir, ["up", "--kubeflow"], { GO: go, XDG_CACHE_HOME: scratch }).done;
    expect(run.code).toBe(1);
    const log = join(scratch, "kubeflow-ts/controlplane/v1.36.3/build.log");
    expect(run.stderr.split("\n")[0]).toBe(
      `[cluster] failed: building ${binariesOf("kubeflow").join(", ")} failed in sigs.k8s.io/kwok/pkg/kwok/server; see ${log}`,
    );
    expect(readFileSync(log, "utf8")).toContain("server.go:1:1: syntax error");
    expect(leftovers(dir)).toEqual([]);
  });

  test("restart puts a component back in place: same port and data, a new process; --kill crashes it first", { timeout: 180_000 }, async () => {
    const dir = ownClusterDir();
    expect((await cluster(dir, ["up"]).done).code).toBe(0);
    const kubeconfig = join(dir, "kubeconfig");
    await kubectl(kubeconfig, ["create", "namespace", "survives"]);
    const before = JSON.parse(readFileSync(join(dir, "state.json"), "utf8")) as { server: string; processes: RecordedProcess[] };

    const killed = await cluster(dir, ["restart", "kube-apiserver", "--kill"]).done;
    expect(killed.code, killed.stderr).toBe(0);
    expect(killed.stdout).toMatch(/killing kube-apiserver \(pid \d+\)[\s\S]*kube-apiserver restarted and ready/);
    const restarted = await cluster(dir, ["restart", "etcd"]).done;
    expect(restarted.code, restarted.stderr).toBe(0);

    const after = JSON.parse(readFileSync(join(dir, "state.json"), "utf8")) as { server: string; processes: RecordedProcess[] };
    expect(after.server).toBe(before.server);
    for (const name of ["etcd", "kube-apiserver"]) {
      const [old, now] = [before, after].map((state) => state.processes.find((p) => p.name === name)!);
      expect(now!.pid).not.toBe(old!.pid);
      expect(alive(old!)).toBe(false);
      expect(alive(now!)).toBe(true);
    }
    // The same etcd data behind the same URL: what was there before is there after.
    expect(await kubectl(kubeconfig, ["get", "namespace", "survives", "-o", "name"])).toBe("namespace/survives\n");

    const unknown = await cluster(dir, ["restart", "no-such-thing"]).done;
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("no component no-such-thing in the apiserver cluster (it has etcd, kube-apiserver)");
  });
});
