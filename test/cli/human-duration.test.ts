import { expect, test } from "vitest";
import { toAge, toHumanDuration } from "../../src/cli/human-duration.ts";

const s = 1000;
const m = 60 * s;
const h = 60 * m;
const d = 24 * h;

test.each([
  [-5 * s, "<invalid>"],
  [-500, "0s"],
  [0, "0s"],
  [45 * s, "45s"],
  [119 * s, "119s"],
  [3 * m + 2 * s, "3m2s"],
  [5 * m, "5m"],
  [42 * m, "42m"],
  [3 * h + 20 * m, "3h20m"],
  [5 * h, "5h"],
  [30 * h, "30h"],
  [2 * d + 4 * h, "2d4h"],
  [3 * d, "3d"],
  [400 * d, "400d"],
  [3 * 365 * d + 2 * d, "3y2d"],
  [10 * 365 * d, "10y"],
])("toHumanDuration(%i) = %s", (ms, expected) => {
  expect(toHumanDuration(ms)).toBe(expected);
});

test("toAge reads RFC 3339 timestamps and flags garbage", () => {
  const now = new Date("2025-01-01T12:00:00Z");
  expect(toAge("2025-01-01T11:58:30Z", now)).toBe("90s");
  expect(toAge("yesterday", now)).toBe("<unknown>");
});
