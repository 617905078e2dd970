/**
 * Tracked links in published posts. When a round of approval opens, every link of each variant becomes a
 * tracked short link of that variant (its channel, the post's campaign, the post), so what the approvers
 * read is what is sent and each channel variant is counted apart. The links themselves are made by the
 * tracked-links flow through `PostLinks`, before the round's transaction (outside it: the links module
 * writes in its own), and written with the round only if the variants are still the ones tracked.
 */
import type { Scope } from '../../platform/access/scope.js';
import { conflict } from '../../platform/errors.js';
import { replaceUrls } from '../../platform/text-urls.js';
import type { AccountsService } from '../accounts/index.js';
import { jsonParam } from '../audit/index.js';
import type { Db } from './posts.store.js';
import { BUILTIN_BLOG, type TrackedLink, type VariantRow } from './publishing.tables.js';

export interface PostLinkContext {
  postId: string;
  /** One per channel variant (account and target), the same across rounds: its links are counted apart. */
  variantKey: string;
  /** The channel type (x, mastodon, …; `blog` for the built-in blog). */
  channel: string;
  campaign: string | null;
  /** A name for the links made (post title, account, target). */
  title: string;
}

/** What the publishing module needs of tracked links (the tracked-links flow implements it). */
export interface PostLinks {
  /** A short link as it will be written, when the workspace tracks links in posts; else null. */
  sample(workspaceId: string): Promise<string | null>;
  /** The text with each link a tracked short link for this variant; null when the workspace does not track links. */
  track(scope: Scope, text: string, ctx: PostLinkContext): Promise<{ text: string; links: TrackedLink[] } | null>;
  /** Counted clicks (people) on posts' tracked links since a time, per post and variant key (best-time advice). */
  clicks(workspaceId: string, since: Date): Promise<Array<{ postId: string; variant: string | null; clicks: number }>>;
  /** Per post and variant key of these posts: counted clicks on their tracked links and attributed conversions. */
  stats?(workspaceId: string, postIds: string[]): Promise<Array<{ postId: string; variant: string | null; clicks: number; conversions: number }>>;
}

export interface Tracked {
  source: string;
  text: string;
  links: TrackedLink[];
}

type VariantLike = Pick<VariantRow, 'account_id' | 'target' | 'text'>;
export const variantKeyOf = (v: Pick<VariantRow, 'account_id' | 'target'>) => (v.account_id ? `${v.target}:${v.account_id}` : v.target);

/** The text as tracked links will make it (same length, same host), for the channel's count before they exist. */
export const previewText = (text: string, sample: string | null | undefined) => (sample ? replaceUrls(text, () => sample) : text);

/**
 * The tracked texts of a post's variants (by variant key), or null when there is no tracker or the
 * workspace does not track links. Made outside any transaction.
 */
export async function trackVariants(
  links: PostLinks | undefined,
  accounts: AccountsService,
  db: Db,
  scope: Scope,
  post: { id: string; title: string; campaignId: string | null },
  variants: VariantLike[],
): Promise<Map<string, Tracked> | null> {
  if (!links || !variants.length) return null;
  const campaign = post.campaignId ? ((await db.selectFrom('publishing_campaigns').select('name').where('id', '=', post.campaignId).executeTakeFirst())?.name ?? null) : null;
  const out = new Map<string, Tracked>();
  for (const v of variants) {
    const acc = v.account_id ? await accounts.byId(v.account_id) : undefined;
    const channel = v.target === BUILTIN_BLOG ? 'blog' : (acc?.type ?? v.target);
    const title = [post.title || null, acc?.name ?? null, v.target].filter(Boolean).join(' · ');
    const r = await links.track(scope, v.text, { postId: post.id, variantKey: variantKeyOf(v), channel, campaign, title });
    if (!r) return null; // the workspace does not track links
    out.set(variantKeyOf(v), { source: v.text, text: r.text, links: r.links });
  }
  return out;
}

/**
 * Writes the tracked texts into the round's variants (inside its transaction). A variant whose text is
 * no longer the one tracked (edited meanwhile) refuses the round: nothing is approved that was not shown.
 */
export async function applyTracked(trx: Db, postId: string, tracked: Map<string, Tracked> | null): Promise<void> {
  const rows = await trx.selectFrom('publishing_variants').select(['id', 'account_id', 'target', 'text']).where('post_id', '=', postId).execute();
  for (const r of rows) {
    const t = tracked?.get(variantKeyOf(r));
    if (tracked && (!t || t.source !== r.text)) throw conflict('publishing.changed_meanwhile', 'The post changed while its links were being tracked; try again.');
    await trx
      .updateTable('publishing_variants')
      .set({ tracked_text: t ? t.text : null, tracked_links: jsonParam(t?.links ?? []) })
      .where('id', '=', r.id)
      .execute();
  }
}
