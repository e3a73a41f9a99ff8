/**
 * Python's `json.dumps(value)` with its default arguments (`", "` and `": "` separators, `ensure_ascii=True`), for the
 * JSON texts the Python SDKs put into container arguments. JavaScript has one number type where Python has int and
 * float: a float is marked with {@link PythonFloat} so that `3.0` stays `3.0`.
 */
import { pythonFloatRepr } from "./python-literal.ts";

/** A number Python holds as a float: `json.dumps` writes it with `repr(float)` (`3.0`, `5e-05`, `Infinity`). */
export class PythonFloat {
  readonly value: number;
  constructor(value: number) {
    this.value = value;
  }
}

/** What {@link toPythonJson} writes. Object keys keep their insertion order, as Python's dicts do. */
export type PythonJsonValue = string | number | boolean | null | PythonFloat | readonly PythonJsonValue[] | { readonly [key: string]: PythonJsonValue };

/** `json.dumps(value)`: the text Python writes, to the byte. Throws a TypeError, naming `path`, for what it cannot write. */
export function toPythonJson(value: PythonJsonValue, path = "value"): string {
  if (value === null) return "null";
  if (value instanceof PythonFloat) return floatText(value.value);
  switch (typeof value) {
    case "boolean":
      return value ? "true" : "false";
    case "string":
      return jsonString(value);
    case "number":
      if (!Number.isFinite(value)) return floatText(value);
      return Number.isSafeInteger(value) ? String(value === 0 ? 0 : value) : pythonFloatRepr(value);
  }
  if (Array.isArray(value)) return `[${value.map((item: PythonJsonValue, index) => toPythonJson(item, `${path}[${index}]`)).join(", ")}]`;
  if (typeof value === "object") {
    return `{${Object.entries(value)
      .map(([key, item]) => `${jsonString(key)}: ${toPythonJson(item, `${path}.${key}`)}`)
      .join(", ")}}`;
  }
  throw new TypeError(`${path} cannot be written as JSON (${typeof value})`);
}

function floatText(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (!Number.isFinite(value)) return value > 0 ? "Infinity" : "-Infinity";
  return Object.is(value, -0) ? "-0.0" : pythonFloatRepr(value);
}

const ESCAPES: Readonly<Record<string, string>> = {
  '"': '\\"',
  "\\": "\\\\",
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
  "\b": "\\b",
  "\f": "\\f",
};

/** A JSON string as `ensure_ascii` writes it: every code unit above 0x7e or below 0x20 as a lowercase `\uXXXX`. */
function jsonString(text: string): string {
  let out = '"';
  for (let index = 0; index < text.length; index++) {
    const char = text[index] ?? "";
    const code = text.charCodeAt(index);
    const escape = ESCAPES[char];
    if (escape !== undefined) out += escape;
    else if (code < 0x20 || code > 0x7e) out += `\\u${code.toString(16).padStart(4, "0")}`;
    else out += char;
  }
  return `${out}"`;
}
