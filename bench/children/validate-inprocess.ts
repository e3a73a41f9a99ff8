/**
 * kubeflow-ts's validator in-process: `throughput` validates the corpus files `copies` times over (after one
 * warm-up pass) and reports documents per second; `mutants` validates each mutant once and reports which ones it
 * rejects (any error-severity issue makes a report invalid).
 *
 * env BENCH_ARGS: {@link ValidateArgs} as JSON.
 */
import { readFileSync } from "node:fs";

/** What the parent passes. */
export interface ValidateArgs {
  mode: "throughput" | "mutants";
  /** File URL of `kubeflow-ts/validate` (the packed build, or the source). */
  validateUrl: string;
  /** throughput: the corpus files; mutants: a JSON file of `{ id, file, text }[]`. */
  files: string[];
  /** throughput: the name each file is reported under (relative to the corpus, so no machine path leaks). */
  names?: string[];
  copies: number;
}

interface Report {
  valid: boolean;
  documents: unknown[];
  issues: { severity: string; path: string; message: string }[];
}
type ValidateManifests = (source: string, options?: { file?: string }) => Report | Promise<Report>;

const args = JSON.parse(process.env.BENCH_ARGS ?? "{}") as ValidateArgs;
const { validateManifests } = (await import(args.validateUrl)) as { validateManifests: ValidateManifests };

if (args.mode === "throughput") {
  const sources = args.files.map((path, i) => ({ file: args.names?.[i] ?? path, text: readFileSync(path, "utf8") }));
  const rejected: string[] = [];
  for (const s of sources) {
    const report = await validateManifests(s.text, { file: s.file });
    if (!report.valid) rejected.push(`${s.file}: ${report.issues.find((i) => i.severity === "error")?.message ?? "invalid"}`);
  }
  let documents = 0;
  const t0 = performance.now();
  for (let copy = 0; copy < args.copies; copy++) {
    for (const s of sources) documents += (await validateManifests(s.text, { file: s.file })).documents.length;
  }
  console.log(JSON.stringify({ documents, ms: performance.now() - t0, rejected }));
} else {
  const mutants = JSON.parse(readFileSync(args.files[0] as string, "utf8")) as { id: string; file: string; text: string }[];
  const caught: string[] = [];
  for (const m of mutants) if (!(await validateManifests(m.text, { file: m.file })).valid) caught.push(m.id);
  console.log(JSON.stringify({ caught }));
}
