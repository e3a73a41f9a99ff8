/**
 * js-yaml's events packed into one Int32Array, so that a parse can be handed to another thread by moving a buffer
 * instead of cloning an object per event. Every event takes STRIDE slots: its type, then its numeric fields in a
 * fixed order (0 where its type has none). A document event's directives are not kept: what reads packed events
 * (field positions) never looks at them.
 */
import { EVENT_ALIAS, EVENT_DOCUMENT, EVENT_MAPPING, EVENT_POP, EVENT_SCALAR, EVENT_SEQUENCE, type Event } from "js-yaml";

const STRIDE = 11;

/** Packs `events` (a copy: the array is left as it is). */
export function packEvents(events: readonly Event[]): Int32Array<ArrayBuffer> {
  const packed = new Int32Array(events.length * STRIDE);
  let at = 0;
  for (const event of events) {
    packed[at] = event.type;
    switch (event.type) {
      case EVENT_DOCUMENT:
        packed[at + 1] = event.explicitStart ? 1 : 0;
        packed[at + 2] = event.explicitEnd ? 1 : 0;
        break;
      case EVENT_SEQUENCE:
      case EVENT_MAPPING:
        packed[at + 1] = event.start;
        packed[at + 2] = event.anchorStart;
        packed[at + 3] = event.anchorEnd;
        packed[at + 4] = event.tagStart;
        packed[at + 5] = event.tagEnd;
        packed[at + 6] = event.style;
        break;
      case EVENT_SCALAR:
        packed[at + 1] = event.valueStart;
        packed[at + 2] = event.valueEnd;
        packed[at + 3] = event.anchorStart;
        packed[at + 4] = event.anchorEnd;
        packed[at + 5] = event.tagStart;
        packed[at + 6] = event.tagEnd;
        packed[at + 7] = event.style;
        packed[at + 8] = event.chomping;
        packed[at + 9] = event.indent;
        packed[at + 10] = event.fast ? 1 : 0;
        break;
      case EVENT_ALIAS:
        packed[at + 1] = event.anchorStart;
        packed[at + 2] = event.anchorEnd;
        break;
      case EVENT_POP:
        break;
    }
    at += STRIDE;
  }
  return packed;
}

function unpackEvent(packed: Int32Array, at: number): Event {
  const field = (index: number): number => packed[at + index] as number;
  const type = field(0);
  switch (type) {
    case EVENT_DOCUMENT:
      return { type, explicitStart: field(1) === 1, explicitEnd: field(2) === 1, directives: [] };
    case EVENT_SEQUENCE:
    case EVENT_MAPPING:
      return { type, start: field(1), anchorStart: field(2), anchorEnd: field(3), tagStart: field(4), tagEnd: field(5), style: field(6) } as Event;
    case EVENT_SCALAR:
      return {
        type,
        valueStart: field(1),
        valueEnd: field(2),
        anchorStart: field(3),
        anchorEnd: field(4),
        tagStart: field(5),
        tagEnd: field(6),
        style: field(7),
        chomping: field(8),
        indent: field(9),
        fast: field(10) === 1,
      } as Event;
    case EVENT_ALIAS:
      return { type, anchorStart: field(1), anchorEnd: field(2) };
    case EVENT_POP:
      return { type };
    default:
      throw new Error(`not a packed event stream: event type ${type} at slot ${at}`);
  }
}

/** The events `packEvents` packed. */
export function unpackEvents(packed: Int32Array): Event[] {
  const events: Event[] = [];
  for (let at = 0; at + STRIDE <= packed.length; at += STRIDE) events.push(unpackEvent(packed, at));
  return events;
}
