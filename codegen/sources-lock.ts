/**
 * The sources lock (crds/sources.lock.json): which upstream files the codegen reads, where each comes from, its
 * sha256 and its role. Pure: reading files is the caller's job (codegen/main.ts), so this module is easy to test.
 */
import { createHash } from "node:crypto";

/** What a pinned file is used for. */
export type SourceRole = "types" | "validation" | "resource-metadata";

/** One pinned upstream file. `path` is relative to the sources directory. */
export interface SourceFile {
  path: string;
  product: string;
  release: string;
  repository: string;
  tag: string;
  commit: string;
  upstreamPath: string;
  bytes: number;
  sha256: string;
  roles: SourceRole[];
}

/** The API group/version a product serves and the release the package is generated from. */
export interface ProductLock {
  group: string;
  version: string;
  release: string;
  /** Where the TypeScript models come from: the OpenAPI document, or the CRDs' structural schemas. */
  typesFrom: "openapi" | "crd";
}

/** The parsed lock file. */
export interface SourcesLock {
  products: Record<string, ProductLock>;
  files: SourceFile[];
}

/** The environment variable naming the sources directory. */
export const SOURCES_ENV = "KUBEFLOW_API_SOURCES";

/** A problem found while verifying sources; `path` is relative to the sources directory. */
export interface SourceProblem {
  path: string;
  problem: "missing" | "altered";
  message: string;
}

/** Parses and shape-checks the lock file text. Throws with a message naming the bad entry. */
export function parseSourcesLock(text: string): SourcesLock {
  const raw = JSON.parse(text) as Partial<SourcesLock>;
  if (!raw.products || !Array.isArray(raw.files)) {
    throw new Error("sources lock: expected `products` and `files`");
  }
  raw.files.forEach((file, index) => {
    for (const key of ["path", "product", "release", "sha256"] as const) {
      if (typeof file[key] !== "string" || file[key] === "") {
        throw new Error(`sources lock: files[${index}].${key} is missing`);
      }
    }
  });
  return raw as SourcesLock;
}

/** The files of one product release, optionally only those with a role. */
export function filesOf(lock: SourcesLock, product: string, release: string, role?: SourceRole): SourceFile[] {
  return lock.files.filter(
    (file) => file.product === product && file.release === release && (!role || file.roles.includes(role)),
  );
}

/** Hex sha256 of some bytes. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/**
 * Checks each file against its pinned sha256. `read` returns the bytes, or undefined when the file is absent.
 * Returns every problem found, so one run reports them all.
 */
export function verifySources(files: SourceFile[], read: (path: string) => Uint8Array | undefined): SourceProblem[] {
  const problems: SourceProblem[] = [];
  for (const file of files) {
    const bytes = read(file.path);
    if (!bytes) {
      problems.push({ path: file.path, problem: "missing", message: `${file.path} is missing` });
      continue;
    }
    const actual = sha256Hex(bytes);
    if (actual !== file.sha256) {
      problems.push({
        path: file.path,
        problem: "altered",
        message: `${file.path} does not match its pinned sha256 (expected ${file.sha256.slice(0, 12)}…, got ${actual.slice(0, 12)}…)`,
      });
    }
  }
  return problems;
}

/** One line that says what is wrong and how to fix it, naming the variable. */
export function describeSourceProblems(problems: SourceProblem[], sourcesDir: string): string {
  const first = problems[0];
  if (!first) return "";
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : "";
  return (
    `API sources in ${sourcesDir}: ${first.message}${more}; ` +
    `set ${SOURCES_ENV} (or pass --sources DIR) to a directory laid out like crds/sources.lock.json, ` +
    "or download the pinned files with `kfts fetch-sources --out DIR`"
  );
}
