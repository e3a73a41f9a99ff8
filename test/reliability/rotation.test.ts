/**
 * Token rotation during a long wait: `katib.waitForExperimentCondition` (a GET, then a watch) runs while the token
 * file is replaced. The next request uses the new token; a 401 leads to exactly one re-read and one retry, and a
 * second 401 ends the wait instead of looping. Request counts come from a fake apiserver that logs every token.
 */
import { mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, test } from "vitest";
import { KatibClient, UnauthorizedError, type V1beta1Experiment } from "../../src/index.ts";
import { TOKEN_FILE_RECHECK_MS } from "../../src/transport/auth/file-token-source.ts";
import { startFakeApiserver, type FakeApiserver } from "./support/fake-apiserver.ts";

let dir: string;
let file: string;
let fake: FakeApiserver | undefined;
let katib: KatibClient | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "kubeflow-ts-rotation-"));
  file = join(dir, "token");
});
afterEach(async () => {
  await katib?.close();
  await fake?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Replaces the file atomically, as the kubelet rotates projected tokens. */
function rotate(token: string): void {
  writeFileSync(`${file}.new`, `${token}\n`);
  renameSync(`${file}.new`, file);
}
async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  if (!condition()) throw new Error(`timed out waiting for ${what}`);
}
const condition = (type: "Running" | "Succeeded") => ({ type, status: "True" as const, reason: `Experiment${type}`, message: type });
const withCondition = (type: "Running" | "Succeeded") => (e: V1beta1Experiment): V1beta1Experiment => ({ ...e, status: { conditions: [condition(type)] } });

async function startWait(valid: string[]): Promise<{ fake: FakeApiserver; waiting: Promise<V1beta1Experiment> }> {
  fake = await startFakeApiserver("long", valid);
  katib = new KatibClient({ server: fake.url, tokenFile: file, namespace: "team-a", logger: { debug: () => {}, warn: () => {} }, retry: { maxRetries: 2, baseDelayMs: 5, maxDelayMs: 20 } });
  const waiting = katib.waitForExperimentCondition("long", { timeoutMs: 15_000 });
  waiting.catch(() => {}); // observed by the test; keeps an early rejection from being reported as unhandled
  await until(() => fake!.openWatches() === 1, "the watch");
  return { fake, waiting };
}

test("the file is replaced during the wait: the watch's next connection carries the new token", async () => {
  rotate("token-generation-a");
  const { fake, waiting } = await startWait(["token-generation-a", "token-generation-b"]);
  rotate("token-generation-b");
  // The file is checked at most once per interval; a long wait outlives it many times over.
  await new Promise((resolve) => setTimeout(resolve, TOKEN_FILE_RECHECK_MS + 200));
  fake.update(withCondition("Running"));
  fake.endWatches(); // the apiserver ends watches at timeoutSeconds; the client reconnects
  await until(() => fake.openWatches() === 1, "the second watch");
  fake.update(withCondition("Succeeded"));
  const done = await waiting;
  expect(done.status?.conditions?.[0]?.type).toBe("Succeeded");
  expect(fake.requests.map((r) => [r.watch ? "watch" : "get", r.token, r.status])).toEqual([
    ["get", "token-generation-a", 200],
    ["watch", "token-generation-a", 200],
    ["watch", "token-generation-b", 200],
  ]);
});

test("the old token is revoked at once: one 401, one re-read, one retry, and the wait goes on", async () => {
  rotate("token-generation-a");
  const { fake, waiting } = await startWait(["token-generation-a"]);
  // Rotation and revocation together, inside the recheck interval: the client still holds the old token.
  rotate("token-generation-b");
  fake.validTokens = new Set(["token-generation-b"]);
  fake.endWatches();
  await until(() => fake.openWatches() === 1, "the watch to come back");
  fake.update(withCondition("Succeeded"));
  await waiting;
  expect(fake.requests.map((r) => [r.watch ? "watch" : "get", r.token, r.status])).toEqual([
    ["get", "token-generation-a", 200],
    ["watch", "token-generation-a", 200],
    ["watch", "token-generation-a", 401],
    ["watch", "token-generation-b", 200],
  ]);
});

test("a second 401 after the re-read ends the wait with UnauthorizedError: no loop", async () => {
  rotate("token-generation-a");
  const { fake, waiting } = await startWait(["token-generation-a"]);
  rotate("token-generation-c"); // also rejected
  fake.validTokens = new Set();
  fake.endWatches();
  const error = await waiting.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(UnauthorizedError);
  expect((error as UnauthorizedError).hint).toContain("kubectl create token");
  const after = fake.requests.length;
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(fake.requests.length).toBe(after);
  expect(fake.requests.slice(2).map((r) => [r.token, r.status])).toEqual([
    ["token-generation-a", 401],
    ["token-generation-c", 401],
  ]);
});
