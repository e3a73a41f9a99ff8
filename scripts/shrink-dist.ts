/**
 * Build step, last: makes dist/ smaller without making it unreadable. ajv's standalone validators are machine code
 * that nobody reads and that repeats itself heavily (4.6 MB as emitted, 1.5 MB minified): minified. The rest of the
 * JavaScript loses its comments only (reprinted by esbuild, names and layout kept, so users' stack traces stay
 * readable; the TSDoc is in the .d.ts files). The declarations keep their comments and are indented by two spaces
 * where tsc and openapi-typescript write four.
 */
import { readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { transformSync } from "esbuild";

const root = new URL("../dist/", import.meta.url).pathname;
const totals = { validators: [0, 0], javascript: [0, 0], declarations: [0, 0] };

/** Replaces a file's text by another name and a rename, so an interrupted build never leaves half a file. */
function rewrite(file: string, text: string): void {
  writeFileSync(`${file}.tmp`, text);
  renameSync(`${file}.tmp`, file);
}

for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile()) continue;
  const file = join(entry.parentPath, entry.name);
  let kind: keyof typeof totals;
  let output: string;
  const source = readFileSync(file, "utf8");
  if (entry.name.endsWith(".d.ts")) {
    kind = "declarations";
    output = source.replace(/^(?: {4})+/gm, (indent) => " ".repeat(indent.length / 2));
  } else if (entry.name.endsWith(".js")) {
    const validator = entry.parentPath.endsWith("validators") && entry.name !== "index.js";
    kind = validator ? "validators" : "javascript";
    output = transformSync(source, { minify: validator, format: "esm", target: "node22", legalComments: "none" }).code;
  } else continue;
  rewrite(file, output);
  totals[kind][0] += source.length;
  totals[kind][1] += output.length;
}
const mb = ([before, after]: number[]): string => `${((before ?? 0) / 1e6).toFixed(2)} → ${((after ?? 0) / 1e6).toFixed(2)} MB`;
console.log(`shrunk dist/: validators ${mb(totals.validators)} (minified), other JavaScript ${mb(totals.javascript)} (comments), declarations ${mb(totals.declarations)} (indentation)`);
