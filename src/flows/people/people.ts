import type { Kysely } from 'kysely';
import { allows, type Scope } from '../../platform/access/scope.js';
import type { Store } from '../../platform/db/store.js';
import { tables } from '../../platform/db/store.js';
import type { CustomersTables } from '../../modules/customers/index.js';
import type { IdentityJoin } from '../../modules/network/index.js';
import type { CustomerIdentities as ArchiveCustomerIdentities, IdentityPeriod } from '../../modules/archive/index.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * One person across channels, as the bank's data says: social identities linked by consent to the same
 * customer (living links only: a revoked link joins nothing from that moment). The network ranks them as
 * one person. Only for viewers who may read customers; others see one row per identity.
 */
export class CustomerIdentities implements IdentityJoin {
  private readonly db: Kysely<CustomersTables>;
  constructor(store: Store) {
    this.db = tables<CustomersTables>(store);
  }

  relation(scope: Scope) {
    if (!allows(scope, 'customers.read')) return null;
    return this.db
      .selectFrom('customer_links as l')
      .innerJoin('customers as c', 'c.id', 'l.customer_id')
      .select(['l.author_id', 'l.customer_id as person_id', 'c.name_masked as person_name'])
      .where('l.workspace_id', '=', scope.workspaceId)
      .where('c.workspace_id', '=', scope.workspaceId)
      .where('l.revoked_at', 'is', null);
  }
}

/**
 * The archive's eDiscovery by customer: every social identity ever linked to the customer by consent,
 * revoked links included with the moment they were revoked (the archive counts an identity's versions as
 * the customer's up to that moment). Read as the system: compliance searches without `customers.read`.
 */
export class CustomerArchiveIdentities implements ArchiveCustomerIdentities {
  private readonly db: Kysely<CustomersTables>;
  constructor(store: Store) {
    this.db = tables<CustomersTables>(store);
  }

  async periods(workspaceId: string, customerId: string): Promise<IdentityPeriod[] | null> {
    if (!UUID.test(customerId)) return null;
    const customer = await this.db.selectFrom('customers').select('id').where('workspace_id', '=', workspaceId).where('id', '=', customerId).executeTakeFirst();
    if (!customer) return null;
    const links = await this.db.selectFrom('customer_links').select(['author_id', 'linked_at', 'revoked_at']).where('workspace_id', '=', workspaceId).where('customer_id', '=', customerId).orderBy('linked_at').execute();
    return links.map((l) => ({ authorId: l.author_id, linkedAt: new Date(l.linked_at), revokedAt: l.revoked_at ? new Date(l.revoked_at) : null }));
  }
}
