/** Printing a log stream line by line; a Ctrl-C ends it quietly rather than as an error. */
import { CliFailure } from "./cli-errors.ts";
import type { CliContext } from "./cli-context.ts";

// The clients say how to wait in their own terms (`follow: true`); on the command line it is a flag.
const FOLLOW_ADVICE = /; pass follow: true to wait for it$/;

/** Writes every line of `lines` to stdout, stopping when the run is interrupted. */
export async function printLines(ctx: CliContext, lines: AsyncIterable<string>): Promise<void> {
  try {
    for await (const line of lines) {
      ctx.out(`${line}\n`);
      if (ctx.signal.aborted) break;
    }
  } catch (error) {
    if (error instanceof Error && FOLLOW_ADVICE.test(error.message)) throw new CliFailure(error.message.replace(FOLLOW_ADVICE, ""), "wait for it with --follow");
    throw error;
  }
}
