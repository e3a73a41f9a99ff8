/**
 * How far a YAML document's aliases expand. js-yaml shares an anchored node between its aliases, so a "billion laughs"
 * document is small once parsed — until something walks it (validation, a JSON copy). Counting expanded aliases from
 * the event stream stops it before that.
 */
import { EVENT_ALIAS, EVENT_MAPPING, EVENT_POP, EVENT_SCALAR, EVENT_SEQUENCE, type Event } from "js-yaml";

/** An anchor's name, for events that can carry one. */
export function anchorName(event: Event, source: string): string | undefined {
  if (event.type !== EVENT_MAPPING && event.type !== EVENT_SEQUENCE && event.type !== EVENT_SCALAR) return undefined;
  return event.anchorStart >= 0 ? source.slice(event.anchorStart, event.anchorEnd) : undefined;
}

/**
 * How many aliases a document resolves once each alias is expanded (an alias of a node holding ten aliases counts
 * eleven): what a consumer walking the value pays. Counted only for documents with aliases.
 */
export function expandedAliasCount(events: readonly Event[], from: number, to: number, source: string): number {
  const sizes = new Map<string, number>();
  const stack: Array<{ count: number; anchor?: string }> = [{ count: 0 }];
  for (let at = from + 1; at < to; at++) {
    const event = events[at] as Event;
    const top = stack.at(-1) as { count: number; anchor?: string };
    if (event.type === EVENT_ALIAS) {
      top.count += 1 + (sizes.get(source.slice(event.anchorStart, event.anchorEnd)) ?? 0);
    } else if (event.type === EVENT_MAPPING || event.type === EVENT_SEQUENCE) {
      const anchor = anchorName(event, source);
      stack.push(anchor === undefined ? { count: 0 } : { count: 0, anchor });
    } else if (event.type === EVENT_SCALAR) {
      const anchor = anchorName(event, source);
      if (anchor !== undefined) sizes.set(anchor, 0);
    } else if (event.type === EVENT_POP && stack.length > 1) {
      const done = stack.pop() as { count: number; anchor?: string };
      if (done.anchor !== undefined) sizes.set(done.anchor, done.count);
      (stack.at(-1) as { count: number }).count += done.count;
    }
  }
  return stack[0]?.count ?? 0;
}
