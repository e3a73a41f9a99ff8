/**
 * Splits a byte stream into lines (UTF-8, `\n` or `\r\n`), as watch events and log lines arrive: one chunk may
 * hold several lines or part of one. The text after the last newline is yielded at the end if not empty.
 */
export async function* splitLines(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<string, void, undefined> {
  const decoder = new TextDecoder();
  let rest = "";
  for await (const chunk of chunks) {
    rest += decoder.decode(chunk, { stream: true });
    let newline = rest.indexOf("\n");
    while (newline !== -1) {
      const line = rest.slice(0, newline);
      yield line.endsWith("\r") ? line.slice(0, -1) : line;
      rest = rest.slice(newline + 1);
      newline = rest.indexOf("\n");
    }
  }
  rest += decoder.decode();
  if (rest !== "") yield rest.endsWith("\r") ? rest.slice(0, -1) : rest;
}
