/** Python's `shlex.quote`, for shell words the Python SDKs quote that way (pip packages and index URLs). */

// The characters shlex.quote leaves unquoted (its `_find_unsafe` is re.ASCII `[^\w@%+=:,./-]`).
const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** `shlex.quote(word)`: `''` for an empty word, the word itself when every character is safe, else single-quoted. */
export function shlexQuote(word: string): string {
  if (word === "") return "''";
  if (SAFE.test(word)) return word;
  return `'${word.replaceAll("'", `'"'"'`)}'`;
}
