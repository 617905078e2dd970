/**
 * Text that the store can hold, made at normalisation: a lone UTF-16 surrogate becomes U+FFFD (it has
 * no UTF-8 form) and NUL is removed (PostgreSQL text and jsonb cannot hold it). Without this a correctly
 * signed delivery was acknowledged, then failed at every attempt and dead-lettered (issue #14, finding 6).
 * The raw payload is kept as received (JSON text, where such characters are escapes) in raw_events.
 */
import type { ChannelEvent } from '../../channels/port.js';

const BAD = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|\u0000/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function wellFormedText(s: string): string {
  return BAD.test(s) ? s.replace(LONE_SURROGATE, '\uFFFD').replace(/\u0000/g, '') : s;
}

function needsFix(v: unknown): boolean {
  if (typeof v === 'string') return BAD.test(v);
  if (Array.isArray(v)) return v.some(needsFix);
  if (v && typeof v === 'object' && !(v instanceof Date)) {
    for (const k in v) if (BAD.test(k) || needsFix((v as Record<string, unknown>)[k])) return true;
  }
  return false;
}

function fix(v: unknown): unknown {
  if (typeof v === 'string') return wellFormedText(v);
  if (Array.isArray(v)) return v.map(fix);
  if (v && typeof v === 'object' && !(v instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[wellFormedText(k)] = fix(x);
    return out;
  }
  return v;
}

/** Every string in the events (text, names, links, the item's raw part, keys too) made storable; untouched events are returned as they are. */
export function wellFormedEvents(events: ChannelEvent[]): ChannelEvent[] {
  return events.map((e) => (needsFix(e) ? (fix(e) as ChannelEvent) : e));
}

/** True when every string in the value is well-formed UTF-16 without NUL (for tests and assertions). */
export function isWellFormed(v: unknown): boolean {
  return !needsFix(v);
}
