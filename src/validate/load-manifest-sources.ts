/**
 * Reads the command line's inputs: files, directories (recursively, *.yaml/*.yml/*.json, skipping hidden folders and
 * node_modules), and standard input. Text must be UTF-8; oversized inputs are refused without being read whole.
 *
 * Listing and reading are apart: `kfts validate` lists on its main thread and reads (and parses) on the parse thread.
 * Files are read with the synchronous calls: manifests are small and many, and each asynchronous read costs a
 * thread-pool round trip and promise plumbing (3,400 files: about 35 ms synchronously, 200 ms with fs/promises even
 * 16 at a time). The reading thread has nothing else to do meanwhile.
 */
import { isUtf8 } from "node:buffer";
import { closeSync, fstatSync, openSync, readdirSync, readSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { MAX_SOURCE_CHARS } from "./limits.ts";

/**
 * An input read: its text; or text that is not a manifest (binary, not UTF-8, too large: an invalid source); or the
 * I/O error reading it met (the file vanished, permissions).
 */
export type ManifestSource =
  | { kind: "text"; file: string; text: string }
  | { kind: "invalid"; file: string; problem: string; rule: string }
  | { kind: "unreadable"; file: string; ioError: string };

const MANIFEST = /\.(ya?ml|json)$/i;
const MAX_BYTES = MAX_SOURCE_CHARS;

/** Decodes UTF-8 strictly (as a fatal TextDecoder, BOM dropped, but natively); other encodings become problems. */
export function decodeManifest(file: string, bytes: Uint8Array): ManifestSource {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { kind: "invalid", file, problem: "UTF-16 text: save the manifest as UTF-8", rule: "input.encoding" };
  }
  if (!isUtf8(bytes)) return { kind: "invalid", file, problem: "not valid UTF-8 text (binary content or another encoding)", rule: "input.encoding" };
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
  return { kind: "text", file, text: text.startsWith("\uFEFF") ? text.slice(1) : text };
}

/** `bytes` is the input's size when known (a device or a growing file has none to tell). */
function tooLarge(file: string, bytes: number | undefined): ManifestSource {
  const size = bytes === undefined ? "" : `${bytes} bytes: `;
  return { kind: "invalid", file, problem: `${size}inputs over ${MAX_BYTES} bytes are not read`, rule: "input.too-large" };
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

/**
 * Directory entries in code-unit order, as kubeconform (Go's filepath.Walk) and `LC_ALL=C ls` list them: the same on
 * every machine whatever its locale, and no ICU collator to load (~7 ms of startup).
 */
function byName(a: { name: string }, b: { name: string }): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/**
 * `join(dir, name)` for the entries of one directory: `dir` is normalized once (joining costs more than reading a
 * small file). An entry's name is never empty, `.` or `..`, so only the prefix is normalized.
 */
function childPath(dir: string): (name: string) => string {
  const prefix = join(dir, "x").slice(0, -1);
  return (name) => prefix + name;
}

function listManifests(dir: string, shown: string): Array<{ full: string; shown: string }> {
  const found: Array<{ full: string; shown: string }> = [];
  const entries = readdirSync(dir, { withFileTypes: true }).sort(byName);
  const fullPath = childPath(dir);
  const shownPath = childPath(shown);
  for (const entry of entries) {
    if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
    const full = fullPath(entry.name);
    // Symbolic links to directories are not followed: no cycles.
    if (entry.isDirectory()) found.push(...listManifests(full, shownPath(entry.name)));
    else if ((entry.isFile() || entry.isSymbolicLink()) && MANIFEST.test(entry.name)) found.push({ full, shown: shownPath(entry.name) });
  }
  return found;
}

/** Bytes read per call; most manifests fit in one read. */
const CHUNK_BYTES = 64 * 1024;
/** This thread's read buffer (the text is decoded out of it before the next read). */
let chunk: Buffer | undefined;

/** The size of an open file too large to read, if its size says so (a device's does not). */
function sizeOver(fd: number): number | undefined {
  const { size } = fstatSync(fd);
  return size > MAX_BYTES ? size : undefined;
}

/**
 * Reads a file whole, at most MAX_BYTES of it: opened once and read until the end, with no stat first (a stat per file
 * was a fifth of reading the corpus); only a file longer than one read has its size looked at. Reading to the end
 * rather than to a size also bounds a device or a file that keeps growing.
 */
function readManifestFile(full: string, shown: string, size?: number): ManifestSource {
  if (size !== undefined && size > MAX_BYTES) return tooLarge(shown, size);
  const fd = openSync(full, "r");
  try {
    chunk ??= Buffer.allocUnsafe(CHUNK_BYTES);
    let read = readSync(fd, chunk, 0, CHUNK_BYTES, null);
    if (read < CHUNK_BYTES) return decodeManifest(shown, chunk.subarray(0, read));
    // Longer than one read: a file whose size already says too large is not read further.
    const known = sizeOver(fd);
    if (known !== undefined) return tooLarge(shown, known);
    const parts = [Buffer.from(chunk)];
    let total = read;
    while ((read = readSync(fd, chunk, 0, CHUNK_BYTES, null)) > 0) {
      total += read;
      if (total > MAX_BYTES) return tooLarge(shown, sizeOver(fd));
      parts.push(Buffer.from(chunk.subarray(0, read)));
    }
    return decodeManifest(shown, Buffer.concat(parts, total));
  } finally {
    closeSync(fd);
  }
}

function describeIoError(path: string, cause: unknown): string {
  const code = (cause as { code?: string } | null)?.code;
  if (code === "ENOENT") return `${path}: no such file or directory`;
  if (code === "EACCES" || code === "EPERM") return `${path}: permission denied`;
  if (code === "EISDIR") return `${path}: is a directory`;
  return `${path}: ${cause instanceof Error ? cause.message : String(cause)}`;
}

/** A file still to be read (`full`: its absolute path; `file`: as the user named it), or a source already read (stdin). */
export type ManifestInput = { kind: "file"; file: string; full: string; size?: number } | ManifestSource;

/** What the command line names, files not read yet, and the paths that could not be listed. */
export interface ListedInputs {
  inputs: ManifestInput[];
  ioErrors: string[];
}

/** Reads one listed input (files are read here; standard input was read when listed). Never throws. */
export function readManifestInput(input: ManifestInput): ManifestSource {
  if (input.kind !== "file") return input;
  try {
    return readManifestFile(input.full, input.file, input.size);
  } catch (cause) {
    return { kind: "unreadable", file: input.file, ioError: describeIoError(input.file, cause) };
  }
}

function listPath(path: string, cwd: string, listed: ListedInputs): void {
  const full = resolve(cwd, path);
  const info = statSync(full);
  if (!info.isDirectory()) {
    listed.inputs.push({ kind: "file", file: path, full, size: info.size });
    return;
  }
  const files = listManifests(full, path);
  if (files.length === 0) listed.ioErrors.push(`${path}: no manifest files (*.yaml, *.yml, *.json) in this directory`);
  for (const file of files) listed.inputs.push({ kind: "file", file: file.shown, full: file.full });
}

/**
 * Lists every input named on the command line, in order: directories expanded, standard input read. Files are read
 * later (readManifestInput), where it suits the caller.
 */
export async function listManifestInputs(paths: readonly string[], options: { cwd: string; stdin?: AsyncIterable<string | Uint8Array> | undefined }): Promise<ListedInputs> {
  const listed: ListedInputs = { inputs: [], ioErrors: [] };
  for (const path of paths) {
    try {
      if (path !== "-") listPath(path, options.cwd, listed);
      else if (options.stdin) listed.inputs.push(await readStdin(options.stdin));
      else listed.ioErrors.push("-: standard input is not available");
    } catch (cause) {
      listed.ioErrors.push(describeIoError(path, cause));
    }
  }
  return listed;
}
