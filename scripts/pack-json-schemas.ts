/**
 * Build step: puts generated/json-schemas.json (the editor schemas `kfts schema` writes) into dist/ brotli-compressed.
 * Plain it is 1.1 MB, nearly all upstream descriptions, which repeat; compressed about 50 KB, so the installed package
 * stays small. `kfts schema` reads either.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { brotliCompressSync, constants } from "node:zlib";

const source = new URL("../generated/json-schemas.json", import.meta.url);
const target = new URL("../dist/generated/json-schemas.json.br", import.meta.url);
const plain = readFileSync(source);
const packed = brotliCompressSync(plain, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_LGWIN]: 24, [constants.BROTLI_PARAM_SIZE_HINT]: plain.length } });
mkdirSync(new URL(".", target), { recursive: true });
writeFileSync(`${target.pathname}.tmp`, packed);
renameSync(`${target.pathname}.tmp`, target);
console.log(`json schemas: ${(plain.length / 1e6).toFixed(2)} MB → ${(packed.length / 1e3).toFixed(0)} kB (dist/generated/json-schemas.json.br)`);
