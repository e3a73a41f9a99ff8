/**
 * Time to first result: what a script or CLI user feels. A fresh process, from spawn to exit, whose work is one LIST
 * of Experiments on the local apiserver: the libraries in a minimal script each (kubeflow-ts, client-node, the Katib
 * Python SDK), and the CLIs (`kfts experiments list -o json`, `kubectl get experiments -o json` at the control
 * plane's version). Every one reads the same kubeconfig (KUBECONFIG).
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { BenchContext } from "../lib/context.ts";
import { countExperiments, createExperiments, deleteNamespace, ensureNamespace } from "../lib/bench-namespace.ts";
import { writeClusterFiles } from "../lib/cluster-files.ts";
import { compileCacheLabel, compileCacheSetup, type CompileCacheRun } from "../lib/compile-cache.ts";
import { attempt, emptyOutcome, rotate, type Family, type FamilyOutcome } from "../lib/family.ts";
import { ensureKubectl } from "../lib/kubectl.ts";
import { clientNodeEntry } from "../lib/node-deps.ts";
import { CLIENT_NODE_VERSION, KATIB_SDK_VERSION } from "../lib/pins.ts";
import { ratioGoal, ratioInfo, row, setReference, type Row } from "../lib/result.ts";
import { describeFailure, runCommand } from "../lib/run-command.ts";

const NAMESPACE = "kfts-bench-first";
const COUNT = 10;

const ROWS = {
  kubeflowTs: "kubeflow-ts script: new KatibClient(), listExperiments",
  clientNode: `@kubernetes/client-node ${CLIENT_NODE_VERSION} script: CustomObjectsApi.listNamespacedCustomObject`,
  python: `Python KatibClient ${KATIB_SDK_VERSION} script: list_experiments`,
  kfts: `kfts experiments list -o json ${compileCacheLabel("warm")}`,
  kftsEmpty: `kfts experiments list -o json ${compileCacheLabel("empty")}`,
  kubectl: "kubectl get experiments -o json",
  httpsFloor: "floor: node:https script, no client library (server, CA, token given)",
  undiciFloor: "floor: undici Agent.dispatch script, no client library (server, CA, token given)",
} as const;

/** One way to get the first result: a command, and how many Experiments its output says it listed. */
interface Contender {
  name: string;
  command: string;
  args: string[];
  /** The environment of one run (compile cache states), and what to undo after it; outside the timed span. */
  setup?: () => Promise<CompileCacheRun>;
  count(stdout: string): number;
}

const countLine = (stdout: string): number => Number(stdout.trim().split("\n").at(-1));
const countItems = (stdout: string): number => (JSON.parse(stdout) as { items: unknown[] }).items.length;

/** Where a floor script finds the cluster: the server URL, and the CA and ServiceAccount-style token as files. */
interface FloorTarget {
  server: string;
  caFile: string;
  tokenFile: string;
}

/**
 * The floors: what any Node process doing this LIST must spend, with no client library, no kubeconfig to parse and
 * nothing else to load. One on Node's own https (the floor of any Node CLI), one on the undici Agent kubeflow-ts
 * loads (resolved from kubeflow-ts's install, the same module), dispatching with a minimal handler (the floor of a
 * client on undici). Both send the same request and JSON.parse the whole body, as every contender does.
 */
async function writeFloorScripts(dir: string, kubeflowTsUrl: string): Promise<{ https: string; undici: string }> {
  const readTarget =
    'import { readFileSync } from "node:fs";\n' +
    "const [server, caFile, tokenFile, namespace] = process.argv.slice(2);\n" +
    "const ca = readFileSync(caFile);\n" +
    'const headers = { authorization: `Bearer ${readFileSync(tokenFile, "utf8").trim()}`, accept: "application/json" };\n' +
    "const path = `/apis/kubeflow.org/v1beta1/namespaces/${namespace}/experiments`;\n";
  const https = join(dir, "first-list-floor-https.mjs");
  await writeFile(
    https,
    'import { request } from "node:https";\n' +
      readTarget +
      "request(new URL(path, server), { ca, headers }, (res) => {\n" +
      "  const chunks = [];\n" +
      "  res.on(\"data\", (chunk) => chunks.push(chunk));\n" +
      "  res.on(\"end\", () => console.log(JSON.parse(Buffer.concat(chunks).toString(\"utf8\")).items.length));\n" +
      "}).end();\n",
  );
  const undici = join(dir, "first-list-floor-undici.mjs");
  await writeFile(
    undici,
    'import { createRequire } from "node:module";\n' +
      readTarget +
      `const Agent = createRequire(${JSON.stringify(kubeflowTsUrl)})("undici/lib/dispatcher/agent.js");\n` +
      "const agent = new Agent({ connect: { ca } });\n" +
      "const chunks = [];\n" +
      "await new Promise((resolve, reject) => agent.dispatch({ origin: new URL(server).origin, path, method: \"GET\", headers }, {\n" +
      "  onRequestStart() {},\n" +
      "  onResponseStart() {},\n" +
      "  onResponseData(_controller, chunk) { chunks.push(chunk); },\n" +
      "  onResponseEnd() { resolve(); },\n" +
      "  onResponseError(_controller, error) { reject(error); },\n" +
      "}));\n" +
      "console.log(JSON.parse(Buffer.concat(chunks).toString(\"utf8\")).items.length);\n" +
      "await agent.close();\n",
  );
  return { https, undici };
}

/** The user scripts, written as a user would write them (plain JavaScript and Python, no bench code around them). */
async function writeScripts(dir: string, kubeflowTsUrl: string, clientNodeUrl: string | undefined): Promise<{ kubeflowTs: string; clientNode?: string; python: string }> {
  const kubeflowTs = join(dir, "first-list-kubeflow-ts.mjs");
  await writeFile(
    kubeflowTs,
    `import { KatibClient } from ${JSON.stringify(kubeflowTsUrl)};\n` +
      "const katib = new KatibClient();\n" +
      "const experiments = await katib.listExperiments({ namespace: process.argv[2] });\n" +
      "console.log(experiments.length);\n" +
      "await katib.close();\n",
  );
  const python = join(dir, "first_list_katib.py");
  await writeFile(python, "import sys\nfrom kubeflow.katib import KatibClient\n\nprint(len(KatibClient().list_experiments(namespace=sys.argv[1])))\n");
  if (clientNodeUrl === undefined) return { kubeflowTs, python };
  const clientNode = join(dir, "first-list-client-node.mjs");
  await writeFile(
    clientNode,
    `import * as k8s from ${JSON.stringify(clientNodeUrl)};\n` +
      "const kc = new k8s.KubeConfig();\n" +
      "kc.loadFromDefault();\n" +
      "const api = kc.makeApiClient(k8s.CustomObjectsApi);\n" +
      'const list = await api.listNamespacedCustomObject({ group: "kubeflow.org", version: "v1beta1", namespace: process.argv[2], plural: "experiments" });\n' +
      "console.log(list.items.length);\n",
  );
  return { kubeflowTs, clientNode, python };
}

async function contenders(ctx: BenchContext, outcome: FamilyOutcome, files: FloorTarget & { kubeconfig: string }): Promise<Contender[]> {
  const kubeflowTs = await ctx.kubeflowTs();
  outcome.notes.push(`kubeflow-ts was loaded from ${kubeflowTs.from}.`);
  const deps = await attempt(outcome, `@kubernetes/client-node@${CLIENT_NODE_VERSION}`, () => ctx.clientNode());
  const scripts = await writeScripts(ctx.work, kubeflowTs.url, deps ? pathToFileURL(clientNodeEntry(deps)).href : undefined);
  // Library scripts run as Node runs them by default: no compile cache (NODE_COMPILE_CACHE unset).
  const noCache = compileCacheSetup("none", { warmDir: ctx.work, scratch: ctx.work });
  const result: Contender[] = [{ name: ROWS.kubeflowTs, command: process.execPath, args: [scripts.kubeflowTs, NAMESPACE], setup: noCache, count: countLine }];
  if (scripts.clientNode) result.push({ name: ROWS.clientNode, command: process.execPath, args: [scripts.clientNode, NAMESPACE], setup: noCache, count: countLine });
  const python = await attempt(outcome, `Python SDK kubeflow-katib==${KATIB_SDK_VERSION}`, () => ctx.katibPython());
  if (python) result.push({ name: ROWS.python, command: python, args: [scripts.python, NAMESPACE], count: countLine });
  const packed = await attempt(outcome, "kfts (the packed build)", () => ctx.packed());
  if (packed) {
    // The installed bin: dist/src/cli/main.js (the package's `bin`), which turns Node's compile cache on itself.
    const cli = join(packed.packageDir, "dist", "src", "cli", "main.js");
    const args = [cli, "experiments", "list", "-n", NAMESPACE, "-o", "json"];
    const dirs = { warmDir: join(ctx.work, "compile-cache-first-result"), scratch: ctx.work };
    result.push({ name: ROWS.kfts, command: process.execPath, args, setup: compileCacheSetup("warm", dirs), count: countItems });
    result.push({ name: ROWS.kftsEmpty, command: process.execPath, args, setup: compileCacheSetup("empty", dirs), count: countItems });
  }
  const kubectl = await attempt(outcome, "kubectl (built at the control plane's version)", () => ensureKubectl(ctx.log));
  if (kubectl) {
    // kubectl's discovery cache in the bench's scratch space, warmed by the unmeasured first run: a user's usual state.
    const args = ["get", "experiments", "-n", NAMESPACE, "-o", "json", "--cache-dir", join(ctx.work, "kubectl-cache")];
    result.push({ name: ROWS.kubectl, command: kubectl.binary, args, count: countItems });
    outcome.notes.push(`kubectl ${kubectl.version}, built from k8s.io/kubernetes/cmd/kubectl with the control plane's go.mod (the kube-apiserver's version); its discovery cache is warm (the first, unmeasured run fills it).`);
  }
  const floors = await writeFloorScripts(ctx.work, kubeflowTs.url);
  const target = [files.server, files.caFile, files.tokenFile, NAMESPACE];
  result.push({ name: ROWS.httpsFloor, command: process.execPath, args: [floors.https, ...target], setup: noCache, count: countLine });
  result.push({ name: ROWS.undiciFloor, command: process.execPath, args: [floors.undici, ...target], setup: noCache, count: countLine });
  return result.map((c) => withKubeconfig(c, files.kubeconfig));
}

/** `contender` with KUBECONFIG pointing at the bench's kubeconfig, on top of whatever its own setup gives. */
function withKubeconfig(contender: Contender, kubeconfig: string): Contender {
  const setup = contender.setup;
  return {
    ...contender,
    setup: async () => {
      const run = setup ? await setup() : { env: { ...process.env } };
      return { ...run, env: { ...run.env, KUBECONFIG: kubeconfig } };
    },
  };
}

async function runOnce(contender: Contender): Promise<{ wallMs: number; items: number } | { failure: string }> {
  const prepared = await contender.setup?.();
  try {
    const result = await runCommand(contender.command, contender.args, { env: prepared?.env ?? process.env, timeoutMs: 120_000 });
    if (result.code !== 0) return { failure: describeFailure(contender.name, contender.args, result).slice(0, 600) };
    return { wallMs: result.wallMs, items: contender.count(result.stdout) };
  } finally {
    await prepared?.cleanup?.();
  }
}

async function measure(ctx: BenchContext, outcome: FamilyOutcome): Promise<void> {
  const cluster = await ctx.cluster();
  await ensureNamespace(cluster.admin, NAMESPACE);
  try {
    if ((await countExperiments(cluster.admin, NAMESPACE)) < COUNT) await createExperiments(cluster.admin, NAMESPACE, COUNT, 4);
    const files = await writeClusterFiles(cluster, ctx.work);
    const all = await contenders(ctx, outcome, { ...files, server: cluster.connection.server });
    // Once unmeasured: fills the page cache, kfts's warm compile cache and kubectl's discovery cache, and checks
    // that each lists what is there.
    for (const contender of [...all]) {
      const first = await runOnce(contender);
      if ("failure" in first || first.items !== COUNT) {
        outcome.skipped.push({ what: contender.name, reason: "failure" in first ? first.failure : `listed ${first.items} Experiments, expected ${COUNT}` });
        all.splice(all.indexOf(contender), 1);
      }
    }
    // Short whole-process runs on a noisy machine: more rounds than the 7 every paired ratio needs at least.
    const rounds = ctx.quick ? 2 : 11;
    const times = new Map<string, number[]>();
    for (let round = 0; round < rounds; round++) {
      for (const contender of rotate(all, round)) {
        const r = await runOnce(contender);
        if ("failure" in r) throw new Error(r.failure);
        times.set(contender.name, [...(times.get(contender.name) ?? []), r.wallMs]);
      }
    }
    const group = `spawn to exit, one LIST of ${COUNT} Experiments`;
    const rows = [...times.entries()].map(([name, samples]) => row(group, name, "ms", "lower", samples));
    outcome.rows.push(...rows);
    const byName = (name: string): Row | undefined => rows.find((r) => r.name === name);
    const reference = byName(ROWS.clientNode);
    if (reference) setReference(outcome.rows, reference);
    outcome.goals.push(
      ratioGoal(`time to first result: ${ROWS.kubeflowTs} ≤ 0.5× client-node's script`, byName(ROWS.kubeflowTs), byName(ROWS.clientNode), "<=", 0.5),
      ratioGoal(`time to first result: ${ROWS.kubeflowTs} ≤ 0.2× the Python SDK's script`, byName(ROWS.kubeflowTs), byName(ROWS.python), "<=", 0.2),
      ratioGoal(`time to first result: ${ROWS.kfts} ≤ 1.0× ${ROWS.kubectl}`, byName(ROWS.kfts), byName(ROWS.kubectl), "<=", 1.0),
      ratioInfo(`time to first result: ${ROWS.kftsEmpty} vs ${ROWS.kubectl}`, byName(ROWS.kftsEmpty), byName(ROWS.kubectl)),
      ratioInfo(`what no Node CLI goes below: ${ROWS.httpsFloor} vs ${ROWS.kubectl}`, byName(ROWS.httpsFloor), byName(ROWS.kubectl)),
      ratioInfo(`what no undici client goes below: ${ROWS.undiciFloor} vs the Python SDK's script`, byName(ROWS.undiciFloor), byName(ROWS.python)),
      ratioInfo(`kubeflow-ts above its floor: ${ROWS.kubeflowTs} vs ${ROWS.undiciFloor}`, byName(ROWS.kubeflowTs), byName(ROWS.undiciFloor)),
    );
  } finally {
    await deleteNamespace(cluster.admin, NAMESPACE);
  }
}

export const firstResult: Family = {
  id: "first-result",
  title: "Time to first result: a fresh process's first LIST",
  method:
    `What a script or CLI user feels: a fresh process, timed from spawn to exit, whose work is one LIST of the ${COUNT} Experiments of a namespace on the local kube-apiserver, reading the same kubeconfig (KUBECONFIG). ` +
    "The libraries run a minimal user script each (written by the family as a user would: construct the client from the kubeconfig, list, print the count; Node scripts without a compile cache, Node's default); the CLIs print the list as JSON. " +
    "kfts is the packed build's bin, which turns Node's compile cache on itself: warm (a bench-owned cache its first run filled: every run after the first) for the goal, and empty for information. " +
    "kubectl is built from k8s.io/kubernetes/cmd/kubectl at the control plane's version, with its discovery cache warm. " +
    "Two floor rows show what the goals are measured against: minimal Node scripts, given the server, the CA and a token file (no kubeconfig, no client library), that send the same LIST and JSON.parse the answer, one on Node's own https (what no Node CLI goes below) and one on the undici Agent kubeflow-ts loads, dispatching with a minimal handler (what no client on undici goes below). " +
    "Each command runs once unmeasured, then 11 rounds with the commands taking turns; ratios are paired by round.",
  async run(ctx) {
    const outcome = emptyOutcome();
    await attempt(outcome, "time to first result", () => measure(ctx, outcome));
    return outcome;
  },
};
