/** Plain-text tables the way kubectl prints them: upper-case headers, columns padded and separated by 3 spaces. */

/** Renders the rows under the headers; the last column is not padded, so lines carry no trailing spaces. Pure. */
export function renderTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => (row[column] ?? "").length)));
  const line = (cells: readonly string[]): string =>
    headers
      .map((_, column) => (column === headers.length - 1 ? (cells[column] ?? "") : (cells[column] ?? "").padEnd(widths[column] ?? 0)))
      .join("   ")
      .trimEnd();
  return [line(headers), ...rows.map(line)].join("\n") + "\n";
}
