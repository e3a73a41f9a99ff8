/**
 * The texts of RFC 7234 `Warning` header values as the apiserver sends them (`299 - "message"`), e.g. for a
 * deprecated API version. Values that are not of that form are returned whole. Pure.
 */
export function parseWarningHeaders(values: readonly string[]): string[] {
  const out: string[] = [];
  for (const value of values) {
    // One header may hold several comma-separated warnings; the quoted text may contain escaped quotes.
    const pattern = /\d{3}\s+\S+\s+"((?:[^"\\]|\\.)*)"/g;
    let found = false;
    for (const match of value.matchAll(pattern)) {
      found = true;
      out.push((match[1] ?? "").replace(/\\(.)/g, "$1"));
    }
    if (!found && value.trim() !== "") out.push(value.trim());
  }
  return out;
}
