/**
 * API reports: records the public surface of each package entry point (package.json "exports") as a committed
 * api/*.api.md, with API Extractor — one config per entry, api/api-extractor.<entry>.json, extending
 * api/api-extractor.base.json. Reads the declarations in dist/, so `npm run build` comes first.
 *
 *   node scripts/api-report.ts           (`npm run api:report`) rewrites the reports that changed: review, commit
 *   node scripts/api-report.ts --check   (`npm run api:check`, CI) fails, printing the diff, if any report is stale
 *
 * A change of the public surface is thus always a reviewed diff. Every entry with "types" must have a config.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { relative, resolve } from "node:path";
import { CompilerState, Extractor, ExtractorConfig, type ExtractorMessage } from "@microsoft/api-extractor";

const root = resolve(import.meta.dirname, "..");
const check = process.argv.includes("--check");
const fail = (message: string): never => {
  console.error(`api-report: ${message}`);
  process.exit(1);
};

const entryOf = new Map<string, string>(); // mainEntryPointFilePath → export key, in package.json's order
const exportsField: Record<string, { types?: string } | string> = JSON.parse(readFileSync(resolve(root, "package.json"), "utf8")).exports;
for (const [key, target] of Object.entries(exportsField)) if (typeof target === "object" && target.types) entryOf.set(resolve(root, target.types), key);
const order = [...entryOf.keys()];
const configs = readdirSync(resolve(root, "api"))
  .filter((name) => /^api-extractor\.(?!base\.).+\.json$/.test(name))
  .map((name) => ExtractorConfig.loadFileAndPrepare(resolve(root, "api", name)))
  .sort((a, b) => order.indexOf(a.mainEntryPointFilePath) - order.indexOf(b.mainEntryPointFilePath));
const uncovered = [...entryOf].filter(([file]) => !configs.some((config) => config.mainEntryPointFilePath === file));
if (uncovered.length > 0) fail(`no api/api-extractor.<entry>.json for ${uncovered.map(([file, key]) => `"${key}" (${relative(root, file)})`).join(", ")}`);
const unbuilt = configs.filter((config) => !existsSync(config.mainEntryPointFilePath));
if (unbuilt.length > 0) fail(`${unbuilt.map((config) => relative(root, config.mainEntryPointFilePath)).join(", ")} missing: run \`npm run build\` first`);

// One program for all entries: they share most declarations, and each entry then costs only its own analysis.
const compilerState = CompilerState.create(configs[0]!, { additionalEntryPoints: configs.map((config) => config.mainEntryPointFilePath) });
// API Extractor's notices about the report file are replaced by ours (which name the entry and the fix); the diff prints.
const replaced = ["console-preamble", "console-api-report-not-copied", "console-api-report-copied", "console-api-report-created"];
const quiet = (message: ExtractorMessage): void => {
  if (replaced.includes(message.messageId)) message.handled = true;
};
const stale: string[] = [];
let failed = false;
for (const config of configs) {
  const report = relative(root, resolve(config.reportFolder, config.reportConfigs[0]!.fileName));
  const entry = entryOf.get(config.mainEntryPointFilePath) ?? relative(root, config.mainEntryPointFilePath);
  const existed = existsSync(resolve(root, report));
  const result = Extractor.invoke(config, { localBuild: !check, compilerState, printApiReportDiff: check, messageCallback: quiet });
  if (result.apiReportChanged) stale.push(`"${entry}" → ${report}`);
  if (!result.succeeded) failed = true;
  const status = !result.apiReportChanged ? "up to date" : check ? (existed ? "OUT OF DATE" : "MISSING") : existed ? "updated" : "created";
  console.log(`${entry.padEnd(12)} ${report}: ${status}`);
}
if (check && stale.length > 0) {
  fail(`the public API differs from the committed report for ${stale.join(", ")}.\n` +
    "If the change is intended, run `npm run build && npm run api:report` and commit api/*.api.md with it, for review.");
}
if (failed) fail("API Extractor reported errors or warnings (above)");
if (!check && stale.length > 0) console.log("api-report: review and commit the updated api/*.api.md");
