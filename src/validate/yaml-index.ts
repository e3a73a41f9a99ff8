/**
 * One YAML document's event stream (js-yaml's parseEvents), read for what the parsed value cannot tell: where a field
 * is (issue positions: one targeted scan per issue, so a valid document never pays for positions), keys that repeat
 * (kubectl refuses them) and keys YAML 1.1 reads as booleans (a walk over every key, only when needed).
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

/** What walking a document's keys found. */
export interface KeyFindings {
  duplicateKeys: Finding[];
  booleanKeys: Finding[];
}

/** Plain keys that resolve to themselves: not a number, null or boolean. */
const LITERAL_KEY = /^[A-Za-z_][-A-Za-z0-9_./]*$/;
const NON_LITERAL_WORDS = new Set(["null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE", "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF"]);
const MERGE_KEY = "<<";

const DOCUMENT_START: Event = { type: EVENT_DOCUMENT, explicitStart: false, explicitEnd: false, directives: [] };
const POP: Event = { type: EVENT_POP };

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
function nodeOffset(event: Event, source: string): number | undefined {
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
  segments: Segment[];
  index: number;
  expectKey: boolean;
  key?: string;
  keys: Set<string>;
  /** Inside a complex key or under a merge key: not a field path. */
  skip: boolean;
}

/** Reads a mapping key: records it on the frame, with the duplicate and boolean findings it causes. */
function readKey(frame: Frame, event: Event, source: string, found: KeyFindings): void {
  frame.expectKey = false;
  const { name, resolvedFrom } = keyName(event, source);
  frame.key = name === MERGE_KEY && event.type === EVENT_SCALAR && event.style === SCALAR_STYLE_PLAIN ? undefined : name;
  if (frame.key === undefined || frame.skip) return;
  const at = [...frame.segments, frame.key];
  if (resolvedFrom !== undefined) {
    found.booleanKeys.push(warning("yaml.boolean-key", at, `key ${resolvedFrom} is read as the boolean ${frame.key} (YAML 1.1, as kubectl reads it): quote it`, true));
  }
  if (frame.keys.has(frame.key)) found.duplicateKeys.push(error("yaml.duplicate-key", at, `duplicate key "${frame.key}"`, true));
  frame.keys.add(frame.key);
}

function openFrame(map: boolean, segments: Segment[], skip: boolean): Frame {
  return { map, segments, index: 0, expectKey: map, keys: new Set(), skip };
}

/** Walks every key of a document: repeated keys, and plain keys YAML 1.1 reads as booleans. */
export function findKeyProblems({ events, from, to, source }: DocumentEvents): KeyFindings {
  const found: KeyFindings = { duplicateKeys: [], booleanKeys: [] };
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
      readKey(parent, event, source, found);
      // A mapping or sequence used as a key is not a field path.
      if (collection) frames.push(openFrame(event.type === EVENT_MAPPING, [], true));
      continue;
    }
    if (!collection) {
      if (parent?.map) parent.expectKey = true;
      else if (parent) parent.index++;
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
    frames.push(openFrame(event.type === EVENT_MAPPING, segments, skip));
  }
  return found;
}

/** The index just past the node that starts at `index` (its whole subtree), noting the anchors it defines. */
function skipNode(events: readonly Event[], index: number, source: string, anchors: Map<string, number>): number {
  let depth = 0;
  let at = index;
  do {
    const event = events[at] as Event;
    const anchor = anchorName(event, source);
    if (anchor !== undefined) anchors.set(anchor, at);
    if (event.type === EVENT_MAPPING || event.type === EVENT_SEQUENCE) depth++;
    else if (event.type === EVENT_POP) depth--;
    at++;
  } while (depth > 0 && at < events.length);
  return at;
}

/** The value of `name` in the mapping at `index` (the last occurrence, as in the value), and its key. */
function findEntry(events: readonly Event[], index: number, name: string, source: string, anchors: Map<string, number>): { key: number; value: number } | undefined {
  let found: { key: number; value: number } | undefined;
  for (let cursor = index + 1; cursor < events.length && (events[cursor] as Event).type !== EVENT_POP; ) {
    const value = skipNode(events, cursor, source, anchors);
    if (keyName(events[cursor] as Event, source).name === name) found = { key: cursor, value };
    cursor = skipNode(events, value, source, anchors);
  }
  return found;
}

/** The item at `position` of the sequence at `index`. */
function findItem(events: readonly Event[], index: number, position: number, source: string, anchors: Map<string, number>): number | undefined {
  let cursor = index + 1;
  for (let item = 0; item < position && cursor < events.length && (events[cursor] as Event).type !== EVENT_POP; item++) cursor = skipNode(events, cursor, source, anchors);
  return cursor < events.length && (events[cursor] as Event).type !== EVENT_POP ? cursor : undefined;
}

/**
 * The offset of the deepest node on the path that is in the source (its key's with `key`, when all of it is). Paths
 * go through aliases into the anchored node, as the value does.
 */
export function locateOffset({ events, from, to, source }: DocumentEvents, at: readonly Segment[], key = false): number | undefined {
  const anchors = new Map<string, number>();
  let node = from + 1;
  if (node >= to) return undefined;
  let offset = nodeOffset(events[node] as Event, source);
  let keyOffset: number | undefined;
  for (const segment of at) {
    const event = events[node] as Event;
    const anchor = anchorName(event, source);
    if (anchor !== undefined) anchors.set(anchor, node);
    keyOffset = undefined;
    let next: number | undefined;
    if (event.type === EVENT_MAPPING) {
      const entry = findEntry(events, node, String(segment), source, anchors);
      if (entry) keyOffset = nodeOffset(events[entry.key] as Event, source);
      next = entry?.value;
    } else if (event.type === EVENT_SEQUENCE && typeof segment === "number") {
      next = findItem(events, node, segment, source, anchors);
    }
    if (next === undefined) return offset;
    node = next;
    offset = nodeOffset(events[node] as Event, source) ?? keyOffset ?? offset;
    const target = events[node] as Event;
    // An alias stands for its anchor's node: the rest of the path is there.
    if (target.type === EVENT_ALIAS) node = anchors.get(source.slice(target.anchorStart, target.anchorEnd)) ?? node;
  }
  return key && keyOffset !== undefined ? keyOffset : offset;
}
