/**
 * The packed package on every Node.js release it promises: the development one (24) and the lowest `engines.node`
 * allows (22.19), each importing every entry, running a client call, and running `kfts` — with the same output.
 */
import { execFile, execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { installNode, lowestAllowed } from "../support/node-release.ts";
import { usePackedPackage } from "../support/packed-package.ts";
import { corpusDir, repositoryRoot } from "../support/sources.ts";

const consumerDir = usePackedPackage();
const run = promisify(execFile);
const packageJson = JSON.parse(readFileSync(join(repositoryRoot, "package.json"), "utf8")) as { version: string; engines: { node: string } };
const lowest = lowestAllowed(packageJson.engines.node);

/** An apiserver stand-in that lists one Experiment, for a client call from another process. */
let server: ReturnType<typeof createServer>;
let serverUrl: string;
beforeAll(async () => {
  server = createServer((request, response) => {
    response.setHeader("content-type", "application/json");
    if (request.url?.split("?")[0] === "/apis/kubeflow.org/v1beta1/namespaces/ns/experiments" && request.headers.authorization === "Bearer test-token") {
      response.end(JSON.stringify({ apiVersion: "kubeflow.org/v1beta1", kind: "ExperimentList", metadata: { resourceVersion: "1" }, items: [{ metadata: { name: "from-the-server", namespace: "ns" } }] }));
    } else {
      response.statusCode = 404;
      response.end(JSON.stringify({ kind: "Status", apiVersion: "v1", status: "Failure", reason: "NotFound", code: 404, message: `${request.url} not found` }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  serverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const CLIENT_SCRIPT = `
import { KatibClient, NotFoundError, experimentResource } from "kubeflow-ts";
import { validateManifests, formatIssue } from "kubeflow-ts/validate";
import { loadClusterConfig } from "kubeflow-ts/transport";
import { search } from "kubeflow-ts/katib";
import { trainJobResource } from "kubeflow-ts/trainer";
const katib = new KatibClient({ server: process.argv[2], token: "test-token", namespace: "ns" });
const names = (await katib.experiments.list()).items.map((item) => item.metadata.name);
const missing = await katib.experiments.get("nope").catch((error) => error instanceof NotFoundError);
const report = await validateManifests("apiVersion: trainer.kubeflow.org/v1alpha1\\nkind: TrainJob\\nmetadata: {name: j}\\nspec: {runtimeRef: {name: r}, trainer: {numNodes: two}}\\n", { file: "j.yaml" });
const config = await loadClusterConfig({ server: process.argv[2], token: "test-token" });
await katib.close();
console.log(JSON.stringify({ names, missing, issues: report.issues.map(formatIssue), server: config.server, plurals: [experimentResource.plural, trainJobResource.plural], lr: search.double("lr", 0.01, 0.1).feasibleSpace }));
`;

describe.each([
  { label: "24, for development", major: 24, binary: (): string => process.execPath },
  { label: `${lowest}, the lowest engines.node allows`, major: Number(lowest.split(".")[0]), binary: (): string => installNode(lowest) },
])("Node $label", ({ major, binary }) => {
  let node: string;
  beforeAll(() => {
    node = binary();
  }, 300_000);

  test("is that release", () => {
    expect(execFileSync(node, ["--version"], { encoding: "utf8" }).trim()).toMatch(new RegExp(`^v${major}\\.`));
  });

  test("imports every entry and calls a server through the client", async () => {
    const script = join(consumerDir(), "client.mjs");
    writeFileSync(script, CLIENT_SCRIPT);
    const { stdout } = await run(node, [script, serverUrl], { cwd: consumerDir(), encoding: "utf8" });
    expect(JSON.parse(stdout)).toEqual({
      names: ["from-the-server"],
      missing: true,
      issues: ['j.yaml:4:51: error spec.trainer.numNodes: Invalid value: "two": must be of type integer (schema.type)'],
      server: serverUrl,
      plurals: ["experiments", "trainjobs"],
      lr: { min: "0.01", max: "0.1" },
    });
  });

  test("kfts: --version, validate over the corpus (a parse thread) as on the development release, and schema", async () => {
    const kfts = join(consumerDir(), "node_modules/kubeflow-ts/dist/src/cli/main.js");
    expect((await run(node, [kfts, "--version"], { encoding: "utf8" })).stdout.trim()).toBe(packageJson.version);
    const validate = async (binary: string): Promise<{ code: number; stdout: string }> =>
      run(binary, [kfts, "validate", "-o", "json", corpusDir], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 }).then(
        ({ stdout }) => ({ code: 0, stdout }),
        (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
      );
    const here = await validate(node);
    const reference = await validate(process.execPath);
    expect(here.code).toBe(reference.code);
    expect(JSON.parse(here.stdout)).toEqual(JSON.parse(reference.stdout));
    expect((JSON.parse(here.stdout) as { summary: { files: number } }).summary.files).toBeGreaterThanOrEqual(24);
    // The editor schemas ship compressed in the package.
    const schema = JSON.parse((await run(node, [kfts, "schema", "experiment_v1beta1"], { encoding: "utf8", maxBuffer: 16 * 1024 * 1024 })).stdout) as { properties: { kind: { enum: string[] } } };
    expect(schema.properties.kind.enum).toEqual(["Experiment"]);
  });
});
