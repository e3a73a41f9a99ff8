/**
 * The fast path for JSON sources: the platform's JSON.parse for the value, and one linear scan of the text for
 * positions and duplicate keys (which kubectl refuses and JSON.parse silently merges). A 10 MB JSON manifest takes
 * milliseconds this way, where a YAML parser takes seconds. Text that is not strict JSON goes to the YAML parser.
 * Each value costs O(1) whatever its depth: positions are keyed by (container id, step), not by full path.
 */
import { error, type Finding, type Segment } from "./finding.ts";
import type { SourceDocument } from "./parse-documents.ts";
import { lineStarts, type Position, toPosition } from "../yaml/text-position.ts";

/** Deeper JSON is refused (the YAML parser gives up around the same depth; no manifest comes close). */
export const MAX_JSON_DEPTH = 1000;

const SEPARATOR = "\u0000";
const ROOT = -1;

/** An open object or array. */
interface Frame {
  id: number;
  array: boolean;
  index: number;
  keys: Set<string>;
  key?: string;
}

interface ScanState {
  /** `<container id>\0<step>` → offset of the value (or of the key, in `keys`). */
  values: Map<string, number>;
  keys: Map<string, number>;
  /** `<container id>\0<step>` → id of the container found there. */
  children: Map<string, number>;
  /** Container id → its parent's id and its step in it, to rebuild a path when one is needed. */
  parents: Map<number, { parent: number; step: string | number }>;
  findings: Finding[];
  stack: Frame[];
  depth: number;
  nextId: number;
}

function stringEnd(text: string, start: number): number {
  let index = start + 1;
  while (index < text.length && text[index] !== '"') index += text[index] === "\\" ? 2 : 1;
  return index;
}

/** The path of a container, rebuilt from parent links (only for findings, which are rare). */
function pathOf(state: ScanState, id: number): Segment[] {
  const segments: Segment[] = [];
  for (let link = state.parents.get(id); link; link = state.parents.get(link.parent)) segments.unshift(link.step);
  return segments;
}

/** Reads an object key at `index`; returns the offset of its closing quote. */
function readKey(text: string, index: number, frame: Frame, state: ScanState): number {
  const end = stringEnd(text, index);
  const raw = text.slice(index, end + 1);
  const key = raw.includes("\\") ? (JSON.parse(raw) as string) : raw.slice(1, -1);
  if (frame.keys.has(key)) state.findings.push(error("json.duplicate-key", [...pathOf(state, frame.id), key], `duplicate key "${key}"`, true));
  frame.keys.add(key);
  frame.key = key;
  state.keys.set(`${frame.id}${SEPARATOR}${key}`, index);
  return end;
}

/** Reads a value starting at `index`; returns the offset of its last character (or of `{`/`[`). */
function readValue(text: string, index: number, state: ScanState): number {
  const frame = state.stack.at(-1);
  const step = frame ? (frame.array ? frame.index : frame.key) : "";
  const parent = frame?.id ?? ROOT;
  const slot = `${parent}${SEPARATOR}${step ?? ""}`;
  state.values.set(slot, index);
  const char = text[index];
  if (char === "{" || char === "[") {
    const id = state.nextId++;
    state.children.set(slot, id);
    if (frame && step !== undefined) state.parents.set(id, { parent, step });
    state.stack.push({ id, array: char === "[", index: 0, keys: new Set() });
    state.depth = Math.max(state.depth, state.stack.length);
    return index;
  }
  if (char === '"') return stringEnd(text, index);
  let end = index;
  while (end + 1 < text.length && !",}] \n\r\t".includes(text[end + 1] as string)) end++;
  return end;
}

/** Offsets of every value and key, and the duplicate keys, in one pass over valid JSON. */
function scan(text: string): ScanState {
  const state: ScanState = { values: new Map(), keys: new Map(), children: new Map(), parents: new Map(), findings: [], stack: [], depth: 0, nextId: 0 };
  for (let index = 0; index < text.length; index++) {
    const char = text[index] as string;
    const frame = state.stack.at(-1);
    if (char === " " || char === "\n" || char === "\r" || char === "\t" || char === ":") continue;
    if (char === ",") {
      if (frame?.array) frame.index++;
      else if (frame) frame.key = undefined;
    } else if (char === "}" || char === "]") {
      state.stack.pop();
    } else if (char === '"' && frame && !frame.array && frame.key === undefined) {
      index = readKey(text, index, frame, state);
    } else {
      index = readValue(text, index, state);
      if (state.depth > MAX_JSON_DEPTH) break;
    }
  }
  return state;
}

/** Finds a field's offset: the deepest value on the path, or the key itself when asked and present. */
function findOffset(state: ScanState, at: readonly Segment[], key: boolean): number | undefined {
  let offset = state.values.get(`${ROOT}${SEPARATOR}`);
  let container = state.children.get(`${ROOT}${SEPARATOR}`);
  for (const [position, segment] of at.entries()) {
    if (container === undefined) return offset;
    const slot = `${container}${SEPARATOR}${segment}`;
    const found = state.values.get(slot);
    if (found === undefined) return offset;
    if (key && position === at.length - 1) return state.keys.get(slot) ?? found;
    offset = found;
    container = state.children.get(slot);
  }
  return offset;
}

/** Whether a source should take the JSON path. */
export function looksLikeJson(text: string): boolean {
  return /^\s*[{[]/.test(text);
}

function tooDeep(message: string): SourceDocument {
  return { index: 0, value: undefined, empty: false, findings: [error("json.depth", [], message)], locate: () => undefined };
}

/** Parses a JSON source; undefined when it is not strict JSON (the YAML parser then reports or reads it). */
export function parseJsonSource(text: string): SourceDocument | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    return cause instanceof RangeError ? tooDeep("nesting is too deep to parse") : undefined;
  }
  const state = scan(text);
  if (state.depth > MAX_JSON_DEPTH) return tooDeep(`nesting is deeper than ${MAX_JSON_DEPTH} levels`);
  const starts = lineStarts(text);
  const locate = (at: readonly Segment[], key?: boolean): Position | undefined => {
    const offset = findOffset(state, at, key === true);
    return offset === undefined ? undefined : toPosition(starts, offset);
  };
  return { index: 0, value, empty: false, findings: state.findings, locate, start: locate([]) ?? { line: 1, column: 1 } };
}
