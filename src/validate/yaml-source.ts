/**
 * Reads a YAML source into documents with js-yaml: its event stream once, values constructed from the events in
 * kubectl's dialect, and a field's position looked up in the same events only when an issue asks for it. A syntax
 * error in one document does not hide the others: the source is then read document by document.
 */
import { boolYaml11Tag, constructFromEvents, defineScalarTag, EVENT_ALIAS, EVENT_DOCUMENT, EVENT_MAPPING, EVENT_POP, EVENT_SEQUENCE, type Event, NOT_RESOLVED, parseEvents } from "js-yaml";
import { expandedAliasCount } from "../yaml/alias-expansion.ts";
import { KUBE_YAML_SCHEMA, MAX_ALIASES, MAX_DEPTH, toYamlProblem, type YamlProblem } from "../yaml/kube-yaml.ts";
import { error, type Finding } from "./finding.ts";
import type { ParsedSource, SourceDocument } from "./parse-documents.ts";
import { lineStarts, type Position, toPosition } from "../yaml/text-position.ts";
import type { Locator } from "./positions.ts";
import { type DocumentEvents, findKeyProblems, locateOffset } from "./yaml-index.ts";

/** Set while constructing values when a scalar reads as a boolean from a YAML 1.1 spelling (`on`, `yes`, `True`…). */
let sawYaml11Boolean = false;

/** kubectl's boolean tag, noting YAML 1.1 spellings: only then are keys walked, to warn about `on:` and the like. */
const observedBoolean = defineScalarTag(boolYaml11Tag.tagName, {
  ...boolYaml11Tag,
  resolve: (source, isExplicit, tagName) => {
    const value = boolYaml11Tag.resolve(source, isExplicit, tagName);
    if (value !== NOT_RESOLVED && source !== "true" && source !== "false") sawYaml11Boolean = true;
    return value;
  },
});
const SCHEMA = KUBE_YAML_SCHEMA.withTags(observedBoolean);
/** Lines that start a document (`---`) or end one (`...`), where a source is split to isolate a syntax error. */
const DOCUMENT_MARKER = /^(?:---|\.\.\.)(?=[ \t\r\n]|$)/gm;

/** Line starts of the whole source, computed once and only when a position is asked for. */
class SourceLines {
  private starts: number[] | undefined;
  private readonly text: string;

  constructor(text: string) {
    this.text = text;
  }

  position(offset: number): Position {
    this.starts ??= lineStarts(this.text);
    return toPosition(this.starts, offset);
  }
}

/** Where a document is in its event stream, and where that stream's text starts in the whole source. */
export interface DocumentPlace extends DocumentEvents {
  base: number;
}

/** Positions in `text` by offset (line starts are found on first use). */
export function positionsIn(text: string): (offset: number) => Position {
  const lines = new SourceLines(text);
  return (offset) => lines.position(offset);
}

/** The locator of a document at `place`: a targeted scan of its events per question. */
export function placeLocator(place: DocumentPlace, position: (offset: number) => Position): Locator {
  return (at, key) => {
    const offset = locateOffset(place, at, key);
    return offset === undefined ? undefined : position(place.base + offset);
  };
}

function ruleOf(problem: YamlProblem): string {
  const { reason } = problem;
  if (reason.includes("duplicated mapping key")) return "yaml.duplicate-key";
  if (reason.includes("tab characters")) return "yaml.tab-as-indent";
  if (reason.includes("indentation")) return "yaml.bad-indent";
  if (reason.includes("maxDepth") || reason.includes("too deep")) return "yaml.depth";
  if (reason.includes("maxAliases")) return "yaml.alias-limit";
  if (reason.includes("tag")) return "yaml.unknown-tag";
  return "yaml.syntax";
}

function problemFinding(problem: YamlProblem, base: number, lines: SourceLines): Finding {
  const rule = ruleOf(problem);
  const message = rule === "yaml.depth" ? `nesting is too deep to parse (more than ${MAX_DEPTH} levels)` : problem.reason;
  const finding = error(rule, [], message);
  return problem.offset === undefined ? finding : { ...finding, position: lines.position(base + problem.offset) };
}

/** Event ranges of the documents in a stream. */
function documentRanges(events: readonly Event[]): Array<{ from: number; to: number; aliases: boolean }> {
  const ranges: Array<{ from: number; to: number; aliases: boolean }> = [];
  let depth = 0;
  let from = 0;
  let aliases = false;
  for (let at = 0; at < events.length; at++) {
    const { type } = events[at] as Event;
    if (type === EVENT_DOCUMENT) {
      if (depth === 0) {
        from = at;
        aliases = false;
      }
      depth++;
    } else if (type === EVENT_MAPPING || type === EVENT_SEQUENCE) {
      depth++;
    } else if (type === EVENT_ALIAS) {
      aliases = true;
    } else if (type === EVENT_POP && --depth === 0) {
      ranges.push({ from, to: at + 1, aliases });
    }
  }
  return ranges;
}

function construct(events: readonly Event[], source: string): unknown[] {
  return constructFromEvents(events as Event[], { source, schema: SCHEMA, maxAliases: MAX_ALIASES });
}

interface Stream {
  events: readonly Event[];
  /** The text the events point into, and where it starts in the whole source. */
  source: string;
  base: number;
}

function toDocument(stream: Stream, range: { from: number; to: number; aliases: boolean }, value: unknown, problem: YamlProblem | undefined, lines: SourceLines, warnBooleanKeys: boolean): SourceDocument {
  const place: DocumentPlace = { events: stream.events, from: range.from, to: range.to, source: stream.source, base: stream.base };
  const locate = placeLocator(place, (offset) => lines.position(offset));
  const findings: Finding[] = [];
  if (problem) {
    const duplicates = ruleOf(problem) === "yaml.duplicate-key" ? findKeyProblems(place).duplicateKeys : [];
    findings.push(...(duplicates.length > 0 ? duplicates : [problemFinding(problem, stream.base, lines)]));
    return { index: 0, value: undefined, empty: false, findings, locate, place };
  }
  if (range.aliases && expandedAliasCount(stream.events, range.from, range.to, stream.source) > MAX_ALIASES) {
    findings.push(error("yaml.alias-limit", [], `too many aliases: expanded, they resolve more than ${MAX_ALIASES} times`));
    return { index: 0, value: undefined, empty: false, findings, locate, place };
  }
  if (warnBooleanKeys) findings.push(...findKeyProblems(place).booleanKeys);
  // kubectl skips empty documents (only comments, `---`, or `null`): license headers come out this way.
  return { index: 0, value, empty: value === null || value === undefined, findings, locate, place, aliased: range.aliases };
}

/** The documents of one event stream; a document whose value cannot be constructed gets the reason as a finding. */
function streamDocuments(stream: Stream, lines: SourceLines): SourceDocument[] {
  sawYaml11Boolean = false;
  let values: unknown[] | undefined;
  try {
    values = construct(stream.events, stream.source);
  } catch {
    // One document is at fault: construct them one by one to say which.
  }
  const warnBooleanKeys = sawYaml11Boolean;
  // Most manifests are one document without aliases (no `*` in the text): its events are the whole stream.
  const ranges =
    values?.length === 1 && !stream.source.includes("*") ? [{ from: 0, to: stream.events.length, aliases: false }] : documentRanges(stream.events);
  return ranges.map((range, at) => {
    if (values) return toDocument(stream, range, values[at], undefined, lines, warnBooleanKeys);
    sawYaml11Boolean = false;
    try {
      const [value] = construct(stream.events.slice(range.from, range.to), stream.source);
      return toDocument(stream, range, value, undefined, lines, sawYaml11Boolean);
    } catch (cause) {
      return toDocument(stream, range, undefined, toYamlProblem(cause), lines, false);
    }
  });
}

/** The source split at document markers, each part with its offset. */
function splitDocuments(text: string): Array<{ text: string; base: number }> {
  const starts = [0, ...Array.from(text.matchAll(DOCUMENT_MARKER), (match) => match.index).filter((offset) => offset > 0)];
  return starts.map((base, at) => ({ base, text: text.slice(base, starts[at + 1] ?? text.length) }));
}

/** Reads a source document by document, so that a syntax error is reported where it is and the rest still read. */
function readIsolated(text: string, lines: SourceLines): SourceDocument[] {
  const documents: SourceDocument[] = [];
  for (const part of splitDocuments(text)) {
    try {
      const events = parseEvents(part.text, { maxDepth: MAX_DEPTH });
      documents.push(...streamDocuments({ events, source: part.text, base: part.base }, lines));
    } catch (cause) {
      const finding = problemFinding(toYamlProblem(cause), part.base, lines);
      documents.push({ index: 0, value: undefined, empty: false, findings: [finding], locate: () => finding.position });
    }
  }
  return documents;
}

/** Parses a YAML source (JSON included) into documents. Never throws. */
export function parseYamlSource(text: string): ParsedSource {
  const lines = new SourceLines(text);
  let documents: SourceDocument[];
  try {
    const events = parseEvents(text, { maxDepth: MAX_DEPTH });
    documents = streamDocuments({ events, source: text, base: 0 }, lines);
  } catch {
    documents = readIsolated(text, lines);
  }
  return { documents: documents.map((document, index) => ({ ...document, index })), findings: [] };
}
