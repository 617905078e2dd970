/** Small builders that keep the dataset files to one line a post. */
import type { ItemKind } from '../../channels/port.js';
import { SURFACE_CHANNEL, type DemoIntent, type DemoPii, type DemoPost, type DemoSurface } from '../types.js';

export type Intents = DemoIntent | DemoIntent[];

export interface Extra {
  title?: string;
  pii?: DemoPii[];
  rating?: number;
  url?: string;
}

/** Share of Hangul among letters, a syllable weighted 2.5 (as the language detector weighs it). */
export function dominantLanguage(text: string): 'ko' | 'en' {
  let hangul = 0;
  let latin = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if ((c >= 0xac00 && c <= 0xd7a3) || (c >= 0x3131 && c <= 0x318e)) hangul++;
    else if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) latin++;
  }
  return hangul * 2.5 >= latin ? 'ko' : 'en';
}

function make(surface: DemoSurface, kind: ItemKind, id: string, at: number, author: string, intents: Intents, text: string, extra: Extra = {}, links: Partial<DemoPost> = {}): DemoPost {
  return {
    id,
    channel: SURFACE_CHANNEL[surface],
    surface,
    kind,
    author,
    text,
    lang: dominantLanguage(text),
    intents: Array.isArray(intents) ? intents : [intents],
    mentions: [],
    at,
    pii: extra.pii ?? [],
    ...(extra.title !== undefined ? { title: extra.title } : {}),
    ...(extra.rating !== undefined ? { rating: extra.rating } : {}),
    ...(extra.url !== undefined ? { url: extra.url } : {}),
    ...links,
  };
}

/**
 * Builders for one surface. `reply` makes the kind the surface uses for an answer (a reply, an
 * e-mail, a direct message); `comment` is a top-level comment under a post or video.
 */
export function on(surface: DemoSurface) {
  const replyKind: ItemKind = surface === 'email' ? 'email' : surface === 'messenger' || surface === 'kakaotalk' ? 'direct_message' : 'reply';
  return {
    post: (id: string, at: number, author: string, intents: Intents, text: string, extra?: Extra) => make(surface, 'post', id, at, author, intents, text, extra),
    comment: (id: string, parent: string, at: number, author: string, intents: Intents, text: string, extra?: Extra) => make(surface, 'comment', id, at, author, intents, text, extra, { parent }),
    reply: (id: string, parent: string, at: number, author: string, intents: Intents, text: string, extra?: Extra) => make(surface, replyKind, id, at, author, intents, text, extra, { parent }),
    /** Text and intents are filled from the original when the dataset is assembled. */
    repost: (id: string, of: string, at: number, author: string) => make(surface, 'repost', id, at, author, [], '', {}, { repostOf: of }),
    quote: (id: string, of: string, at: number, author: string, intents: Intents, text: string, extra?: Extra) => make(surface, 'quote', id, at, author, intents, text, extra, { quoteOf: of }),
    /** A direct message in conversation `thread` ('dm:...'). */
    dm: (id: string, thread: string, at: number, author: string, intents: Intents, text: string, extra?: Extra) => make(surface, 'direct_message', id, at, author, intents, text, extra, { thread }),
    mail: (id: string, at: number, author: string, intents: Intents, title: string, text: string, extra?: Extra) => make(surface, 'email', id, at, author, intents, text, { ...extra, title }),
    review: (id: string, at: number, author: string, rating: number, intents: Intents, title: string, text: string, extra?: Extra) => make(surface, 'review', id, at, author, intents, text, { ...extra, title, rating }),
  };
}
