/** The example manifests (read in place from KUBEFLOW_CORPUS) and copies of them for throughput runs. */
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { parseAllDocuments } from "yaml";
import { corpusDir } from "./paths.ts";
import { SkipError } from "./skip.ts";

/** One manifest file of the corpus. */
export interface CorpusFile {
  /** Path relative to the corpus directory. */
  path: string;
  text: string;
  /** Non-empty YAML documents in it. */
  documents: number;
}

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(full)));
    else if (/\.ya?ml$/.test(entry.name)) out.push(full);
  }
  return out.sort();
}

/** Every YAML file of the corpus. Throws SkipError when the corpus is not there. */
export async function loadCorpus(): Promise<CorpusFile[]> {
  const dir = corpusDir();
  if (!existsSync(dir)) throw new SkipError(`corpus not found at ${dir} (set KUBEFLOW_CORPUS; default ../shared/corpus)`);
  const files = await walk(dir);
  return Promise.all(
    files.map(async (file) => {
      const text = await readFile(file, "utf8");
      const documents = parseAllDocuments(text).filter((d) => d.contents !== null).length;
      return { path: relative(dir, file), text, documents };
    }),
  );
}

/** Writes `copies` copies of the corpus into `dir` (flat, one file per copy and source); returns the document count. */
export async function writeCorpusCopies(corpus: readonly CorpusFile[], copies: number, dir: string): Promise<number> {
  await mkdir(dir, { recursive: true });
  let documents = 0;
  for (let copy = 0; copy < copies; copy++) {
    for (const file of corpus) {
      await writeFile(join(dir, `${String(copy).padStart(3, "0")}-${file.path.replace(/[\\/]/g, "__")}`), file.text);
      documents += file.documents;
    }
  }
  return documents;
}
