/**
 * Text that the store can hold, made at normalisation: a lone UTF-16 surrogate becomes U+FFFD (it has
 * no UTF-8 form) and NUL is removed (PostgreSQL text and jsonb cannot hold it). Without this a correctly
 * signed delivery was acknowledged, then failed at every attempt and dead-lettered (issue #14, finding 6).
 * The raw payload is kept as received (JSON text, where such characters are escapes) in raw_events.
 */
import type { CanonicalAuthor, ChannelEvent } from '../../channels/port.js';
import { safeUrl } from '../../platform/safe-url.js';

// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is exactly what this guard looks for
const BAD = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|\u0000/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function wellFormedText(s: string): string {
  return BAD.test(s) ? s.replace(LONE_SURROGATE, '\uFFFD').replaceAll('\u0000', '') : s;
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
  return events.map((e) => safeUrls(needsFix(e) ? (fix(e) as ChannelEvent) : e));
}

const author = (a: CanonicalAuthor): CanonicalAuthor => {
  if ((a.profileUrl === undefined || safeUrl(a.profileUrl)) && (a.avatarUrl === undefined || safeUrl(a.avatarUrl))) return a;
  const { profileUrl, avatarUrl, ...rest } = a;
  const p = safeUrl(profileUrl);
  const v = safeUrl(avatarUrl);
  return { ...rest, ...(p ? { profileUrl: p } : {}), ...(v ? { avatarUrl: v } : {}) };
};

/** Links, permalinks, media and profile URLs: only http(s) ones are kept (the raw part keeps what came). */
function safeUrls(e: ChannelEvent): ChannelEvent {
  if (e.type === 'upsert') {
    const i = e.item;
    const url = i.url === undefined ? undefined : (safeUrl(i.url) ?? undefined);
    const { url: _drop, ...rest } = i;
    return {
      ...e,
      item: {
        ...rest,
        ...(url ? { url } : {}),
        links: i.links.filter((l) => safeUrl(l) !== null),
        media: i.media.filter((m) => safeUrl(m.url) !== null),
        author: author(i.author),
        interactions: i.interactions.map((x) => ({ ...x, target: author(x.target) })),
      },
    };
  }
  if (e.type === 'interaction') return { ...e, interaction: { ...e.interaction, source: author(e.interaction.source), target: author(e.interaction.target) } };
  return e;
}

/** True when every string in the value is well-formed UTF-16 without NUL (for tests and assertions). */
export function isWellFormed(v: unknown): boolean {
  return !needsFix(v);
}
