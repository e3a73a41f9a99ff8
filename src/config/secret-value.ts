import { inspect } from "node:util";

/** What a secret shows instead of its value when printed, logged or serialized. */
export const REDACTED = "[REDACTED]";

/**
 * A credential (bearer token, private key) held so that it cannot leak by accident: `JSON.stringify`,
 * `util.inspect`, `String()` and template literals all show `[REDACTED]`; only {@link SecretValue.reveal}
 * gives the value, and only the code that puts it on the wire calls it.
 */
export class SecretValue {
  // A private field, not a property: invisible to Object.keys, spread, inspect (even with showHidden) and JSON.
  readonly #value: string;

  /** Wraps `value`; the wrapper is immutable. */
  constructor(value: string) {
    this.#value = value;
  }

  /** The secret itself. Call only where it is sent (a header, a TLS option), never for messages. */
  reveal(): string {
    return this.#value;
  }

  /** Serializes as `[REDACTED]`. */
  toJSON(): string {
    return REDACTED;
  }

  /** Prints as `[REDACTED]`. */
  toString(): string {
    return REDACTED;
  }

  /** Shown by `util.inspect` / `console.log` as `[REDACTED]`. */
  [inspect.custom](): string {
    return REDACTED;
  }
}
