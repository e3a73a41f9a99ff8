/**
 * The CEL environment of `x-kubernetes-validations`: the CEL standard library (from the engine) plus the Kubernetes
 * extensions rules commonly use (k8s.io/apiserver/pkg/cel/library: strings, lists, regex; quantity and URL checks).
 * A rule using anything else fails to compile and is reported as not checked, never silently passed.
 */
import { Environment } from "@marcbachmann/cel-js";

const QUANTITY = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+|[KMGTPE]i|[numkMGTPE])?$/;

function compare(a: unknown, b: unknown): number {
  if (typeof a === "bigint" && typeof b === "bigint") return a < b ? -1 : a > b ? 1 : 0;
  if ((typeof a === "number" || typeof a === "bigint") && (typeof b === "number" || typeof b === "bigint")) return Number(a) - Number(b);
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

function extreme(list: readonly unknown[], sign: 1 | -1): unknown {
  if (list.length === 0) throw new Error("min/max of an empty list");
  return list.reduce((best, item) => (compare(item, best) * sign > 0 ? item : best));
}

function sum(list: readonly unknown[]): unknown {
  if (list.every((item) => typeof item === "bigint")) return (list as bigint[]).reduce((a, b) => a + b, 0n);
  return list.reduce<number>((a, b) => a + Number(b), 0);
}

function isUrl(text: string): boolean {
  try {
    return new URL(text).protocol !== "" && /^[A-Za-z][A-Za-z0-9+.-]*:/.test(text);
  } catch {
    return false;
  }
}

function indexOf(list: readonly unknown[], value: unknown, last: boolean): bigint {
  const text = JSON.stringify(value, (_key, item: unknown) => (typeof item === "bigint" ? item.toString() : item));
  const texts = list.map((item) => JSON.stringify(item, (_key, part: unknown) => (typeof part === "bigint" ? part.toString() : part)));
  return BigInt(last ? texts.lastIndexOf(text) : texts.indexOf(text));
}

/** Creates the environment; `self` is dynamically typed (the schema gives values their CEL types). */
export function createCelEnvironment(): Environment {
  return new Environment({ unlistedVariablesAreDyn: false, homogeneousAggregateLiterals: false })
    .registerVariable("self", "dyn")
    .registerFunction("string.charAt(int): string", (text: string, index: bigint) => text.charAt(Number(index)))
    .registerFunction("string.replace(string, string): string", (text: string, from: string, to: string) => text.replaceAll(from, to))
    .registerFunction("string.find(string): string", (text: string, pattern: string) => new RegExp(pattern).exec(text)?.[0] ?? "")
    .registerFunction("string.findAll(string): list<string>", (text: string, pattern: string) => [...text.matchAll(new RegExp(pattern, "g"))].map((match) => match[0]))
    .registerFunction("list.isSorted(): bool", (list: unknown[]) => list.every((item, index) => index === 0 || compare(list[index - 1], item) <= 0))
    .registerFunction("list.sum(): dyn", (list: unknown[]) => sum(list))
    .registerFunction("list.min(): dyn", (list: unknown[]) => extreme(list, -1))
    .registerFunction("list.max(): dyn", (list: unknown[]) => extreme(list, 1))
    .registerFunction("list.indexOf(dyn): int", (list: unknown[], value: unknown) => indexOf(list, value, false))
    .registerFunction("list.lastIndexOf(dyn): int", (list: unknown[], value: unknown) => indexOf(list, value, true))
    .registerFunction("isQuantity(string): bool", (text: string) => QUANTITY.test(text))
    .registerFunction("isURL(string): bool", (text: string) => isUrl(text));
}
