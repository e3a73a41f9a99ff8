/** Input limits shared by the readers of manifests (kept apart so that reading files does not load the parsers). */

/** Sources larger than this are not parsed (the apiserver takes 3 MiB per request). */
export const MAX_SOURCE_CHARS = 64 * 1024 * 1024;
