/**
 * Where tests find the data owned by upstream projects: the pinned API sources and the example corpus. CI sets the
 * variables; a developer checkout finds them beside the repository (../shared).
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));

/** The pinned API sources directory (KUBEFLOW_API_SOURCES). */
export const sourcesDir: string = process.env.KUBEFLOW_API_SOURCES ?? `${repoRoot}../shared/crds`;

/** The upstream example manifests (KUBEFLOW_CORPUS). */
export const corpusDir: string = process.env.KUBEFLOW_CORPUS ?? `${repoRoot}../shared/corpus`;

/** The repository root. */
export const repositoryRoot: string = repoRoot;

if (!existsSync(sourcesDir)) {
  throw new Error(`test data: ${sourcesDir} does not exist; set KUBEFLOW_API_SOURCES to the pinned API sources`);
}
