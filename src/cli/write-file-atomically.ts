/** Files the CLI writes for the user (schemas, pages): never left half-written. */
import { renameSync, writeFileSync } from "node:fs";

/** Writes `text` beside `path` first and renames it into place, so an interrupted run leaves the old file or none. */
export function writeFileAtomically(path: string, text: string): void {
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}
