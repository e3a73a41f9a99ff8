import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { fetchSources, toSourceUrl } from "../../codegen/fetch-sources.ts";
import { loadSourcesLock } from "../../codegen/main.ts";
import { verifySources } from "../../codegen/sources-lock.ts";
import { repositoryRoot, sourcesDir } from "../support/sources.ts";

const lock = loadSourcesLock();
const byUrlPath = new Map(lock.files.map((file) => [new URL(toSourceUrl(file, "http://x")).pathname, file.path]));
let server: Server;
let baseUrl: string;
let tamper = false;
const scratch = mkdtempSync(join(tmpdir(), "kfts-fetch-"));

beforeAll(async () => {
  // Plays upstream: serves each pinned file at <owner>/<repo>/<commit>/<upstream path>, from the local copies.
  server = createServer((request, response) => {
    const local = byUrlPath.get(request.url ?? "");
    if (!local) return void response.writeHead(404).end("not found");
    const body = readFileSync(join(sourcesDir, local));
    response.writeHead(200).end(tamper ? Buffer.concat([body, Buffer.from("\n")]) : body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => {
  server.close();
  rmSync(scratch, { recursive: true, force: true });
});

describe("fetch-sources", () => {
  test("URLs name the repository, the pinned commit and the upstream path", () => {
    const [file] = lock.files;
    expect(toSourceUrl(file!)).toBe(`https://raw.githubusercontent.com/kubeflow/katib/${file!.commit}/${file!.upstreamPath}`);
  });

  test("downloads every pinned file into a directory the codegen accepts", async () => {
    const out = join(scratch, "sources");
    await promisify(execFile)(process.execPath, ["codegen/main.ts", "fetch-sources", "--out", out, "--base-url", baseUrl], { cwd: repositoryRoot });
    expect(verifySources(lock.files, (path) => readFileSync(join(out, path)))).toEqual([]);
  });

  test("a file that does not match its sha256 is refused and nothing is written", async () => {
    tamper = true;
    try {
      await expect(fetchSources(lock.files, { baseUrl })).rejects.toThrow(/has sha256 .* expected/);
    } finally {
      tamper = false;
    }
  });

  test("an HTTP error names the URL", async () => {
    const [file] = lock.files;
    await expect(fetchSources([{ ...file!, commit: "0".repeat(40) }], { baseUrl })).rejects.toThrow(/answered HTTP 404/);
  });
});
