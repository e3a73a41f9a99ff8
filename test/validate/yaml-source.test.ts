/**
 * The YAML reader: values in kubectl's dialect, positions from the event stream, repeated and boolean keys, aliases,
 * and syntax errors confined to their document.
 */
import { describe, expect, test } from "vitest";
import { validateManifests } from "../../src/validate/index.ts";
import { parseYamlSource } from "../../src/validate/yaml-source.ts";

function only(source: string) {
  const [document] = parseYamlSource(source).documents;
  if (!document) throw new Error("no document");
  return document;
}

describe("values", () => {
  test.each([
    ["0o17", 15],
    ["0x1F", 31],
    ["017", 17],
    ["1_000", "1_000"],
    ["+12", 12],
    ["-3", -3],
    ["1e3", 1000],
    [".5", 0.5],
    [".inf", Number.POSITIVE_INFINITY],
    ["-.Inf", Number.NEGATIVE_INFINITY],
    ["~", null],
    ["Null", null],
    ["", null],
    ["2001-12-14", "2001-12-14"],
    ["'0755'", "0755"],
    ['"on"', "on"],
    ["!!str 12", "12"],
    ["y", true],
    ["N", false],
  ])("%s reads as %j", (text, expected) => {
    expect(only(`a: ${text}\n`).value).toEqual({ a: expected });
  });

  test("block scalars, folded and literal", () => {
    expect(only("a: |\n  x\n  y\nb: >-\n  p\n  q\n").value).toEqual({ a: "x\ny\n", b: "p q" });
  });

  test("merge keys: explicit keys win over merged ones", () => {
    expect(only("base: &b {x: 1, z: 0}\nder:\n  <<: *b\n  z: 2\n").value).toEqual({ base: { x: 1, z: 0 }, der: { x: 1, z: 2 } });
  });

  test("documents keep their order and index; empty ones are marked empty", () => {
    const { documents } = parseYamlSource("# header\n---\na: 1\n---\n---\nb: 2\n");
    expect(documents.map((document) => [document.index, document.empty, document.value])).toEqual([
      [0, false, { a: 1 }],
      [1, true, null],
      [2, false, { b: 2 }],
    ]);
  });
});

describe("positions", () => {
  const source = ["a:", '  quoted: "x"', "  single: 'y'", "  block: |", "    text", "  list:", "    - first", "    - k: v", "  empty:", "anchor: &n {inner: 1}", "ref: *n", ""].join("\n");
  const document = only(source);

  test.each([
    [["a", "quoted"], { line: 2, column: 11 }],
    [["a", "single"], { line: 3, column: 11 }],
    [["a", "block"], { line: 4, column: 10 }],
    [["a", "list", 0], { line: 7, column: 7 }],
    [["a", "list", 1, "k"], { line: 8, column: 10 }],
    [["a", "empty"], { line: 9, column: 3 }],
    [["ref"], { line: 11, column: 6 }],
    [["ref", "inner"], { line: 10, column: 20 }],
    [["a", "list", 5], { line: 7, column: 5 }],
    [["nowhere", "deep"], { line: 1, column: 1 }],
  ])("%j is at %j", (at, position) => {
    expect(document.locate(at)).toEqual(position);
  });

  test("keys, when asked for", () => {
    expect(document.locate(["a", "list", 1, "k"], true)).toEqual({ line: 8, column: 7 });
  });

  test("positions count from the start of the whole source in later documents", () => {
    const second = parseYamlSource("a: 1\n---\nb:\n  c: [1, 2]\n").documents[1];
    expect(second?.locate(["b", "c", 1])).toEqual({ line: 4, column: 10 });
  });
});

describe("keys", () => {
  test("every repeated key is an error at the repeated key, with its path", () => {
    const { findings } = only("a: 1\nb:\n  c: 1\n  c: 2\na: 3\n");
    expect(findings.map((finding) => [finding.rule, finding.at.join(".")])).toEqual([
      ["yaml.duplicate-key", "b.c"],
      ["yaml.duplicate-key", "a"],
    ]);
  });

  test("a boolean-looking key warns; the same word as a value does not", async () => {
    const report = await validateManifests("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata:\n  enabled: on\n  yes: x\n");
    expect(report.issues.filter((issue) => issue.rule === "yaml.boolean-key").map((issue) => [issue.path, issue.line])).toEqual([["data.true", 6]]);
  });
});

describe("errors", () => {
  test("a document after one that cannot be constructed is still read, and still warned about", () => {
    const { documents } = parseYamlSource("a: 1\na: 2\n---\non: x\n");
    expect(documents.map((document) => document.findings.map((finding) => finding.rule))).toEqual([["yaml.duplicate-key"], ["yaml.boolean-key"]]);
    expect(documents[1]?.value).toEqual({ true: "x" });
  });

  test("a syntax error stays in its document: the others are still read", () => {
    const { documents } = parseYamlSource("a: 1\n---\nb: [1,\nc: 2\n---\nd: 4\n");
    expect(documents.map((document) => document.value)).toEqual([{ a: 1 }, undefined, { d: 4 }]);
    expect(documents[1]?.findings).toMatchObject([{ severity: "error", rule: "yaml.bad-indent", position: { line: 4 } }]);
  });

  test("an unknown tag is an error in its document only", () => {
    const { documents } = parseYamlSource("a: !secret x\n---\nb: 2\n");
    expect(documents[0]?.findings.map((finding) => finding.rule)).toEqual(["yaml.unknown-tag"]);
    expect(documents[1]?.value).toEqual({ b: 2 });
  });

  test("a few aliases are fine; nested aliases that expand past the limit are not", () => {
    expect(only("base: &x {a: 1}\nrefs: [*x, *x, *x]\n").value).toEqual({ base: { a: 1 }, refs: [{ a: 1 }, { a: 1 }, { a: 1 }] });
    const levels = ["l0: &l0 [1, 2]"];
    for (let level = 1; level <= 4; level++) levels.push(`l${level}: &l${level} [${Array(5).fill(`*l${level - 1}`).join(", ")}]`);
    // 4 levels of 5 aliases: 20 alias nodes in the text, 780 once expanded.
    expect(only(levels.join("\n")).findings.map((finding) => finding.rule)).toEqual(["yaml.alias-limit"]);
  });

  test("an error message never carries the source excerpt", () => {
    const { documents } = parseYamlSource("token: s3cr3t-value\nbad: [\n");
    expect(JSON.stringify(documents[0]?.findings)).not.toContain("s3cr3t");
  });
});
