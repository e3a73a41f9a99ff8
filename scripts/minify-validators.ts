/**
 * Build step: minifies the emitted validators in dist/. ajv's standalone output is machine code that nobody reads
 * and repeats itself heavily (4.6 MB as emitted, 1.5 MB minified), so the installed package stays small; the rest
 * of dist/ stays readable for users' stack traces.
 */
import { readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { transformSync } from "esbuild";

const root = new URL("../dist/generated/", import.meta.url).pathname;
let before = 0;
let after = 0;
for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !entry.name.endsWith(".js") || !entry.parentPath.endsWith("validators") || entry.name === "index.js") continue;
  const file = join(entry.parentPath, entry.name);
  const source = readFileSync(file, "utf8");
  const { code } = transformSync(source, { minify: true, format: "esm", target: "node22", legalComments: "none" });
  writeFileSync(`${file}.tmp`, code);
  renameSync(`${file}.tmp`, file);
  before += source.length;
  after += code.length;
}
console.log(`minified validators: ${(before / 1e6).toFixed(1)} MB → ${(after / 1e6).toFixed(1)} MB`);
