/**
 * Downloads the pinned API sources from upstream, for users with internet access (CI never needs it). Each file
 * is fetched at its pinned commit and checked against its sha256 before anything is written.
 */
import { type SourceFile, sha256Hex } from "./sources-lock.ts";

/** Where upstream files are fetched from; `{repository}` is `owner/name`. */
export const DEFAULT_SOURCES_BASE_URL = "https://raw.githubusercontent.com";

/** The download URL of a pinned file. */
export function toSourceUrl(file: SourceFile, baseUrl: string = DEFAULT_SOURCES_BASE_URL): string {
  const repository = file.repository.replace(/^github\.com\//, "");
  return `${baseUrl.replace(/\/$/, "")}/${repository}/${file.commit}/${file.upstreamPath}`;
}

/**
 * Fetches every file and verifies it. Throws naming the first file that fails (HTTP status or checksum); returns the
 * verified bytes keyed by their path in the sources directory.
 */
export async function fetchSources(
  files: readonly SourceFile[],
  options: { baseUrl?: string; fetch?: typeof fetch; signal?: AbortSignal } = {},
): Promise<Map<string, Uint8Array>> {
  const get = options.fetch ?? fetch;
  const result = new Map<string, Uint8Array>();
  for (const file of files) {
    const url = toSourceUrl(file, options.baseUrl);
    const response = await get(url, options.signal ? { signal: options.signal } : {});
    if (!response.ok) throw new Error(`fetch-sources: ${url} answered HTTP ${response.status}`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    const actual = sha256Hex(bytes);
    if (actual !== file.sha256) {
      throw new Error(`fetch-sources: ${file.path} from ${url} has sha256 ${actual.slice(0, 12)}…, expected ${file.sha256.slice(0, 12)}…`);
    }
    result.set(file.path, bytes);
  }
  return result;
}
