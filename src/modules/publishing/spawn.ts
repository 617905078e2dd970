/**
 * A long blog post spawns short linked variants: for the channels chosen, a new draft post whose text is
 * the blog post's title, the start of its text, a few of its keywords as hashtags and the link back to
 * the published blog post, cut to fit each channel's own count (its adapter's `measure()`). The link
 * becomes a tracked short link of each variant when approval is requested, like every link in a post; the
 * drafts are edited and approved like any other post.
 */
import { measurerFor } from '../../channels/registry.js';
import { conflict, invalid } from '../../platform/errors.js';
import { assertCan, type Scope } from '../../platform/access/scope.js';
import type { PostsService, PublishingDeps } from './posts.service.js';
import { BUILTIN_BLOG } from './publishing.tables.js';
import type { PostView } from '../../contracts/publishing.js';

const STOP = new Set(['그리고', '하지만', '그러나', '또한', '있습니다', '합니다', '입니다', '위한', '대한', '통해', '이번', 'the', 'and', 'for', 'with', 'that', 'this', 'from']);
/** Common Korean endings (particles) cut off a word before it is counted as a keyword. */
const PARTICLE = /(으로|에서|에게|까지|부터|처럼|보다|이나|이랑|하고|과|와|을|를|이|가|은|는|의|에|도|로|만)$/u;

/** Up to `n` keywords of a long text: words of two or more letters, the title's counted double, most frequent first. */
export function keywords(title: string, text: string, n = 3): string[] {
  const counts = new Map<string, number>();
  const count = (s: string, weight: number) => {
    for (const raw of s.match(/[\p{L}\p{N}]{2,}/gu) ?? []) {
      const w = raw.length > 2 ? raw.replace(PARTICLE, '') : raw;
      if (w.length < 2 || STOP.has(w.toLowerCase()) || /^\p{N}+$/u.test(w)) continue;
      counts.set(w, (counts.get(w) ?? 0) + weight);
    }
  };
  count(title, 2);
  count(text, 1);
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || b[0].length - a[0].length)
    .slice(0, n)
    .map(([w]) => w);
}

/** How much of the blog post's text a short post carries at most (code points), before the channel's own limit. */
export const SUMMARY_MAX = 200;

/** The short text for one channel: title, as much of the text as fits (at most `max`, cut with …), hashtags and the link. */
export function shortText(measure: ((t: string) => { length: number; limit: number | null }) | undefined, title: string, text: string, tags: string[], url: string, max = SUMMARY_MAX): string {
  const hashtags = tags.map((t) => `#${t}`).join(' ');
  const build = (s: string) => [title, s, hashtags, url].filter(Boolean).join('\n\n');
  const fits = (t: string) => {
    const m = measure?.(t);
    return !m || m.limit === null || m.length <= m.limit;
  };
  const chars = [...text];
  if (chars.length <= max && fits(build(text))) return build(text);
  const cut = (n: number) => build(`${chars.slice(0, n).join('').trimEnd()}…`);
  // Binary search on the text's length (in code points), ending with an ellipsis.
  let lo = 0;
  let hi = Math.min(chars.length, max);
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(cut(mid))) lo = mid;
    else hi = mid - 1;
  }
  if (lo > 0) return cut(lo);
  return fits(build('')) ? build('') : [hashtags, url].filter(Boolean).join('\n\n');
}

/** Creates the short linked draft from a published long-form post (the built-in blog or a channel without a length limit). */
export async function spawnShortPost(d: PublishingDeps, posts: PostsService, scope: Scope, postId: string, chosen: Array<{ accountId: string | null; target: string }>): Promise<PostView> {
  assertCan(scope, 'publishing.compose');
  const source = await posts.get(scope, postId, false);
  const long = source.variants.find((v) => v.target === BUILTIN_BLOG || measurerFor(d.adapters, v.target)?.('').limit === null);
  if (!long) throw invalid('publishing.not_a_blog_post', 'This post has no blog variant to link back to.', 'postId');
  if (long.status !== 'published' || !long.url) throw conflict('publishing.blog_not_published', 'The blog post is not published yet: its link is not known.');
  if (!chosen.length) throw invalid('publishing.no_variant', 'Choose at least one channel.', 'variants');
  const body = long.text
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const tags = keywords(source.title, body);
  const variants = chosen.map((c) => ({ accountId: c.accountId, target: c.target, text: shortText(measurerFor(d.adapters, c.target), source.title, body, tags, long.url!) }));
  return posts.create(scope, {
    title: source.title,
    masterText: variants[0]!.text,
    product: (source.product ?? null) as never,
    campaignId: source.campaignId,
    scheduledAt: null,
    variants,
  });
}
