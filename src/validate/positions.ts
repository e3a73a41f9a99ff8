/**
 * Where a field is in a YAML (or JSON) source: follows path segments through the document's AST and turns the
 * node's offset into a line and column. A field that is not in the source (a default, a missing required field)
 * points at its nearest ancestor that is.
 */
import type { Document, LineCounter, Node, Pair } from "yaml";
import { yamlPackage } from "./yaml-package.ts";
import type { Segment } from "./finding.ts";

/** 1-based line and column. */
export interface Position {
  line: number;
  column: number;
}

/** Finds the position of a field (its value, or its key with `key`). */
export type Locator = (at: readonly Segment[], key?: boolean) => Position | undefined;

function resolve(node: unknown, doc: Document.Parsed): unknown {
  // An alias stands for its anchor's node; bounded, since aliases cannot nest.
  return yamlPackage().isAlias(node) ? node.resolve(doc) : node;
}

function keyText(pair: Pair): string | undefined {
  const key = pair.key;
  if (yamlPackage().isScalar(key)) return String(key.value);
  return undefined;
}

function findPair(map: { items: Pair[] }, name: string): Pair | undefined {
  // The last occurrence wins, as it does in the parsed value.
  for (let index = map.items.length - 1; index >= 0; index--) {
    const pair = map.items[index];
    if (pair && keyText(pair) === name) return pair;
  }
  return undefined;
}

function offsetOf(node: unknown): number | undefined {
  const range = (node as Node | null | undefined)?.range;
  return range ? range[0] : undefined;
}

/** The offset of the deepest node on the path (the key's when `key` and the whole path was found). */
export function findOffset(doc: Document.Parsed, at: readonly Segment[], key = false): number | undefined {
  const { isMap, isSeq } = yamlPackage();
  let node: unknown = resolve(doc.contents, doc);
  let offset = offsetOf(node);
  let keyOffset: number | undefined;
  for (const segment of at) {
    keyOffset = undefined;
    if (isMap(node)) {
      const pair = findPair(node, String(segment));
      if (!pair) return offset;
      keyOffset = offsetOf(pair.key);
      node = resolve(pair.value, doc);
      offset = offsetOf(node) ?? keyOffset ?? offset;
    } else if (isSeq(node) && typeof segment === "number") {
      const item = node.items[segment];
      if (item === undefined) return offset;
      node = resolve(item, doc);
      offset = offsetOf(node) ?? offset;
    } else {
      return offset;
    }
  }
  return key && keyOffset !== undefined ? keyOffset : offset;
}

/** Offsets of the line starts of a text, for toPosition. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let index = text.indexOf("\n"); index >= 0; index = text.indexOf("\n", index + 1)) starts.push(index + 1);
  return starts;
}

/** An offset's line and column (both 1-based), by binary search over the line starts. */
export function toPosition(starts: readonly number[], offset: number): Position {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if ((starts[middle] ?? 0) <= offset) low = middle;
    else high = middle - 1;
  }
  return { line: low + 1, column: offset - (starts[low] ?? 0) + 1 };
}

/** A locator for one parsed document. */
export function toLocator(doc: Document.Parsed, lines: LineCounter): Locator {
  return (at, key) => {
    const offset = findOffset(doc, at, key);
    if (offset === undefined) return undefined;
    const { line, col } = lines.linePos(offset);
    return { line, column: col };
  };
}
