import type { Clock } from '../../platform/clock/clock.js';
import { invalid } from '../../platform/errors.js';
import { assertCan, type Scope } from '../../platform/access/scope.js';
import type { ConsentStore, LinkView } from './consent.store.js';
import type { CustomersService, CustomerView } from './customers.service.js';
import type { CustomerActivity, SentimentPoint, Timeline, TimelineEntry, TimelineExtras } from './timeline.js';

/** What people in the workspace do with links and timelines (the public consent pages are the flow's). */
export class CustomerLinksService {
  constructor(
    private readonly customers: CustomersService,
    private readonly consent: ConsentStore,
    private readonly timelines: Timeline,
    private readonly clock: Clock,
    private readonly extras?: TimelineExtras,
  ) {}

  async links(scope: Scope, customerId: string, includeRevoked = false): Promise<LinkView[]> {
    assertCan(scope, 'customers.read');
    const c = await this.customers.row(scope, customerId);
    return this.consent.links(scope.workspaceId, c.id, includeRevoked);
  }

  /** The bank revokes a link: from this moment the identity is no longer this customer's. */
  async revoke(scope: Scope, customerId: string, linkId: string, reason: string): Promise<void> {
    assertCan(scope, 'customers.manage');
    const c = await this.customers.row(scope, customerId);
    const link = await this.consent.link(scope.workspaceId, linkId);
    if (!link || link.customer_id !== c.id) throw invalid('link.not_found', 'No such link for this customer.');
    await this.consent.revoke(scope.workspaceId, linkId, scope.actor, reason.trim() || 'revoked by the bank');
  }

  /**
   * A page of the timeline: items newest first (each with the bank's post it answers, if any), the link
   * clicks and conversions of the same time span (`activity`), and sentiment by day.
   */
  async timeline(scope: Scope, customerId: string, opts: { before?: string; limit?: number; days?: number }): Promise<{ entries: TimelineEntry[]; nextBefore: string | null; activity: CustomerActivity[]; sentiment: SentimentPoint[] }> {
    assertCan(scope, 'customers.read');
    const c = await this.customers.row(scope, customerId);
    const authors = await this.consent.linkedAuthorIds(scope.workspaceId, c.id);
    const before = opts.before ? new Date(opts.before) : undefined;
    if (before && Number.isNaN(before.getTime())) throw invalid('validation', 'before must be a date-time.', 'before');
    const limit = opts.limit ?? 50;
    const page = await this.timelines.page(scope.workspaceId, authors, { limit, ...(before ? { before } : {}) });
    let activity: CustomerActivity[] = [];
    if (this.extras && authors.length) {
      const posts = await this.extras.engagedPosts(
        scope.workspaceId,
        page.entries.filter((e) => e.item.parentNativeId || e.item.threadNativeId).map((e) => ({ id: e.item.id, accountId: e.item.accountId, parentNativeId: e.item.parentNativeId, threadNativeId: e.item.threadNativeId })),
      );
      for (const e of page.entries) e.engagedPost = posts.get(e.item.id) ?? null;
      // The same span as the items: from this page's oldest item (when there are more) to `before`.
      const conversations = await this.timelines.privateConversations(scope.workspaceId, authors);
      activity = await this.extras.activity(scope.workspaceId, conversations, { limit, ...(before ? { before } : {}), ...(page.nextBefore ? { after: new Date(page.nextBefore) } : {}) });
    }
    const since = new Date(this.clock.now().getTime() - (opts.days ?? 90) * 86_400_000);
    return { ...page, activity, sentiment: await this.timelines.sentiment(scope.workspaceId, authors, since) };
  }

  /** The inbox's customer panel: the customer a social identity is linked to now, or null; viewing is audited. */
  async ofAuthor(scope: Scope, authorId: string): Promise<{ customer: CustomerView; links: LinkView[] } | null> {
    assertCan(scope, 'customers.read');
    const id = await this.consent.customerIdOfAuthor(scope.workspaceId, authorId);
    if (!id) return null;
    const customer = await this.customers.get(scope, id, { via: 'author', authorId });
    return { customer, links: await this.consent.links(scope.workspaceId, id, false) };
  }
}
