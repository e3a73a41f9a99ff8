/**
 * Positions in a source: 1-based line and column from an offset, and the locator type a parsed document offers
 * (a field that is not in the source — a default, a missing required field — points at its nearest ancestor that is).
 */
import type { Segment } from "./finding.ts";

/** 1-based line and column. */
export interface Position {
  line: number;
  column: number;
}

/** Finds the position of a field (its value, or its key with `key`). */
export type Locator = (at: readonly Segment[], key?: boolean) => Position | undefined;

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
