/**
 * Tracked links made automatically: every link of a post's channel variant (when its round of approval
 * opens) and of an agent's reply (before it is checked and queued) becomes a short link of the links
 * module, tied to the post, variant, channel and campaign, or to the conversation. The UTM template of the
 * channel and campaign is applied to the destination. A workspace turns it off with the links settings
 * (`trackLinks`). The publishing and inbox modules name what they need (`PostLinks`, `ReplyLinks`); this
 * flow implements it over the links module's face, and the composition root hands it to them.
 */
import type { Actor } from '../../platform/actor.js';
import type { Scope } from '../../platform/access/scope.js';
import type { LinkAnalytics, LinkLabels, LinksService } from '../../modules/links/index.js';
import type { PostLinks, PublishedRecords } from '../../modules/publishing/index.js';
import type { ReplyLinks } from '../../modules/inbox/index.js';
import type { ConversationLinks } from '../../modules/listening/index.js';

/**
 * The links are made for the person (or system) who submitted the post or wrote the reply, acting for the
 * workspace: an agent may reply and a maker may submit without the right to manage links by hand.
 */
const actingFor = (workspaceId: string, actor: Actor): Scope => ({ workspaceId, actor, role: 'admin', tokenScopes: null });

type Links = Pick<LinksService, 'tracking' | 'sample' | 'rewrite'>;

export function postLinks(links: Links, analytics: Pick<LinkAnalytics, 'postClicks'>): PostLinks {
  return {
    clicks: (workspaceId, since) => analytics.postClicks(workspaceId, since),
    sample: async (workspaceId) => ((await links.tracking(workspaceId)) ? links.sample() : null),
    async track(scope, text, ctx) {
      if (!(await links.tracking(scope.workspaceId))) return null;
      const r = await links.rewrite(actingFor(scope.workspaceId, scope.actor), text, { channel: ctx.channel, campaign: ctx.campaign, postId: ctx.postId, variant: ctx.variantKey, title: ctx.title });
      return { text: r.text, links: r.rewritten.map((l) => ({ written: l.written, shortUrl: l.shortUrl })) };
    },
  };
}

export function replyLinks(links: Links): ReplyLinks {
  return {
    sample: async (workspaceId) => ((await links.tracking(workspaceId)) ? links.sample() : null),
    async rewrite(workspaceId, actor, text, ctx) {
      if (!(await links.tracking(workspaceId))) return text;
      return (await links.rewrite(actingFor(workspaceId, actor), text, { channel: ctx.channel, conversationId: ctx.conversationId })).text;
    },
  };
}

/** Links reports name posts by their titles (the publishing module's). */
export function linkLabels(records: Pick<PublishedRecords, 'titles'>): LinkLabels {
  return { postTitles: (workspaceId, ids) => records.titles(workspaceId, ids) };
}

/** The communication index's "links followed": tracked links in a conversation's replies and in posts, and their clicks. */
export function conversationLinks(analytics: Pick<LinkAnalytics, 'conversationClicks' | 'postClicksByDay'>): ConversationLinks {
  return { clicks: (workspaceId, ids) => analytics.conversationClicks(workspaceId, ids), postClicks: (workspaceId, from, to) => analytics.postClicksByDay(workspaceId, from, to) };
}
