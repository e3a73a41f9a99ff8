/**
 * Results are committed, so they must not carry this machine's paths (tool output quotes file names): every known
 * absolute prefix is replaced by a neutral name before a result is written.
 */
import { homedir, tmpdir } from "node:os";
import { apiSourcesDir, corpusDir, repoRoot, userCacheDir } from "./paths.ts";

/** Known prefixes, longest first, so the most specific name wins. */
function replacements(extra: Record<string, string>): [string, string][] {
  const pairs: [string, string][] = [
    ...Object.entries(extra),
    [corpusDir(), "$KUBEFLOW_CORPUS"],
    [apiSourcesDir(), "$KUBEFLOW_API_SOURCES"],
    [userCacheDir(), "<user cache>/kubeflow-ts/bench"],
    [repoRoot, "<repo>"],
    [tmpdir(), "<tmp>"],
    [homedir(), "~"],
  ];
  return pairs.filter(([from]) => from.length > 1).sort((a, b) => b[0].length - a[0].length);
}

/** A deep copy of `value` with every known absolute path prefix replaced in its strings. */
export function scrubPaths<T>(value: T, extra: Record<string, string> = {}): T {
  let text = JSON.stringify(value);
  for (const [from, to] of replacements(extra)) text = text.split(JSON.stringify(from).slice(1, -1)).join(to);
  return JSON.parse(text) as T;
}
