import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../../platform/clock/clock.js';
import type { Store } from '../../platform/db/store.js';
import { tables } from '../../platform/db/store.js';
import { conflict, forbidden, invalid, notFound } from '../../platform/errors.js';
import { cancelInvitation, decideInvitation, invite, listWorkspaceInvitations, myInvitations, type InvitationView, type MyInvitationView } from './invitations.js';
import type { UserRow } from './identity.store.js';
import type { Actor } from '../../platform/actor.js';
import { appendAudit } from '../audit/index.js';
import { generatePassword, hashPassword } from './passwords.js';
import { assertStrongPassword } from './auth.service.js';
import { normaliseEmail, presentMember, type IdentityTables, type MemberView } from './identity.store.js';
import { isRole, type Role } from '../../platform/access/roles.js';
import { assertCan, type Scope } from '../../platform/access/scope.js';
import type { IdentityCache } from './identity-cache.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface NewUser {
  email: string;
  name: string;
  role: Role;
  password?: string;
}

/** Members of one workspace. Every query is bound to the scope's workspace. */
export class UsersService {
  private readonly db: Kysely<IdentityTables>;
  constructor(
    store: Store,
    private readonly clock: Clock,
    private readonly cache?: IdentityCache,
  ) {
    this.db = tables<IdentityTables>(store);
  }

  async list(scope: Scope): Promise<MemberView[]> {
    assertCan(scope, 'users.read');
    const rows = await this.db
      .selectFrom('memberships as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .selectAll('u')
      .select(['m.role', 'm.status', 'm.created_at as m_created_at', 'm.workspace_id', 'm.user_id'])
      .where('m.workspace_id', '=', scope.workspaceId)
      .orderBy('u.name')
      .execute();
    return rows.map((r) => presentMember(r, { workspace_id: r.workspace_id, user_id: r.user_id, role: r.role, status: r.status, created_at: r.m_created_at }));
  }

  /**
   * Adds a member. Identities belong to their owner and the instance: an instance admin may create a
   * new user here (a generated password is returned once when none is given). Anything else becomes an
   * invitation the person accepts after logging in, and the answer is the same whether or not an
   * account with that address exists (no existence oracle, no attaching someone without consent).
   */
  async create(scope: Scope, input: NewUser): Promise<{ user: MemberView; initialPassword?: string } | { invitation: InvitationView }> {
    assertCan(scope, 'users.manage');
    const email = normaliseEmail(input.email);
    if (!EMAIL.test(email)) throw invalid('validation', 'That is not an e-mail address.', 'email');
    if (!isRole(input.role)) throw invalid('validation', 'Unknown role.', 'role');
    if (scope.instanceAdmin) {
      const exists = await this.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
      if (!exists) {
        const r = await createMember(this.db, this.clock, scope.workspaceId, scope.actor, input);
        await this.cache?.changed();
        return r;
      }
    }
    return { invitation: await invite(this.db, this.clock, scope, email, input.role) };
  }

  async update(scope: Scope, userId: string, patch: { role?: Role; status?: 'active' | 'disabled'; name?: string }): Promise<MemberView> {
    assertCan(scope, 'users.manage');
    const view = await this.db.transaction().execute(async (trx) => {
      const before = await findMember(trx, scope.workspaceId, userId);
      if (patch.role !== undefined || patch.status !== undefined) {
        if (userId === scope.actor.userId && (patch.status === 'disabled' || (patch.role && patch.role !== 'admin'))) {
          throw invalid('user.self_lockout', 'You cannot remove your own admin access; ask another admin.');
        }
        await trx
          .updateTable('memberships')
          .set({ ...(patch.role ? { role: patch.role } : {}), ...(patch.status ? { status: patch.status } : {}) })
          .where('workspace_id', '=', scope.workspaceId)
          .where('user_id', '=', userId)
          .execute();
        // Disabling is about this workspace only: the person's sessions (and other workspaces) stay;
        // the membership check on every request shuts them out here, and their tokens here die.
        if (patch.status === 'disabled') await revokeTokensOf(trx, scope.workspaceId, userId, this.clock.now());
      }
      if (patch.name !== undefined && patch.name.trim() !== before.name) {
        // A name is the person's, across the instance: only they or an instance admin change it.
        if (!scope.instanceAdmin) throw forbidden('Only the person or an instance administrator can change a name.');
        await trx.updateTable('users').set({ name: patch.name.trim() }).where('id', '=', userId).execute();
        await appendAudit(trx, { workspaceId: null, actor: scope.actor, action: 'user.renamed', targetType: 'user', targetId: userId, before: { name: before.name }, after: { name: patch.name.trim() }, at: this.clock.now() });
      }
      const after = await findMember(trx, scope.workspaceId, userId);
      await appendAudit(trx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'user.updated', targetType: 'user', targetId: userId, before: pick(before), after: pick(after), at: this.clock.now() });
      return after;
    });
    await this.cache?.changed();
    return view;
  }

  async invitations(scope: Scope): Promise<InvitationView[]> {
    assertCan(scope, 'users.read');
    return listWorkspaceInvitations(this.db, scope.workspaceId);
  }

  async cancelInvitation(scope: Scope, id: string): Promise<void> {
    assertCan(scope, 'users.manage');
    await cancelInvitation(this.db, this.clock, scope, id);
  }

  /** The signed-in person's own pending invitations. */
  myInvitations(user: UserRow): Promise<MyInvitationView[]> {
    return myInvitations(this.db, user);
  }

  async decideInvitation(user: UserRow, actor: Actor, id: string, accept: boolean): Promise<void> {
    await decideInvitation(this.db, this.clock, user, actor, id, accept);
    await this.cache?.changed();
  }

  async remove(scope: Scope, userId: string): Promise<void> {
    assertCan(scope, 'users.manage');
    if (userId === scope.actor.userId) throw invalid('user.self_lockout', 'You cannot remove yourself from the workspace.');
    await this.db.transaction().execute(async (trx) => {
      const before = await findMember(trx, scope.workspaceId, userId);
      await trx.deleteFrom('memberships').where('workspace_id', '=', scope.workspaceId).where('user_id', '=', userId).execute();
      await revokeTokensOf(trx, scope.workspaceId, userId, this.clock.now());
      await appendAudit(trx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'user.removed', targetType: 'user', targetId: userId, before: pick(before), at: this.clock.now() });
    });
    await this.cache?.changed();
  }
}

/** Tokens die with the membership of the member who made them (a later re-invitation does not revive them). */
async function revokeTokensOf(db: Kysely<IdentityTables>, workspaceId: string, userId: string, now: Date): Promise<void> {
  await db.updateTable('api_tokens').set({ revoked_at: now }).where('workspace_id', '=', workspaceId).where('created_by', '=', userId).where('revoked_at', 'is', null).execute();
}

const pick = (m: MemberView) => ({ email: m.email, name: m.name, role: m.role, status: m.status });

async function findMember(db: Kysely<IdentityTables>, workspaceId: string, userId: string): Promise<MemberView> {
  if (!/^[0-9a-f-]{36}$/i.test(userId)) throw notFound('user.not_found', 'No such user in this workspace.');
  const r = await db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .selectAll('u')
    .select(['m.role', 'm.status', 'm.created_at as m_created_at', 'm.workspace_id', 'm.user_id'])
    .where('m.workspace_id', '=', workspaceId)
    .where('m.user_id', '=', userId)
    .executeTakeFirst();
  if (!r) throw notFound('user.not_found', 'No such user in this workspace.');
  return presentMember(r, { workspace_id: r.workspace_id, user_id: r.user_id, role: r.role, status: r.status, created_at: r.m_created_at });
}

/** Shared by the API and the CLI's `user add`. */
export async function createMember(db: Kysely<IdentityTables>, clock: Clock, workspaceId: string, actor: Actor, input: NewUser & { instanceAdmin?: boolean }): Promise<{ user: MemberView; initialPassword?: string }> {
  const email = normaliseEmail(input.email);
  if (!EMAIL.test(email)) throw invalid('validation', 'That is not an e-mail address.', 'email');
  if (!isRole(input.role)) throw invalid('validation', 'Unknown role.', 'role');
  const name = input.name.trim();
  if (!name) throw invalid('validation', 'A name is needed.', 'name');
  if (input.password !== undefined) assertStrongPassword(input.password, email);
  const initialPassword = input.password === undefined ? generatePassword() : undefined;
  const now = clock.now();
  return db.transaction().execute(async (trx) => {
    let created = false;
    let user = await trx.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
    if (user) {
      const existing = await trx.selectFrom('memberships').select('role').where('workspace_id', '=', workspaceId).where('user_id', '=', user.id).executeTakeFirst();
      if (existing) throw conflict('user.exists', 'A user with this e-mail is already in the workspace.');
    } else {
      user = await trx
        .insertInto('users')
        .values({
          id: crypto.randomUUID(),
          email,
          name,
          password_hash: await hashPassword(input.password ?? initialPassword!),
          locale: 'ko',
          is_instance_admin: input.instanceAdmin ?? false,
          created_at: now,
          last_login_at: null,
          password_changed_at: now,
          home_workspace_id: workspaceId,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      created = true;
    }
    const membership = await trx.insertInto('memberships').values({ workspace_id: workspaceId, user_id: user.id, role: input.role, status: 'active', created_at: now }).returningAll().executeTakeFirstOrThrow();
    const view = presentMember(user, membership);
    await appendAudit(trx, { workspaceId, actor, action: 'user.created', targetType: 'user', targetId: user.id, after: pick(view), at: now });
    return { user: view, ...(created && initialPassword ? { initialPassword } : {}) };
  });
}
