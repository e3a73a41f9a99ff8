/**
 * The docs show the examples verbatim: every ```ts block marked `<!-- example: FILE -->` equals that file, and
 * every example is in a doc. The examples themselves are type-checked with the project (tsconfig includes them)
 * and run against the control plane by test/e2e/examples.test.ts.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { repositoryRoot } from "../support/sources.ts";

const docs = readdirSync(join(repositoryRoot, "docs")).filter((name) => name.endsWith(".md"));
const blocks = docs.flatMap((doc) => {
  const text = readFileSync(join(repositoryRoot, "docs", doc), "utf8");
  return [...text.matchAll(/<!-- example: (\S+) -->\n```ts\n([\s\S]*?)```/g)].map((match) => ({ doc, file: match[1] as string, code: match[2] as string }));
});

describe("docs examples", () => {
  test.each(blocks.map((b) => [b.doc, b.file, b.code]))("%s shows %s verbatim", (_doc, file, code) => {
    expect(code).toBe(readFileSync(join(repositoryRoot, file), "utf8"));
  });

  test("every example appears in a doc", () => {
    const shown = new Set(blocks.map((b) => b.file));
    const examples = readdirSync(join(repositoryRoot, "examples")).map((name) => `examples/${name}`);
    expect(examples.filter((file) => !shown.has(file))).toEqual([]);
  });
});
