import type { Clock } from '../../platform/clock/clock.js';
import { invalid } from '../../platform/errors.js';
import { assertCan, type Scope } from '../../platform/access/scope.js';
import type { ConsentStore, LinkView } from './consent.store.js';
import type { CustomersService, CustomerView } from './customers.service.js';
import type { SentimentPoint, Timeline, TimelineEntry } from './timeline.js';

/** What people in the workspace do with links and timelines (the public consent pages are the flow's). */
export class CustomerLinksService {
  constructor(
    private readonly customers: CustomersService,
    private readonly consent: ConsentStore,
    private readonly timelines: Timeline,
    private readonly clock: Clock,
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

  async timeline(scope: Scope, customerId: string, opts: { before?: string; limit?: number; days?: number }): Promise<{ entries: TimelineEntry[]; nextBefore: string | null; sentiment: SentimentPoint[] }> {
    assertCan(scope, 'customers.read');
    const c = await this.customers.row(scope, customerId);
    const authors = await this.consent.linkedAuthorIds(scope.workspaceId, c.id);
    const before = opts.before ? new Date(opts.before) : undefined;
    if (before && Number.isNaN(before.getTime())) throw invalid('validation', 'before must be a date-time.', 'before');
    const page = await this.timelines.page(scope.workspaceId, authors, { limit: opts.limit ?? 50, ...(before ? { before } : {}) });
    const since = new Date(this.clock.now().getTime() - (opts.days ?? 90) * 86_400_000);
    return { ...page, sentiment: await this.timelines.sentiment(scope.workspaceId, authors, since) };
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
