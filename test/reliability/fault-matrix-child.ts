/**
 * The fault matrix as a plain `node` program (no test framework): prints one JSON line per case, then a `done`
 * line, and then must exit by itself. A socket, timer or child process left behind by any case would keep the
 * event loop alive, so the parent test measures the time from `done` to exit.
 */
import { runFaultMatrix } from "./fault-matrix-cases.ts";

const unhandled: string[] = [];
process.on("unhandledRejection", (reason) => {
  unhandled.push(String(reason instanceof Error ? reason.stack : reason));
});

const results = await runFaultMatrix((result) => {
  const { leakText: _leakText, ...shown } = result;
  process.stdout.write(`${JSON.stringify({ result: shown, leaked: result.leakText.includes(process.env["MATRIX_TOKEN"] ?? "\0") })}\n`);
});
// Let any late rejection surface before reporting.
await new Promise((resolve) => setImmediate(resolve));
process.stdout.write(`${JSON.stringify({ done: true, cases: results.length, unhandled, activeResources: process.getActiveResourcesInfo() })}\n`);
