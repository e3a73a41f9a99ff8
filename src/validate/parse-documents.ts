/**
 * Splits a manifest source (multi-document YAML, or JSON) into documents with positions, as kubectl reads it:
 * YAML 1.1 booleans (`yes`, `on`…), `<<` merge keys, duplicate keys refused. Hostile input stays bounded: a size cap,
 * binary content refused before parsing, aliases limited when building values, nesting limited by the parser.
 */
import type { Document, LineCounter, ScalarTag, Tags } from "yaml";
import { error, type Finding, type Segment, warning } from "./finding.ts";
import { looksLikeJson, parseJsonSource } from "./json-source.ts";
import { type Locator, type Position, toLocator } from "./positions.ts";
import { yamlPackage } from "./yaml-package.ts";

/** Sources larger than this are not parsed (the apiserver takes 3 MiB per request). */
export const MAX_SOURCE_CHARS = 64 * 1024 * 1024;

/** Aliases resolved per document: ordinary anchors are fine, a "billion laughs" is stopped. */
const MAX_ALIAS_COUNT = 100;

/** One document of a source. */
export interface SourceDocument {
  index: number;
  /** The parsed value; undefined when the document could not be parsed. */
  value: unknown;
  /** A comment-only or empty document (license headers): nothing to validate. */
  empty: boolean;
  /** Syntax and structure problems; a document with an error-severity one is not validated further. */
  findings: Finding[];
  locate: Locator;
  start?: Position;
}

/** A parsed source. */
export interface ParsedSource {
  documents: SourceDocument[];
  /** Problems with the source as a whole (size, binary content). */
  findings: Finding[];
}

const BOOL_TAG = "tag:yaml.org,2002:bool";
/** go-yaml v2 (what kubectl uses) reads YAML 1.1 booleans. */
const YAML11_BOOL = /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
const YAML11_TRUE = /^(?:y|Y|yes|Yes|YES|true|True|TRUE|on|On|ON)$/;

/** go-yaml v2 (what kubectl uses) reads YAML 1.1 booleans: `yes`, `no`, `on`, `off`, `y`, `n`. */
const yaml11Bool: ScalarTag = {
  identify: (value) => typeof value === "boolean",
  default: true,
  tag: BOOL_TAG,
  test: YAML11_BOOL,
  resolve: (text) => YAML11_TRUE.test(text),
};

function withYaml11Bool(tags: Tags): Tags {
  return [yaml11Bool, ...tags.filter((tag) => typeof tag === "string" || tag.tag !== BOOL_TAG)];
}

/** Duplicate keys in every map of the document (the parser's own check is quadratic, this one is not). */
function duplicateKeys(doc: Document.Parsed): Finding[] {
  const { isMap, isScalar, isSeq } = yamlPackage();
  const findings: Finding[] = [];
  const pending: Array<[unknown, Segment[]]> = [[doc.contents, []]];
  while (pending.length > 0) {
    const [node, at] = pending.pop() as [unknown, Segment[]];
    if (isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        const name = isScalar(pair.key) ? String(pair.key.value) : undefined;
        if (name === undefined || name === "<<") continue;
        if (isScalar(pair.key) && typeof pair.key.value === "boolean" && pair.key.source !== name) {
          findings.push(warning("yaml.boolean-key", [...at, name], `key ${pair.key.source} is read as the boolean ${name} (YAML 1.1, as kubectl reads it): quote it`, true));
        }
        if (seen.has(name)) findings.push(error("yaml.duplicate-key", [...at, name], `duplicate key "${name}"`, true));
        seen.add(name);
        pending.push([pair.value, [...at, name]]);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => pending.push([item, [...at, index]]));
    }
  }
  return findings;
}

function parserFinding(problem: { code: string; message: string }, severity: "error" | "warning"): Finding {
  const firstLine = problem.message.split("\n")[0] ?? problem.message;
  if (/call stack/i.test(firstLine)) return error("yaml.depth", [], "nesting is too deep to parse");
  const rule = `yaml.${problem.code.toLowerCase().replaceAll("_", "-")}`;
  return severity === "error" ? error(rule, [], firstLine) : warning(rule, [], firstLine);
}

function toValue(doc: Document.Parsed): { value?: unknown; finding?: Finding } {
  try {
    return { value: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) };
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    if (/alias/i.test(message)) return { finding: error("yaml.alias-limit", [], `too many aliases (more than ${MAX_ALIAS_COUNT}): ${message}`) };
    if (cause instanceof RangeError) return { finding: error("yaml.depth", [], "nesting is too deep to parse") };
    return { finding: error("yaml.syntax", [], message) };
  }
}

function positionAt(lines: LineCounter, offset: number): Position {
  const { line, col } = lines.linePos(offset);
  return { line, column: col };
}

function toSourceDocument(doc: Document.Parsed, index: number, lines: LineCounter): SourceDocument {
  const locate = toLocator(doc, lines);
  const start = positionAt(lines, doc.range[0]);
  const problems = [...doc.errors.map((problem) => ({ problem, severity: "error" as const })), ...doc.warnings.map((problem) => ({ problem, severity: "warning" as const }))];
  // Parser problems carry their own offsets, not paths.
  const all: Finding[] = problems.map(({ problem, severity }) => ({ ...parserFinding(problem, severity), position: positionAt(lines, problem.pos[0]) }));
  // The parser reports running out of stack once per level it unwinds: once is enough.
  const findings = all.filter((finding, index) => finding.rule !== "yaml.depth" || all.findIndex((other) => other.rule === "yaml.depth") === index);
  if (doc.errors.length > 0) return { index, value: undefined, empty: false, findings, locate, start };
  findings.push(...duplicateKeys(doc));
  const { value, finding } = toValue(doc);
  if (finding) findings.push(finding);
  // kubectl skips empty documents (only comments, `---`, or `null`): license headers come out this way.
  return { index, value, empty: !finding && (value === null || value === undefined), findings, locate, start };
}

/** Problems that stop a source from being parsed at all. */
function sourceProblem(source: string): Finding | undefined {
  if (source.length > MAX_SOURCE_CHARS) {
    return error("input.too-large", [], `the source is ${source.length} characters; sources over ${MAX_SOURCE_CHARS} are not parsed`);
  }
  const nul = source.indexOf("\u0000");
  if (nul >= 0) return error("input.binary", [], `binary content (a NUL character at offset ${nul}): not a YAML or JSON manifest`);
  return undefined;
}

/** Parses a manifest source into documents. Never throws. */
export function parseManifestSource(source: string): ParsedSource {
  const problem = sourceProblem(source);
  if (problem) return { documents: [], findings: [problem] };
  const text = source.startsWith("\uFEFF") ? source.slice(1) : source;
  if (looksLikeJson(text)) {
    const json = parseJsonSource(text);
    if (json) return { documents: [json], findings: [] };
  }
  return parseYamlSource(text);
}

/** Parses YAML with the `yaml` package. */
export function parseYamlSource(text: string): ParsedSource {
  const { LineCounter, parseAllDocuments } = yamlPackage();
  const lines: LineCounter = new LineCounter();
  try {
    const docs = parseAllDocuments(text, { lineCounter: lines, uniqueKeys: false, merge: true, prettyErrors: false, customTags: withYaml11Bool });
    const list = Array.isArray(docs) ? docs : [];
    return { documents: list.map((doc, index) => toSourceDocument(doc, index, lines)), findings: [] };
  } catch (cause) {
    const deep = cause instanceof RangeError;
    return { documents: [], findings: [error(deep ? "yaml.depth" : "yaml.syntax", [], deep ? "nesting is too deep to parse" : String(cause))] };
  }
}
