/**
 * Longest line, in characters, {@link splitLines} holds before giving up. A watch event carries one object, and the
 * apiserver refuses objects over ~3 MB (etcd's request limit); 16 Mi characters leaves room for that and for long
 * log lines while bounding what a broken stream (a 100 MB body without a newline) can make this process hold.
 */
export const MAX_LINE_LENGTH = 16 * 1024 * 1024;

/** A streamed line grew past the limit without a newline: the stream is not a line protocol, or it is broken. */
export class LineTooLongError extends Error {
  /** Stable machine-readable code. */
  readonly code = "ERR_KUBE_LINE_TOO_LONG";
  /** The limit that was exceeded, in characters. */
  readonly maxLineLength: number;

  /** Creates the error for `maxLineLength`. */
  constructor(maxLineLength: number) {
    super(`a streamed line exceeded ${maxLineLength} characters without a newline`);
    this.name = "LineTooLongError";
    this.maxLineLength = maxLineLength;
  }
}

/** Options of {@link splitLines}. */
export interface SplitLinesOptions {
  /** Longest line accepted; default {@link MAX_LINE_LENGTH}. */
  maxLineLength?: number;
}

/**
 * Splits a byte stream into lines (UTF-8, `\n` or `\r\n`), as watch events and log lines arrive: one chunk may
 * hold several lines or part of one. The text after the last newline is yielded at the end if not empty. Throws a
 * {@link LineTooLongError} as soon as a line outgrows `maxLineLength`, so memory stays bounded.
 */
export async function* splitLines(chunks: AsyncIterable<Uint8Array>, options: SplitLinesOptions = {}): AsyncGenerator<string, void, undefined> {
  const max = options.maxLineLength ?? MAX_LINE_LENGTH;
  const decoder = new TextDecoder();
  // The pieces of the line being assembled. Kept as a list and joined once per line: appending to one string and
  // re-scanning it for "\n" on every chunk is quadratic for long lines (the reason this was rewritten).
  let pending: string[] = [];
  let pendingLength = 0;
  const finish = (tail: string): string => {
    pending.push(tail);
    const line = pending.join("");
    pending = [];
    pendingLength = 0;
    return line.endsWith("\r") ? line.slice(0, -1) : line;
  };
  const take = function* (text: string): Generator<string> {
    let start = 0;
    for (let newline = text.indexOf("\n"); newline !== -1; newline = text.indexOf("\n", start)) {
      if (pendingLength + newline - start > max) throw new LineTooLongError(max);
      yield finish(text.slice(start, newline));
      start = newline + 1;
    }
    if (start < text.length) {
      pendingLength += text.length - start;
      if (pendingLength > max) throw new LineTooLongError(max);
      pending.push(text.slice(start));
    }
  };
  for await (const chunk of chunks) yield* take(decoder.decode(chunk, { stream: true }));
  yield* take(decoder.decode());
  if (pendingLength > 0) yield finish("");
}
