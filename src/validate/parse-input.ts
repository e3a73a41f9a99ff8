/**
 * One input read and parsed in the calling thread (what the parse thread does for each input, and the caller when it
 * has no thread), and a parse thread's result made whole again. The thread's results are the values and findings its
 * parse gave; only the locators (functions) stay behind: a YAML document's are rebuilt here from its packed events,
 * a JSON document's by parsing it again on the first question.
 */
import type { Finding } from "./finding.ts";
import { type ManifestInput, type ManifestSource, readManifestInput } from "./load-manifest-sources.ts";
import { type ParsedSource, parseManifestSource, type SourceDocument } from "./parse-documents.ts";
import type { Locator } from "./positions.ts";
import { type DocumentPlace, placeLocator, positionsIn } from "./yaml-source.ts";
import { unpackEvents } from "../yaml/event-pack.ts";

/** An input that gave no text to parse: an invalid source, or an I/O error. */
type NoText = Exclude<ManifestSource, { kind: "text" }>;

/** One input: its text, read and parsed, or why it could not be. */
export type ParsedInput = { kind: "parsed"; file: string; text: string; parsed: ParsedSource } | NoText;

/** A YAML event stream as it crosses threads: packed, and where its text is in the source. */
export interface PackedStream {
  events: Int32Array;
  base: number;
  length: number;
}

/** A document as it crosses threads: no locator, and its place in one of the source's packed streams. */
export type PortableDocument = Omit<SourceDocument, "locate" | "place"> & { place?: { stream: number; from: number; to: number } };

/** A parsed source as it crosses threads. */
export interface PortableParse {
  documents: PortableDocument[];
  findings: Finding[];
  streams: PackedStream[];
}

/** A parsed input as it crosses threads. */
export type PortableInput = { kind: "parsed"; file: string; text: string; parsed: PortableParse } | NoText;

/** Reads and parses one input in the calling thread (the parse thread's work, and the fallback when it has none). */
export function parseHere(input: ManifestInput): ParsedInput {
  const read = readManifestInput(input);
  return read.kind === "text" ? { kind: "parsed", file: read.file, text: read.text, parsed: parseManifestSource(read.text) } : read;
}

/**
 * Locators for the documents of a source parsed in the thread: a YAML document's from its packed events (unpacked on
 * the first question about that stream); any other (JSON) by parsing the source again, once, on the first question.
 */
function withLocators(text: string, portable: PortableParse): ParsedSource {
  const position = positionsIn(text);
  const unpacked: Array<DocumentPlace["events"] | undefined> = [];
  const eventsOf = (stream: number): DocumentPlace["events"] => {
    const packed = portable.streams[stream] as PackedStream;
    return (unpacked[stream] ??= unpackEvents(packed.events));
  };
  let reparsed: ParsedSource | undefined;
  const locator = (document: PortableDocument, index: number): Locator => {
    const at = document.place;
    if (!at) {
      return (path, key) => {
        reparsed ??= parseManifestSource(text);
        return reparsed.documents[index]?.locate(path, key);
      };
    }
    let located: Locator | undefined;
    return (path, key) => {
      if (!located) {
        const { base, length } = portable.streams[at.stream] as PackedStream;
        const source = base === 0 && length === text.length ? text : text.slice(base, base + length);
        located = placeLocator({ events: eventsOf(at.stream), from: at.from, to: at.to, source, base }, position);
      }
      return located(path, key);
    };
  };
  const documents = portable.documents.map((document, index) => {
    const { place: _place, ...rest } = document;
    return { ...rest, locate: locator(document, index) };
  });
  return { findings: portable.findings, documents };
}

/** A parse thread's result, with its documents' locators. */
export function fromPortable(portable: PortableInput): ParsedInput {
  return portable.kind === "parsed" ? { ...portable, parsed: withLocators(portable.text, portable.parsed) } : portable;
}
