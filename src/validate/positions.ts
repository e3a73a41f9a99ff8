/**
 * Where a field is in a YAML (or JSON) source: follows path segments through the document's AST and turns the
 * node's offset into a line and column. A field that is not in the source (a default, a missing required field)
 * points at its nearest ancestor that is.
 */
import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Node, type Pair } from "yaml";
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
  return isAlias(node) ? node.resolve(doc) : node;
}

function keyText(pair: Pair): string | undefined {
  const key = pair.key;
  if (isScalar(key)) return String(key.value);
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

/** A locator for one parsed document. */
export function toLocator(doc: Document.Parsed, lines: LineCounter): Locator {
  return (at, key) => {
    const offset = findOffset(doc, at, key);
    if (offset === undefined) return undefined;
    const { line, col } = lines.linePos(offset);
    return { line, column: col };
  };
}
