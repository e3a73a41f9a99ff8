/** The contract between bench/run.ts and a family module. */
import type { BenchContext } from "./context.ts";
import type { Goal, Row, Skip } from "./result.ts";
import { SkipError, skipReason } from "./skip.ts";

/** What a family measured. */
export interface FamilyOutcome {
  rows: Row[];
  goals: Goal[];
  skipped: Skip[];
  notes: string[];
  /** Set when a part failed for a reason other than a skip: the harness is broken, the run exits non-zero. */
  broken?: boolean;
}

/** One benchmark family. */
export interface Family {
  id: string;
  title: string;
  /** How it measures, one short paragraph for the report. */
  method: string;
  run(ctx: BenchContext): Promise<FamilyOutcome>;
}

/** An empty outcome to fill. */
export function emptyOutcome(): FamilyOutcome {
  return { rows: [], goals: [], skipped: [], notes: [] };
}

/**
 * Runs one part of a family: a SkipError is recorded as skipped; any other error too, and also marks the outcome
 * broken so the run fails (a family that cannot measure is what the smoke run exists to catch).
 */
export async function attempt<T>(outcome: FamilyOutcome, what: string, part: () => Promise<T>): Promise<T | undefined> {
  try {
    return await part();
  } catch (error) {
    outcome.skipped.push({ what, reason: skipReason(error) });
    if (!(error instanceof SkipError)) {
      outcome.broken = true;
      console.error(`[bench] ${what}:`, error);
    }
    return undefined;
  }
}

/** Rotates `items` by `round`, so no implementation always runs first (or last) in a round. */
export function rotate<T>(items: readonly T[], round: number): T[] {
  const k = items.length === 0 ? 0 : round % items.length;
  return [...items.slice(k), ...items.slice(0, k)];
}
