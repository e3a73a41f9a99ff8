/** The real executable: `node src/cli/main.ts` as a user (or the `kfts` bin) runs it. */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";

const MAIN = fileURLToPath(new URL("../../src/cli/main.ts", import.meta.url));

function kfts(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [MAIN, ...args], { env: { PATH: process.env.PATH ?? "", HOME: "/nonexistent" } }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

test("main.ts starts with the shebang the bin needs", async () => {
  const { readFile } = await import("node:fs/promises");
  expect((await readFile(MAIN, "utf8")).startsWith("#!/usr/bin/env node\n")).toBe(true);
});

test("node src/cli/main.ts --help prints the usage and exits 0", async () => {
  const result = await kfts(["--help"]);
  expect(result.code).toBe(0);
  expect(result.stdout).toContain("Usage: kfts [options] [command]");
  expect(result.stderr).toBe("");
});

test("a failing command exits 1 with one error line and a hint, no stack", async () => {
  const result = await kfts(["experiments", "list", "--server", "https://127.0.0.1:9", "--token", "subprocess-secret", "--insecure-skip-tls-verify", "--request-timeout", "2s"]);
  expect(result.code).toBe(1);
  expect(result.stderr).toMatch(/^error: cannot reach the API server: connect ECONNREFUSED 127\.0\.0\.1:9/m);
  expect(result.stderr).toMatch(/^hint: Check the server URL https:\/\/127\.0\.0\.1:9/m);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  expect(result.stderr).not.toContain("subprocess-secret");
});

test("wrong usage exits 2", async () => {
  const result = await kfts(["experiments", "frobnicate"]);
  expect(result.code).toBe(2);
  expect(result.stderr).toContain("unknown command 'frobnicate'");
});

test("importing main.ts runs nothing: it only exports runCli", async () => {
  const module = await import("../../src/cli/main.ts");
  expect(typeof module.runCli).toBe("function");
});
