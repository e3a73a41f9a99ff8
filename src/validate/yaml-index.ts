/**
 * One YAML document's event stream (js-yaml's parseEvents), read for what the parsed value cannot tell: where each
 * field is (issue positions), keys that repeat (kubectl refuses them), keys YAML 1.1 reads as booleans, and how far
 * aliases expand. Built only when needed: a valid document never pays for its positions.
 */
import {
  constructFromEvents,
  EVENT_ALIAS,
  EVENT_DOCUMENT,
  EVENT_MAPPING,
  EVENT_POP,
  EVENT_SCALAR,
  EVENT_SEQUENCE,
  type Event,
  getScalarValue,
  SCALAR_STYLE_DOUBLE_QUOTED,
  SCALAR_STYLE_FOLDED_BLOCK,
  SCALAR_STYLE_LITERAL_BLOCK,
  SCALAR_STYLE_PLAIN,
  SCALAR_STYLE_SINGLE_QUOTED,
  type ScalarEvent,
} from "js-yaml";
import { anchorName } from "../yaml/alias-expansion.ts";
import { KUBE_YAML_SCHEMA } from "../yaml/kube-yaml.ts";
import { error, type Finding, type Segment, warning } from "./finding.ts";

/** A document's events: `events[from]` is its DOCUMENT event, `events[to - 1]` the POP that ends it. */
export interface DocumentEvents {
  events: readonly Event[];
  from: number;
  to: number;
  /** The text the events' offsets point into. */
  source: string;
}

/** Offsets (into the events' source) of a field's value and, for a mapping entry, of its key. */
interface Entry {
  value: number;
  key?: number;
  /** For an alias: the path key of the node it stands for (paths continue there). */
  aliasOf?: string;
}

/** What indexing a document found. */
export interface DocumentIndex {
  /** Path key (segments joined by NUL) → offsets; the last occurrence of a repeated key wins, as in the value. */
  entries: Map<string, Entry>;
  duplicateKeys: Finding[];
  booleanKeys: Finding[];
}

const SEPARATOR = "\u0000";
/** Plain keys that resolve to themselves: not a number, null or boolean. */
const LITERAL_KEY = /^[A-Za-z_][-A-Za-z0-9_./]*$/;
const NON_LITERAL_WORDS = new Set(["null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE", "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF"]);
const MERGE_KEY = "<<";

const DOCUMENT_START: Event = { type: EVENT_DOCUMENT, explicitStart: false, explicitEnd: false, directives: [] };
const POP: Event = { type: EVENT_POP };

function childKey(parent: string, segment: Segment): string {
  return `${parent}${SEPARATOR}${segment}`;
}

/** A scalar's value as the document's schema resolves it (one scalar, as its own document). */
function resolveScalar(event: ScalarEvent, source: string): unknown {
  try {
    return constructFromEvents([DOCUMENT_START, event, POP], { source, schema: KUBE_YAML_SCHEMA })[0];
  } catch {
    return undefined;
  }
}

function scalarText(event: ScalarEvent, source: string): string {
  return event.fast ? source.slice(event.valueStart, event.valueEnd) : getScalarValue(source, event);
}

/** Where a node starts, as an editor shows it: at the quote, the block indicator, the alias's `*`. */
export function nodeOffset(event: Event, source: string): number | undefined {
  switch (event.type) {
    case EVENT_MAPPING:
    case EVENT_SEQUENCE:
      return event.start;
    case EVENT_ALIAS:
      return event.anchorStart - 1;
    case EVENT_SCALAR: {
      if (event.valueStart < 0) return undefined;
      if (event.style === SCALAR_STYLE_SINGLE_QUOTED || event.style === SCALAR_STYLE_DOUBLE_QUOTED) return event.valueStart - 1;
      if (event.style === SCALAR_STYLE_LITERAL_BLOCK || event.style === SCALAR_STYLE_FOLDED_BLOCK) {
        // The content starts on the line after the `|`/`>` header; point at the header.
        const indicator = Math.max(source.lastIndexOf("|", event.valueStart - 1), source.lastIndexOf(">", event.valueStart - 1));
        return indicator >= 0 ? indicator : event.valueStart;
      }
      return event.valueStart;
    }
    default:
      return undefined;
  }
}

interface KeyName {
  name: string | undefined;
  /** Set when a plain key reads as something other than its text (`on` → "true"). */
  resolvedFrom?: string;
}

function keyName(event: Event, source: string): KeyName {
  if (event.type !== EVENT_SCALAR) return { name: undefined };
  const text = scalarText(event, source);
  const plain = event.style === SCALAR_STYLE_PLAIN && event.tagStart < 0;
  if (plain && LITERAL_KEY.test(text) && !NON_LITERAL_WORDS.has(text)) return { name: text };
  if (!plain && event.tagStart < 0) return { name: text };
  const value = resolveScalar(event, source);
  const name = String(value);
  return plain && typeof value === "boolean" && name !== text ? { name, resolvedFrom: text } : { name };
}

interface Frame {
  map: boolean;
  path: string;
  segments: Segment[];
  index: number;
  expectKey: boolean;
  key?: string;
  keyOffset?: number;
  keys: Set<string>;
  /** Inside a complex key or a merge: not indexed. */
  skip: boolean;
}

/** Reads a mapping key: records it on the frame, with the duplicate and boolean findings it causes. */
function readKey(frame: Frame, event: Event, source: string, index: DocumentIndex): void {
  frame.expectKey = false;
  const { name, resolvedFrom } = keyName(event, source);
  frame.key = name === MERGE_KEY && event.type === EVENT_SCALAR && event.style === SCALAR_STYLE_PLAIN ? undefined : name;
  frame.keyOffset = nodeOffset(event, source);
  if (frame.key === undefined || frame.skip) return;
  const at = [...frame.segments, frame.key];
  if (resolvedFrom !== undefined) {
    index.booleanKeys.push(warning("yaml.boolean-key", at, `key ${resolvedFrom} is read as the boolean ${frame.key} (YAML 1.1, as kubectl reads it): quote it`, true));
  }
  if (frame.keys.has(frame.key)) index.duplicateKeys.push(error("yaml.duplicate-key", at, `duplicate key "${frame.key}"`, true));
  frame.keys.add(frame.key);
}

function openFrame(map: boolean, path: string, segments: Segment[], skip: boolean): Frame {
  return { map, path, segments, index: 0, expectKey: map, keys: new Set(), skip };
}

/** Indexes one document: positions of every field, repeated keys, boolean keys. */
export function indexDocument({ events, from, to, source }: DocumentEvents): DocumentIndex {
  const index: DocumentIndex = { entries: new Map(), duplicateKeys: [], booleanKeys: [] };
  const anchors = new Map<string, string>();
  const frames: Frame[] = [];
  for (let at = from + 1; at < to; at++) {
    const event = events[at] as Event;
    if (event.type === EVENT_POP) {
      frames.pop();
      continue;
    }
    if (event.type === EVENT_DOCUMENT) continue;
    const parent = frames.at(-1);
    const collection = event.type === EVENT_MAPPING || event.type === EVENT_SEQUENCE;
    if (parent?.map && parent.expectKey) {
      readKey(parent, event, source, index);
      // A mapping or sequence used as a key is not a field path.
      if (collection) frames.push(openFrame(event.type === EVENT_MAPPING, "", [], true));
      continue;
    }
    let segments: Segment[] = [];
    let skip = parent?.skip ?? false;
    if (parent?.map) {
      parent.expectKey = true;
      if (parent.key === undefined) skip = true;
      else segments = [...parent.segments, parent.key];
    } else if (parent) {
      segments = [...parent.segments, parent.index++];
    }
    const path = parent ? childKey(parent.path, segments.at(-1) as Segment) : "";
    if (!skip) {
      const offset = nodeOffset(event, source);
      const keyOffset = parent?.map ? parent.keyOffset : undefined;
      const entry: Entry = { value: offset ?? keyOffset ?? index.entries.get(parent?.path ?? "")?.value ?? 0 };
      if (keyOffset !== undefined) entry.key = keyOffset;
      if (event.type === EVENT_ALIAS) {
        const target = anchors.get(source.slice(event.anchorStart, event.anchorEnd));
        if (target !== undefined) entry.aliasOf = target;
      }
      index.entries.set(path, entry);
      const anchor = anchorName(event, source);
      if (anchor !== undefined) anchors.set(anchor, path);
    }
    if (collection) frames.push(openFrame(event.type === EVENT_MAPPING, path, segments, skip));
  }
  return index;
}

/** The offset of the deepest node on the path that is in the source (its key's with `key`, when all of it is). */
export function findOffset(index: DocumentIndex, at: readonly Segment[], key = false): number | undefined {
  let path = "";
  let entry = index.entries.get(path);
  if (entry === undefined) return undefined;
  for (const segment of at) {
    const base = entry.aliasOf ?? path;
    const next = index.entries.get(childKey(base, segment));
    if (next === undefined) return entry.value;
    path = childKey(base, segment);
    entry = next;
  }
  return key && entry.key !== undefined && at.length > 0 ? entry.key : entry.value;
}
