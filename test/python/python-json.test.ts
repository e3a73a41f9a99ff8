/** toPythonJson: Python's json.dumps to the byte (expected texts printed by CPython 3.11's json.dumps). */
import { expect, test } from "vitest";
import { PythonFloat, toPythonJson } from "../../src/python/python-json.ts";

test("separators, ensure_ascii escapes (lowercase, surrogate pairs), floats as repr, ints, null, booleans, Infinity", () => {
  const value = {
    a: 'é\u2028\x7f"\\\n\t\x01😀',
    f: [new PythonFloat(3), 1e-8, 5e-5, new PythonFloat(1e16), 0.1, new PythonFloat(-0)],
    i: [3, -1, 0],
    n: null,
    b: [true, false],
    x: new PythonFloat(Infinity),
  };
  expect(toPythonJson(value)).toBe('{"a": "\\u00e9\\u2028\\u007f\\"\\\\\\n\\t\\u0001\\ud83d\\ude00", "f": [3.0, 1e-08, 5e-05, 1e+16, 0.1, -0.0], "i": [3, -1, 0], "n": null, "b": [true, false], "x": Infinity}');
});

test("a whole number is an int unless marked as a float; empty containers", () => {
  expect(toPythonJson([2, new PythonFloat(2), [], {}])).toBe("[2, 2.0, [], {}]");
});
