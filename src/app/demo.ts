import type { Services } from './services.js';
import { systemActor } from '../platform/actor.js';
import { createMember } from '../modules/identity/index.js';
import { generatePassword } from '../modules/identity/index.js';
import { tables } from '../platform/db/store.js';
import type { IdentityTables } from '../modules/identity/index.js';
import { seedDemoQueries } from '../demo/queries.js';
import { SOCIAL_POLICY_NAME } from '../modules/inbox/index.js';
import type { Scope } from '../platform/access/scope.js';

export const DEMO_ADMIN_EMAIL = 'admin@demo.sotong.local';

/**
 * On the very first start: a demo workspace and its admin, whose password is returned to be printed
 * once. A row in instance_settings makes this happen once even when several processes start together.
 * With `queries` (when demo posts will flow: history or live replay), also the demo monitoring queries
 * (src/demo/queries.ts), so the dashboards show data at once, and the routing rule that gives public
 * posts the 24/7 SLA policy.
 */
export async function seedDemoOnce(s: Services, opts: { queries?: boolean } = {}): Promise<{ email: string; password: string; workspaceId: string } | null> {
  const db = tables<IdentityTables & { instance_settings: { key: string; value: unknown } }>(s.store);
  const claimed = await db
    .insertInto('instance_settings')
    .values({ key: 'demo_seeded', value: JSON.stringify({ at: s.clock.now().toISOString() }) as never })
    .onConflict((oc) => oc.column('key').doNothing())
    .returning('key')
    .executeTakeFirst();
  if (!claimed) return null;
  if ((await s.workspaces.count()) > 0) return null;
  const ws = await s.workspaces.create(systemActor, { name: '데모은행 (Demo Bank)', slug: 'demo' });
  const password = generatePassword();
  await createMember(tables<IdentityTables>(s.store), s.clock, ws.id, systemActor, { email: DEMO_ADMIN_EMAIL, name: '관리자 (Admin)', role: 'admin', password, instanceAdmin: true });
  const scope = { workspaceId: ws.id, actor: systemActor, role: 'admin' as const, tokenScopes: null };
  if (opts.queries) {
    await seedPublicPostsRule(s, scope);
    await seedDemoQueries(
      s.listening.queries,
      scope,
      s.adapters.all().map((a) => a.type),
    );
  }
  await db
    .updateTable('instance_settings')
    .set({ value: JSON.stringify({ at: s.clock.now().toISOString(), workspaceId: ws.id }) as never })
    .where('key', '=', 'demo_seeded')
    .execute();
  return { email: DEMO_ADMIN_EMAIL, password, workspaceId: ws.id };
}

/** The demo workspace, if this installation has one. */
export async function demoWorkspaceId(s: Services): Promise<string | undefined> {
  const db = tables<{ instance_settings: { key: string; value: { workspaceId?: string } } }>(s.store);
  const row = await db.selectFrom('instance_settings').select('value').where('key', '=', 'demo_seeded').executeTakeFirst();
  const id = row?.value.workspaceId;
  return id && (await s.workspaces.findBySlugOrId(id)) ? id : undefined;
}

/** Public posts are answered around the clock: the "소셜 공개글 24/7" policy, applied by a rule (not left unused beside the default). */
export const PUBLIC_POSTS_RULE_NAME = '공개 게시물은 24/7 SLA';

async function seedPublicPostsRule(s: Services, scope: Scope): Promise<void> {
  const social = (await s.inbox.policies.list(scope)).find((p) => p.name === SOCIAL_POLICY_NAME);
  if (!social) return;
  await s.inbox.rules.create(scope, {
    name: PUBLIC_POSTS_RULE_NAME,
    description: '고객은 공개 게시물에 밤낮없이 답을 기대합니다: 공개글에는 영업시간이 아닌 24/7 SLA를 적용합니다.',
    runOn: 'created',
    conditions: { all: [{ field: 'is_private', op: 'equals', value: false }] },
    actions: [{ type: 'set_sla_policy', policyId: social.id }],
  });
}
