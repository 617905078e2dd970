/**
 * Invitations: how a workspace gains a member whose account it does not own. A workspace admin invites
 * an address; the person sees the invitation after logging in and accepts or declines it. Nothing about
 * the invitation tells the inviter whether an account with that address exists.
 */
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../../platform/clock/clock.js';
import type { Actor } from '../../platform/actor.js';
import { conflict, notFound } from '../../platform/errors.js';
import { appendAudit } from '../audit/index.js';
import type { IdentityTables, UserRow } from './identity.store.js';
import type { Role } from '../../platform/access/roles.js';
import type { Scope } from '../../platform/access/scope.js';
import type { InvitationView, MyInvitationView } from '../../contracts/identity.js';

export type { InvitationView, MyInvitationView };

type Row = IdentityTables['workspace_invitations'];
const present = (r: Row): InvitationView => ({ id: r.id, email: r.email, role: r.role, status: r.status, createdAt: new Date(r.created_at).toISOString() });

/** Records (or refreshes) a pending invitation. Members already in the workspace are a conflict: the inviter sees them anyway. */
export async function invite(db: Kysely<IdentityTables>, clock: Clock, scope: Scope, email: string, role: Role): Promise<InvitationView> {
  const now = clock.now();
  return db.transaction().execute(async (trx) => {
    const member = await trx.selectFrom('memberships as m').innerJoin('users as u', 'u.id', 'm.user_id').select('m.user_id').where('m.workspace_id', '=', scope.workspaceId).where('u.email', '=', email).executeTakeFirst();
    if (member) throw conflict('user.exists', 'A user with this e-mail is already in the workspace.');
    await trx.updateTable('workspace_invitations').set({ status: 'cancelled', decided_at: now }).where('workspace_id', '=', scope.workspaceId).where('email', '=', email).where('status', '=', 'pending').execute();
    const row = await trx
      .insertInto('workspace_invitations')
      .values({ id: crypto.randomUUID(), workspace_id: scope.workspaceId, email, role, invited_by: scope.actor.userId, created_at: now, status: 'pending', decided_at: null })
      .returningAll()
      .executeTakeFirstOrThrow();
    await appendAudit(trx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'member.invited', targetType: 'invitation', targetId: row.id, after: { email, role }, at: now });
    return present(row);
  });
}

export async function listWorkspaceInvitations(db: Kysely<IdentityTables>, workspaceId: string): Promise<InvitationView[]> {
  const rows = await db.selectFrom('workspace_invitations').selectAll().where('workspace_id', '=', workspaceId).where('status', '=', 'pending').orderBy('created_at', 'desc').execute();
  return rows.map(present);
}

export async function cancelInvitation(db: Kysely<IdentityTables>, clock: Clock, scope: Scope, id: string): Promise<void> {
  const now = clock.now();
  await db.transaction().execute(async (trx) => {
    const row = /^[0-9a-f-]{36}$/i.test(id)
      ? await trx.updateTable('workspace_invitations').set({ status: 'cancelled', decided_at: now }).where('workspace_id', '=', scope.workspaceId).where('id', '=', id).where('status', '=', 'pending').returningAll().executeTakeFirst()
      : undefined;
    if (!row) throw notFound('invitation.not_found', 'No such invitation.');
    await appendAudit(trx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'member.invitation_cancelled', targetType: 'invitation', targetId: row.id, before: { email: row.email, role: row.role }, at: now });
  });
}

/** The signed-in person's pending invitations (matched by their address). */
export async function myInvitations(db: Kysely<IdentityTables>, user: UserRow): Promise<MyInvitationView[]> {
  const rows = await db
    .selectFrom('workspace_invitations as i')
    .innerJoin('workspaces as w', 'w.id', 'i.workspace_id')
    .select(['i.id', 'i.role', 'i.created_at', 'w.id as ws_id', 'w.name', 'w.slug'])
    .where('i.email', '=', user.email)
    .where('i.status', '=', 'pending')
    .orderBy('i.created_at')
    .execute();
  return rows.map((r) => ({ id: r.id, role: r.role, createdAt: new Date(r.created_at).toISOString(), workspace: { id: r.ws_id, name: r.name, slug: r.slug } }));
}

/** Accepts (joins the workspace with the invited role) or declines one of the person's own invitations. */
export async function decideInvitation(db: Kysely<IdentityTables>, clock: Clock, user: UserRow, actor: Actor, id: string, accept: boolean): Promise<void> {
  const now = clock.now();
  await db.transaction().execute(async (trx) => {
    const row = /^[0-9a-f-]{36}$/i.test(id) ? await trx.selectFrom('workspace_invitations').selectAll().where('id', '=', id).where('email', '=', user.email).where('status', '=', 'pending').forUpdate().executeTakeFirst() : undefined;
    if (!row) throw notFound('invitation.not_found', 'No such invitation.');
    await trx
      .updateTable('workspace_invitations')
      .set({ status: accept ? 'accepted' : 'declined', decided_at: now })
      .where('id', '=', row.id)
      .execute();
    if (accept) {
      await trx
        .insertInto('memberships')
        .values({ workspace_id: row.workspace_id, user_id: user.id, role: row.role, status: 'active', created_at: now })
        .onConflict((oc) => oc.columns(['workspace_id', 'user_id']).doNothing())
        .execute();
    }
    await appendAudit(trx, { workspaceId: row.workspace_id, actor, action: accept ? 'member.joined' : 'member.invitation_declined', targetType: 'user', targetId: user.id, after: { email: user.email, role: row.role }, at: now });
  });
}
