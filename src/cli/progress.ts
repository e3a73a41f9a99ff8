/**
 * Live progress of `wait`: on a terminal one line rewritten in place, elsewhere (logs, CI, pipes) a plain line per
 * change, so the output stays readable in both.
 */
import { UsageError } from "./cli-errors.ts";
import type { CliWriter } from "./cli-io.ts";

/** `--progress`: auto picks tty on a terminal, else plain. */
export const PROGRESS_MODES = ["auto", "tty", "plain", "none"] as const;
/** One of {@link PROGRESS_MODES}. */
export type ProgressMode = (typeof PROGRESS_MODES)[number];

/** Carriage return and "erase line": the next text replaces the current line. */
export const REWRITE_LINE = "\r\x1b[2K";

/** A progress display. */
export interface Progress {
  /** Shows the latest state; repeated identical lines are not printed again. */
  update(line: string): void;
  /** Ends the display (a terminal line is closed with a newline). */
  done(): void;
}

/** The mode named by `--progress`. Pure. */
export function parseProgressMode(value: string | undefined): ProgressMode {
  const mode = value ?? "auto";
  if ((PROGRESS_MODES as readonly string[]).includes(mode)) return mode as ProgressMode;
  throw new UsageError(`unknown progress mode "${mode}"`, `use --progress ${PROGRESS_MODES.join("|")}`);
}

/** A progress display on `writer` (stderr), rewriting one line when `mode` resolves to tty. */
export function createProgress(writer: CliWriter, mode: ProgressMode, isTTY: boolean): Progress {
  const resolved = mode === "auto" ? (isTTY ? "tty" : "plain") : mode;
  let last: string | undefined;
  let open = false;
  return {
    update(line) {
      if (resolved === "none" || line === last) return;
      last = line;
      if (resolved === "tty") {
        writer.write(`${REWRITE_LINE}${line}`);
        open = true;
      } else {
        writer.write(`${line}\n`);
      }
    },
    done() {
      if (open) writer.write("\n");
      open = false;
    },
  };
}
