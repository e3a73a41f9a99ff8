/**
 * `-f FILE` and `-f -`: reading manifests and splitting them into objects. YAML (which includes JSON), any number
 * of `---`-separated documents; empty documents are skipped, as kubectl skips them.
 */
import { readFile } from "node:fs/promises";
import { loadDocuments, toYamlProblem } from "../yaml/kube-yaml.ts";
import { positionAt } from "../yaml/text-position.ts";
import { CliFailure } from "./cli-errors.ts";
import type { CliIo } from "./cli-io.ts";

/** The text of a manifest file and the name to show in messages. */
export interface ManifestSource {
  source: string;
  /** The path, or `<stdin>`. */
  file: string;
}

/** One object of a manifest file. */
export interface Manifest {
  object: Record<string, unknown>;
  /** 1-based position of the document in its file. */
  document: number;
}

/** Reads `-f`'s argument: a file, or stdin for `-`. */
export async function loadManifestSource(file: string, io: Pick<CliIo, "stdin">): Promise<ManifestSource> {
  if (file === "-") {
    const chunks: string[] = [];
    const decoder = new TextDecoder();
    for await (const chunk of io.stdin) chunks.push(typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true }));
    return { source: chunks.join("") + decoder.decode(), file: "<stdin>" };
  }
  try {
    return { source: await readFile(file, "utf8"), file };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliFailure(`cannot read ${file}: ${code === "ENOENT" ? "no such file" : ((error as Error).message ?? String(error))}`, "pass a manifest file, or - to read stdin");
  }
}

/** The objects of a manifest; throws a CliFailure with file:line:column for malformed YAML or a non-object. Pure. */
export function parseManifests({ source, file }: ManifestSource): Manifest[] {
  const manifests: Manifest[] = [];
  let documents: unknown[];
  try {
    documents = loadDocuments(source);
  } catch (cause) {
    const problem = toYamlProblem(cause);
    const at = problem.offset === undefined ? undefined : positionAt(source, problem.offset);
    throw new CliFailure(`${file}${at ? `:${at.line}:${at.column}` : ""}: invalid YAML: ${problem.reason}`);
  }
  documents.forEach((value, index) => {
    if (value === null || value === undefined) return;
    if (typeof value !== "object" || Array.isArray(value)) {
      throw new CliFailure(`${file}: document ${index + 1} is not an object (a Kubernetes manifest has apiVersion, kind, metadata, spec)`);
    }
    manifests.push({ object: value as Record<string, unknown>, document: index + 1 });
  });
  if (manifests.length === 0) throw new CliFailure(`${file}: no objects found`, "the file holds no YAML document (or only empty ones)");
  return manifests;
}
