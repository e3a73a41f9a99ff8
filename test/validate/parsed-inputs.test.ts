/**
 * parsedInputs: inputs parsed by the parse thread come back exactly as parsed here — values, findings, and the
 * position of every field — in order, each once; a thread that fails or stops early loses nothing.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Segment } from "../../src/validate/finding.ts";
import { listManifestInputs, type ManifestInput } from "../../src/validate/load-manifest-sources.ts";
import type { ParsedSource } from "../../src/validate/parse-documents.ts";
import { type ParsedInput, parsedInputs, startParseThread, startParsing, THREAD_MIN_INPUTS } from "../../src/validate/parsed-inputs.ts";
import { validateEachFile } from "../../src/validate/validate-files.ts";
import { corpusDir } from "../support/sources.ts";

/** Sources that take every path of the parser: several documents, syntax errors, aliases, JSON, odd encodings. */
const CRAFTED: Record<string, string | Buffer> = {
  "multi.yaml": "# license\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n---\nkind: List\nitems:\n  - {kind: X}\n",
  "broken-middle.yaml": "a: 1\n---\nb: [\n---\nc: 'three'\n",
  "duplicate.yaml": "a: 1\nb: 2\na: 3\n",
  "aliases.yaml": "base: &b {cpu: 1}\nx: *b\ny:\n  <<: *b\n  on: yes\n",
  "bomb.yaml": `a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [${Array(10).fill("*a").join(", ")}]\nc: [${Array(10).fill("*b").join(", ")}]\n`,
  "manifest.json": '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "j"}, "data": {"k": "v"}}',
  "block.yaml": "script: |\n  echo one\n  echo two\nfolded: >\n  a\n  b\nquoted: \"x\\ty\"\n",
  "empty.yaml": "",
  "nul.yaml": "a: b\u0000",
  "latin1.yaml": Buffer.from([0x61, 0x3a, 0x20, 0xe9, 0x0a]),
  "utf16.yaml": Buffer.from([0xff, 0xfe, 0x61, 0x00]),
  "deep.yaml": `a: ${"[".repeat(5000)}`,
  "deep.json": "[".repeat(100_000),
  "tags.yaml": "bin: !!binary aGVsbG8=\nset: !!set {a, b}\nnum: !!float 1\nodd: [.inf, -.inf, .nan, -0]\n",
};

let dir: string;
let inputs: ManifestInput[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "kfts-parsed-inputs-"));
  mkdirSync(join(dir, "corpus"));
  for (const [name, content] of Object.entries(CRAFTED)) writeFileSync(join(dir, name), content);
  // Listed, but gone by the time it is read: an I/O error in its place.
  symlinkSync(join(dir, "no-such-target.yaml"), join(dir, "dangling.yaml"));
  const corpus = readdirSync(corpusDir, { recursive: true }).map(String).filter((file) => /\.(ya?ml|json)$/.test(file));
  for (const [index, file] of corpus.entries()) writeFileSync(join(dir, "corpus", `${String(index).padStart(3, "0")}.yaml`), readFileSync(join(corpusDir, file), "utf8"));
  const listed = await listManifestInputs(["."], { cwd: dir });
  inputs = listed.inputs;
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every path of a value, objects' keys and arrays' indexes. */
function pathsOf(value: unknown, at: Segment[] = [], found: Segment[][] = []): Segment[][] {
  found.push(at);
  if (Array.isArray(value)) value.forEach((item, index) => pathsOf(item, [...at, index], found));
  else if (value !== null && typeof value === "object") for (const [key, item] of Object.entries(value)) pathsOf(item, [...at, key], found);
  return found;
}

/** What a parsed input says: its data, and where each field of each document is (value and key). */
function describeInput(input: ParsedInput): unknown {
  if (input.kind !== "parsed") return input;
  return { file: input.file, text: input.text, parsed: describeParse(input.parsed) };
}

function describeParse(parsed: ParsedSource): unknown {
  return {
    findings: parsed.findings,
    documents: parsed.documents.map(({ locate, place: _place, ...document }) => ({
      ...document,
      positions: pathsOf(document.value).map((path) => [path.join("/"), locate(path), locate(path, true)]),
    })),
  };
}

async function collect(source: AsyncIterable<ParsedInput>): Promise<unknown[]> {
  const described: unknown[] = [];
  for await (const input of source) described.push(describeInput(input));
  return described;
}

/** A thread starter for startParsing that keeps the threads it starts, to look at them afterwards. */
function recordedThreads(): { started: Worker[]; start: () => Worker | undefined } {
  const started: Worker[] = [];
  const start = (): Worker | undefined => {
    const worker = startParseThread();
    if (worker) started.push(worker);
    return worker;
  };
  return { started, start };
}

describe("parsedInputs", () => {
  test("the thread's results equal the ones parsed here, positions included, in input order", async () => {
    expect(inputs.length).toBeGreaterThan(40);
    const here = await collect(parsedInputs(inputs));
    const thread = startParseThread();
    expect(thread).toBeInstanceOf(Worker);
    const there = await collect(parsedInputs(inputs, thread));
    expect(there).toEqual(here);
    // The crafted inputs did take the paths they are for.
    expect(here).toContainEqual({ kind: "unreadable", file: "dangling.yaml", ioError: "dangling.yaml: no such file or directory" });
    const byFile = new Map(here.map((input) => [(input as { file?: string }).file, input]));
    expect(byFile.get("latin1.yaml")).toMatchObject({ rule: "input.encoding" });
    expect(JSON.stringify(byFile.get("broken-middle.yaml"))).toContain("yaml.");
  });

  test("a thread that has stopped leaves every input to be parsed here, once, in order", async () => {
    const thread = startParseThread() as Worker;
    await thread.terminate();
    const files = (await collect(parsedInputs(inputs, thread))).map((input) => (input as { file?: string }).file ?? input);
    expect(files).toEqual((await collect(parsedInputs(inputs))).map((input) => (input as { file?: string }).file ?? input));
  });

  test("a thread that fails part-way: what it delivered is kept, the rest is parsed here", async () => {
    // A stand-in thread that answers the first batch of the protocol, then fails.
    const failing = new Worker(
      `const { parentPort } = require("node:worker_threads");
       parentPort.once("message", ({ inputs }) => {
         parentPort.postMessage({ results: [{ kind: "invalid", file: inputs[0].file, problem: "from the thread", rule: "test.thread" }] });
         setTimeout(() => { throw new Error("the thread fails"); }, 20);
       });`,
      { eval: true },
    );
    failing.on("error", () => undefined);
    const results = await collect(parsedInputs(inputs, failing));
    const expected = await collect(parsedInputs(inputs));
    expect(results[0]).toEqual({ kind: "invalid", file: (inputs[0] as { file: string }).file, problem: "from the thread", rule: "test.thread" });
    expect(results.slice(1)).toEqual(expected.slice(1));
  });

  test("startParsing starts a thread only for paths that may be many, and uses it only for many inputs", async () => {
    const { started, start } = recordedThreads();
    // Two files: no thread.
    const few = startParsing(["one.yaml", "two.yaml"], dir, start);
    expect(started).toHaveLength(0);
    expect(await collect(few.parse(inputs.slice(0, 2)))).toEqual(await collect(parsedInputs(inputs.slice(0, 2))));
    // A directory may hold many: a thread at once, which parses them as here.
    expect(inputs.length).toBeGreaterThanOrEqual(THREAD_MIN_INPUTS);
    const many = startParsing(["."], dir, start);
    expect(started).toHaveLength(1);
    expect(await collect(many.parse(inputs))).toEqual(await collect(parsedInputs(inputs)));
    expect(started[0]?.threadId).toBe(-1);
    // A directory with few inputs after all: the thread is ended, the inputs parsed here.
    const fewAfterAll = startParsing(["."], dir, start);
    const exited = new Promise((resolve) => started[1]?.once("exit", resolve));
    expect(await collect(fewAfterAll.parse(inputs.slice(0, 3)))).toEqual(await collect(parsedInputs(inputs.slice(0, 3))));
    await exited;
    // Cancelled before parsing (the listing failed): the thread is ended.
    const cancelled = startParsing(["."], dir, start);
    await cancelled.cancel();
    expect(started[2]?.threadId).toBe(-1);
    // Cancelled after parse took the thread, its results never read (a generator not started has no finally to run).
    const abandoned = startParsing(["."], dir, start);
    void abandoned.parse(inputs);
    await abandoned.cancel();
    expect(started[3]?.threadId).toBe(-1);
  });

  test("validateEachFile: outcomes ended early end the thread", async () => {
    const { started, start } = recordedThreads();
    const early = await validateEachFile(startParsing(["."], dir, start), ["."], { cwd: dir });
    const first = await early.outcomes.next();
    expect(first.done).toBe(false);
    await early.outcomes.return(undefined);
    expect(started[0]?.threadId).toBe(-1);
  });
});
