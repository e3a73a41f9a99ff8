/**
 * The fault matrix (see fault-matrix-cases.ts and docs/reliability.md): each fault gives its typed error with a
 * hint, within a bound, with no unhandled rejection and nothing left open, checked twice: in this worker (server
 * sockets after close, active handles back to baseline) and in a child process that must exit on its own.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { TestPki } from "../support/tls/generate-certificates.ts";
import { CASE_BOUND_MS, createMatrixPki, FAULT_CASES, MATRIX_TOKEN, mismatches, runFaultCase, type FaultResult, type MatrixPki } from "./fault-matrix-cases.ts";

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => {
  unhandled.push(reason);
};
let pki: TestPki;
let certs: MatrixPki;
let baseline: Map<string, number>;
const results = new Map<string, FaultResult>();

/** Active handles that hold sockets or servers, by type. */
function socketHandles(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const type of process.getActiveResourcesInfo()) {
    if (/TCP|TLS|Socket|Pipe/i.test(type)) counts.set(type, (counts.get(type) ?? 0) + 1);
  }
  return counts;
}

beforeAll(() => {
  process.on("unhandledRejection", onUnhandled);
  pki = new TestPki();
  certs = createMatrixPki(pki);
  baseline = socketHandles();
});
afterAll(() => {
  process.off("unhandledRejection", onUnhandled);
  pki.dispose();
});

describe("fault matrix through KatibClient", () => {
  test.each(FAULT_CASES.map((c) => [c.id, c] as const))("%s", async (_id, c) => {
    const result = await runFaultCase(c, certs);
    results.set(c.id, result);
    expect(mismatches(c, result)).toEqual([]);
    expect(result.elapsedMs).toBeLessThan(CASE_BOUND_MS);
  }, CASE_BOUND_MS * 2);

  test("every case ran, none left a rejection unhandled or a socket open", async () => {
    expect([...results.keys()]).toEqual(FAULT_CASES.map((c) => c.id));
    await new Promise((resolve) => setImmediate(resolve));
    expect(unhandled).toEqual([]);
    // Handles close asynchronously after close() resolves; allow a moment, then they must be back to baseline.
    let now = socketHandles();
    for (let i = 0; i < 50 && !withinBaseline(now); i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      now = socketHandles();
    }
    expect(Object.fromEntries(now)).toEqual(Object.fromEntries(baseline));
  });

  test("docs/reliability.md lists every case with its error and code", () => {
    const docs = readFileSync(fileURLToPath(new URL("../../docs/reliability.md", import.meta.url)), "utf8");
    for (const c of FAULT_CASES) {
      const row = docs.split("\n").find((line) => line.startsWith(`| \`${c.id}\` |`));
      expect(row, `row for ${c.id}`).toBeDefined();
      expect(row).toContain(c.expected.name);
      expect(row).toContain(c.expected.code);
    }
  });
});

function withinBaseline(now: Map<string, number>): boolean {
  for (const [type, count] of now) if (count > (baseline.get(type) ?? 0)) return false;
  return true;
}

describe("fault matrix in a child process", () => {
  test("runs every case and then exits by itself, promptly", async () => {
    const child = spawn(process.execPath, [fileURLToPath(new URL("./fault-matrix-child.ts", import.meta.url))], {
      env: { ...process.env, MATRIX_TOKEN, KUBEFLOW_TS_DEBUG: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    let doneAt: number | undefined;
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
      if (doneAt === undefined && stdout.includes('"done":true')) doneAt = performance.now();
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const exitCode = await new Promise<number | null>((resolve) => child.on("close", resolve));
    const exitedAt = performance.now();
    expect(exitCode, stderr).toBe(0);
    const lines = stdout.trim().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
    const done = lines.at(-1) as { done: boolean; cases: number; unhandled: string[]; activeResources: string[] };
    expect(done.done).toBe(true);
    expect(done.cases).toBe(FAULT_CASES.length);
    expect(done.unhandled).toEqual([]);
    for (const line of lines.slice(0, -1)) {
      const { result, leaked } = line as { result: FaultResult; leaked: boolean };
      const c = FAULT_CASES.find((x) => x.id === result.id);
      expect(c).toBeDefined();
      expect(mismatches(c!, { ...result, leakText: "" }), result.id).toEqual([]);
      expect(leaked).toBe(false);
    }
    // The debug log went to stderr (KUBEFLOW_TS_DEBUG=1 and no logger option would print there); it must not
    // carry the token either.
    expect(stderr).not.toContain(MATRIX_TOKEN);
    // Nothing kept the process alive: it ended right after the last case.
    expect(doneAt).toBeDefined();
    expect(exitedAt - doneAt!).toBeLessThan(2_000);
  }, 90_000);
});
