/** Python's repr() and str() of JavaScript values, as the tune() script and Katib's strings need them. */
import { describe, expect, test } from "vitest";
import { toPythonLiteral, toPythonStr, type PythonValue } from "../../src/python/python-literal.ts";

describe("toPythonLiteral", () => {
  test.each<[string, PythonValue, string]>([
    ["None", null, "None"],
    ["True", true, "True"],
    ["False", false, "False"],
    ["an int", 10, "10"],
    ["a negative int", -3, "-3"],
    ["negative zero as the int 0", -0, "0"],
    ["the largest safe integer", Number.MAX_SAFE_INTEGER, "9007199254740991"],
    ["a float", 0.5, "0.5"],
    ["a float needing 17 digits", 0.1 + 0.2, "0.30000000000000004"],
    ["a small float in fixed notation", 0.0001, "0.0001"],
    ["a smaller float in scientific notation, two-digit exponent", 1e-5, "1e-05"],
    ["a negative small float", -2.5e-7, "-2.5e-07"],
    ["an integral float beyond the safe integers", 1e16, "1e+16"],
    ["a large float with digits", 1.2345678901234567e20, "1.2345678901234567e+20"],
    ["a float with 16 integer digits", 1234567890123456.8, "1234567890123456.8"],
    ["a huge float", 1e300, "1e+300"],
    ["a string", "adam", "'adam'"],
    ["a string with a single quote: double quotes", "it's", '"it\'s"'],
    ["a string with both quotes: single quotes, escaped", `it's "x"`, `'it\\'s "x"'`],
    ["backslash and control characters", "a\\b\n\t\r\x00\x1f\x7f", "'a\\\\b\\n\\t\\r\\x00\\x1f\\x7f'"],
    ["printable non-ASCII kept", "é中😀", "'é中😀'"],
    ["non-printable non-ASCII escaped by width", "\x85\xa0\u200b\u2028\u{e0001}", "'\\x85\\xa0\\u200b\\u2028\\U000e0001'"],
    ["a lone surrogate", "\ud800", "'\\ud800'"],
    ["the placeholder Katib fills in", "${trialParameters.lr}", "'${trialParameters.lr}'"],
    ["a list", [1, "a", null], "[1, 'a', None]"],
    ["an empty list and dict", [[], {}], "[[], {}]"],
    ["a dict in insertion order", { b: 1, a: [true, 0.25] }, "{'b': 1, 'a': [True, 0.25]}"],
    ["a dict without a prototype", Object.assign(Object.create(null) as Record<string, PythonValue>, { k: "v" }), "{'k': 'v'}"],
  ])("%s", (_title, value, expected) => {
    expect(toPythonLiteral(value)).toBe(expected);
  });

  test.each<[string, unknown, RegExp]>([
    ["NaN", Number.NaN, /value is NaN: Python has no literal/],
    ["Infinity inside a dict", { a: [Number.POSITIVE_INFINITY] }, /value\.a\[0\] is Infinity/],
    ["undefined", { a: undefined }, /value\.a has no Python literal \(undefined\)/],
    ["a function", [() => 1], /value\[0\] has no Python literal \(function\)/],
    ["a Map", new Map(), /has no Python literal \(a Map\)/],
    ["a Date", { when: new Date(0) }, /value\.when has no Python literal \(a Date\)/],
  ])("refuses %s, naming where it is", (_title, value, message) => {
    expect(() => toPythonLiteral(value as PythonValue)).toThrow(message);
  });
});

describe("toPythonStr", () => {
  test.each<[string | number | boolean, string]>([
    ["text", "text"],
    [10, "10"],
    [0.01, "0.01"],
    [1e-5, "1e-05"],
    [true, "True"],
    [false, "False"],
  ])("str(%s) is %s", (value, expected) => {
    expect(toPythonStr(value)).toBe(expected);
  });
});
