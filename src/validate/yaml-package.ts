/**
 * The `yaml` package, loaded on first use: JSON sources never need it, and loading it costs about 25 ms of a
 * command's startup. It is CommonJS, so it can be required synchronously here.
 */
import { createRequire } from "node:module";
import type * as Yaml from "yaml";

let loaded: typeof Yaml | undefined;

/** The `yaml` package's exports. */
export function yamlPackage(): typeof Yaml {
  loaded ??= createRequire(import.meta.url)("yaml") as typeof Yaml;
  return loaded;
}
