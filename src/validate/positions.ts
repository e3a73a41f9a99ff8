/**
 * The locator a parsed document offers: where a field is (a field that is not in the source — a default, a missing
 * required field — points at its nearest ancestor that is). Line and column come from ../yaml/text-position.ts.
 */
import type { Position } from "../yaml/text-position.ts";
import type { Segment } from "./finding.ts";

export type { Position };

/** Finds the position of a field (its value, or its key with `key`). */
export type Locator = (at: readonly Segment[], key?: boolean) => Position | undefined;
