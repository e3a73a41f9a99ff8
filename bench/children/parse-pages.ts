/**
 * The flat-memory floor of the LIST family: no client and no network. The pages of a paginated LIST of `count`
 * served Experiments are gunzipped and JSON.parsed from memory, each counted and dropped, with a turn of the event
 * loop between pages (as reading from a socket gives). Whatever peak RSS this grows by with the count, any JavaScript
 * client that parses the pages grows by as well: it is V8's, not a client's. One page is built and gzipped before
 * the clock starts and parsed again for every page (the parsed objects are new each time).
 *
 * argv: <count> <page size>. Prints `{items, listMs, maxRssKiB}`, as list-node.ts does.
 */
import { setImmediate } from "node:timers/promises";
import { gunzipSync, gzipSync } from "node:zlib";
import { servedExperiment } from "../lib/fixtures.ts";

const count = Number(process.argv[2]);
const pageSize = Number(process.argv[3]);
if (!(count > 0 && pageSize > 0)) throw new Error("usage: parse-pages.ts <count> <page size>");

const items = Array.from({ length: pageSize }, (_, i) => servedExperiment(`exp-${i}`, "bench", i));
const page = gzipSync(JSON.stringify({ apiVersion: "kubeflow.org/v1beta1", kind: "ExperimentList", metadata: { resourceVersion: "1", continue: "next" }, items }));
// Only the gzipped page is kept: the objects it was made from are garbage before the clock starts.
items.length = 0;

let listed = 0;
const t0 = performance.now();
while (listed < count) {
  const parsed = JSON.parse(gunzipSync(page).toString("utf8")) as { items: unknown[] };
  listed += Math.min(parsed.items.length, count - listed);
  await setImmediate();
}
const listMs = performance.now() - t0;
console.log(JSON.stringify({ items: listed, listMs, maxRssKiB: process.resourceUsage().maxRSS }));
