/**
 * The customer timeline's entries from other modules: the bank's published posts a customer replied to
 * or commented on (publishing: a published variant whose native id is the item's parent or thread on the
 * same account), and the clicks and conversions of tracked links the bank sent in private replies to the
 * customer's linked identities (links: a reply's short link is tied to its conversation). A click is the
 * customer's only because the link went to them alone in a private conversation; nothing is inferred
 * from addresses (the click log keeps none). The composition root hands this to the customers module.
 */
import type { ConversationActivity, LinkAnalytics } from '../../modules/links/index.js';
import type { PublishedRecords } from '../../modules/publishing/index.js';
import type { CustomerActivity, EngagedPost, TimelineExtras } from '../../modules/customers/index.js';

export function customerTimelineExtras(d: { records: Pick<PublishedRecords, 'byNativeIds'>; analytics: Pick<LinkAnalytics, 'conversationActivity'>; shortUrl: (code: string) => string }): TimelineExtras {
  return {
    async engagedPosts(workspaceId, items) {
      const refs = items.flatMap((i) => [i.parentNativeId, i.threadNativeId].filter((n): n is string => !!n).map((nativeId) => ({ accountId: i.accountId, nativeId })));
      const out = new Map<string, EngagedPost>();
      if (!refs.length) return out;
      const posts = await d.records.byNativeIds(workspaceId, refs);
      const byRef = new Map(posts.map((p) => [`${p.accountId} ${p.nativeId}`, p]));
      for (const i of items) {
        // The direct parent first (a reply to a reply in the bank's thread still answers its post).
        const p = (i.parentNativeId && byRef.get(`${i.accountId} ${i.parentNativeId}`)) || (i.threadNativeId && byRef.get(`${i.accountId} ${i.threadNativeId}`));
        if (p) out.set(i.id, { postId: p.postId, title: p.title, url: p.url, channel: p.target, publishedAt: p.publishedAt });
      }
      return out;
    },
    async activity(workspaceId, conversationIds, window) {
      const rows = await d.analytics.conversationActivity(workspaceId, conversationIds, window);
      return rows.map(
        (r: ConversationActivity): CustomerActivity =>
          r.kind === 'link_click'
            ? { kind: 'link_click', at: r.at, linkId: r.linkId, shortUrl: d.shortUrl(r.code), target: r.target, conversationId: r.conversationId, device: r.device }
            : { kind: 'conversion', at: r.at, type: r.type, value: r.value, linkId: r.linkId, conversationId: r.conversationId },
      );
    },
  };
}
