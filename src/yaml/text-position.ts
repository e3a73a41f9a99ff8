/**
 * Line and column of an offset in a text (YAML or JSON): for issue positions and for parser errors in kubeconfig
 * files and `-f` input.
 */

/** 1-based line and column. */
export interface Position {
  line: number;
  column: number;
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

/** An offset's line and column, for a one-off lookup (many lookups in one text: lineStarts once, then toPosition). */
export function positionAt(text: string, offset: number): Position {
  return toPosition(lineStarts(text), offset);
}
