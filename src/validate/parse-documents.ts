/**
 * Splits a manifest source (multi-document YAML, or JSON) into documents with positions, as kubectl reads it:
 * YAML 1.1 booleans (`yes`, `on`…), `<<` merge keys, duplicate keys refused. Hostile input stays bounded: a size cap,
 * binary content refused before parsing, aliases limited when building values, nesting limited by the parser.
 */
import { error, type Finding } from "./finding.ts";
import { looksLikeJson, parseJsonSource } from "./json-source.ts";
import { MAX_SOURCE_CHARS } from "./limits.ts";
import type { Locator, Position } from "./positions.ts";
import { type DocumentPlace, parseYamlSource } from "./yaml-source.ts";


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
  /** The value reaches a node more than once (YAML aliases): it is not a tree, and must be copied before changes. */
  aliased?: boolean;
  /** Where a YAML document's events are (what `locate` scans). */
  place?: DocumentPlace;
}

/** A parsed source. */
export interface ParsedSource {
  documents: SourceDocument[];
  /** Problems with the source as a whole (size, binary content). */
  findings: Finding[];
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
