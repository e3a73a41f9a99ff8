/**
 * The project's seeded mutant generator (test/validate/mutants.ts: `generateMutants(manifest, count, seed)`) applied
 * to every Kubeflow object of the corpus. Imported by computed path, so the bench still type-checks and runs (and
 * reports "validator not built yet") where that module does not exist.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { dump } from "js-yaml";
import { loadDocuments } from "../../src/yaml/kube-yaml.ts";
import type { CorpusFile } from "./corpus.ts";
import { repoRoot } from "./paths.ts";
import { SkipError } from "./skip.ts";

type Manifest = Record<string, unknown>;

/** One mutant as the bench uses it. */
export interface Mutant {
  id: string;
  product: "katib" | "trainer";
  category: string;
  object: Manifest;
  /** A file name for it (kubeconform reads files). */
  file: string;
  /** The object as YAML, what every tool is given. */
  text: string;
}

interface GeneratedMutant {
  id: string;
  category: string;
  object: Manifest;
}
type GenerateMutants = (manifest: Manifest, count: number, seed: number) => GeneratedMutant[];

const MODULE = join(repoRoot, "test", "validate", "mutants.ts");
/** Fixed, so every run validates the same mutants. */
const SEED = 20_260_124;

function isRecord(value: unknown): value is Manifest {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function productOf(object: Manifest): Mutant["product"] | undefined {
  const apiVersion = String(object.apiVersion);
  return apiVersion.startsWith("kubeflow.org/") ? "katib" : apiVersion.startsWith("trainer.kubeflow.org/") ? "trainer" : undefined;
}

/** `perObject` mutants of every Katib and Trainer object of the corpus, each renamed first so dry runs never collide. */
export async function loadMutants(corpus: readonly CorpusFile[], perObject: number): Promise<Mutant[]> {
  if (!existsSync(MODULE)) throw new SkipError("validator not built yet (test/validate/mutants.ts does not exist)");
  const module = (await import(pathToFileURL(MODULE).href)) as { generateMutants?: GenerateMutants };
  if (typeof module.generateMutants !== "function") throw new SkipError("test/validate/mutants.ts exports no generateMutants(manifest, count, seed)");
  const mutants: Mutant[] = [];
  let index = 0;
  for (const file of corpus) {
    // Read and written as kubectl reads YAML (1.1 booleans): `"y"` must stay a quoted string in the mutant's text,
    // which every tool is given, since the apiserver judges the object itself.
    for (const value of loadDocuments(file.text)) {
      if (!isRecord(value)) continue;
      const product = productOf(value);
      if (product === undefined) continue;
      const metadata = isRecord(value.metadata) ? value.metadata : {};
      const object = { ...value, metadata: { ...metadata, name: `${String(metadata.name)}-kfb${index}` } };
      for (const m of module.generateMutants(object, perObject, SEED + index)) {
        const n = mutants.length;
        mutants.push({ id: `${file.path}#${index}:${m.id}`, product, category: m.category, object: m.object, file: `mutant-${String(n).padStart(4, "0")}.yaml`, text: dump(m.object, { noRefs: true, lineWidth: -1 }) });
      }
      index++;
    }
  }
  if (mutants.length === 0) throw new SkipError("generateMutants produced no mutants of the corpus");
  return mutants;
}
