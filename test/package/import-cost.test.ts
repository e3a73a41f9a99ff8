/**
 * What importing each entry loads. The client entry must stay cheap: no validators, no ajv or CEL, undici and the
 * YAML parser only when a client makes its first call, and the DB manager's gRPC client (node:http2) only when trial
 * metrics are read.
 */
import { execFileSync } from "node:child_process";
import { describe, expect, test } from "vitest";
import { repositoryRoot } from "../support/sources.ts";

/** The module URLs a fresh process resolves while importing `entry` (and running `after`, if given). */
function loadedModules(entry: string, after = ""): string[] {
  const script = `
    import { registerHooks } from "node:module";
    const seen = [];
    registerHooks({ resolve(specifier, context, next) { const result = next(specifier, context); seen.push(result.url); return result; } });
    const m = await import(${JSON.stringify(entry)});
    ${after}
    console.log(JSON.stringify(seen));
  `;
  const output = execFileSync(process.execPath, ["--input-type=module", "-e", script], { cwd: repositoryRoot, encoding: "utf8" });
  return JSON.parse(output.trim().split("\n").at(-1) ?? "[]") as string[];
}

const heavy = (urls: string[], pattern: RegExp): string[] => urls.filter((url) => pattern.test(url));

describe("import cost", () => {
  test("the root entry loads no validator, ajv, CEL engine, undici, YAML parser, the DB manager's gRPC client, tune()'s, train()'s or optimize()'s builders", () => {
    const urls = loadedModules("./src/index.ts");
    expect(heavy(urls, /\/validate\/|validators|ajv|cel-js|undici|\/yaml\/|node:http2|\/pbf\/|db-manager|tune-|objective-|optimize-experiment|train-job-spec|train-function|pip-install|torchtune-|initializers|runtime-patches|runtime-packages|resources-per-node/)).toEqual([]);
  });

  test("a client loads undici and the configuration loader on its first call, not before", () => {
    const urls = loadedModules(
      "./src/index.ts",
      `const katib = new m.KatibClient({ server: "https://127.0.0.1:1", token: "t", retry: false, timeoutMs: 500 });
       await katib.listExperiments().catch(() => {}); await katib.close();`,
    );
    expect(heavy(urls, /undici/).length).toBeGreaterThan(0);
    expect(heavy(urls, /\/validate\/|validators|ajv|cel-js/)).toEqual([]);
    // undici's dispatchers only: not its index, which loads fetch, WebSocket, caches and mocks (~55 ms more).
    expect(heavy(urls, /\/undici\/(index\.js|lib\/web\/)/)).toEqual([]);
  });

  test("undici's WebSocket loads with the first WebSocket (a port-forward), not with the transport", () => {
    const urls = loadedModules("./src/transport/transport.ts");
    expect(heavy(urls, /web-socket|\/undici\/lib\/web\/websocket/)).toEqual([]);
  });

  test("the kfts command tree loads no doctor check: they come when doctor runs", () => {
    const urls = loadedModules("./src/cli/program.ts");
    expect(urls.some((url) => url.endsWith("/cli/commands/doctor.ts"))).toBe(true);
    expect(heavy(urls, /\/cli\/doctor\//)).toEqual([]);
  });

  test("kfts validate's parse thread is started before the parser loads: its module loads only Node's own", () => {
    const urls = loadedModules("./src/validate/parsed-inputs.ts").filter((url) => !url.endsWith("/parsed-inputs.ts"));
    expect(urls.filter((url) => !url.startsWith("node:"))).toEqual([]);
    expect(urls).toContain("node:worker_threads");
  });

  test("the validate entry loads its validators only when a manifest needs them", () => {
    const urls = loadedModules("./src/validate/index.ts");
    expect(heavy(urls, /undici/)).toEqual([]);
    // Only the per-group index (a table of lazy imports) loads up front, not a kind's validator module.
    expect(heavy(urls, /\/validators\/(?!index\.ts$)/)).toEqual([]);
  });
});
