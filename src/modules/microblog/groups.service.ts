import { sql } from 'kysely';
import { conflict, DomainError, invalid, notFound } from '../../platform/errors.js';
import { appendAudit } from '../audit/index.js';
import type { GroupMemberView, GroupRequestView, GroupView } from '../../contracts/microblog-groups.js';
import { idOf, pageLimit, type Ctx, type Page, type Viewer } from './context.js';
import { guidelineScreen } from './guideline.js';
import { groupAccess, membersOnly } from './groups.access.js';
import type { GroupRow } from './microblog.tables.js';
import type { PeopleService } from './people.service.js';
import type { TimelinesService } from './timelines.service.js';
import { iso, type PostView } from './views.js';

export type { GroupMemberView, GroupRequestView, GroupView };

const adminOnly = () => new DomainError('forbidden', 'microblog.group_admin_only', 'Only an admin of this group can do this.');
const lastAdmin = () => conflict('microblog.group_last_admin', 'A group keeps at least one admin: make someone else admin first.');

/** A group's name as given (trimmed, NFC) and its key for uniqueness (lower case). */
function nameOf(raw: unknown): { name: string; key: string } {
  const name = String(raw ?? '')
    .normalize('NFC')
    .replace(/\s+/g, ' ')
    .trim();
  if (!name || [...name].length > 80) throw invalid('microblog.bad_group_name', 'A group name has 1 to 80 characters.', 'name');
  return { name, key: name.toLowerCase() };
}

/** Names and descriptions are shown to the whole workspace: the guideline screen applies to them too. */
function screen(text: string): void {
  const reasons = guidelineScreen(text);
  if (reasons.length) throw new DomainError('invalid', 'microblog.group_screened', `보류됨: ${[...new Set(reasons.map((r) => r.message))].join(' ')}`, { params: { reasons: reasons.map((r) => r.kind) } });
}

/**
 * Groups: open (anyone in the workspace joins and reads) and closed (members join by request or are
 * added by an admin; only members read). Every change is audited; a group keeps at least one admin.
 */
export class GroupsService {
  constructor(
    private readonly ctx: Ctx,
    private readonly people: PeopleService,
    private readonly timelines: TimelinesService,
  ) {}

  private async present(v: Viewer, rows: GroupRow[]): Promise<GroupView[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const [counts, mine, asked, pending] = await Promise.all([
      this.ctx.db
        .selectFrom('mb_group_members')
        .select(['group_id', sql<number>`count(*)::int`.as('n')])
        .where('group_id', 'in', ids)
        .groupBy('group_id')
        .execute(),
      this.ctx.db.selectFrom('mb_group_members').select(['group_id', 'role']).where('group_id', 'in', ids).where('person_id', '=', v.person.id).execute(),
      this.ctx.db.selectFrom('mb_group_requests').select('group_id').where('group_id', 'in', ids).where('person_id', '=', v.person.id).execute(),
      this.ctx.db
        .selectFrom('mb_group_requests')
        .select(['group_id', sql<number>`count(*)::int`.as('n')])
        .where('group_id', 'in', ids)
        .groupBy('group_id')
        .execute(),
    ]);
    const n = new Map(counts.map((c) => [c.group_id, Number(c.n)]));
    const role = new Map(mine.map((m) => [m.group_id, m.role]));
    const req = new Set(asked.map((a) => a.group_id));
    const waiting = new Map(pending.map((c) => [c.group_id, Number(c.n)]));
    return rows.map((r) => ({
      id: String(r.id),
      name: r.name,
      description: r.description,
      closed: r.closed,
      membersCount: n.get(r.id) ?? 0,
      role: role.get(r.id) ?? null,
      requested: req.has(r.id),
      pendingCount: role.get(r.id) === 'admin' ? (waiting.get(r.id) ?? 0) : null,
      createdAt: iso(r.created_at),
    }));
  }

  private async admin(v: Viewer, rawId: string | number) {
    const a = await groupAccess(this.ctx.db, v, idOf(rawId, 'group'));
    if (a.role !== 'admin') throw adminOnly();
    return a.group;
  }

  private audit(v: Viewer, action: string, groupId: number, extra: { before?: Record<string, unknown>; after?: Record<string, unknown> } = {}) {
    return { workspaceId: v.scope.workspaceId, actor: v.scope.actor, action: `microblog.${action}`, targetType: 'mb_group', targetId: String(groupId), at: this.ctx.clock.now(), ...extra };
  }

  /** `mine`: the groups I am in; `discover`: the others (open ones to join, closed ones to ask). */
  async list(v: Viewer, filter: 'mine' | 'discover', q = ''): Promise<GroupView[]> {
    let query = this.ctx.db.selectFrom('mb_groups').selectAll().where('workspace_id', '=', v.scope.workspaceId).where('deleted_at', 'is', null);
    const mine = (eb: any) => eb.selectFrom('mb_group_members').select('group_id').where('person_id', '=', v.person.id);
    query = filter === 'mine' ? query.where('id', 'in', mine) : query.where('id', 'not in', mine);
    const text = q.normalize('NFC').trim().toLowerCase();
    if (text) query = query.where('name_key', 'like', `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    return this.present(v, await query.orderBy('name_key').limit(200).execute());
  }

  async get(v: Viewer, rawId: string | number): Promise<GroupView> {
    const { group } = await groupAccess(this.ctx.db, v, idOf(rawId, 'group'));
    return (await this.present(v, [group]))[0]!;
  }

  async create(v: Viewer, input: { name: string; description?: string; closed?: boolean }): Promise<GroupView> {
    const { name, key } = nameOf(input.name);
    const description = String(input.description ?? '').trim();
    if ([...description].length > 1000) throw invalid('microblog.bad_group_description', 'A description has at most 1,000 characters.', 'description');
    screen(`${name}\n${description}`);
    const now = this.ctx.clock.now();
    try {
      const row = await this.ctx.db.transaction().execute(async (trx) => {
        const g = await trx
          .insertInto('mb_groups')
          .values({ workspace_id: v.scope.workspaceId, name, name_key: key, description, closed: !!input.closed, created_by: v.person.id, created_at: now, updated_at: now, deleted_at: null })
          .returningAll()
          .executeTakeFirstOrThrow();
        await trx.insertInto('mb_group_members').values({ group_id: g.id, person_id: v.person.id, role: 'admin', created_at: now }).execute();
        await appendAudit(trx, this.audit(v, 'group_created', g.id, { after: { name, closed: g.closed } }));
        return g;
      });
      return (await this.present(v, [row]))[0]!;
    } catch (err) {
      if (/unique|duplicate/i.test(String((err as Error).message))) throw conflict('microblog.group_name_taken', 'A group of that name exists.');
      throw err;
    }
  }

  /** Name, description, open or closed (admins). Opening a closed group lets its pending requests in. */
  async update(v: Viewer, rawId: string | number, patch: { name?: string; description?: string; closed?: boolean }): Promise<GroupView> {
    const before = await this.admin(v, rawId);
    const n = patch.name === undefined ? { name: before.name, key: before.name_key } : nameOf(patch.name);
    const description = patch.description === undefined ? before.description : String(patch.description).trim();
    if ([...description].length > 1000) throw invalid('microblog.bad_group_description', 'A description has at most 1,000 characters.', 'description');
    screen(`${n.name}\n${description}`);
    const closed = patch.closed ?? before.closed;
    const now = this.ctx.clock.now();
    try {
      const row = await this.ctx.db.transaction().execute(async (trx) => {
        const g = await trx.updateTable('mb_groups').set({ name: n.name, name_key: n.key, description, closed, updated_at: now }).where('id', '=', before.id).returningAll().executeTakeFirstOrThrow();
        let admitted = 0;
        if (before.closed && !closed) {
          const reqs = await trx.deleteFrom('mb_group_requests').where('group_id', '=', g.id).returning(['person_id', 'created_at']).execute();
          if (reqs.length)
            await trx
              .insertInto('mb_group_members')
              .values(reqs.map((r) => ({ group_id: g.id, person_id: r.person_id, role: 'member' as const, created_at: now })))
              .onConflict((oc) => oc.doNothing())
              .execute();
          admitted = reqs.length;
        }
        await appendAudit(trx, this.audit(v, 'group_updated', g.id, { before: { name: before.name, closed: before.closed }, after: { name: g.name, closed: g.closed, ...(admitted ? { admitted } : {}) } }));
        return g;
      });
      return (await this.present(v, [row]))[0]!;
    } catch (err) {
      if (/unique|duplicate/i.test(String((err as Error).message))) throw conflict('microblog.group_name_taken', 'A group of that name exists.');
      throw err;
    }
  }

  /** Deletes a group (admins): its posts are kept for retention and shown to nobody. */
  async remove(v: Viewer, rawId: string | number): Promise<void> {
    const g = await this.admin(v, rawId);
    const now = this.ctx.clock.now();
    await this.ctx.db.transaction().execute(async (trx) => {
      await trx.updateTable('mb_groups').set({ deleted_at: now, updated_at: now }).where('id', '=', g.id).where('deleted_at', 'is', null).execute();
      await trx.deleteFrom('mb_group_requests').where('group_id', '=', g.id).execute();
      await appendAudit(trx, this.audit(v, 'group_deleted', g.id, { before: { name: g.name, closed: g.closed } }));
    });
  }

  async posts(v: Viewer, rawId: string | number, page: Page): Promise<PostView[]> {
    const { group, role } = await groupAccess(this.ctx.db, v, idOf(rawId, 'group'));
    if (group.closed && !role) throw membersOnly();
    return this.timelines.group(v, group.id, page);
  }

  async members(v: Viewer, rawId: string | number, page: Page = {}): Promise<GroupMemberView[]> {
    const { group, role } = await groupAccess(this.ctx.db, v, idOf(rawId, 'group'));
    if (group.closed && !role) throw membersOnly();
    const rows = await this.ctx.db
      .selectFrom('mb_group_members as m')
      .innerJoin('mb_people as p', 'p.id', 'm.person_id')
      .selectAll('p')
      .select(['m.role', 'm.created_at as since'])
      .where('m.group_id', '=', group.id)
      .orderBy(sql`case when m.role = 'admin' then 0 else 1 end`)
      .orderBy('p.display_name')
      .limit(pageLimit({ limit: page.limit ?? 200 }, 500))
      .execute();
    const views = new Map((await this.people.present(v, rows)).map((p) => [Number(p.id), p]));
    return rows.map((r) => ({ person: views.get(r.id)!, role: r.role, since: iso(r.since) }));
  }

  /** Open: joins at once. Closed: asks (an admin decides). Joining twice changes nothing. */
  async join(v: Viewer, rawId: string | number, note = ''): Promise<GroupView> {
    const { group, role } = await groupAccess(this.ctx.db, v, idOf(rawId, 'group'));
    if (!role) {
      const now = this.ctx.clock.now();
      await this.ctx.db.transaction().execute(async (trx) => {
        if (!group.closed) {
          const added = await trx
            .insertInto('mb_group_members')
            .values({ group_id: group.id, person_id: v.person.id, role: 'member', created_at: now })
            .onConflict((oc) => oc.doNothing())
            .returning('person_id')
            .executeTakeFirst();
          if (added) await appendAudit(trx, this.audit(v, 'group_joined', group.id));
          return;
        }
        const asked = await trx
          .insertInto('mb_group_requests')
          .values({ group_id: group.id, person_id: v.person.id, note: note.trim().slice(0, 500), created_at: now })
          .onConflict((oc) => oc.doNothing())
          .returning('person_id')
          .executeTakeFirst();
        if (asked) await appendAudit(trx, this.audit(v, 'group_join_requested', group.id));
      });
    }
    return this.get(v, group.id);
  }

  /** Leaves (or withdraws a request). The last admin cannot leave. */
  async leave(v: Viewer, rawId: string | number): Promise<GroupView> {
    const { group } = await groupAccess(this.ctx.db, v, idOf(rawId, 'group'));
    await this.dropMember(v, group.id, v.person.id, 'group_left');
    return this.get(v, group.id);
  }

  /** Removes a member (admins); removing oneself is leaving. */
  async removeMember(v: Viewer, rawId: string | number, rawPerson: string | number): Promise<void> {
    const g = await this.admin(v, rawId);
    const personId = idOf(rawPerson, 'person');
    const gone = await this.dropMember(v, g.id, personId, personId === v.person.id ? 'group_left' : 'group_member_removed');
    if (!gone) throw notFound('microblog.member_not_found', 'That person is not a member.');
  }

  private async dropMember(v: Viewer, groupId: number, personId: number, action: string): Promise<boolean> {
    return this.ctx.db.transaction().execute(async (trx) => {
      // The group row is locked: two admins leaving at once cannot both be "not the last".
      await trx.selectFrom('mb_groups').select('id').where('id', '=', groupId).forUpdate().executeTakeFirst();
      const withdrawn = await trx.deleteFrom('mb_group_requests').where('group_id', '=', groupId).where('person_id', '=', personId).returning('person_id').executeTakeFirst();
      const m = await trx.selectFrom('mb_group_members').select('role').where('group_id', '=', groupId).where('person_id', '=', personId).executeTakeFirst();
      if (!m) {
        if (withdrawn) await appendAudit(trx, this.audit(v, 'group_request_withdrawn', groupId));
        return false;
      }
      if (m.role === 'admin') {
        const admins = await trx.selectFrom('mb_group_members').select(sql<number>`count(*)::int`.as('n')).where('group_id', '=', groupId).where('role', '=', 'admin').executeTakeFirst();
        if (Number(admins?.n ?? 0) <= 1) throw lastAdmin();
      }
      await trx.deleteFrom('mb_group_members').where('group_id', '=', groupId).where('person_id', '=', personId).execute();
      await appendAudit(trx, this.audit(v, action, groupId, { before: { person: String(personId), role: m.role } }));
      return true;
    });
  }

  /** Adds a person of the workspace (admins); a pending request of theirs is granted by it. */
  async addMember(v: Viewer, rawId: string | number, rawPerson: string | number, role: 'admin' | 'member' = 'member'): Promise<GroupMemberView[]> {
    const g = await this.admin(v, rawId);
    const person = await this.ctx.db.selectFrom('mb_people').select(['id', 'active']).where('workspace_id', '=', v.scope.workspaceId).where('id', '=', idOf(rawPerson, 'person')).executeTakeFirst();
    if (!person || !person.active) throw notFound('microblog.person_not_found', 'No such person.');
    const now = this.ctx.clock.now();
    await this.ctx.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('mb_group_requests').where('group_id', '=', g.id).where('person_id', '=', person.id).execute();
      const added = await trx
        .insertInto('mb_group_members')
        .values({ group_id: g.id, person_id: person.id, role, created_at: now })
        .onConflict((oc) => oc.doNothing())
        .returning('person_id')
        .executeTakeFirst();
      if (added) await appendAudit(trx, this.audit(v, 'group_member_added', g.id, { after: { person: String(person.id), role } }));
    });
    return this.members(v, g.id);
  }

  /** Makes a member admin or member again (admins); the last admin stays admin. */
  async setRole(v: Viewer, rawId: string | number, rawPerson: string | number, role: 'admin' | 'member'): Promise<GroupMemberView[]> {
    const g = await this.admin(v, rawId);
    const personId = idOf(rawPerson, 'person');
    await this.ctx.db.transaction().execute(async (trx) => {
      await trx.selectFrom('mb_groups').select('id').where('id', '=', g.id).forUpdate().executeTakeFirst();
      const m = await trx.selectFrom('mb_group_members').select('role').where('group_id', '=', g.id).where('person_id', '=', personId).executeTakeFirst();
      if (!m) throw notFound('microblog.member_not_found', 'That person is not a member.');
      if (m.role === role) return;
      if (m.role === 'admin') {
        const admins = await trx.selectFrom('mb_group_members').select(sql<number>`count(*)::int`.as('n')).where('group_id', '=', g.id).where('role', '=', 'admin').executeTakeFirst();
        if (Number(admins?.n ?? 0) <= 1) throw lastAdmin();
      }
      await trx.updateTable('mb_group_members').set({ role }).where('group_id', '=', g.id).where('person_id', '=', personId).execute();
      await appendAudit(trx, this.audit(v, 'group_role_changed', g.id, { before: { person: String(personId), role: m.role }, after: { role } }));
    });
    return this.members(v, g.id);
  }

  async requests(v: Viewer, rawId: string | number): Promise<GroupRequestView[]> {
    const g = await this.admin(v, rawId);
    const rows = await this.ctx.db
      .selectFrom('mb_group_requests as r')
      .innerJoin('mb_people as p', 'p.id', 'r.person_id')
      .selectAll('p')
      .select(['r.note', 'r.created_at as asked_at'])
      .where('r.group_id', '=', g.id)
      .orderBy('r.created_at')
      .limit(500)
      .execute();
    const views = new Map((await this.people.present(v, rows)).map((p) => [Number(p.id), p]));
    return rows.map((r) => ({ person: views.get(r.id)!, note: r.note, createdAt: iso(r.asked_at) }));
  }

  /** An admin approves (the person becomes a member) or declines a pending request; both audited. */
  async decide(v: Viewer, rawId: string | number, rawPerson: string | number, approve: boolean): Promise<GroupRequestView[]> {
    const g = await this.admin(v, rawId);
    const personId = idOf(rawPerson, 'person');
    const now = this.ctx.clock.now();
    await this.ctx.db.transaction().execute(async (trx) => {
      const r = await trx.deleteFrom('mb_group_requests').where('group_id', '=', g.id).where('person_id', '=', personId).returning('person_id').executeTakeFirst();
      if (!r) throw notFound('microblog.request_not_found', 'No such request.');
      if (approve)
        await trx
          .insertInto('mb_group_members')
          .values({ group_id: g.id, person_id: personId, role: 'member', created_at: now })
          .onConflict((oc) => oc.doNothing())
          .execute();
      await appendAudit(trx, this.audit(v, approve ? 'group_request_approved' : 'group_request_declined', g.id, { after: { person: String(personId) } }));
    });
    return this.requests(v, g.id);
  }
}
