/**
 * The kubeflow-ts waiter of the wait-latency family. Reads one Experiment name per stdin line, starts
 * `waitForExperimentCondition(name)` (Succeeded) at once, and prints `{"started": name}` then, when it resolves,
 * `{"resolved": name, "at": <epoch ms>}`. Exits when stdin closes.
 *
 * env BENCH_ARGS: {@link WaitArgs} as JSON.
 */
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";

/** What the parent passes. */
export interface WaitArgs {
  server: string;
  caFile: string;
  token: string;
  namespace: string;
  kubeflowTsUrl: string;
}

const args = JSON.parse(process.env.BENCH_ARGS ?? "{}") as WaitArgs;
const { KatibClient } = (await import(args.kubeflowTsUrl)) as typeof import("../../src/index.ts");
const client = new KatibClient({ server: args.server, token: args.token, certificateAuthorityData: readFileSync(args.caFile, "utf8"), namespace: args.namespace });
/** Epoch milliseconds with sub-millisecond resolution, comparable across processes on one machine. */
const now = (): number => performance.timeOrigin + performance.now();
const say = (message: object): void => void process.stdout.write(`${JSON.stringify(message)}\n`);

say({ ready: true });
for await (const line of createInterface({ input: process.stdin })) {
  const name = line.trim();
  if (!name) continue;
  client.waitForExperimentCondition(name, { namespace: args.namespace, timeoutMs: 60_000 }).then(
    () => say({ resolved: name, at: now() }),
    (error: unknown) => say({ failed: name, error: String(error) }),
  );
  say({ started: name });
}
await client.close();
process.exit(0);
