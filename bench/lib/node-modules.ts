/** Counting what an install brought in: packages in a node_modules tree (nested ones too) and its size on disk. */
import { existsSync, lstatSync, readdirSync } from "node:fs";
import { join } from "node:path";

/** Every package directory under `nodeModules`, including scoped and nested ones. */
export function listPackages(nodeModules: string): string[] {
  if (!existsSync(nodeModules)) return [];
  const found: string[] = [];
  for (const entry of readdirSync(nodeModules)) {
    if (entry.startsWith(".")) continue;
    const dirs = entry.startsWith("@") ? readdirSync(join(nodeModules, entry)).map((name) => join(entry, name)) : [entry];
    for (const dir of dirs) {
      const full = join(nodeModules, dir);
      if (!existsSync(join(full, "package.json"))) continue;
      found.push(dir);
      found.push(...listPackages(join(full, "node_modules")).map((nested) => `${dir}/node_modules/${nested}`));
    }
  }
  return found;
}

/** Apparent size in bytes of every file below `dir` (symlinks not followed). */
export function treeBytes(dir: string): number {
  if (!existsSync(dir)) return 0;
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) total += treeBytes(full);
    else if (entry.isFile()) total += lstatSync(full).size;
  }
  return total;
}
