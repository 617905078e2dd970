/**
 * The demo dataset, assembled: every post of every channel in replay order, the authors, who follows
 * whom, and the separate negative-spike scenario.
 */
import type { DemoAuthor, DemoPost } from '../types.js';
import { demoAuthors, demoFollows, BIG_MOUTHS } from './authors.js';
import { dominantLanguage } from './build.js';
import { xPosts } from './x.js';
import { metaPosts } from './meta.js';
import { youtubePosts } from './youtube.js';
import { fediversePosts } from './fediverse.js';
import { blogPosts } from './blog.js';
import { emailPosts } from './email.js';
import { webhookPosts } from './webhook.js';
import { chatterPosts } from './chatter.js';
import { spikePosts } from './spike.js';

export { demoAuthors, demoFollows, BIG_MOUTHS };
export { demoCustomers, type DemoCustomer } from './customers.js';

const MENTION = /(?<![\w.])@([A-Za-z0-9_]+)/g;

/**
 * Fills what is derived rather than written: repost text and intents (from the original), languages,
 * conversation roots, "@handle" mentions, and "Re:" subjects of e-mail replies. Sorted by offset
 * (stable), so a parent written before its reply stays before it.
 */
export function assemble(drafts: readonly DemoPost[], authors: readonly DemoAuthor[]): DemoPost[] {
  const byId = new Map(drafts.map((p) => [p.id, p]));
  const authorById = new Map(authors.map((a) => [a.id, a]));
  const rootOf = (p: DemoPost): DemoPost => {
    let cur = p;
    for (let guard = 0; cur.parent && guard < 100; guard++) cur = byId.get(cur.parent) ?? cur;
    return cur;
  };
  const out = drafts.map((d): DemoPost => {
    const p: DemoPost = { ...d, mentions: [...d.mentions], intents: [...d.intents], pii: [...d.pii] };
    if (p.repostOf) {
      const orig = byId.get(p.repostOf);
      if (orig) {
        const handle = authorById.get(orig.author)?.handle ?? orig.author;
        p.text = p.channel === 'x' ? `RT @${handle}: ${orig.text}` : orig.text;
        p.intents = p.intents.length ? p.intents : [...orig.intents];
        p.pii = [...orig.pii];
        p.lang = dominantLanguage(orig.text);
      }
    } else {
      const mentioned = [...p.text.matchAll(MENTION)].map((m) => m[1]!).filter((h) => authorById.has(h) && h !== p.author);
      p.mentions = [...new Set([...p.mentions, ...mentioned])];
    }
    if (p.parent && !p.thread) p.thread = rootOf(p).id;
    if (p.kind === 'email' && p.parent && p.title === undefined) {
      const rootTitle = rootOf(p).title;
      if (rootTitle) p.title = `Re: ${rootTitle}`;
    }
    return p;
  });
  return out
    .map((p, i) => ({ p, i }))
    .sort((a, b) => a.p.at - b.p.at || a.i - b.i)
    .map(({ p }) => p);
}

/** Every post of the everyday dataset, in replay order. */
export const demoPosts: readonly DemoPost[] = assemble([...xPosts, ...metaPosts, ...youtubePosts, ...fediversePosts, ...blogPosts, ...emailPosts, ...webhookPosts, ...chatterPosts], demoAuthors);

/** The lunchtime login outage: ~40 posts over 25 minutes (offsets relative to the injection). */
export const spikeScenario: readonly DemoPost[] = assemble(spikePosts, demoAuthors);

export const demoAuthorsById: ReadonlyMap<string, DemoAuthor> = new Map(demoAuthors.map((a) => [a.id, a]));
