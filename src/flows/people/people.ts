import type { Kysely } from 'kysely';
import { allows, type Scope } from '../../platform/access/scope.js';
import type { Store } from '../../platform/db/store.js';
import { tables } from '../../platform/db/store.js';
import type { CustomersTables } from '../../modules/customers/index.js';
import type { IdentityJoin } from '../../modules/network/index.js';

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
