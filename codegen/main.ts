/**
 * `npm run generate` / `kfts generate`: reads the pinned API sources (or CRD files), verifies them, and writes
 * generated/. The only codegen module that touches the filesystem.
 *
 *   generate --sources DIR [--out DIR] [--check]     from the sources lock (KUBEFLOW_API_SOURCES when --sources is absent)
 *   generate --crd FILE [--crd FILE…] [--out DIR]    from plain CRD YAML (every served version)
 *   kfts generate --from-cluster [--group G…] [--out DIR]  with kfts' connection flags (the CLI passes its connection)
 *   diff-api OLD_DIR NEW_DIR [-o text|json] [--fail-on-breaking]
 *   fetch-sources --out DIR [--base-url URL]         download the pinned sources from upstream
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { type ApiInput, apiInputFromOpenApi, apiInputsFromCrds } from "./api-input.ts";
import { type CustomResourceDefinition, hasStructuralSchema, parseCrds } from "./crd.ts";
import { diffCrds, diffOpenApi, formatChangeReport, toChangeReport } from "./diff-api.ts";
import type { EmitDeps } from "./emit-types.ts";
import { fetchSources } from "./fetch-sources.ts";
import { generateApis } from "./generate.ts";
import { DEFAULT_CLUSTER_GROUPS, loadClusterInputs } from "./load-from-cluster.ts";
import type { OpenApiDocument } from "./overlay.ts";
import type { Connection } from "../src/resource/connection.ts";
import { describeSourceProblems, filesOf, parseSourcesLock, SOURCES_ENV, type SourcesLock, verifySources } from "./sources-lock.ts";

/** The package root (codegen/ runs from the repository, dist/codegen/ from the installed package). */
const HERE = dirname(fileURLToPath(import.meta.url));
const PACKAGE_ROOT = existsSync(join(HERE, "../package.json")) ? resolve(HERE, "..") : resolve(HERE, "../..");

/** Thrown for problems the user fixes (missing sources, bad arguments); printed as one line, no stack. */
export class CodegenError extends Error {
  readonly code = "ERR_KFTS_CODEGEN";
}

/** Loads the pinned lock shipped with the package. */
export function loadSourcesLock(): SourcesLock {
  return parseSourcesLock(readFileSync(join(PACKAGE_ROOT, "crds/sources.lock.json"), "utf8"));
}

/** Resolves the sources directory from --sources or KUBEFLOW_API_SOURCES. */
export function resolveSourcesDir(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const dir = explicit || env[SOURCES_ENV];
  if (!dir) throw new CodegenError(`no API sources: set ${SOURCES_ENV} to the pinned sources directory (or pass --sources DIR)`);
  if (!existsSync(dir)) throw new CodegenError(`API sources directory ${dir} does not exist: set ${SOURCES_ENV} (or --sources DIR) to the pinned sources directory`);
  return resolve(dir);
}

function reader(dir: string): (path: string) => Uint8Array | undefined {
  return (path) => {
    const full = join(dir, path);
    return existsSync(full) ? readFileSync(full) : undefined;
  };
}

/** Loads and verifies the inputs of the lock's products. */
export function loadLockInputs(lock: SourcesLock, sourcesDir: string): ApiInput[] {
  const read = reader(sourcesDir);
  const inputs: ApiInput[] = [];
  for (const [product, info] of Object.entries(lock.products)) {
    const files = filesOf(lock, product, info.release);
    const problems = verifySources(files, read);
    if (problems.length > 0) throw new CodegenError(describeSourceProblems(problems, sourcesDir));
    const text = (path: string): string => Buffer.from(read(path) as Uint8Array).toString("utf8");
    const crds = files.filter((f) => f.roles.includes("resource-metadata")).flatMap((f) => parseCrds(text(f.path), f.path));
    const typesFile = files.find((f) => f.roles.includes("types") && f.path.endsWith(".json"));
    const provenance = `${product} ${info.release} (${files[0]?.repository}@${files[0]?.commit.slice(0, 12)})`;
    if (info.typesFrom === "openapi" && typesFile) {
      const document = JSON.parse(text(typesFile.path)) as OpenApiDocument;
      inputs.push(apiInputFromOpenApi(product, info.group, info.version, document, crds, provenance));
    } else {
      inputs.push(...apiInputsFromCrds(crds, provenance).map((input) => ({ ...input, product })));
    }
  }
  return inputs;
}

/** The inputs of the groups served by the cluster behind `connection`. */
async function loadInputsFromCluster(connection: Connection, groups: readonly string[] = DEFAULT_CLUSTER_GROUPS): Promise<ApiInput[]> {
  const inputs = await loadClusterInputs(await connection.transport(), groups);
  if (inputs.length === 0) throw new CodegenError(`no CustomResourceDefinition of ${groups.join(", ")} on the cluster`);
  return inputs;
}

/** The CRDs of the lock's files with role `validation` (verified by loadLockInputs): what the validators enforce. */
export function loadValidationCrds(lock: SourcesLock, sourcesDir: string): CustomResourceDefinition[] {
  return Object.entries(lock.products).flatMap(([product, info]) =>
    filesOf(lock, product, info.release)
      .filter((file) => file.roles.includes("validation"))
      .flatMap((file) => parseCrds(readFileSync(join(sourcesDir, file.path), "utf8"), file.path)),
  );
}

/** Loads openapi-typescript and typescript, which are optional peer dependencies of the package. */
export async function loadEmitDeps(): Promise<EmitDeps> {
  try {
    const openapi = await import("openapi-typescript");
    const ts = (await import("typescript")).default as unknown as EmitDeps["ts"];
    const { emitValidators } = await import("./validators/emit-validators.ts");
    return {
      openapiTS: openapi.default as EmitDeps["openapiTS"],
      astToString: openapi.astToString as EmitDeps["astToString"],
      transformSchemaObject: openapi.transformSchemaObject as EmitDeps["transformSchemaObject"],
      ts,
      emitValidators,
    };
  } catch {
    throw new CodegenError("generating needs the packages openapi-typescript, typescript and ajv: npm install -D openapi-typescript typescript ajv");
  }
}

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".ts"))
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)));
}

/** Files that differ between what the sources produce and what is on disk. */
export function diffOutput(files: Map<string, string>, outDir: string): string[] {
  const changed = [...files].filter(([path, content]) => !existsSync(join(outDir, path)) || readFileSync(join(outDir, path), "utf8") !== content).map(([path]) => path);
  const stale = listFiles(outDir).filter((path) => !files.has(path));
  return [...changed, ...stale.map((path) => `${path} (not produced by the sources)`)];
}

/** Writes every file next to its target first and renames, so an interrupted run never leaves a half-written file. */
export function writeOutput(files: Map<string, string>, outDir: string, options: { prune?: boolean } = {}): void {
  for (const [path, content] of files) {
    const target = join(outDir, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(`${target}.tmp`, content);
    renameSync(`${target}.tmp`, target);
  }
  if (options.prune === false) return;
  for (const path of listFiles(outDir)) if (!files.has(path)) rmSync(join(outDir, path));
}

/**
 * Runs the generator with command-line arguments; returns the exit code. `--from-cluster` reads the cluster behind
 * `connection`: `kfts generate` passes the one its connection flags describe.
 */
export async function runGenerate(argv: string[], log: (line: string) => void = console.log, connection?: Connection): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      sources: { type: "string" },
      out: { type: "string" },
      check: { type: "boolean" },
      crd: { type: "string", multiple: true },
      "from-cluster": { type: "boolean" },
      group: { type: "string", multiple: true },
    },
  });
  const started = performance.now();
  const outDir = resolve(values.out ?? join(PACKAGE_ROOT, "generated"));
  const crds = values.crd?.flatMap((file) => parseCrds(readFileSync(file, "utf8"), file));
  const fromLock = !values["from-cluster"] && !crds;
  if (values["from-cluster"] && connection === undefined) {
    throw new CodegenError("--from-cluster connects as kfts does: run kfts generate --from-cluster with kfts' connection flags (--kubeconfig, --context, --server, --token-file, --certificate-authority, …)");
  }
  const inputs = values["from-cluster"] && connection
    ? await loadInputsFromCluster(connection, values.group)
    : crds
      ? apiInputsFromCrds(crds, (values.crd ?? []).join(", "))
      : loadLockInputs(loadSourcesLock(), resolveSourcesDir(values.sources));
  if (inputs.length === 0) throw new CodegenError("no CustomResourceDefinition found in the given files");
  const validationCrds = fromLock ? loadValidationCrds(loadSourcesLock(), resolveSourcesDir(values.sources)) : (crds ?? []);
  const files = await generateApis(inputs, await loadEmitDeps(), validationCrds);
  if (values.check) {
    const differences = diffOutput(files, outDir);
    if (differences.length > 0) {
      log(`generated/ is out of date (${differences.length} files differ): ${differences.slice(0, 5).join(", ")}; run npm run generate`);
      return 1;
    }
    log(`generated/ is up to date (${files.size} files)`);
    return 0;
  }
  writeOutput(files, outDir);
  log(`generated ${files.size} files for ${inputs.map((i) => `${i.group}/${i.version}`).join(", ")} in ${Math.round(performance.now() - started)} ms`);
  return 0;
}

/** The API of one release directory: its CRDs, and its OpenAPI document when it has one (openapi/*.json). */
function loadReleaseApi(dir: string): { crds: CustomResourceDefinition[]; openapi?: OpenApiDocument } {
  if (!existsSync(dir)) throw new CodegenError(`${dir} does not exist`);
  const entries = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
  const crds = entries
    .filter((e) => /\.ya?ml$/.test(e.name))
    .flatMap((e) => parseCrds(readFileSync(join(e.parentPath, e.name), "utf8"), join(e.parentPath, e.name)))
    .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
  const openapiFile = entries.find((e) => e.name.endsWith(".json"));
  const openapi = openapiFile ? (JSON.parse(readFileSync(join(openapiFile.parentPath, openapiFile.name), "utf8")) as OpenApiDocument) : undefined;
  return openapi ? { crds, openapi } : { crds };
}

/**
 * `diff-api OLD NEW`: what changed between two releases. Structural CRD schemas are compared when the releases have
 * them (they carry CEL rules and constraints); otherwise the OpenAPI documents. Exit 1 with --fail-on-breaking when
 * anything is breaking.
 */
export function runDiffApi(argv: string[], log: (line: string) => void = console.log): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { output: { type: "string", short: "o", default: "text" }, "fail-on-breaking": { type: "boolean" } },
  });
  const [oldDir, newDir] = positionals;
  if (!oldDir || !newDir || positionals.length > 2 || !["text", "json"].includes(values.output)) {
    throw new CodegenError("usage: diff-api OLD_SOURCES NEW_SOURCES [-o text|json] [--fail-on-breaking]");
  }
  const [before, after] = [loadReleaseApi(oldDir), loadReleaseApi(newDir)];
  const structural = (api: typeof before): boolean => api.crds.some((crd) => crd.spec.versions.some(hasStructuralSchema));
  let changes;
  if (structural(before) && structural(after)) changes = diffCrds(before.crds, after.crds);
  else if (before.openapi && after.openapi) changes = diffOpenApi(before.openapi, after.openapi);
  else throw new CodegenError("diff-api: neither structural CRDs nor OpenAPI documents found in both directories");
  const report = toChangeReport(changes);
  log(values.output === "json" ? JSON.stringify(report, null, 2) : formatChangeReport(report));
  return values["fail-on-breaking"] && report.summary.breaking > 0 ? 1 : 0;
}

/** `fetch-sources --out DIR`: downloads and verifies every pinned file, then writes them (nothing on failure). */
export async function runFetchSources(argv: string[], log: (line: string) => void = console.log): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { out: { type: "string" }, "base-url": { type: "string" } } });
  if (!values.out) throw new CodegenError("usage: fetch-sources --out DIR [--base-url URL]");
  const files = await fetchSources(loadSourcesLock().files, values["base-url"] ? { baseUrl: values["base-url"] } : {});
  writeOutput(new Map([...files].map(([path, bytes]) => [path, Buffer.from(bytes).toString("utf8")])), resolve(values.out), { prune: false });
  log(`fetched ${files.size} files into ${values.out}; set ${SOURCES_ENV}=${values.out}`);
  return 0;
}

if (import.meta.main) {
  const [command, ...rest] = process.argv.slice(2);
  const commands: Record<string, () => Promise<number>> = {
    "diff-api": async () => runDiffApi(rest),
    "fetch-sources": () => runFetchSources(rest),
  };
  const run = commands[command ?? ""] ?? (() => runGenerate(process.argv.slice(2)));
  run().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`generate: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(error instanceof CodegenError ? 2 : 1);
    },
  );
}
