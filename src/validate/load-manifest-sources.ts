/**
 * Reads the command line's inputs: files, directories (recursively, *.yaml/*.yml/*.json, skipping hidden folders and
 * node_modules), and standard input. Text must be UTF-8; oversized inputs are refused without being read whole.
 */
import type { Stats } from "node:fs";
import { readdir, readFile, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { MAX_SOURCE_CHARS } from "./parse-documents.ts";

/** An input read as text, or the reason it could not be (reported as an invalid source). */
export type ManifestSource = { file: string; text: string } | { file: string; problem: string; rule: string };

/** Inputs, and the paths that could not be read at all (usage or I/O errors). */
export interface LoadedSources {
  sources: ManifestSource[];
  ioErrors: string[];
}

const MANIFEST = /\.(ya?ml|json)$/i;
const MAX_BYTES = MAX_SOURCE_CHARS;

/** Decodes UTF-8 strictly; other encodings become problems. */
export function decodeManifest(file: string, bytes: Uint8Array): ManifestSource {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { file, problem: "UTF-16 text: save the manifest as UTF-8", rule: "input.encoding" };
  }
  try {
    return { file, text: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
  } catch {
    return { file, problem: "not valid UTF-8 text (binary content or another encoding)", rule: "input.encoding" };
  }
}

function tooLarge(file: string, bytes: number): ManifestSource {
  return { file, problem: `${bytes} bytes: inputs over ${MAX_BYTES} bytes are not read`, rule: "input.too-large" };
}

async function readStdin(stdin: AsyncIterable<string | Uint8Array>): Promise<ManifestSource> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of stdin) {
    const bytes = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    size += bytes.length;
    if (size > MAX_BYTES) return tooLarge("-", size);
    chunks.push(bytes);
  }
  return decodeManifest("-", Buffer.concat(chunks));
}

async function listManifests(dir: string, shown: string): Promise<Array<{ full: string; shown: string }>> {
  const found: Array<{ full: string; shown: string }> = [];
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
    const full = join(dir, entry.name);
    // Symbolic links to directories are not followed: no cycles.
    if (entry.isDirectory()) found.push(...(await listManifests(full, join(shown, entry.name))));
    else if ((entry.isFile() || entry.isSymbolicLink()) && MANIFEST.test(entry.name)) found.push({ full, shown: join(shown, entry.name) });
  }
  return found;
}

async function readManifestFile(full: string, shown: string, info?: Stats): Promise<ManifestSource> {
  const size = (info ?? (await stat(full))).size;
  if (size > MAX_BYTES) return tooLarge(shown, size);
  return decodeManifest(shown, await readFile(full));
}

function describeIoError(path: string, cause: unknown): string {
  const code = (cause as { code?: string } | null)?.code;
  if (code === "ENOENT") return `${path}: no such file or directory`;
  if (code === "EACCES" || code === "EPERM") return `${path}: permission denied`;
  if (code === "EISDIR") return `${path}: is a directory`;
  return `${path}: ${cause instanceof Error ? cause.message : String(cause)}`;
}

async function loadPath(path: string, cwd: string, result: LoadedSources): Promise<void> {
  const full = resolve(cwd, path);
  const info = await stat(full);
  if (!info.isDirectory()) {
    result.sources.push(await readManifestFile(full, path, info));
    return;
  }
  const files = await listManifests(full, path);
  if (files.length === 0) result.ioErrors.push(`${path}: no manifest files (*.yaml, *.yml, *.json) in this directory`);
  for (const file of files) {
    try {
      result.sources.push(await readManifestFile(file.full, file.shown));
    } catch (cause) {
      result.ioErrors.push(describeIoError(file.shown, cause));
    }
  }
}

/** Loads every input named on the command line, in order. */
export async function loadManifestSources(paths: readonly string[], options: { cwd: string; stdin?: AsyncIterable<string | Uint8Array> | undefined }): Promise<LoadedSources> {
  const result: LoadedSources = { sources: [], ioErrors: [] };
  for (const path of paths) {
    try {
      if (path !== "-") await loadPath(path, options.cwd, result);
      else if (options.stdin) result.sources.push(await readStdin(options.stdin));
      else result.ioErrors.push("-: standard input is not available");
    } catch (cause) {
      result.ioErrors.push(describeIoError(path, cause));
    }
  }
  return result;
}
