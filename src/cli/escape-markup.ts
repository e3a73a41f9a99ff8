/** Text for HTML or XML pages the CLI writes. */

/** `&`, `<`, `>`, `"` and `'` as character references: safe in element text and in quoted attributes. Pure. */
export function escapeMarkup(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
