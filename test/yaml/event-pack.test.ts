/**
 * packEvents/unpackEvents: a parse handed to another thread as one Int32Array comes back as the same events.
 */
import { EVENT_DOCUMENT, type Event, parseEvents } from "js-yaml";
import { describe, expect, test } from "vitest";
import { packEvents, unpackEvents } from "../../src/yaml/event-pack.ts";

/** Events as they come back: a document event's directives are not carried. */
function withoutDirectives(events: readonly Event[]): Event[] {
  return events.map((event) => (event.type === EVENT_DOCUMENT ? { ...event, directives: [] } : event));
}

const SOURCES: Record<string, string> = {
  "block mappings and sequences": "a: 1\nb:\n  - x\n  - {c: d, e: [f, g]}\n",
  "every scalar style": "plain: text\nsingle: 'it''s'\ndouble: \"tab\\t\"\nliteral: |\n  line\n  next\nfolded: >-\n  folded\n  text\nkeep: |+\n  kept\n\n",
  "anchors, aliases, tags and merge keys": "base: &b {x: 1}\nuse: *b\nmerged:\n  <<: *b\n  y: !!str 2\nset: !!set {a, b}\n",
  "several documents, explicit starts and ends": "%YAML 1.2\n---\na: 1\n...\n---\n- 1\n- 2\n",
  "empty values and flow pairs": "a:\nb: ~\nc: [k: v, x]\n",
};

describe("packEvents / unpackEvents", () => {
  test.each(Object.entries(SOURCES))("%s: every event comes back", (_name, source) => {
    const events = parseEvents(source, {});
    const packed = packEvents(events);
    expect(unpackEvents(packed)).toEqual(withoutDirectives(events));
  });

  test("packs into one buffer that can be moved to another thread, leaving the events as they were", () => {
    const events = parseEvents("a: [1, 2]\n", {});
    const before = structuredClone(events);
    const packed = packEvents(events);
    expect(packed.buffer).toBeInstanceOf(ArrayBuffer);
    expect(events).toEqual(before);
    const moved = structuredClone(packed, { transfer: [packed.buffer] });
    expect(packed.length).toBe(0);
    expect(unpackEvents(moved)).toEqual(withoutDirectives(events));
  });

  test("an empty stream packs to nothing", () => {
    expect(unpackEvents(packEvents([]))).toEqual([]);
  });

  test("refuses data that is not a packed stream", () => {
    expect(() => unpackEvents(new Int32Array(11).fill(42))).toThrow(/not a packed event stream: event type 42/);
  });
});
