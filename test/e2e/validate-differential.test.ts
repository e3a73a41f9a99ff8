/**
 * Differential test of kubeflow-ts/validate against the real apiserver and, on the Kubeflow box, the Trainer's
 * webhooks: every Trainer manifest of the corpus, and seeded mutants of them, are sent as
 * `dryRun=All&fieldValidation=Strict` creates; the offline verdict (valid or not) must equal the server's, except
 * where the server's depends on cluster state (a TrainJob's runtime missing from the cluster), which must then be
 * what the offline warning names. Prints the agreement table by mutation category.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { parseAllDocuments } from "yaml";
import { type Issue, validateObject } from "../../src/validate/index.ts";
import { corpusDir } from "../support/sources.ts";
import { generateMutants, type Manifest } from "../validate/mutants.ts";
import { describeE2e, describeKubeflow } from "./support/describe-e2e.ts";
import { kubeRequest } from "./support/kube-request.ts";
import { createTestNamespace } from "./support/namespaces.ts";

/** The kinds sent, by `apiVersion/kind`. */
const PLURALS: Readonly<Record<string, { plural: string; namespaced: boolean }>> = {
  "trainer.kubeflow.org/v1alpha1/TrainJob": { plural: "trainjobs", namespaced: true },
  "trainer.kubeflow.org/v1alpha1/TrainingRuntime": { plural: "trainingruntimes", namespaced: true },
  "trainer.kubeflow.org/v1alpha1/ClusterTrainingRuntime": { plural: "clustertrainingruntimes", namespaced: false },
  "kubeflow.org/v1beta1/Experiment": { plural: "experiments", namespaced: true },
};
/** More mutants or another seed explore further: KUBEFLOW_TS_DIFF_MUTANTS=2000 KUBEFLOW_TS_DIFF_SEED=7. */
const MIN_MUTANTS = Number(process.env.KUBEFLOW_TS_DIFF_MUTANTS ?? 240);
const SEED = Number(process.env.KUBEFLOW_TS_DIFF_SEED ?? 20_260_124);

interface Case {
  category: string;
  description: string;
  object: Manifest;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Every object of a product's corpus, renamed so that dry runs never collide with objects other tests created. */
function corpusOf(product: "trainer" | "katib"): Array<{ file: string; object: Manifest }> {
  const dir = join(corpusDir, product);
  const files = readdirSync(dir, { recursive: true }).map(String).filter((file) => /\.ya?ml$/.test(file)).sort();
  return files.flatMap((file) =>
    parseAllDocuments(readFileSync(join(dir, file), "utf8"))
      .map((doc) => doc.toJS() as unknown)
      .filter((value): value is Manifest => isRecord(value) && `${String(value.apiVersion)}/${String(value.kind)}` in PLURALS)
      .map((object, index) => {
        const metadata = isRecord(object.metadata) ? object.metadata : {};
        return { file, object: { ...object, metadata: { ...metadata, name: `${String(metadata.name)}-kd${index}` } } };
      }),
  );
}

function casesOf(corpus: Array<{ file: string; object: Manifest }>): Case[] {
  const perManifest = Math.ceil(MIN_MUTANTS / corpus.length);
  return corpus.flatMap(({ file, object }, index) => [
    { category: "corpus", description: file, object },
    ...generateMutants(object, perManifest, SEED + index).map((mutant) => ({ category: mutant.category, description: `${file}: ${mutant.description}`, object: mutant.object })),
  ]);
}

async function serverVerdict(object: Manifest, namespace: string): Promise<{ valid: boolean; message: string }> {
  const apiVersion = String(object.apiVersion);
  const kind = PLURALS[`${apiVersion}/${String(object.kind)}`];
  // A mutated apiVersion or kind: the apiserver has no such resource, so the request goes to the original's path.
  const original = kind ?? Object.entries(PLURALS).find(([key]) => key.endsWith(`/${String(object.kind)}`))?.[1];
  if (!original) return { valid: false, message: `no resource for ${apiVersion} ${String(object.kind)}` };
  const body = original.namespaced ? { ...object, metadata: { ...(isRecord(object.metadata) ? object.metadata : {}), namespace } } : object;
  const scope = original.namespaced ? `namespaces/${namespace}/` : "";
  const groupVersion = kind ? apiVersion : Object.keys(PLURALS).find((key) => key.endsWith(`/${String(object.kind)}`))!.replace(/\/[^/]+$/, "");
  const response = await kubeRequest<{ message?: string }>("POST", `/apis/${groupVersion}/${scope}${original.plural}?dryRun=All&fieldValidation=Strict`, { body });
  if (response.status === 200 || response.status === 201) return { valid: true, message: "" };
  if (response.status === 400 || response.status === 422) return { valid: false, message: response.body?.message ?? JSON.stringify(response.body) };
  // A validating webhook's denial (the Trainer's): controller-runtime answers 403 with "admission webhook … denied".
  if (response.status === 403 && /admission webhook .* denied the request/.test(response.body?.message ?? "")) return { valid: false, message: response.body?.message ?? "" };
  throw new Error(`unexpected HTTP ${response.status} for ${String(object.kind)}: ${JSON.stringify(response.body)}`);
}

/**
 * Offline said valid, with the warning that something must exist in the cluster (a TrainJob's runtime, an
 * Experiment's trial template ConfigMap), and the webhook refused it because it does not exist here: a verdict of
 * cluster state, named as such offline.
 */
function dependsOnClusterState(issues: readonly Issue[], server: { valid: boolean; message: string }): boolean {
  if (server.valid) return false;
  const runtimeMissing = /specified (cluster)?[tT]rainingRuntime must be created before the TrainJob is created/.test(server.message) && issues.some((issue) => issue.rule === "trainer.runtime-exists");
  const templateMissing = /configMap not found/.test(server.message) && issues.some((issue) => issue.rule === "katib.trial-template.config-map");
  return runtimeMissing || templateMissing;
}

function printTable(product: string, rows: Map<string, { total: number; agree: number; clusterState: number }>): void {
  const lines = ["category         cases  agree  cluster-state  agreement"];
  const all = { total: 0, agree: 0, clusterState: 0 };
  const line = (category: string, row: typeof all): string =>
    `${category.padEnd(16)} ${String(row.total).padStart(5)}  ${String(row.agree).padStart(5)}  ${String(row.clusterState).padStart(13)}  ${((100 * (row.agree + row.clusterState)) / row.total).toFixed(1).padStart(8)}%`;
  for (const [category, row] of rows) {
    all.total += row.total;
    all.agree += row.agree;
    all.clusterState += row.clusterState;
    lines.push(line(category, row));
  }
  lines.push(line("all", all));
  console.log(`\nkubeflow-ts/validate vs kube-apiserver and the ${product} webhooks (dryRun=All, fieldValidation=Strict)\n${lines.join("\n")}\n`);
}

/** Sends the product's corpus and mutants, compares verdicts, prints the table; returns the disagreements. */
async function differential(product: "trainer" | "katib"): Promise<string[]> {
  const namespace = await createTestNamespace("validate-diff");
  const corpus = corpusOf(product);
  expect(corpus.length).toBeGreaterThan(0);
  const cases = casesOf(corpus);
  expect(cases.length - corpus.length).toBeGreaterThanOrEqual(200);
  const rows = new Map<string, { total: number; agree: number; clusterState: number }>();
  const disagreements: string[] = [];
  for (const testCase of cases) {
    const [ours, server] = await Promise.all([validateObject(testCase.object), serverVerdict(testCase.object, namespace)]);
    const row = rows.get(testCase.category) ?? { total: 0, agree: 0, clusterState: 0 };
    row.total++;
    if (ours.valid === server.valid) row.agree++;
    else if (dependsOnClusterState(ours.issues, server)) row.clusterState++;
    else {
      const issues = ours.issues.filter((issue) => issue.severity === "error").map((issue) => `${issue.path}: ${issue.message}`);
      disagreements.push(`${testCase.category} ${testCase.description}\n  server: ${server.valid ? "valid" : server.message}\n  ours:   ${ours.valid ? "valid" : issues.join("; ")}`);
    }
    rows.set(testCase.category, row);
  }
  printTable(product, rows);
  if (disagreements.length > 0) console.log(`Disagreements (${product}):\n${disagreements.join("\n")}`);
  return disagreements;
}

describeE2e("validate: offline verdicts agree with the apiserver", () => {
  test("the Trainer corpus and its mutants", { timeout: 600_000 }, async () => {
    expect(await differential("trainer")).toEqual([]);
  });
});

describeKubeflow("validate: offline verdicts agree with Katib's webhook", () => {
  test("the Katib corpus and its mutants", { timeout: 600_000 }, async () => {
    expect(await differential("katib")).toEqual([]);
  });
});
