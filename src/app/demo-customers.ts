import { demoAuthorsById, demoCustomers } from '../demo/dataset/index.js';
import { authorFor } from '../demo/to-events.js';
import { SURFACE_CHANNEL, type DemoChannel } from '../demo/types.js';
import { DEFAULT_PURPOSE } from '../modules/customers/index.js';
import type { ItemsTables } from '../modules/items/index.js';
import { systemActor } from '../platform/actor.js';
import type { Scope } from '../platform/access/scope.js';
import { tables } from '../platform/db/store.js';
import type { Services } from './services.js';

const CHANNELS = [...new Set(Object.values(SURFACE_CHANNEL))] as DemoChannel[];

/**
 * The demo's customers who registered their social accounts with the bank (src/demo/dataset/customers.ts):
 * created once (a customer already there is left as it is), and every channel identity of theirs that
 * has appeared so far is linked with the consent recorded as the bank's app records it. Safe to run at
 * every start: an identity ever linked (even revoked since) is left alone. Returns the links made.
 */
export async function seedDemoCustomers(s: Services, workspaceId: string): Promise<number> {
  const scope: Scope = { workspaceId, actor: systemActor, role: 'admin', tokenScopes: null };
  const { customers, consent } = s.customers;
  const missing = [];
  for (const c of demoCustomers) if (!(await customers.rowByExternalId(workspaceId, c.externalId))) missing.push(c);
  if (missing.length)
    await customers.upsert(
      scope,
      missing.map((c) => ({ externalId: c.externalId, name: c.name, email: demoAuthorsById.get(c.author)?.email ?? null, segment: c.segment, products: c.products })),
    );
  const db = tables<ItemsTables>(s.store);
  let made = 0;
  for (const c of demoCustomers) {
    const person = demoAuthorsById.get(c.author);
    const customer = await customers.rowByExternalId(workspaceId, c.externalId);
    if (!person || !customer) continue;
    const identities = await db
      .selectFrom('authors')
      .select(['id', 'channel', 'native_id', 'first_seen_at'])
      .where('workspace_id', '=', workspaceId)
      .where((eb) => eb.or(CHANNELS.map((ch) => eb.and([eb('channel', '=', ch), eb('native_id', '=', authorFor(person, ch).nativeId)]))))
      .execute();
    for (const a of identities) {
      const proof = { method: 'bank_app', channel: a.channel, demo: true };
      if (await consent.recordLink(workspaceId, { customerId: customer.id, authorId: a.id, purpose: DEFAULT_PURPOSE, proof }, systemActor)) made++;
    }
  }
  return made;
}
