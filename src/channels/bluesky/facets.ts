/**
 * Rich-text facets for app.bsky.feed.post: mentions, links and hashtags, indexed by UTF-8 byte offsets
 * (byteStart inclusive, byteEnd exclusive) as the lexicon requires; Korean text makes them differ from
 * JavaScript string indices.
 */
export type Facet = {
  index: { byteStart: number; byteEnd: number };
  features: Array<{ $type: 'app.bsky.richtext.facet#mention'; did: string } | { $type: 'app.bsky.richtext.facet#link'; uri: string } | { $type: 'app.bsky.richtext.facet#tag'; tag: string }>;
};

const MENTION_RE = /(^|[\s(])@([a-zA-Z0-9-]+(?:\.[a-zA-Z0-9-]+)+)/g;
const LINK_RE = /(^|[\s(])(https?:\/\/[^\s]+)/g;
const TAG_RE = /(^|\s)[#＃]([^\s#＃]+)/gu;
const TRAILING_PUNCT = /[.,;:!?)\]}'"。、！？]+$/u;

const bytes = (s: string): number => Buffer.byteLength(s, 'utf8');
function range(text: string, start: number, length: number): Facet['index'] {
  const byteStart = bytes(text.slice(0, start));
  return { byteStart, byteEnd: byteStart + bytes(text.slice(start, start + length)) };
}

/** Finds mentions, links and hashtags; mentions whose handle does not resolve are left as plain text. */
export async function detectFacets(text: string, resolveHandle: (handle: string) => Promise<string | undefined>): Promise<Facet[]> {
  const facets: Facet[] = [];
  for (const m of text.matchAll(MENTION_RE)) {
    const handle = (m[2] ?? '').replace(/[.-]+$/, '');
    if (!handle.includes('.')) continue;
    const did = await resolveHandle(handle.toLowerCase());
    if (!did) continue;
    const start = (m.index ?? 0) + (m[1] ?? '').length;
    facets.push({ index: range(text, start, handle.length + 1), features: [{ $type: 'app.bsky.richtext.facet#mention', did }] });
  }
  for (const m of text.matchAll(LINK_RE)) {
    const uri = (m[2] ?? '').replace(TRAILING_PUNCT, '');
    const start = (m.index ?? 0) + (m[1] ?? '').length;
    facets.push({ index: range(text, start, uri.length), features: [{ $type: 'app.bsky.richtext.facet#link', uri }] });
  }
  for (const m of text.matchAll(TAG_RE)) {
    const tag = (m[2] ?? '').replace(TRAILING_PUNCT, '');
    if (!tag || /^\d+$/.test(tag) || tag.length > 64) continue;
    const start = (m.index ?? 0) + (m[1] ?? '').length;
    facets.push({ index: range(text, start, tag.length + 1), features: [{ $type: 'app.bsky.richtext.facet#tag', tag }] });
  }
  return facets.sort((a, b) => a.index.byteStart - b.index.byteStart);
}

/** Grapheme count, the unit of Bluesky's 300-character post limit. */
export function graphemes(text: string): number {
  let n = 0;
  for (const _ of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)) n++;
  return n;
}
