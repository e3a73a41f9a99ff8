/**
 * Writing JavaScript values as Python writes them: `repr()` for the objective's arguments in a tune() script, `str()`
 * for the strings Katib's API keeps (search bounds, algorithm settings). The Python SDK formats those with Python
 * itself, so matching its text byte for byte needs Python's rules, not JSON's.
 */

/** A value tune() can pass to the objective function as it is: what a Python literal of JSON-like data can hold. */
export type PythonValue = string | number | boolean | null | readonly PythonValue[] | { readonly [key: string]: PythonValue };

/**
 * Python's `repr()` of a value: `None`, `True`, `'text'`, `1`, `0.5`, `1e-05`, `[1, 2]`, `{'a': 1}`. A number that is
 * a safe integer is written as a Python int, any other as a float. Throws a TypeError, naming `path`, for what has
 * no Python literal: undefined, functions, class instances, NaN and the infinities (Python would write `nan`, which
 * the script could not run).
 */
export function toPythonLiteral(value: PythonValue, path = "value"): string {
  if (value === null) return "None";
  switch (typeof value) {
    case "boolean":
      return value ? "True" : "False";
    case "string":
      return pythonStringRepr(value);
    case "number":
      return pythonNumber(value, path);
  }
  if (typeof value !== "object") throw new TypeError(`${path} has no Python literal (${typeof value}): give a string, number, boolean, null, array or plain object`);
  if (Array.isArray(value)) return `[${value.map((item: PythonValue, index) => toPythonLiteral(item, `${path}[${index}]`)).join(", ")}]`;
  if (isPlainObject(value)) {
    return `{${Object.entries(value).map(([key, item]) => `${pythonStringRepr(key)}: ${toPythonLiteral(item, `${path}.${key}`)}`).join(", ")}}`;
  }
  throw new TypeError(`${path} has no Python literal (${describe(value)}): give a string, number, boolean, null, array or plain object`);
}

/** Python's `str()` of a scalar: strings as they are, `True`/`False`, ints and floats as Python prints them. */
export function toPythonStr(value: string | number | boolean, path = "value"): string {
  if (typeof value === "string") return value;
  if (typeof value === "boolean") return value ? "True" : "False";
  return pythonNumber(value, path);
}

function pythonNumber(value: number, path: string): string {
  if (!Number.isFinite(value)) throw new TypeError(`${path} is ${value}: Python has no literal for it`);
  // Python keeps int and float apart; JavaScript does not. A safe integer is what a Python user writes as an int.
  return Number.isSafeInteger(value) ? String(value === 0 ? 0 : value) : pythonFloatRepr(value);
}

/**
 * `repr(float)`: the shortest digits that read back as the same double (JavaScript picks the same ones), in fixed
 * notation for decimal exponents −4 … 15 and in scientific notation with a signed, two-digit exponent otherwise.
 */
export function pythonFloatRepr(value: number): string {
  const [mantissa = "", exponentText = "0"] = Math.abs(value).toExponential().split("e");
  const exponent = Number(exponentText);
  const digits = mantissa.replace(".", "");
  const sign = value < 0 ? "-" : "";
  if (exponent < -4 || exponent >= 16) {
    const significand = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${significand}e${exponent < 0 ? "-" : "+"}${String(Math.abs(exponent)).padStart(2, "0")}`;
  }
  if (exponent < 0) return `${sign}0.${"0".repeat(-exponent - 1)}${digits}`;
  const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, "0");
  return `${sign}${whole}.${digits.slice(exponent + 1) || "0"}`;
}

// Python's str.isprintable() is false for these general categories (the space excepted, handled as ASCII).
const NOT_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

/** `repr(str)`: single quotes unless the text has one and no double quote; escapes as Python writes them. */
function pythonStringRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (char === quote || char === "\\") out += `\\${char}`;
    else if (char === "\t") out += "\\t";
    else if (char === "\n") out += "\\n";
    else if (char === "\r") out += "\\r";
    else if (code < 0x20 || code === 0x7f) out += `\\x${hex(code, 2)}`;
    else if (code < 0x7f || !NOT_PRINTABLE.test(char)) out += char;
    else if (code <= 0xff) out += `\\x${hex(code, 2)}`;
    else if (code <= 0xffff) out += `\\u${hex(code, 4)}`;
    else out += `\\U${hex(code, 8)}`;
  }
  return out + quote;
}

function hex(code: number, width: number): string {
  return code.toString(16).padStart(width, "0");
}

function isPlainObject(value: object): value is { readonly [key: string]: PythonValue } {
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

function describe(value: object): string {
  return `a ${(value as { constructor?: { name?: string } }).constructor?.name ?? "non-plain object"}`;
}
